#!/bin/sh
# contact.sh DEMO_DIR SAMPLES_DIR OUT [HEIGHT [NAME...]] — a contact sheet
# of what `make demo` wrote into DEMO_DIR: one row per sample NAME (every
# sample by default), its input, the redacted output and the review
# overlay side by side, HEIGHT pixels high (default 240), under a caption
# line read from the report (findings by kind, turn and skew). OUT is
# written as PNG, or JPEG when it ends in .jpg. Drawn with the vips
# command (libvips-tools): thumbnails (EXIF orientation applied, as
# idredact applies it), vips_text captions, arrayjoin.
#
#   make demo                  # build/demo/contact.png, every sample
#   make demo-excerpt          # samples/contact-excerpt.jpg (README)
set -eu
demo=${1:?usage: contact.sh DEMO_DIR SAMPLES_DIR OUT [HEIGHT [NAME...]]}
samples=${2:?usage: contact.sh DEMO_DIR SAMPLES_DIR OUT [HEIGHT [NAME...]]}
out=${3:?usage: contact.sh DEMO_DIR SAMPLES_DIR OUT [HEIGHT [NAME...]]}
height=${4:-240}
[ $# -gt 4 ] && shift 4 || set --
PY=/usr/bin/python3
FONT="DejaVu Sans"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The names: those given, else every redacted sample with its overlay.
if [ $# -eq 0 ]; then
	for img in "$samples"/*.jpg "$samples"/*.png; do
		[ -f "$img" ] || continue
		name=$(basename "$img")
		[ -f "$demo/${name%.*}.overlay.png" ] && set -- "$@" "$name"
	done
fi
[ $# -gt 0 ] || { echo "contact.sh: nothing in $demo (make demo)" >&2; exit 1; }

# caption TEXT PNG — a line of black text on white, as wide as it needs
# (vips text draws white on black; its input is Pango markup).
caption() {
	vips text "$tmp/t.png" "$1" --font "$FONT $2" --dpi 72
	vips invert "$tmp/t.png" "$tmp/ti.png"
	vips embed "$tmp/ti.png" "$3" 6 6 \
		"$(($(vipsheader -f width "$tmp/ti.png") + 12))" \
		"$(($(vipsheader -f height "$tmp/ti.png") + 12))" \
		--extend white
}

caption "<b>input</b>  ·  <b>redacted output</b>  ·  <b>review overlay</b> (the unredacted input: keep it like an original)" \
	"$((height / 14 + 4))" "$tmp/head.png"
blocks=""
i=0
for name in "$@"; do
	i=$((i + 1))
	base=${name%.*}
	for part in "$samples/$name" "$demo/$name" "$demo/$base.overlay.png" \
		"$demo/$base.report.json"; do
		[ -f "$part" ] || { echo "contact.sh: $part missing (make demo)" >&2; exit 1; }
	done
	for k in in out ov; do
		case $k in
		in) src=$samples/$name ;;
		out) src=$demo/$name ;;
		ov) src=$demo/$base.overlay.png ;;
		esac
		vips thumbnail "$src" "$tmp/$k.png" 100000 --height "$height"
	done
	vips arrayjoin "$tmp/in.png $tmp/out.png $tmp/ov.png" "$tmp/row.png" \
		--across 3 --shim 8 --background "255 255 255"
	text=$($PY - "$demo/$base.report.json" "$name" <<'EOF'
import collections, json, sys
from xml.sax.saxutils import escape
r = json.load(open(sys.argv[1]))
kinds = collections.Counter(f["kind"] for f in r["findings"])
found = ", ".join(k if n == 1 else "%s ×%d" % (k, n) for k, n in kinds.items())
g = r["geometry"]
print(escape("%s: %d finding%s (%s); text turned %d°, skew %+.1f° (%s)" % (
    sys.argv[2], len(r["findings"]), "" if len(r["findings"]) == 1 else "s",
    found or "none", g["turn"], g["skew"], g["decided_by"])))
EOF
	)
	caption "$text" "$((height / 16 + 3))" "$tmp/cap.png"
	vips join "$tmp/cap.png" "$tmp/row.png" "$tmp/block$i.png" vertical \
		--expand --background 255
	blocks="$blocks $tmp/block$i.png"
done
# Every block is a caption line and a row HEIGHT high: one column of
# equal cells; the heading on top.
vips arrayjoin "${blocks# }" "$tmp/rows.png" --across 1 --shim 12 \
	--background "255 255 255"
vips join "$tmp/head.png" "$tmp/rows.png" "$tmp/sheet.png" vertical \
	--expand --shim 8 --background 255
case $out in
*.jpg|*.jpeg) vips copy "$tmp/sheet.png" "$out[Q=82,strip]" ;;
*) vips copy "$tmp/sheet.png" "$out[strip]" ;;
esac
echo "contact sheet: $# samples -> $out"
