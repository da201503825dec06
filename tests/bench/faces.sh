#!/bin/sh
# faces.sh — our face detection against OpenCV's on the same images, one
# thread each: the cascade engine at identical parameters (scale 1.1,
# 3 neighbours, 24 px, full resolution), and our whole face stage (reduced
# copy, plain + contrast-normalised passes). Prints milliseconds and
# ratios measured in this run; never fails on time.
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
here=$(dirname "$0")
ref="/usr/bin/python3 $here/../e2e/faces_ref.py"
export FACES=$BUILD/faces
XML=/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Built here from the library archive (the only extra build rule).
cc -std=c11 -D_GNU_SOURCE -O2 -Iinclude -Ifilter $(pkg-config --cflags vips) \
	-o "$tmp/faces_bench" "$here/faces_bench.c" "$BUILD/libidredact.a" \
	$(pkg-config --libs vips tesseract lept libsodium libarchive zbar json-glib-1.0) -lm ||
	{ echo "faces bench: cannot build the driver (make BUILD=$BUILD first)"; exit 1; }

imgs=""
for t in 0 90; do $ref card "$tmp/card$t.jpg" "$t" && imgs="$imgs $tmp/card$t.jpg"; done
for s in $(ls "$SAMPLES"/*.jpg "$SAMPLES"/*.png 2>/dev/null | head -n 8); do imgs="$imgs $s"; done
# Both sides read the same grey pixels: OpenCV's BGR2GRAY written to PNG.
greys=""
for i in $imgs; do
	g=$tmp/g-$(basename "${i%.*}").png
	$ref grey "$i" "$g" && greys="$greys $g"
done
$ref time "$XML" 1.1 3 24 5 $greys >"$tmp/opencv"
"$tmp/faces_bench" 5 "$XML" $greys >"$tmp/ours"
printf '%-28s %9s %9s %7s %9s %7s\n' image opencv_ms engine_ms ratio stage_ms ratio
join "$tmp/opencv" "$tmp/ours" | awk '{
	printf "%-28s %9.1f %9.1f %7.2f %9.1f %7.2f\n", substr($1, length($1) - 27),
		$2, $3, $3 / $2, $4, $4 / $2; o += $2; e += $3; s += $4; n++ }
	END { if (n) printf "%-28s %9.1f %9.1f %7.2f %9.1f %7.2f\n", "mean of " n,
		o / n, e / n, e / o, s / n, s / o }'
