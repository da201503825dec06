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

# --- every sample --------------------------------------------------------
n=0
for gt in "$SAMPLES"/*.json; do
	[ -e "$gt" ] || { fail "no samples in $SAMPLES (make samples)"; break; }
	base=${gt%.json}
	img=$(ls "$base".jpg "$base".png "$base".webp "$base".tiff 2>/dev/null | head -n 1)
	[ -n "$img" ] || { fail "$gt: no image beside it"; continue; }
	out="$tmp/$(basename "$img")"
	# The documented pipe form, no options.
	"$P" <"$img" >"$out" 2>"$tmp/err" || { fail "$img: exit $?: $(cat "$tmp/err")"; continue; }
	$judge same-size "$img" "$out" || fails=$((fails + 1))
	$judge ids "$gt" "$out" || fails=$((fails + 1))
	# The text path alone: a face or code mask over a number must not be
	# what hides it (a code false positive once blacked out half a card
	# and covered an OCR miss).
	"$P" --no-faces --no-codes "$img" "$tmp/text-$(basename "$img")" 2>"$tmp/err" ||
		{ fail "$img --no-faces --no-codes: exit $?: $(cat "$tmp/err")"; continue; }
	$judge ids "$gt" "$tmp/text-$(basename "$img")" | sed 's/^/text path: /' | grep . &&
		fails=$((fails + 1))
	n=$((n + 1))
done
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
