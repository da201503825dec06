#!/bin/sh
# cli.sh — the program's surface: --help to stdout with exit 0, every long
# option of --help documented in the man page and the README's promise of
# --version, --timings and the report's version and page geometry, and
# the shared library exporting only idr_* symbols (STYLE: everything not
# in the header stays internal).
set -u
BUILD=${BUILD:-build}
P=$BUILD/idredact
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

help=$("$P" --help) || fail "--help exit $?"
[ -n "$help" ] || fail "--help printed nothing on stdout"
for opt in $(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" idredact.1 ||
		fail "man page lacks $opt"
done
bhelp=$("$P" batch --help) || fail "batch --help exit $?"
for opt in $(printf '%s\n' "$bhelp" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	grep -q -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" idredact.1 ||
		fail "man page lacks batch $opt"
done
# The man page renders without a warning (a line starting with "." is
# a request to troff, and its text is lost).
warn=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww idredact.1 2>&1 >/dev/null)
[ -z "$warn" ] || fail "groff warns on idredact.1: $warn"
"$P" --version | grep -q '^idredact [0-9]' || fail "--version"
# Every kind name listed by --help is accepted by --kinds.
kinds=$(printf '%s\n' "$help" | sed -n 's/^Kinds: //p')
[ -n "$kinds" ] || fail "--help lists no kinds"
"$P" --kinds "$kinds" --help >/dev/null || fail "--kinds rejects its own list"

# --timings: one stderr line with every stage; --report: a version and
# the page geometry the text was read at (a page turned 90 clockwise is
# set upright by a turn of 270).
SAMPLES=${SAMPLES:-$BUILD/samples}
turned=$SAMPLES/th_card_03.jpg
if [ -f "$turned" ]; then
	tmp=$(mktemp -d)
	"$P" --timings --report "$tmp/r.json" "$turned" "$tmp/out.jpg" 2>"$tmp/err" ||
		fail "--timings --report exit $?"
	for stage in engine decode text text.layout text.ocr text.lines \
	    text.unread text.orient text.script text.osd text.thai photos faces codes overlay mask seal encode total; do
		grep -q "timings ms: .*\b$stage=[0-9.]*" "$tmp/err" ||
			fail "--timings lacks $stage: $(cat "$tmp/err")"
	done
	/usr/bin/python3 - "$tmp/r.json" <<'PY' || fail "report geometry"
import json, sys
r = json.load(open(sys.argv[1]))
g = r["geometry"]
assert r["version"] == 1, r
assert g["turn"] == 270 and abs(g["skew"]) < 1.0, g
assert g["readings"] >= 1 and g["blocks"] >= 1 and g["decided_by"], g
PY
	IDREDACT=$P /usr/bin/python3 "$(dirname "$0")/schema.py" "$tmp/r.json" ||
		fail "report outside filter/report.schema.json"
	rm -rf "$tmp"
else
	fail "$turned missing (make samples)"
fi

bad=$(nm -D --defined-only "$BUILD/libidredact.so" | awk '$2 ~ /[TDBR]/ {print $3}' |
	grep -v '^idr_' | grep -v '^_' )
[ -z "$bad" ] || fail "exported symbols outside idr_: $(echo $bad | head -c 300)"
nm -D --defined-only "$BUILD/libidredact.so" | grep -q ' T idr_redact$' ||
	fail "idr_redact is not exported"

[ "$fails" -eq 0 ]
