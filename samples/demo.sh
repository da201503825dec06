#!/bin/sh
# demo.sh PROG SAMPLES_DIR OUT_DIR — run the redactor on every sample
# image and say what it found, one line per file:
#   th_card_01.jpg: 3 findings (th_id, face, face) -> build/demo/th_card_01.jpg
# PROG is called as `PROG --report OUT_DIR/BASE.report.json --overlay
# OUT_DIR/BASE.overlay.png IN OUT_DIR/NAME` (BASE: NAME without suffix);
# the kinds are read from the report's "findings" array. A file PROG
# fails on gets its error line and the run goes on; the exit status is 1
# when any file failed.
set -u
prog=${1:?usage: demo.sh PROG SAMPLES_DIR OUT_DIR}
samples=${2:?usage: demo.sh PROG SAMPLES_DIR OUT_DIR}
out=${3:?usage: demo.sh PROG SAMPLES_DIR OUT_DIR}
PY=/usr/bin/python3
status=0

mkdir -p "$out" || exit 1
found=0
for img in "$samples"/*.jpg "$samples"/*.png; do
	[ -f "$img" ] || continue
	found=1
	name=$(basename "$img")
	report="$out/${name%.*}.report.json"
	if ! err=$("$prog" --report "$report" --overlay "$out/${name%.*}.overlay.png" \
		"$img" "$out/$name" 2>&1 >/dev/null); then
		echo "$name: FAILED: $(printf '%s\n' "$err" | head -1)"
		status=1
		continue
	fi
	summary=$($PY - "$report" <<'EOF'
import json, sys
try:
    kinds = [f.get("kind", "?") for f in json.load(open(sys.argv[1]))["findings"]]
except (OSError, ValueError, KeyError, TypeError) as e:
    print("unreadable report: %s" % e)
    sys.exit(1)
print("%d finding%s (%s)" % (len(kinds), "" if len(kinds) == 1 else "s",
                             ", ".join(kinds)))
EOF
	) || status=1
	echo "$name: $summary -> $out/$name"
done
[ "$found" = 1 ] || { echo "demo.sh: no images in $samples" >&2; exit 1; }
exit $status
