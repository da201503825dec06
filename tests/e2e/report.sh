#!/bin/sh
# report.sh — what a reviewer is handed (README "The report", "Review
# overlay"): on samples chosen to cover the classes that change them —
# a card turned a quarter (turn 270), a card askew on a scanned page (two
# blocks), a phone photo stored turned by EXIF orientation 6, a PNG form
# with a PDF417 code, a passport (MRZ), a PNG card — idredact runs with
# --report and --overlay, and
#  - every report validates against filter/report.schema.json and names
#    only kinds --help lists (schema.py); every member of the schema is
#    described in the README's report table and in idredact.1;
#  - every overlay has the oriented input's size, differs from the input
#    on every finding's box edge, is the input (unmasked) inside the
#    boxes, and its header names the report's turn (overlay.py);
#  - the overlay is written beside the output, and not at all on failure
#    (nor the report when the output cannot be written);
#  - samples/contact.sh (make demo) makes a contact sheet of them.
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
here=$(dirname "$0")
PY=/usr/bin/python3
JOBS=${E2E_JOBS:-2}
export IDREDACT=$P

# One sample, called back through xargs: redact IMG into DIR, judge the
# overlay; prints one line per failed check.
if [ "${1:-}" = --sample ]; then
	img=$2 dir=$3
	name=$(basename "$img")
	base=$dir/${name%.*}
	export OMP_THREAD_LIMIT=1
	if ! "$P" --report "$base.report.json" --overlay "$base.overlay.png" "$img" \
		"$dir/$name" 2>"$base.err"; then
		echo "FAIL: $img: exit $?: $(cat "$base.err")"
		exit 0
	fi
	$PY "$here/overlay.py" "$img" "$base.report.json" "$base.overlay.png" ||
		echo "FAIL: $img: overlay.py exit $?"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

set -- th_card_03.jpg scan_card_on_page_01.jpg photo_my_01.jpg \
	pdf417_form_01.png passport_01.jpg sg_front_03.png
for s in "$@"; do
	[ -f "$SAMPLES/$s" ] || fail "$SAMPLES/$s missing (make samples)"
done
for s in "$@"; do echo "$SAMPLES/$s"; done |
	xargs -P "$JOBS" -I{} sh "$0" --sample {} "$tmp" >"$tmp/log" 2>&1 ||
	fail "xargs: exit $?"
if [ -s "$tmp/log" ]; then
	cat "$tmp/log"
	fails=$((fails + $(grep -c '^FAIL' "$tmp/log")))
