#!/bin/sh
# batch.sh — what `idredact batch` costs, on the sample images, in one run
# (ratios, not absolute times, are what to compare across machines):
#  - per image: `batch -j1` over the samples (models loaded once; "warm"
#    takes out the fixed cost of a batch with no image in it) against one
#    `idredact IMG OUT` process per image and against bare `tesseract IMG -`;
#  - the -j2/-j1 speed-up of batch on the same images;
#  - peak RSS of batch -j2 on 100 entries (the samples, repeated) and on
#    1000 (the same 100 images plus 900 non-images of 256 KiB, dropped):
#    streaming means the second does not need more.
# The aims of issue 12: warm -j1 <= 0.6x the per-image process, -j2 >=
# 1.8x -j1, RSS not growing with the archive. This prints where they stand.
# Usage: tests/bench/batch.sh
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/img" "$tmp/none"
cp "$SAMPLES"/*.jpg "$SAMPLES"/*.png "$tmp/img/" 2>/dev/null
n=$(ls "$tmp/img" | wc -l)
[ "$n" -gt 0 ] || { echo "no samples in $SAMPLES"; exit 1; }
printf 'x' >"$tmp/none/x.txt"
export OMP_THREAD_LIMIT=1

now() { date +%s%N; }
ms() { echo "$1 / 1000000 / $2" | bc; }

# Fixed cost: a batch with no image (engine start-up, models loaded).
t0=$(now); "$P" batch -q -j1 "$tmp/none" "$tmp/none.tar" >/dev/null; t1=$(now)
fixed=$((t1 - t0))
t0=$(now); "$P" batch -q -j1 "$tmp/img" "$tmp/j1.tar" >/dev/null 2>&1; t1=$(now)
j1=$((t1 - t0))
t0=$(now); "$P" batch -q -j2 "$tmp/img" "$tmp/j2.tar" >/dev/null 2>&1; t1=$(now)
j2=$((t1 - t0))
t0=$(now)
for i in "$tmp"/img/*; do "$P" "$i" "$tmp/out.${i##*.}" 2>/dev/null; done
t1=$(now)
proc=$((t1 - t0))
t0=$(now)
for i in "$tmp"/img/*; do tesseract "$i" - >/dev/null 2>&1; done
t1=$(now)
tess=$((t1 - t0))
cmp -s "$tmp/j1.tar" "$tmp/j2.tar" || echo "note: -j1 and -j2 outputs differ"

echo "images: $n (samples), one run"
echo "idredact IMG OUT, one process each: $(ms $proc $n) ms per image"
echo "tesseract IMG -, one process each:  $(ms $tess $n) ms per image"
echo "batch -j1:                          $(ms $j1 $n) ms per image ($(ms $fixed 1) ms fixed cost)"
echo "batch -j1 warm (fixed cost out):    $(ms $((j1 - fixed)) $n) ms per image"
echo "batch -j2:                          $(ms $j2 $n) ms per image"
echo "ratio batch -j1 / per-image process:      $(echo "scale=2; $j1 / $proc" | bc)"
echo "ratio batch -j1 warm / per-image process: $(echo "scale=2; ($j1 - $fixed) / $proc" | bc) (aim <= 0.6)"
echo "ratio batch -j1 warm / tesseract:         $(echo "scale=2; ($j1 - $fixed) / $tess" | bc)"
echo "speed-up -j2 / -j1:                       $(echo "scale=2; $j1 / $j2" | bc) (aim >= 1.8)"

# Peak RSS: 100 entries, then 1000 with the same images.
mkdir -p "$tmp/e100" "$tmp/e1000"
k=0
while [ "$k" -lt 100 ]; do
	for i in "$tmp"/img/*; do
		[ "$k" -lt 100 ] || break
		cp "$i" "$tmp/e100/$(printf '%03d' $k)-$(basename "$i")"
		k=$((k + 1))
	done
done
cp "$tmp"/e100/* "$tmp/e1000/"
for k in $(seq 1 900); do
	head -c 262144 /dev/urandom >"$tmp/e1000/$(printf 'z%03d' "$k").bin"
done
tar -C "$tmp/e100" -cf "$tmp/e100.tar" .
tar -C "$tmp/e1000" -cf "$tmp/e1000.tar" .
for e in 100 1000; do
	/usr/bin/time -f "%M %e" -o "$tmp/time$e" "$P" batch -q -j2 "$tmp/e$e.tar" "$tmp/o$e.tar" >/dev/null 2>&1
	set -- $(cat "$tmp/time$e")
	echo "batch -j2, $e entries ($(du -m "$tmp/e$e.tar" | cut -f1) MB tar): peak RSS $(($1 / 1024)) MB, $2 s"
done
