#!/bin/bash
# samples.sh — the synthetic samples and their ground truth agree with
# each other and with outside readers:
#   - every image has NAME.json beside it and every json an image;
#   - each json parses, its width/height are the image's, every item has
#     a kind and a box inside the image; identifiers carry value and
#     printed, and printed without separators is the value; each letter
#     and digit of an identifier or MRZ has a glyph box inside the item's
#     box, with ink in it;
#   - text and face boxes are not blank (the boxes followed the rotation
#     and skew), checked with OpenCV;
#   - zbarimg decodes every QR / 1-D code and its payload contains the
#     recorded identifier (PDF417 is skipped: zbar cannot decode it);
#   - MRZ lines are TD3 (2 x 44) or TD1 (3 x 30) with correct ICAO 9303
#     check digits;
#   - tesseract (tha+eng) reads the ID number on the upright 300-dpi Thai
#     and Singapore cards;
#   - the generator is deterministic: a second run gives the same bytes;
#   - --property pages pass the same structure checks.
# Environment: BUILD (default build), SAMPLES (default $BUILD/samples).
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
PY=/usr/bin/python3
fail=0

say() { echo "samples.sh: $*"; fail=1; }

[ -d "$SAMPLES" ] || { echo "samples.sh: no $SAMPLES (make samples)"; exit 1; }

# Structure, boxes, contrast: one Python run over a directory of samples
# (argument 2: how many images at least).
check_dir() {
$PY - "$1" "$2" <<'EOF'

import json, os, re, sys
import cv2, numpy as np

d = sys.argv[1]
bad = 0
def fail(msg):
    global bad
    print("samples.sh: " + msg)
    bad = 1

# An outside check of the MRZ the generator built from ids_check():
# ICAO 9303 part 3, 4.9 (7-3-1 weights; < = 0, A = 10 .. Z = 35) and the
# field positions of TD3 (part 4, 4.2.2) and TD1 (part 5, 4.2.2).
def mrz_digit(field):
    val = lambda c: 0 if c == "<" else int(c) if c.isdigit() else ord(c) - 55
    return str(sum(val(c) * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)
def mrz_ok(f, lines):
    if len(lines) == 3 and all(len(l) == 30 for l in lines):
        # TD1: number 6-14 check 15 on line 1; birth 1-6 check 7, expiry
        # 9-14 check 15 on line 2; the composite at line 2's 30 over
        # line 1's 6-30 and line 2's 1-7, 9-15, 19-29.
        l1, l2 = lines[0], lines[1]
        for line, a, b in ((l1, 5, 14), (l2, 0, 6), (l2, 8, 14)):
            if mrz_digit(line[a:b]) != line[b]:
                fail("%s: TD1 MRZ check digit at %d is wrong" % (f, b + 1))
        if mrz_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) != l2[29]:
            fail("%s: TD1 MRZ composite check digit is wrong" % f)
        return
    if len(lines) != 2 or any(len(l) != 44 for l in lines):
        return fail("%s: MRZ is neither TD3 (2 x 44) nor TD1 (3 x 30): %s"
                    % (f, lines))
    l2 = lines[1]
    for a, b in ((0, 9), (13, 19), (21, 27), (28, 42)):
        if mrz_digit(l2[a:b]) != l2[b]:
            fail("%s: MRZ check digit at %d is wrong" % (f, b + 1))
    if mrz_digit(l2[0:10] + l2[13:20] + l2[21:43]) != l2[43]:
        fail("%s: MRZ composite check digit is wrong" % f)

imgs = sorted(f for f in os.listdir(d) if f.endswith((".jpg", ".png")))
jsons = sorted(f for f in os.listdir(d) if f.endswith(".json"))
if len(imgs) < int(sys.argv[2]):
    fail("only %d sample images" % len(imgs))
stems = {os.path.splitext(f)[0] for f in imgs}
for j in jsons:
    if os.path.splitext(j)[0] not in stems:
        fail(j + ": no image beside it")
ids = {"th_id", "sg_nric", "vn_cccd", "vn_cmnd", "kr_rrn", "my_nric",
       "id_nik", "hk_id", "tw_id", "cn_ric", "jp_mynumber", "in_aadhaar",
       "ph_philsys", "passport", "imei", "imsi", "iccid", "phone"}
for f in imgs:
    stem = os.path.splitext(f)[0]
    jp = os.path.join(d, stem + ".json")
    if not os.path.exists(jp):
        fail(f + ": no " + stem + ".json")
        continue
    try:
        gt = json.load(open(jp, encoding="utf-8"))
    except ValueError as e:
        fail("%s.json: does not parse: %s" % (stem, e))
        continue
    img = cv2.imread(os.path.join(d, f), cv2.IMREAD_GRAYSCALE)
    if img is None:
        fail(f + ": OpenCV cannot read it")
        continue
    H, W = img.shape
    if gt.get("file") != f or gt.get("width") != W or gt.get("height") != H:
        fail("%s: json says %s %sx%s, image is %dx%d" %
             (f, gt.get("file"), gt.get("width"), gt.get("height"), W, H))
    items = gt.get("items") or []
    if not any(it.get("kind") in ids | {"mrz", "qr", "barcode", "pdf417"}
               for it in items):
        fail(f + ": no identifier in the ground truth")
    for it in items:
        k, box = it.get("kind"), it.get("box")
        if not k or not isinstance(box, list) or len(box) != 4:
            fail("%s: item without kind or box: %s" % (f, it))
            continue
        x, y, w, h = box
        if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > W or y + h > H:
            fail("%s: %s box %s outside %dx%d" % (f, k, box, W, H))
            continue
        if k in ids:
            v, p = it.get("value"), it.get("printed")
            if not v or not p:
                fail("%s: %s without value/printed" % (f, k))
            elif re.sub(r"[\s\-()]", "", p) != v:
                fail("%s: %s printed %r is not value %r" % (f, k, p, v))
        # Glyph boxes (what the judges hold each character to): one per
        # letter or digit printed, inside the item's box, each with ink
        # (a dark pixel) that is the glyph's own.
        if k in ids or k == "mrz":
            text = it.get("printed") or "".join(it.get("lines") or [])
            glyphs = it.get("glyphs") or []
            if len(glyphs) != len(re.findall(r"\w", text)):
                fail("%s: %s has %d glyph boxes for %r" % (f, k, len(glyphs),
                                                          text))
            for g in glyphs:
                gx, gy, gw, gh = g
                if (gw <= 0 or gh <= 0 or gx < x - 1 or gy < y - 1
                        or gx + gw > x + w + 1 or gy + gh > y + h + 1):
                    fail("%s: %s glyph %s outside its box %s" % (f, k, g, box))
                elif img[gy:gy + gh, gx:gx + gw].min() > 128:
                    fail("%s: %s glyph %s holds no ink" % (f, k, g))
        if k in ("qr", "barcode", "pdf417") and not it.get("payload_contains"):
            fail("%s: %s without payload_contains" % (f, k))
        # The zone carries its lines; an "mrz" item with a value is the
        # visual zone's copy of the document number the zone carries.
        if k == "mrz" and "value" not in it:
            mrz_ok(f, it.get("lines") or [])
        # Something is drawn there: ink on a light card, or a photo.
        crop = img[y:y + h, x:x + w]
        if crop.size and float(crop.std()) < (2 if k == "ghost" else 12):
            fail("%s: %s box %s is blank (std %.1f)" % (f, k, box, crop.std()))
sys.exit(bad)
EOF
}
check_dir "$SAMPLES" 20 || fail=1

