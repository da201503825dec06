#!/bin/sh
# faces.sh — faces end to end (SPEC §4, "Faces"): after idredact, every
# portrait and ghost portrait box of the ground truth is masked (solid by
# default; its detail gone with --mask pixelate); on the upright turn of
# the output OpenCV's usual search (default frontal cascade, 1.1, 3
# neighbours) finds no face on a document, and its eager search (three
# cascades, 1.05) none on a face of the input (faces_ref.py faces_left:
# an eager detection on text or a mask's edge is listed as a note). Images: the generated samples
# ($SAMPLES/*.json beside each image) and, always, cards made here by
# faces_ref.py from the Debian face photos (turned 0/90/180/270) and a
# selfie-with-card photo (messi5.jpg).
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
here=$(dirname "$0")
ref="/usr/bin/python3 $here/faces_ref.py"
export FACES=$BUILD/faces
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/notes"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

[ -x "$P" ] || { echo "FAIL: $P not built"; exit 1; }
[ -f "$FACES/astronaut.png" ] || { echo "FAIL: $FACES missing (make BUILD=$BUILD $BUILD/faces/.ok)"; exit 1; }

# redact IN GT MODE [TURN] — run idredact, judge the output against GT.
redact() {
	in=$1 gt=$2 mode=$3 turn=${4:-all}
	out=$tmp/out-$(basename "$in")
	"$P" --mask "$mode" "$in" "$out" 2>"$tmp/err" ||
		{ fail "$in: idredact exit $?: $(cat "$tmp/err")"; return; }
	$ref judge "$in" "$out" "$gt" "$mode" "$turn" >"$tmp/judge" 2>>"$tmp/notes" ||
		while IFS= read -r line; do fail "$mode: $line"; done <"$tmp/judge"
}

for turn in 0 90 180 270; do
	$ref card "$tmp/card$turn.jpg" "$turn" || fail "card $turn"
	redact "$tmp/card$turn.jpg" "$tmp/card$turn.json" solid "$turn"
done
redact "$tmp/card0.jpg" "$tmp/card0.json" pixelate 0
$ref selfie "$tmp/selfie.jpg" || fail selfie
echo '{"items": []}' >"$tmp/selfie.json"
redact "$tmp/selfie.jpg" "$tmp/selfie.json" solid 0

n=0
for gt in "$SAMPLES"/*.json; do
	[ -f "$gt" ] || continue
	grep -q '"portrait"\|"ghost"' "$gt" || continue
	base=${gt%.json}
	# The judge looks on the turn that makes the sample upright (its
	# "rotate"): OpenCV's eager search on every turn of a card also
	# "finds" faces in lines of text, on the input as well.
	rot=$(sed -n 's/.*"rotate" *: *\([0-9]*\).*/\1/p' "$gt" | head -n 1)
	for img in "$base".jpg "$base".png; do
		[ -f "$img" ] && { redact "$img" "$gt" solid "${rot:-0}"; n=$((n + 1)); }
	done
done
# OpenCV's eager search away from every face (see faces_ref.py
# faces_left): listed, not failed.
grep '^note:' "$tmp/notes"
echo "faces: $n samples with portraits, $fails failures, $(grep -c '^note:' "$tmp/notes") detections on no face"
[ "$fails" -eq 0 ]
