#!/bin/sh
# photos.sh — the false-positive benchmark of the face and photo stages:
#  1. pictures with no face and no document: the person-free photographs
#     of Debian's python3-skimage and opencv-doc ($BUILD/faces/scenes,
#     unpacked by samples/faces.sh) and scenes made by scenes.py (a dish
#     from above, a desk, cloth, foliage, pebbles, a shelf; seed printed).
#     Each is redacted with no options; printed: the share of its area
#     masked (every finding, and faces/photos alone) and the faces found.
#  2. the document samples ($SAMPLES): the share of each image masked
#     outside its ground truth (tests/e2e/overmask.py), strict (the
#     truth's boxes as they are), by every finding and by the faces and
#     photos alone — the median and the largest.
# Never fails on the numbers: tests/e2e/faces.sh holds the thresholds.
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
here=$(dirname "$0")
py=/usr/bin/python3
SEED=${SEED:-$(date +%s)}
JOBS=${BENCH_JOBS:-2}

# One redaction with a report, called back through xargs.
if [ "${1:-}" = --one ]; then
	OMP_THREAD_LIMIT=1 "$P" --report "$3.report" "$2" "$3" 2>"$3.err" ||
		echo "exit $?" >"$3.failed"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -x "$P" ] || { echo "photos bench: $P not built"; exit 1; }
[ -d "$BUILD/faces/scenes" ] ||
	{ echo "photos bench: $BUILD/faces/scenes missing (rm $BUILD/faces/.ok; make samples)"; exit 1; }
echo "scenes.py seed $SEED"
$py "$here/scenes.py" "$tmp/gen" "$SEED" || { echo "photos bench: scenes.py failed"; exit 1; }

: >"$tmp/queue"
for img in "$BUILD"/faces/scenes/* "$tmp"/gen/*; do
	echo "$img $tmp/scene-$(basename "$img")" >>"$tmp/queue"
done
for gt in "$SAMPLES"/*.json; do
	[ -f "$gt" ] || continue
	for img in "${gt%.json}".jpg "${gt%.json}".png; do
		[ -f "$img" ] && echo "$img $tmp/doc-$(basename "$img")" >>"$tmp/queue"
	done
done
xargs -P "$JOBS" -L 1 sh "$0" --one <"$tmp/queue"

# Shares of an image a report masks: all findings, faces and photos.
share() {
	$py - "$1" <<'PY'
import json, sys
import numpy as np
r = json.load(open(sys.argv[1]))
w, h = r["width"], r["height"]
every, pics = np.zeros((h, w), bool), np.zeros((h, w), bool)
faces = 0
for f in r["findings"]:
    x, y, bw, bh = f["box"]
    every[max(0, y):y + bh, max(0, x):x + bw] = True
    if f["kind"] in ("face", "photo"):
        pics[max(0, y):y + bh, max(0, x):x + bw] = True
        faces += 1
print("%.2f %.2f %d" % (100 * every.mean(), 100 * pics.mean(), faces))
PY
}

echo "== pictures with no face and no document"
printf '%-28s %8s %12s %6s\n' picture masked% face+photo% found
: >"$tmp/scene-shares"
while read -r img out; do
	case $out in */scene-*) ;; *) continue ;; esac
	if [ -f "$out.failed" ]; then
		echo "$(basename "$img"): idredact $(cat "$out.failed"): $(cat "$out.err")"
		continue
	fi
	s=$(share "$out.report")
	echo "$s" >>"$tmp/scene-shares"
	printf '%-28s %8s %12s %6s\n' "$(basename "$img")" $s
done <"$tmp/queue"
awk '{ n++; all += $1; pic += $2; f += $3; if ($3 > 0) hit++ }
	END { if (n) printf "%d pictures: %.2f%% of their area masked on average (faces and photos %.2f%%); %d faces or photos found, on %d of them\n", n, all / n, pic / n, f, hit }' \
	"$tmp/scene-shares"

echo "== document samples: masked outside the ground truth (strict)"
: >"$tmp/doc-shares"
while read -r img out; do
	case $out in */doc-*) ;; *) continue ;; esac
	[ -f "$out.failed" ] && { echo "$(basename "$img"): idredact $(cat "$out.failed")"; continue; }
	$py "$here/../e2e/overmask.py" "${img%.*}.json" "$out.report" >>"$tmp/doc-shares"
done <"$tmp/queue"
# summary COLUMN WHAT: median, mean and largest of a column of overmask.py
summary() {
	sort -k"$1" -n "$tmp/doc-shares" | awk -v c="$1" -v what="$2" '{ v[NR] = $c; name[NR] = $1; sum += $c }
		END { if (NR) printf "%d samples, %s: median %.2f%%, mean %.2f%%, largest %.2f%% (%s)\n",
			NR, what, (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2,
			sum / NR, v[NR], name[NR] }'
}
summary 2 "every finding"
summary 3 "faces and photos"
