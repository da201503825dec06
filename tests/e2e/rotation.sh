#!/bin/sh
# rotation.sh — every page the right way up (SPEC §4: rotated and
# upside-down scans, skew up to ±20°, phone photos): the rotation set of
# `gen-samples --geometry` — the first sample of every layout (Latin-only
# monospace pages among them: the TD3 passport page with its MRZ, the
# MyKad-style card, the SIM form) at all twelve pairs of quarter turn
# 0/90/180/270 and skew -15°/0/+15°, every other sample at one pair chosen
# by its index, phone photos at each turn, each photo taken afresh from
# the seed (tilt up to 15°, perspective, size in the frame, blur, desk,
# EXIF orientation: gen.c photo_drawn()) — goes through the text path
# alone (`idredact batch --no-faces --no-codes` over the set, one engine
# per worker: a face or code mask must not be what hides a number; every
# 25th image also goes through the filter, `idredact --no-faces
# --no-codes IN OUT`, which must write the same bytes), and for every
# image
#   - every identifier and MRZ box of the truth is masked (judge.py: at
#     least 90 % near-black);
#   - the tesseract command, reading the output turned the right way up
#     (psm 3 and psm 11), reads no truth value back.
# make check draws the set on the fixed seed 7, a regression gate; on
# fresh seeds (ROT_SEED=new) an image in a few hundred may still fail
# (issue 11's note lists the classes seen). The four images of seed
# 266871930 that failed (a passport page's MRZ in perspective, a small
# card askew on a form, Thai IDs' first digit) pass now.
# ROT_SEED=S repeats a seed;
# the seed is printed first, and a failure prints the command that
# reproduces it.
# Environment: BUILD (default build), ROT_SEED, E2E_JOBS (default 2),
# ROT_ONLY (a grep pattern on file names, to run part of the set),
# ROT_SAMPLE (draw only the samples whose name holds it, gen-samples
# --only: e.g. photo_td1_01 in a second rather than the whole set in 40;
# the same bytes as in the whole set, checked with cmp on seed
# 2612504690).
set -u
BUILD=${BUILD:-build}
P=$BUILD/idredact
G=$BUILD/gen-samples
here=$(cd "$(dirname "$0")" && pwd)
judge="/usr/bin/python3 $here/judge.py"
JOBS=${E2E_JOBS:-2}

# One image (called back through xargs: --one DIR N IMG): checks the
# batch wrote IMG's output in DIR (the Nth image of the list) and, for
# every 25th, that the filter writes the same bytes; prints one line per
# failure, leaves OUT.done at the end. The outputs are read back by one
# judge.py upright-many afterwards.
if [ "${1:-}" = --one ]; then
	dir=$2 n=$3 img=$4
	export OMP_THREAD_LIMIT=1 # one core each
	base=$(basename "$img")
	out=$dir/$base
	[ -f "$out" ] ||
		echo "FAIL: $base: batch wrote no output: $(grep -F "\"$base\"" "$dir/../manifest")"
	if [ $((n % 25)) -eq 1 ]; then
		f=$dir/filter-$base
		"$P" --no-faces --no-codes "$img" "$f" 2>"$out.err" ||
			echo "FAIL: $base: idredact exit $?: $(cat "$out.err")"
		cmp -s "$out" "$f" ||
			echo "FAIL: $base: the filter and batch wrote different bytes"
	fi
	touch "$out.done"
	exit 0
fi

[ -x "$P" ] || { echo "FAIL: $P not built"; exit 1; }
[ -x "$G" ] || { echo "FAIL: $G not built (make samples)"; exit 1; }
SEED=${ROT_SEED:-7}
[ "$SEED" = new ] && SEED=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
echo "rotation.sh: seed $SEED"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"
start=$(date +%s)
# Drawn by JOBS generators at once, each its share (--part K/JOBS): the
# same bytes as one generator's, in half the time on two cores.
k=0
while [ "$k" -lt "$JOBS" ]; do
	echo "$k"
	k=$((k + 1))
done | xargs -P "$JOBS" -I{} "$G" --geometry --faces "$BUILD/faces" \
	--out "$tmp/in" --seed "$SEED" --part "{}/$JOBS" \
	${ROT_SAMPLE:+--only "$ROT_SAMPLE"} ||
	{ echo "FAIL: gen-samples --geometry exit $?"; exit 1; }
echo "rotation.sh: drawn in $(( $(date +%s) - start )) s"
t0=$(date +%s)
ls "$tmp"/in/*.jpg "$tmp"/in/*.png 2>/dev/null | grep -E "${ROT_ONLY:-.}" >"$tmp/list"
n=$(wc -l <"$tmp/list")
[ "$n" -gt 0 ] || { echo "FAIL: no images in the rotation set"; exit 1; }
mkdir "$tmp/set"
while read -r img; do ln "$img" "$tmp/set/"; done <"$tmp/list"
# Exit 65 when an image failed: the judging below names it.
"$P" batch -q -j "$JOBS" --no-faces --no-codes --manifest "$tmp/manifest" \
	"$tmp/set" "$tmp/out" 2>"$tmp/batch.err"
rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 65 ] ||
	{ echo "FAIL: idredact batch exit $rc: $(cat "$tmp/batch.err")"; exit 1; }
t1=$(date +%s)
nl -ba -w1 -s' ' "$tmp/list" |
	xargs -n 2 -P "$JOBS" sh "$here/rotation.sh" --one "$tmp/out" >"$tmp/log"
# Every output read back the right way up (judge.py upright-many: one
# tesseract process a page segmentation mode over the whole set, not two
# an image; one line per failure, naming the output's file).
while read -r img; do
	out=$tmp/out/$(basename "$img")
	[ -f "$out" ] && echo "${img%.*}.json $out"
done <"$tmp/list" >"$tmp/pairs"
OMP_THREAD_LIMIT=1 $judge upright-many "$tmp/pairs" >"$tmp/judged" 2>&1 ||
	[ -s "$tmp/judged" ] || echo "judge.py upright-many failed" >"$tmp/judged"
sed 's/^/FAIL: /' "$tmp/judged" >>"$tmp/log"
fails=0
while read -r img; do
	[ -f "$tmp/out/$(basename "$img").done" ] ||
		echo "FAIL: $(basename "$img"): not judged to the end" >>"$tmp/log"
done <"$tmp/list"
fails=$(grep -c '^FAIL' "$tmp/log")
sort "$tmp/log"
echo "rotation.sh: $n images, $fails failures (seed $SEED); redacted in $((t1 - t0)) s, judged in $(( $(date +%s) - t1 )) s"
if [ "$fails" -gt 0 ]; then
	echo "reproduce: ROT_SEED=$SEED tests/e2e/run rotation (one image: add ROT_SAMPLE=ITS_SAMPLE ROT_ONLY=ITS_FILE_NAME)"
	exit 1
fi
