#!/bin/sh
# redact.sh — the pipe filter end to end (SPEC §3, §4):
#  - fail closed: bad inputs give the right sysexits code, zero bytes on
#    stdout and exactly one "idredact: ..." line on stderr;
#  - every sample: same size out, no ground-truth identifier read back by
#    the tesseract command, every identifier box masked;
#  - metadata: EXIF (GPS, make, model, thumbnail) gone, orientation applied.
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
here=$(dirname "$0")
judge="/usr/bin/python3 $here/judge.py"
JOBS=${E2E_JOBS:-2}

# One sample, called back through xargs (JOBS samples at a time): redacts
# GT's image twice into DIR, by the documented pipe form (no options) and
# by the text path alone; prints one line per failed run, nothing when
# both ran, and leaves DIR/NAME.done when it got to the end. The outputs
# are judged together afterwards (judge.py ids-many).
if [ "${1:-}" = --sample ]; then
	gt=$2 dir=$3
	done_() { touch "$dir/$(basename "$gt").done"; exit 0; }
	export OMP_THREAD_LIMIT=1 # one core per sample
	base=${gt%.json}
	img=$(ls "$base".jpg "$base".png "$base".webp "$base".tiff 2>/dev/null | head -n 1)
	[ -n "$img" ] || { echo "FAIL: $gt: no image beside it"; done_; }
	out="$dir/$(basename "$img")" text="$dir/text-$(basename "$img")"
	# The documented pipe form, no options.
	"$P" <"$img" >"$out" 2>"$out.err" ||
		{ echo "FAIL: $img: exit $?: $(cat "$out.err")"; rm -f "$out"; }
	# The text path alone: a face or code mask over a number must not be
	# what hides it (a code false positive once blacked out half a card
	# and covered an OCR miss).
	"$P" --no-faces --no-codes "$img" "$text" 2>"$text.err" ||
		echo "FAIL: $img --no-faces --no-codes: exit $?: $(cat "$text.err")"
	[ -f "$out" ] && echo "$gt $out $img full" >"$dir/$(basename "$gt").judge"
	[ -f "$text" ] && echo "$gt $text $img text" >>"$dir/$(basename "$gt").judge"
	done_
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect_fail NAME CODE [ARGS...] < input — exit CODE, empty stdout, one
# stderr line starting "idredact: ".
expect_fail() {
	name=$1 code=$2
	shift 2
	"$P" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq "$code" ] || fail "$name: exit $rc, expected $code"
	[ ! -s "$tmp/out" ] || fail "$name: $(wc -c <"$tmp/out") bytes on stdout"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$name: stderr is not one line: $(cat "$tmp/err")"
	grep -q '^idredact: ' "$tmp/err" || fail "$name: stderr lacks 'idredact: ': $(cat "$tmp/err")"
}

# --- fail closed ---------------------------------------------------------
expect_fail empty 65 </dev/null
printf 'just some text\n' >"$tmp/text.txt"
expect_fail text 65 <"$tmp/text.txt"
printf junk >"$tmp/junk"
expect_fail junk 65 <"$tmp/junk"
vips black "$tmp/black.jpg" 800 500 || fail "vips black"
head -c 2000 "$tmp/black.jpg" >"$tmp/trunc.jpg"
expect_fail truncated-jpeg 65 <"$tmp/trunc.jpg"
# A PNG that declares 100000 x 100000 pixels in its header (PNG spec: IHDR).
/usr/bin/python3 - "$tmp/huge.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n'
    + chunk(b'IHDR', struct.pack('>IIBBBBB', 100000, 100000, 8, 0, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(b'\0' * 1000)) + chunk(b'IEND', b''))
