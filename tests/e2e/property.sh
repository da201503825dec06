#!/bin/sh
# property.sh — the property test of every identifier kind: for each kind
# at least PROP_COUNT (default 200) random checksum-valid values, drawn by
# `gen-samples --property KIND` onto pages in varied fonts, sizes,
# groupings and resolutions (24 values a page; for mrz 12 TD3 zones, each
# line counted as a value), go through
# `idredact --no-faces --no-codes` (the text path alone must hide them);
# then for every value
#   recall:    its ground-truth box is masked (>= 90 % near-black, OpenCV);
#   read back: the tesseract command finds it in the output (psm 3, psm 11
#              and psm 11 on a 2x upscale; letters and digits compared);
#   readable before: tesseract (psm 11) reads it on the original, so a
#              value no one could read before is seen as weak evidence.
# Prints one line per kind, the failing values with what tesseract read on
# the original inside their box, and a closing line. Exits 1 unless every
# kind is at 100 % recall with nothing read back; a kind the generator
# cannot draw counts as a failure.
# Environment: BUILD (default build); PROP_COUNT values per kind (default
# 200); PROP_KINDS (default: every identifier kind in `idredact --help`);
# PROP_SEED (default 1); PROP_JOBS parallel documents (default 2).
set -u
BUILD=${BUILD:-build}
export BUILD
P=$BUILD/idredact
G=$BUILD/gen-samples
here=$(cd "$(dirname "$0")" && pwd)
COUNT=${PROP_COUNT:-200}
SEED=${PROP_SEED:-1}
JOBS=${PROP_JOBS:-2}
PER_PAGE=24 # samples/docs.c: doc_property_page()

# One document (called back through xargs): redact it, read original and
# output with tesseract. Files beside the output: .err, .orig.tsv,
# .out3.txt, .out11.txt, .big11.txt.
if [ "${1:-}" = --page ]; then
	img=$2 out=$3
	# One thread each: the documents already run in parallel.
	export OMP_THREAD_LIMIT=1
	if ! "$P" --no-faces --no-codes "$img" "$out" 2>"$out.err"; then
		rm -f "$out"
		exit 0 # property.py reports the missing output
	fi
	tesseract "$img" - --psm 11 tsv >"$out.orig.tsv" 2>/dev/null
	tesseract "$out" - --psm 3 >"$out.out3.txt" 2>/dev/null
	tesseract "$out" - --psm 11 >"$out.out11.txt" 2>/dev/null
	vips resize "$out" "$out.big.png" 2 &&
		tesseract "$out.big.png" - --psm 11 >"$out.big11.txt" 2>/dev/null
	rm -f "$out.big.png"
	exit 0
fi

[ -x "$P" ] || { echo "FAIL: $P not built"; exit 1; }
[ -x "$G" ] || { echo "FAIL: $G not built (make samples)"; exit 1; }
command -v tesseract >/dev/null || { echo "FAIL: no tesseract command"; exit 1; }

# The identifier kinds: the kinds idredact names, less groups, fields,
# codes and faces.
if [ -z "${PROP_KINDS:-}" ]; then
	PROP_KINDS=$("$P" --help | sed -n 's/^Kinds: //p' | tr ',' '\n' |
		grep -vxE 'all|ids|telecom|fields|codes|faces|name|dob|address|qr|barcode|pdf417|datamatrix|aztec|face' |
		tr '\n' ' ')
fi
[ -n "$PROP_KINDS" ] || { echo "FAIL: no kinds in $P --help"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pages=$(( (COUNT + PER_PAGE - 1) / PER_PAGE ))
start=$(date +%s)
for kind in $PROP_KINDS; do
	mkdir -p "$tmp/in/$kind" "$tmp/out/$kind"
	"$G" --property "$kind" --count "$pages" --seed "$SEED" \
		--out "$tmp/in/$kind" >/dev/null 2>"$tmp/in/$kind.err" ||
		cp "$tmp/in/$kind.err" "$tmp/out/$kind.gen-failed"
done
for img in "$tmp"/in/*/*.jpg "$tmp"/in/*/*.png; do
	[ -e "$img" ] || continue
	kind=$(basename "$(dirname "$img")")
	printf '%s\n%s\n' "$img" "$tmp/out/$kind/$(basename "$img")"
done | xargs -n 2 -P "$JOBS" sh "$here/property.sh" --page
/usr/bin/python3 "$here/property.py" "$tmp" "$COUNT" $PROP_KINDS
rc=$?
echo "property.sh: $(( $(date +%s) - start ))s"
exit $rc