fi
reports=$(ls "$tmp"/*.json 2>/dev/null)
[ "$(echo "$reports" | grep -c .)" -eq $# ] ||
	fail "expected $# reports, have: $(echo $reports)"
# shellcheck disable=SC2086
$PY "$here/schema.py" $reports || fail "schema.py exit $?"

# Every member the schema knows is described in the README's "The
# report" table and in the man page (as \fBNAME\fR).
top=$(cd "$here/../.." && pwd)
$PY - "$top/filter/report.schema.json" "$top/README.md" "$top/idredact.1" <<'PY' ||
import json, re, sys
schema = json.load(open(sys.argv[1]))
readme = open(sys.argv[2]).read().split("## The report", 1)[1].split("\n## ", 1)[0]
rows = [l.split("|")[1] for l in readme.splitlines() if l.startswith("| `")]
# `geometry.turn` describes geometry and turn, `findings[]` findings.
documented = set(w for t in re.findall(r"`([^`]*)`", " ".join(rows))
                 for w in re.findall(r"[a-z_]+", t))
man = open(sys.argv[3]).read().replace("\\_", "_")
names = set()
def walk(o):
    if isinstance(o, dict):
        names.update(o.get("properties", {}))
        for v in o.values():
            walk(v)
walk(schema)
bad = [n + " not in the README's report table" for n in sorted(names - documented)]
bad += [n + " not in idredact.1" for n in sorted(names)
        if "\\fB%s\\fR" % n not in man]
for b in bad:
    print("FAIL: report member " + b)
sys.exit(1 if bad or not names else 0)
PY
	fail "report members undescribed"

# make demo's contact sheet of these (samples/contact.sh, 40-px rows,
# reading the files as demo.sh names them): a row per sample.
sh "$top/samples/contact.sh" "$tmp" "$SAMPLES" "$tmp/contact.png" 40 "$@" \
	>/dev/null || fail "contact.sh exit $?"
ch=$(vipsheader -f height "$tmp/contact.png" 2>/dev/null || echo 0)
[ "$ch" -ge $(($# * 40)) ] || fail "contact sheet $ch px high for $# rows of 40 px"

# The schema itself rejects what it must: a report without a version, a
# finding with a member nobody described, an identifier's value.
first=$(echo "$reports" | head -n 1)
$PY - "$first" "$tmp/bad" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cases = {
    "no-version": {k: v for k, v in r.items() if k != "version"},
    "new-member": dict(r, findings=[dict(r["findings"][0], value="1234")]),
    "bad-turn": dict(r, geometry=dict(r["geometry"], turn=45)),
    "decoded-on-id": dict(r, findings=[dict(r["findings"][0], kind="th_id",
                                            decoded=True)]),
}
for name, bad in cases.items():
    json.dump(bad, open("%s-%s.json" % (sys.argv[2], name), "w"))
PY
for bad in "$tmp"/bad-*.json; do
	$PY "$here/schema.py" "$bad" >/dev/null 2>&1 &&
		fail "schema accepts $(basename "$bad")"
done

# Fail closed: a failed redaction leaves no overlay behind.
printf junk >"$tmp/junk.jpg"
"$P" --overlay "$tmp/never.png" "$tmp/junk.jpg" "$tmp/never.jpg" 2>/dev/null
[ ! -e "$tmp/never.png" ] || fail "a failed redaction left an overlay"
# ... nor an output that cannot be written: no overlay, no report.
vips black "$tmp/black.png" 400 250 || fail "vips black"
"$P" --report "$tmp/never.json" --overlay "$tmp/never.png" "$tmp/black.png" \
	"$tmp/no/such/dir/o.png" 2>/dev/null
[ $? -eq 73 ] || fail "an output in a missing directory is not 73"
[ ! -e "$tmp/never.png" ] || fail "an unwritable output left an overlay"
[ ! -e "$tmp/never.json" ] || fail "an unwritable output left a report"
"$P" --report "$tmp/never.json" --overlay "$tmp/no/such/dir/ov.png" \
	"$tmp/black.png" "$tmp/never-out.png" 2>/dev/null
[ ! -e "$tmp/never.json" ] || fail "an unwritable overlay left a report"
[ ! -e "$tmp/never-out.png" ] || fail "an unwritable overlay left an output"
"$P" --overlay - "$SAMPLES/th_card_03.jpg" "$tmp/x.jpg" 2>/dev/null
[ $? -eq 64 ] || fail "--overlay - is not a usage error"
# The overlay is never written over another file of the run: OUT, IN,
# the report, the sealed original (it would be lost).
cp "$SAMPLES/th_card_03.jpg" "$tmp/in.jpg"
"$P" keygen -o "$tmp/key.txt" 2>/dev/null || fail "keygen"
R=$(sed -n 's/^# public key: //p' "$tmp/key.txt")
for args in "--overlay $tmp/same $tmp/in.jpg $tmp/same" \
	"--overlay $tmp/in.jpg $tmp/in.jpg $tmp/x.jpg" \
	"--overlay $tmp/same --report $tmp/same $tmp/in.jpg $tmp/x.jpg" \
	"-r $R --sealed-out $tmp/same --overlay $tmp/same $tmp/in.jpg $tmp/x.jpg"; do
	# shellcheck disable=SC2086
	"$P" $args 2>/dev/null
	[ $? -eq 64 ] || fail "not a usage error: idredact $args"
done
cmp -s "$tmp/in.jpg" "$SAMPLES/th_card_03.jpg" || fail "the input was overwritten"

[ "$fails" -eq 0 ]
