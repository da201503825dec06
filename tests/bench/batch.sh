#!/bin/sh
# batch.sh — what `idredact batch` costs, on the sample images, in one run
# (ratios, not absolute times, are what to compare across machines):
#  - per image: `batch -j1` over the samples (models loaded once; "warm"
#    takes out the fixed cost of a batch with no image in it) against one
#    `idredact IMG OUT` process per image and against bare `tesseract IMG -`;
#  - the -j2/-j1 speed-up of batch on the same images, and the cores each
#    run kept busy (which bounds that speed-up);
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

# timed NAME CMD... — runs CMD under /usr/bin/time; sets NAME_wall and
# NAME_cpu (user + system, its children included) in milliseconds. On a
# shared machine wall time follows the load; CPU time much less so.
timed() {
	name=$1
	shift
	/usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@" >/dev/null 2>&1
	set -- $(tail -n 1 "$tmp/t")
	eval "${name}_wall=\$(echo \"\$1 * 1000 / 1\" | bc)"
	eval "${name}_cpu=\$(echo \"(\$2 + \$3) * 1000 / 1\" | bc)"
}
per() { echo "$1 / $n" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }

# Fixed cost: a batch with no image (engine start-up, models loaded).
timed fixed "$P" batch -q -j1 "$tmp/none" "$tmp/none.tar"
timed j1 "$P" batch -q -j1 "$tmp/img" "$tmp/j1.tar"
timed j2 "$P" batch -q -j2 "$tmp/img" "$tmp/j2.tar"
timed proc sh -c 'for i in "$1"/img/*; do "$2" "$i" "$1/out.${i##*.}"; done' sh "$tmp" "$P"
timed tess sh -c 'for i in "$1"/img/*; do tesseract "$i" -; done' sh "$tmp"
cmp -s "$tmp/j1.tar" "$tmp/j2.tar" || echo "note: -j1 and -j2 outputs differ"

echo "images: $n (samples), one run; per image, wall / CPU ms:"
echo "idredact IMG OUT, one process each: $(per $proc_wall) / $(per $proc_cpu)"
echo "tesseract IMG -, one process each:  $(per $tess_wall) / $(per $tess_cpu)"
echo "batch -j1:                          $(per $j1_wall) / $(per $j1_cpu)" \
	"(fixed cost of a run: $fixed_wall / $fixed_cpu)"
echo "batch -j1 warm (fixed cost out):    $(per $((j1_wall - fixed_wall))) / $(per $((j1_cpu - fixed_cpu)))"
echo "batch -j2:                          $(per $j2_wall) / $(per $j2_cpu)"
echo "batch -j1 warm / per-image process: wall $(ratio $((j1_wall - fixed_wall)) $proc_wall)," \
	"CPU $(ratio $((j1_cpu - fixed_cpu)) $proc_cpu) (aim <= 0.6)"
echo "batch -j1 warm / tesseract:         wall $(ratio $((j1_wall - fixed_wall)) $tess_wall)," \
	"CPU $(ratio $((j1_cpu - fixed_cpu)) $tess_cpu)"
echo "speed-up -j2 / -j1 (wall):          $(ratio $j1_wall $j2_wall) (aim >= 1.8; needs an idle machine)"
# What caps the speed-up: cores kept busy (CPU / wall). A -j1 run uses
# more than one core (libvips runs its image operations on threads of
# its own), so on a machine of C cores -j2 can be at most C / (-j1's
# cores) times as fast, however well the two workers overlap.
cores=$(getconf _NPROCESSORS_ONLN) # nproc would obey OMP_THREAD_LIMIT
echo "cores busy (CPU / wall):            -j1 $(ratio $j1_cpu $j1_wall)," \
	"-j2 $(ratio $j2_cpu $j2_wall) of $cores; -j2 / -j1 at most" \
	"$(ratio $((cores * j1_wall)) $j1_cpu) here"

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
	set -- $(tail -n 1 "$tmp/time$e")
	echo "batch -j2, $e entries ($(du -m "$tmp/e$e.tar" | cut -f1) MB tar): peak RSS $(($1 / 1024)) MB, $2 s"
done
