#!/bin/sh
# faces.sh — faces and photographs end to end (SPEC §4, "Faces",
# "Photos", "Precision"): after idredact, every portrait and ghost portrait
# box of the ground truth is masked (solid by default; its detail gone
# with --mask pixelate); on the upright turn of the output OpenCV's usual
# search (default frontal cascade, 1.1, 3 neighbours) finds no face on a
# document, and its eager search (three cascades, 1.05, from 20 px) none
# on a face of the input (faces_ref.py faces_left: an eager detection on
# text or a mask's edge is listed as a note). Images: every generated
# sample ($SAMPLES/*.json beside each image; among them the hard
# portraits: small, soft, noisy, faded, cropped to the face, at every
# quarter turn) and, always, cards made here by faces_ref.py from the
# Debian face photos (turned 0/90/180/270) and a selfie-with-card photo
# (messi5.jpg, its player's head measured by hand).
#
# Over-masking, on every sample: the share of the image masked outside
# the ground truth's boxes (identifiers, codes, portraits, labelled
# personal fields; overmask.py), one line per sample and the median, in
# all and by the face and photo masks alone. It fails when the face and
# photo masks of any sample are over OVER_MAX (10) percent or their
# median over OVER_MEDIAN (2), and when the share in all of any sample is
# over OVER_MAX or its median over OVER_ALL_MEDIAN (2, issue 13's aim).
# Most of the share in all is what margin the text stage's masks keep
# past the ink (ink_trim(): 0.1 of the text height, more where OCR's
# glyph boxes reach further or other ink stands in the margin), the gaps
# between a value's words, the ghosts' margins and stray findings.
# Measured 2026-12-01 on the 52 samples: median 4.35 % with the
# recognisers' full margins (0.35 of the height above and below, 0.5
# beside; the name, address and birth-date boxes alone 2.5 % of a card on
# average) and the codes' whole quiet zones; 2.25 % with the blank part
# of both given back (largest 6.57 %, th_card_02); 1.87 % with the
# portraits' boxes snapped to the pictures' edges (photo_snap(): a band
# of 4 px of plain card had been masked all round each portrait, 0.4 %
# of a card; faces and photos 0.70 % -> 0.24 %). OVER_KNOWN lists samples over OVER_MAX in all that are
# printed KNOWN and not counted; one that comes under OVER_MAX is
# printed, to be taken off the list. It is empty since the margins were
# trimmed (th_card_02 went from 10.11 to 6.57 %, hard_vn_01 from 9.91
# to 4.53 %); over 10 % again fails.
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
here=$(dirname "$0")
ref="/usr/bin/python3 $here/faces_ref.py"
export FACES=$BUILD/faces
OVER_MAX=${OVER_MAX:-10}
OVER_MEDIAN=${OVER_MEDIAN:-2}
OVER_ALL_MEDIAN=${OVER_ALL_MEDIAN:-2}
OVER_KNOWN=${OVER_KNOWN-""}
JOBS=${E2E_JOBS:-2}

# One redaction, called back through xargs (JOBS at a time): idredact IN
# with --mask MODE into OUT (its report OUT.report), to be judged against
# GT on turn TURN, its over-masking measured where MEASURE is "over".
# Prints a line when idredact fails; otherwise leaves OUT.judge, the line
# faces_ref.py judge-many takes afterwards for all of them in one process;
# OUT.done at the end.
if [ "${1:-}" = --one ]; then
	in=$2 gt=$3 mode=$4 turn=$5 out=$6 measure=$7
	export OMP_THREAD_LIMIT=1 # one core per redaction
	if "$P" --mask "$mode" --report "$out.report" "$in" "$out" 2>"$out.err"; then
		echo "$in $out $gt $mode $turn $measure" >"$out.judge"
	else
		echo "$in: idredact exit $?: $(cat "$out.err")"
	fi
	touch "$out.done"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/notes"
: >"$tmp/over"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

[ -x "$P" ] || { echo "FAIL: $P not built"; exit 1; }
[ -f "$FACES/astronaut.png" ] || { echo "FAIL: $FACES missing (make BUILD=$BUILD $BUILD/faces/.ok)"; exit 1; }

# redact IN GT MODE [TURN [OVER]] — queue a redaction of IN judged
# against GT (and its over-masking measured when OVER is given); the
# queue runs below, JOBS at a time (E2E_JOBS, default 2).
: >"$tmp/queue"
redact() {
	q=$(wc -l <"$tmp/queue")
	# never a blank at the end: xargs -L joins such a line to the next
	echo "$1 $2 $3 ${4:-all} $tmp/out$q-$(basename "$1") ${5:--}" >>"$tmp/queue"
}

for turn in 0 90 180 270; do
	$ref card "$tmp/card$turn.jpg" "$turn" || fail "card $turn"
	redact "$tmp/card$turn.jpg" "$tmp/card$turn.json" solid "$turn"
