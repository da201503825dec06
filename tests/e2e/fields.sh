#!/bin/sh
# fields.sh — labelled personal fields on every sample (issue 16), judged
# by tests/e2e/fields.py: each sample redacted as `idredact IN OUT` (PNG
# out, with its report), then
#  - per document type, the name / birth-date / address values masked
#    whole (every glyph) and the identifiers masked whole; the figure is
#    printed per type; fields must reach FIELDS_MIN, identifiers 99 %;
#  - every text the truth keeps (titles, labels, issue and expiry dates,
#    the authority, other values) stays readable: not a quarter under the
#    mask, and read back by the tesseract command on the output wherever
#    it reads it on the input. The texts lost today are listed in
#    KEEP_KNOWN by sample and text, each with its class; any other lost
#    text fails, and a known one that is no longer lost is reported so
#    the list shrinks.
# Environment: BUILD (default build), SAMPLES (default $BUILD/samples),
# E2E_JOBS (default 2).
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
here=$(cd "$(dirname "$0")" && pwd)
JOBS=${E2E_JOBS:-2}

# Issue 16 asks 95 %, and that is the bar; measured 2026-11-30: 178 of
# 179 (99.4 %). The miss left is the Chinese name under the English one
# on a card lying askew on a form (the card's own layout is not
# recognised there, and eng+tha cannot read the name).
FIELDS_MIN=${FIELDS_MIN:-0.95}

# Kept texts lost today, "sample: text" as fields.py prints them, by
# class:
#  - a date or authority line read as an identifier with a lost
#    character (hk_id / sg_nric shapes over '***AZ 01-15' on both Hong
#    Kong cards, a Korean issue line, bilingual 'JUL/JUIL' dates)
#  - a portrait's mask over a caption inside or beside the photo box
#  - a caption whose read-back fails beside a mask (th_card_02)
# Read in English alone (pages without Thai, 2026-12-04), three classes
# went: 'Số / No.:' (hard_vn_01, vn_cccd_01) and 'Tempat/Tgl Lahir'
# (id_card_01) had been read partly as Thai, and td1_card_01's birth
# date's mask no longer reaches its caption; plain_hk_01's '***AZ
# 01-15' joined hk_card_01's.
KEEP_KNOWN="hk_card_01: '***AZ   01-15'
plain_hk_01: '***AZ   01-15'
kr_card_02: '2016. 3. 2.  서울특별시 강남구청장'
td1_card_02: '25 JUL/JUIL 2029'
td1_card_02: '25 JUL/JUIL 2019'
sim_form_01: 'รูปถ่าย / Photo'
th_card_02: 'ที่อยู่'"

[ -d "$SAMPLES" ] || { echo "FAIL: no $SAMPLES (make samples)"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

ls "$SAMPLES"/*.json | sed 's/\.json$//' |
	xargs -P "$JOBS" -I{} sh -c '
		img=$(ls {}.jpg {}.png 2>/dev/null | head -n 1)
		[ -n "$img" ] || { echo "FAIL: {}: no image"; exit 0; }
		b=$(basename {})
		OMP_THREAD_LIMIT=1 "$0" --format png --report "$1/$b.report.json" \
			"$img" "$1/$b.png" 2>"$1/$b.err" ||
			echo "FAIL: $img: exit $?: $(cat "$1/$b.err")"' "$P" "$out" \
	>"$out/run.log"
fails=0
if [ -s "$out/run.log" ]; then
	cat "$out/run.log"
	fails=1
fi

OMP_THREAD_LIMIT=2 FIELDS_MIN=$FIELDS_MIN /usr/bin/python3 "$here/fields.py" \
	"$SAMPLES" "$out" >"$out/judge.log" 2>&1
judged=$?
grep -v '^kept text lost: ' "$out/judge.log"
grep '^kept text lost: ' "$out/judge.log" | sed 's/^kept text lost: //' \
	>"$out/lost"
# fields.py exits 1 for the floors and for any lost text: the floors are
# judged from its lines, the lost texts against KEEP_KNOWN here.
if grep '^fields:\|^ids:' "$out/judge.log" | grep -q 'BELOW'; then
	echo "FAIL: under a floor"
	fails=1
fi
[ "$judged" -le 1 ] || { echo "FAIL: fields.py exit $judged"; fails=1; }
while IFS= read -r line; do
	known=0
	while IFS= read -r k; do
		case "$line" in "$k"*) known=1 ;; esac
	done <<EOF
$KEEP_KNOWN
EOF
	if [ "$known" -eq 1 ]; then
		echo "known: $line"
	else
		echo "FAIL: kept text lost: $line"
		fails=1
	fi
done <"$out/lost"
while IFS= read -r k; do
	grep -qF "$k" "$out/lost" ||
		echo "no longer lost (take it off KEEP_KNOWN): $k"
done <<EOF
$KEEP_KNOWN
EOF
# The languages each sample was read in, against the scripts it prints
# (tests/e2e/languages.py), from the same reports.
/usr/bin/python3 "$here/languages.py" "$SAMPLES" "$out" || {
	echo "FAIL: languages"
	fails=1
}
[ "$fails" -eq 0 ] && echo "fields.sh: passed" || echo "fields.sh: FAILED"
[ "$fails" -eq 0 ]
