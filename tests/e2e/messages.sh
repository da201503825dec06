#!/bin/sh
# messages.sh — the error line of each exit code path says what to do:
# for every path below, the exit code, exactly one stderr line
# "idredact: ...", and the end of that line (the hint a person acts on:
# the package to install, the option to change, the command to run).
# Status 70 (internal error) has no input that reaches it; its hint
# ("this is a bug in idredact, please report it") is in filter/cli.c.
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
export OMP_THREAD_LIMIT=1

# expect NAME CODE REGEX CMD... — CMD exits CODE and prints one line on
# stderr, starting "idredact: " and matching the extended REGEX.
expect() {
	name=$1 code=$2 re=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq "$code" ] || fail "$name: exit $rc, expected $code: $(cat "$tmp/err")"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] ||
		fail "$name: stderr is not one line: $(cat "$tmp/err")"
	grep -q '^idredact: ' "$tmp/err" || fail "$name: no 'idredact: ' prefix: $(cat "$tmp/err")"
	grep -Eq -- "$re" "$tmp/err" || fail "$name: message lacks /$re/: $(cat "$tmp/err")"
	echo "$name ($rc): $(cat "$tmp/err")"
}

img=$SAMPLES/th_card_01.jpg
[ -f "$img" ] || { fail "$img missing (make samples)"; exit 1; }
vips black "$tmp/black.jpg" 800 500 || fail "vips black"
printf junk >"$tmp/junk"

# 64 usage
expect unknown-option 64 "try 'idredact --help'\$" "$P" --no-such-option
expect bad-mask 64 "is solid or pixelate, not 'blur'\$" "$P" --mask blur
expect bad-recipient 64 "'idredact keygen' or age-keygen makes one\$" \
	"$P" -r age1nonsense --vault "$tmp/v" "$img" "$tmp/o.jpg"
# 65 data
expect not-an-image 65 "not a decodable image \(JPEG, PNG, WebP, TIFF, GIF[^)]*\)\$" \
	"$P" "$tmp/junk" "$tmp/o.jpg"
expect over-max-pixels 65 "raise it \(--max-pixels\) if the image is genuine\$" \
	"$P" --max-pixels 1000 "$tmp/black.jpg" "$tmp/o.jpg"
expect on-miss-reject 65 "--on-miss pass lets such images through\$" \
	"$P" --on-miss reject "$tmp/black.jpg" "$tmp/o.jpg"
# 66 no input
expect missing-input 66 "does-not-exist.jpg: No such file or directory\$" \
	"$P" "$tmp/does-not-exist.jpg" "$tmp/o.jpg"
"$P" keygen -o "$tmp/key.txt" 2>/dev/null || fail "keygen"
chmod 644 "$tmp/key.txt"
expect loose-identity 66 "run 'chmod 600 $tmp/key.txt'\$" \
	"$P" open -i "$tmp/key.txt" "$tmp/junk" "$tmp/o"
# 69 model missing: a tessdata directory without tha.traineddata
mkdir "$tmp/tessdata"
cp /usr/share/tesseract-ocr/5/tessdata/eng.traineddata "$tmp/tessdata/"
expect missing-model 69 "install the Debian package tesseract-ocr-tha \(apt-get install tesseract-ocr-tha\)\$" \
	"$P" --tessdata "$tmp/tessdata" --lang eng+tha "$img" "$tmp/o.jpg"
# ... needed whenever text is read: faces read the page's geometry from
# it, so --kinds codes alone still needs the models; with faces off too
# no OCR runs, nothing is loaded, and the image is redacted.
expect missing-model-faces 69 "install the Debian package tesseract-ocr-tha \(apt-get install tesseract-ocr-tha\)\$" \
	"$P" --tessdata "$tmp/tessdata" --kinds codes "$img" "$tmp/o.jpg"
"$P" --tessdata "$tmp/tessdata" --kinds codes --no-faces --report "$tmp/codes.json" \
	"$img" "$tmp/o.jpg" 2>"$tmp/err" ||
	fail "--kinds codes --no-faces without the models: exit $?: $(cat "$tmp/err")"
grep -q '"decided_by":"none"' "$tmp/codes.json" ||
	fail "--kinds codes --no-faces read text: $(cat "$tmp/codes.json")"
# 73 cannot create
expect no-such-dir 73 "cannot write: No such file or directory; create its directory first\$" \
	"$P" "$tmp/black.jpg" "$tmp/no/such/dir/o.jpg"
expect keygen-exists 73 "refusing to overwrite an identity, name a new file\$" \
	"$P" keygen -o "$tmp/key.txt"
R=$(sed -n 's/^# public key: //p' "$tmp/key.txt")
expect sealed-no-dir 73 "; check that the directory exists and is writable\$" \
	"$P" -r "$R" --sealed-out "$tmp/nodir/x.age" "$img" "$tmp/o.jpg"
# 74 I/O: a full device on standard output
expect disk-full 74 "cannot write: No space left on device; free some space and run again\$" \
	sh -c '"$0" "$1" - >/dev/full' "$P" "$tmp/black.jpg"

[ "$fails" -eq 0 ]
