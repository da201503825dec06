#!/bin/sh
# redact.sh — whole-image cost: idredact (decode, orientation, OCR, faces,
# codes, mask, encode) against the bare `tesseract IMG -` command on the
# same sample images, in the same run. OCR dominates, so the ratio says
# what the rest of the pipeline and our OCR scaling cost or save. A second
# tesseract line does the same OCR work as we do (eng+tha, sparse text,
# one OpenMP thread) for a like-for-like ratio.
# Usage: tests/bench/redact.sh [ROUNDS]   (default 3)
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
rounds=${1:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
imgs=$(ls "$SAMPLES"/*.jpg "$SAMPLES"/*.png 2>/dev/null)
[ -n "$imgs" ] || { echo "no samples in $SAMPLES"; exit 1; }
n=$(echo "$imgs" | wc -l)

now() { date +%s%N; }
ours=0 bare=0 same=0
for r in $(seq "$rounds"); do
	t0=$(now)
	for i in $imgs; do "$P" "$i" "$tmp/out" 2>/dev/null; done
	t1=$(now)
	for i in $imgs; do tesseract "$i" - >/dev/null 2>&1; done
	t2=$(now)
	for i in $imgs; do
		OMP_THREAD_LIMIT=1 tesseract "$i" - -l eng+tha --psm 11 >/dev/null 2>&1
	done
	t3=$(now)
	ours=$((ours + t1 - t0)) bare=$((bare + t2 - t1)) same=$((same + t3 - t2))
done
ms() { echo "$1 / 1000000 / $rounds / $n" | bc; }
echo "images: $n, rounds: $rounds (one process per image, models loaded each time)"
echo "idredact:          $(ms $ours) ms per image"
echo "tesseract IMG -:   $(ms $bare) ms per image"
echo "tesseract -l eng+tha --psm 11, 1 thread: $(ms $same) ms per image"
echo "ratio idredact/tesseract: $(echo "scale=2; $ours / $bare" | bc)"
echo "ratio idredact/tesseract (same OCR work): $(echo "scale=2; $ours / $same" | bc)"