PY
expect_fail huge-png 65 <"$tmp/huge.png"
expect_fail missing-input 66 "$tmp/does-not-exist.jpg"
expect_fail bad-option 64 --no-such-option </dev/null
expect_fail bad-mask 64 --mask blur </dev/null
expect_fail bad-kind 64 --kinds no_such_kind </dev/null
expect_fail over-max-pixels 65 --max-pixels 1000 <"$tmp/black.jpg"
# --on-miss reject: an image with no identifier is refused, not passed.
expect_fail on-miss-reject 65 --on-miss reject <"$tmp/black.jpg"
"$P" --on-miss pass <"$tmp/black.jpg" >"$tmp/pass.jpg" 2>/dev/null &&
	[ -s "$tmp/pass.jpg" ] || fail "--on-miss pass gave no image for a blank page"
# A file OUT must not appear on failure either.
"$P" "$tmp/trunc.jpg" "$tmp/never.jpg" 2>/dev/null
[ ! -e "$tmp/never.jpg" ] || fail "truncated input left $tmp/never.jpg"
[ -z "$(ls "$tmp" | grep idredact-)" ] || fail "temporary output left behind"
# Output that cannot be created: 73.
"$P" "$tmp/black.jpg" "$tmp/no/such/dir/out.jpg" 2>/dev/null
rc=$?; [ "$rc" -eq 73 ] || fail "uncreatable output: exit $rc, expected 73"
# Models are checked by file name wherever they lie: a copy of Debian's
# tessdata works, the same copy with one byte of eng.traineddata changed
# is refused (69).
mkdir "$tmp/td"
cp /usr/share/tesseract-ocr/5/tessdata/eng.traineddata \
	/usr/share/tesseract-ocr/5/tessdata/tha.traineddata \
	/usr/share/tesseract-ocr/5/tessdata/osd.traineddata "$tmp/td/"
"$P" --tessdata "$tmp/td" <"$tmp/black.jpg" >/dev/null 2>"$tmp/err" ||
	fail "--tessdata with a copy of the models: exit $?: $(cat "$tmp/err")"
printf 'X' | dd of="$tmp/td/eng.traineddata" bs=1 seek=4096 conv=notrunc 2>/dev/null
expect_fail tessdata-swapped-model 69 --tessdata "$tmp/td" <"$tmp/black.jpg"