# Codes: zbarimg must decode each and find the identifier in the payload.
for json in "$SAMPLES"/*.json; do
	want=$($PY -c 'import json,sys
for it in json.load(open(sys.argv[1]))["items"]:
    if it["kind"] in ("qr", "barcode"): print(it["payload_contains"])' "$json")
	[ -n "$want" ] || continue
	stem=${json%.json}
	img=$(ls "$stem".jpg "$stem".png 2>/dev/null | head -1)
	got=$(zbarimg -q --raw "$img" 2>/dev/null)
	for w in $want; do
		case $got in
		*"$w"*) ;;
		*) say "$(basename "$img"): zbarimg did not decode a code holding $w";;
		esac
	done
done

# OCR: the number on the upright 300-dpi cards.
for pair in th_card_01:th_id sg_front_01:sg_nric; do
	name=${pair%%:*} kind=${pair#*:}
	[ -f "$SAMPLES/$name.json" ] || { say "$name: missing"; continue; }
	value=$($PY -c 'import json,sys
print(next(it["value"] for it in json.load(open(sys.argv[1]))["items"] if it["kind"] == sys.argv[2]))' \
		"$SAMPLES/$name.json" "$kind")
	text=$(tesseract "$SAMPLES/$name.jpg" - -l tha+eng 2>/dev/null | tr -d ' -')
	case $text in
	*"$value"*) ;;
	*) say "$name: tesseract did not read $kind $value";;
	esac
done

# Determinism: the same seed gives the same files.
if [ -x "$BUILD/gen-samples" ] && [ -d "$BUILD/faces" ]; then
	again=$(mktemp -d)
	trap 'rm -rf "$again"' EXIT
	if "$BUILD/gen-samples" --faces "$BUILD/faces" --out "$again" >/dev/null; then
		for f in "$SAMPLES"/*.jpg "$SAMPLES"/*.png "$SAMPLES"/*.json; do
			[ -e "$f" ] || continue
			cmp -s "$f" "$again/$(basename "$f")" ||
				say "$(basename "$f"): differs on a second run"
		done
	else
		say "gen-samples failed on a second run"
	fi
	# The property mode: pages of one kind, same ground truth rules.
	rm -rf "$again" && mkdir -p "$again"
	if "$BUILD/gen-samples" --property th_id --count 2 --seed 3 --out "$again"; then
		check_dir "$again" 2 || fail=1
	else
		say "gen-samples --property th_id failed"
	fi
fi

exit $fail