done
redact "$tmp/card0.jpg" "$tmp/card0.json" pixelate 0
$ref selfie "$tmp/selfie.jpg" || fail selfie
redact "$tmp/selfie.jpg" "$tmp/selfie.json" solid 0

n=0
for gt in "$SAMPLES"/*.json; do
	[ -f "$gt" ] || continue
	base=${gt%.json}
	# The judge looks on the turn that makes the sample upright (its
	# "rotate"): OpenCV's eager search on every turn of a card also
	# "finds" faces in lines of text, on the input as well.
	rot=$(sed -n 's/.*"rotate" *: *\([0-9]*\).*/\1/p' "$gt" | head -n 1)
	for img in "$base".jpg "$base".png; do
		[ -f "$img" ] && { redact "$img" "$gt" solid "${rot:-0}" over; n=$((n + 1)); }
	done
done
# The samples are the documents this test is about: none is a failure.
[ "$n" -gt 0 ] || fail "no samples with portraits in $SAMPLES (make BUILD=$BUILD samples)"

xargs -P "$JOBS" -L 1 sh -c 'sh "$0" --one "$@" >"$5.fail"' "$0" <"$tmp/queue" ||
	fail "xargs: exit $?"
: >"$tmp/judge"
while read -r in gt mode turn out measure; do
	[ -f "$out.done" ] || fail "$in: not redacted to the end"
	[ -f "$out.fail" ] && while IFS= read -r line; do fail "$line"; done <"$out.fail"
	[ -f "$out.judge" ] && cat "$out.judge" >>"$tmp/judge"
done <"$tmp/queue"
# Every output judged by one process (two at a time), over-masking lines
# in queue order.
$ref judge-many "$tmp/judge" "$tmp/over" >"$tmp/judged" 2>"$tmp/notes"
st=$?
while IFS= read -r line; do fail "$line"; done <"$tmp/judged"
# a judge that failed without a word (a crash)
[ "$st" -eq 0 ] || [ -s "$tmp/judged" ] || fail "judge-many exit $st: $(tail -n 1 "$tmp/notes")"
# OpenCV's eager search away from every face (see faces_ref.py
# faces_left): listed, not failed.
grep '^note:' "$tmp/notes"
# Over-masking: every sample's share, smallest first, then the median.
echo "over-masking (percent of the image masked outside the truth; sample, in all, faces and photos, then by kind):"
sort -k3 -n "$tmp/over" 2>/dev/null | sed 's/^/  /'
m=$(wc -l <"$tmp/over" 2>/dev/null || echo 0)
[ "$m" -eq "$n" ] || fail "over-masking measured on $m of $n samples"
# median COLUMN: the median of a column of the over-masking lines
median() {
	sort -k"$1" -n "$tmp/over" | awk -v c="$1" '{ v[NR] = $c }
		END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
all=$(median 2)
median=$(median 3)
largest=$(sort -k2 -n "$tmp/over" | tail -n 1 | awk '{ print $2 "% (" $1 ")" }')
echo "over-masking: median ${all:-?}% of the image in all (largest ${largest:-?}), ${median:-?}% by faces and photos, over $m samples (in all: median at most $OVER_ALL_MEDIAN%, none over $OVER_MAX% but the known; faces and photos: median at most $OVER_MEDIAN%, none over $OVER_MAX%)"
awk -v max="$OVER_MAX" -v known=" $OVER_KNOWN " '
	$3 > max { print "FAIL over-masking: " $1 ": faces and photos " $3 "% of the image, over " max "%" }
	$2 > max && index(known, " " $1 " ") { print "KNOWN over-masking: " $1 ": " $2 "% of the image in all, over " max "%"; next }
	$2 > max { print "FAIL over-masking: " $1 ": " $2 "% of the image in all, over " max "%" }
	$2 <= max && index(known, " " $1 " ") { print "over-masking: " $1 " (known) is now " $2 "%, under " max "%: take it off OVER_KNOWN" }' \
	"$tmp/over" >"$tmp/overfail"
grep -v '^FAIL' "$tmp/overfail"
sed -n 's/^FAIL //p' "$tmp/overfail" >"$tmp/overfails"
while IFS= read -r line; do fail "$line"; done <"$tmp/overfails"
[ -n "$median" ] && awk -v m="$median" -v max="$OVER_MEDIAN" 'BEGIN { exit !(m > max) }' &&
	fail "over-masking: faces and photos: median $median% over $OVER_MEDIAN%"
[ -n "$all" ] && awk -v m="$all" -v max="$OVER_ALL_MEDIAN" 'BEGIN { exit !(m > max) }' &&
	fail "over-masking: in all: median $all% over $OVER_ALL_MEDIAN%"
echo "faces: $n samples, $fails failures, $(grep -c '^note:' "$tmp/notes") detections on no face"
[ "$fails" -eq 0 ]
