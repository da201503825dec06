#!/bin/sh
# codes.sh — barcodes and QR codes end to end: after idredact, zbarimg
# (every symbology on) reads nothing from the test cards of
# tests/codes_images.c nor from the samples, and every symbol's box is
# masked (judged with OpenCV: near-black pixels under a solid mask).
# --no-codes leaves a readable symbol readable (the test can fail).
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
IMG=$BUILD/codes-img
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

[ -x "$P" ] || { echo "FAIL: $P missing (make BUILD=$BUILD)"; exit 1; }
if [ ! -f "$IMG/codes.txt" ]; then
	make -s BUILD="$BUILD" "$IMG/codes.txt" >/dev/null ||
		{ echo "FAIL: cannot make $IMG/codes.txt"; exit 1; }
fi

# zbarimg exits 4 when it found no symbol (zbarimg(1), EXIT STATUS).
zbar_reads_nothing() {
	zbarimg -q --nodbus -Senable "$1" >/dev/null 2>&1
	[ $? -eq 4 ]
}

# masked IMAGE X Y W H: at least 90% of the box is near-black.
masked() {
	/usr/bin/python3 - "$@" <<'PY'
import sys, cv2, numpy as np
img = cv2.imread(sys.argv[1], cv2.IMREAD_GRAYSCALE)
x, y, w, h = map(int, sys.argv[2:6])
r = img[max(0, y):y + h, max(0, x):x + w]
sys.exit(0 if r.size and np.mean(r <= 40) >= 0.90 else 1)
PY
}

# --- the codes test cards -------------------------------------------------
n=0
while read -r file kind damaged x y w h; do
	in=$IMG/$file
	out=$tmp/out-$file
	if [ ! -f "$out" ]; then
		"$P" "$in" "$out" 2>"$tmp/err" || { fail "$file: exit $?: $(cat "$tmp/err")"; continue; }
		zbar_reads_nothing "$out" || fail "$file: zbarimg still reads a symbol after redaction"
		n=$((n + 1))
	fi
	[ "$kind" = none ] && continue
	masked "$out" "$x" "$y" "$w" "$h" || fail "$file: $kind box $x $y $w $h not masked"
done <"$IMG/codes.txt"
echo "redacted $n code cards"

# --no-codes: a card zbar reads stays readable, so the checks above can
# fail. (Not vn_qr.jpg: there the face finder takes the QR code's white
# square for a portrait and masks it.)
"$P" --no-codes "$IMG/ean13_flip.jpg" "$tmp/nocodes.jpg" 2>/dev/null ||
	fail "--no-codes: exit $?"
zbar_reads_nothing "$tmp/nocodes.jpg" && fail "--no-codes: the EAN-13 was masked anyway"
# The report marks what zbar read and what it did not, and carries no
# payload (no digits of the EAN-13's data).
"$P" --report "$tmp/report.json" "$IMG/ean13_flip.jpg" "$tmp/r.jpg" 2>/dev/null ||
	fail "--report: exit $?"
grep -q '"decoded":true' "$tmp/report.json" || fail "report: no decoded symbol: $(cat "$tmp/report.json")"
grep -q '59012341234' "$tmp/report.json" && fail "report: holds the symbol's payload"
"$P" --report "$tmp/report2.json" "$IMG/scratched_bars.jpg" "$tmp/r2.jpg" 2>/dev/null ||
	fail "--report: exit $?"
grep -q '"kind":"barcode"[^}]*"decoded":false' "$tmp/report2.json" ||
	fail "report: scratched bars not listed as an undecoded barcode: $(cat "$tmp/report2.json")"

# --- the samples ------------------------------------------------------------
m=0
for gt in "$SAMPLES"/*.json; do
	[ -e "$gt" ] || break
	base=${gt%.json}
	img=$(ls "$base".jpg "$base".png "$base".webp "$base".tiff 2>/dev/null | head -n 1)
	[ -n "$img" ] || continue
	out="$tmp/s-$(basename "$img")"
	"$P" "$img" "$out" 2>"$tmp/err" || { fail "$img: exit $?: $(cat "$tmp/err")"; continue; }
	zbar_reads_nothing "$out" || fail "$img: zbarimg still reads a symbol after redaction"
	# code boxes of the ground truth
	/usr/bin/python3 - "$gt" >"$tmp/boxes" <<'PY'
import json, sys
for it in json.load(open(sys.argv[1])).get("items", []):
    if it["kind"] in ("qr", "barcode", "pdf417", "datamatrix", "aztec") and "box" in it:
        print(it["kind"], *it["box"])
PY
	while read -r kind x y w h; do
		masked "$out" "$x" "$y" "$w" "$h" || fail "$img: $kind box $x $y $w $h not masked"
	done <"$tmp/boxes"
	m=$((m + 1))
done
echo "redacted $m samples"
[ "$fails" -eq 0 ]