# --- the judge can fail ---------------------------------------------------
# The judges pass what no leak is found on; one that could not find a
# leak would pass everything. A Thai card judged as its own output (not
# redacted) must fail on its number read back, and the same card with its
# number's box painted black must not (truth.py's solid_under(): a run
# read over nothing but mask is no read-back).
gt1=$(ls "$SAMPLES"/th_card_0*.json 2>/dev/null | head -n 1)
if [ -n "$gt1" ]; then
	img1=$(ls "${gt1%.json}".jpg "${gt1%.json}".png 2>/dev/null | head -n 1)
	# a copy: the judge writes its upscaled reading beside the image
	cp "$img1" "$tmp/j0.${img1##*.}" && img1=$tmp/j0.${img1##*.}
	OMP_THREAD_LIMIT=1 $judge readback "$gt1" "$img1" >"$tmp/j1" 2>&1 &&
		fail "judge readback passes the unredacted $img1"
	grep -q "th_id .*read back" "$tmp/j1" ||
		fail "judge readback reads no th_id back from the unredacted $img1: $(cat "$tmp/j1")"
	/usr/bin/python3 - "$gt1" "$img1" "$tmp/j1.png" "$here" <<'PY' ||
import json, sys
import cv2
sys.path.insert(0, sys.argv[4])
import truth
gt = json.load(open(sys.argv[1]))
img = cv2.imread(sys.argv[2])
grey = cv2.imread(sys.argv[2], cv2.IMREAD_GRAYSCALE)
for it in gt["items"]:
    if it["kind"] == "th_id":
        x, y, w, h = it["box"]
        # a word over the unmasked number is not over solid mask
        if truth.solid_under(grey, (x - 5, y - 5, w + 10, h + 10, "x"), it["box"]):
            sys.exit("solid_under: the unmasked number counts as mask")
        img[max(0, y - 3):y + h + 3, max(0, x - 3):x + w + 3] = 0
        grey[max(0, y - 3):y + h + 3, max(0, x - 3):x + w + 3] = 0
        # a word running past the masked box, over the mask inside it
        if not truth.solid_under(grey, (x - 5, y - 5, w + 10, 3 * h, "x"), it["box"]):
            sys.exit("solid_under: a black box does not count as mask")
cv2.imwrite(sys.argv[3], img)
PY
		fail "judge self-check: truth.solid_under()"
	OMP_THREAD_LIMIT=1 $judge readback "$gt1" "$tmp/j1.png" >"$tmp/j2" 2>&1
	grep -q "th_id .*read back" "$tmp/j2" &&
		fail "judge readback reads a th_id back over its black box: $(cat "$tmp/j2")"
else
	fail "no th_card sample in $SAMPLES (make samples)"
fi

# --- every sample --------------------------------------------------------
# JOBS at a time (E2E_JOBS, default 2); each sample's lines go to its own
# log, printed in name order.
n=0
for gt in "$SAMPLES"/*.json; do
	[ -e "$gt" ] || { fail "no samples in $SAMPLES (make samples)"; break; }
	n=$((n + 1))
done
if [ "$n" -gt 0 ]; then
	mkdir "$tmp/s"
	ls "$SAMPLES"/*.json | xargs -P "$JOBS" -I{} sh -c \
		'sh "$0" --sample "$1" "$2" >"$2/$(basename "$1").log"' \
		"$0" {} "$tmp/s" || fail "xargs: exit $?"
	for gt in "$SAMPLES"/*.json; do
		log=$tmp/s/$(basename "$gt").log
		[ -f "$tmp/s/$(basename "$gt").done" ] || fail "$gt: not redacted to the end"
		[ -s "$log" ] && { cat "$log"; fails=$((fails + 1)); }
	done
	# Every output judged: its size (the pipe form's) and, for both,
	# every identifier box masked and no value read back by the
	# tesseract command (psm 3, psm 11, psm 11 at twice the size, and
	# the right way up for a turned page), each reading one tesseract
	# process over all the outputs rather than one an output.
	cat "$tmp"/s/*.judge >"$tmp/judge.list" 2>/dev/null
	OMP_THREAD_LIMIT=1 $judge ids-many "$tmp/judge.list" >"$tmp/judged" 2>&1 ||
		[ -s "$tmp/judged" ] || echo "judge.py ids-many failed" >"$tmp/judged"
	if [ -s "$tmp/judged" ]; then
		cat "$tmp/judged"
		fails=$((fails + $(wc -l <"$tmp/judged")))
	fi
fi
echo "judged $n samples"

# --- metadata ------------------------------------------------------------
src=$(ls "$SAMPLES"/*.jpg 2>/dev/null | head -n 1)
if [ -n "$src" ]; then
	cp "$src" "$tmp/meta.jpg"
	vips thumbnail "$src" "$tmp/thumb.jpg" 160
	exiftool -q -overwrite_original -Make=LeakyPhone -Model=X1 \
		-GPSLatitude=13.75 -GPSLatitudeRef=N -GPSLongitude=100.5 \
		-GPSLongitudeRef=E -Comment=secret -XMP:Creator=someone \
		'-ThumbnailImage<='"$tmp/thumb.jpg" -Orientation#=6 "$tmp/meta.jpg"
	"$P" "$tmp/meta.jpg" "$tmp/meta-out.jpg" || fail "metadata sample: exit $?"
	tags=$(exiftool -s -G -a -Make -Model -GPS:all -ThumbnailImage -Comment \
		-XMP:all -IPTC:all -Orientation "$tmp/meta-out.jpg")
	[ -z "$tags" ] || fail "metadata survived: $tags"
	$judge same-size "$tmp/meta.jpg" "$tmp/meta-out.jpg" || fails=$((fails + 1))
fi

[ "$fails" -eq 0 ]
