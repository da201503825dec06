#!/bin/sh
# hostile.sh — the hostile and awkward corpus (tests/corpus.c, made into
# $BUILD/corpus by make) through the real program, each file judged by
# its line in $CORPUS/expect (issue 14):
#  - refuse: exit 65, no byte on stdout, one "idredact: " line on stderr;
#  - either: exit 0 or 65 and nothing else; on 0 the output decodes;
#  - redact: exit 0, as many pages out as ground truths, and each page
#    judged by judge.py against its sample's ground truth (every
#    identifier box masked, no value read back by tesseract) at the
#    sample's size; absent=HEX bytes not in the output; single=1 one
#    JPEG start-of-image only (an MPF's second image is gone).
# HOSTILE_JUDGE=0 skips the OCR judging (the sanitizer run of .ci/run:
# there the question is memory safety on every file, and the judging of
# the same outputs is done by the ordinary run). E2E_JOBS files at once.
set -u
BUILD=${BUILD:-build}
CORPUS=${CORPUS:-$BUILD/corpus}
P=$BUILD/idredact
here=$(dirname "$0")
judge="/usr/bin/python3 $here/judge.py"
JOBS=${E2E_JOBS:-2}
JUDGE=${HOSTILE_JUDGE:-1}
export OMP_THREAD_LIMIT=1

# One corpus line, called back through xargs: prints one line per
# failed check and leaves DIR/NAME.done at the end.
if [ "${1:-}" = --case ]; then
	dir=$2
	shift 2
	name=$1 outcome=$2
	shift 2
	in=$CORPUS/$name out=$dir/$name.out
	done_() { touch "$dir/$name.done"; exit 0; }
	case $outcome in
	refuse)
		"$P" <"$in" >"$out" 2>"$out.err"
		rc=$?
		[ "$rc" -eq 65 ] || echo "FAIL: $name: exit $rc, expected 65: $(head -c 300 "$out.err")"
		[ ! -s "$out" ] || echo "FAIL: $name: $(wc -c <"$out") bytes on stdout"
		[ "$(wc -l <"$out.err")" -eq 1 ] && grep -q '^idredact: ' "$out.err" ||
			echo "FAIL: $name: stderr is not one 'idredact:' line: $(head -c 300 "$out.err")"
		done_ ;;
	either)
		"$P" "$in" "$out" 2>"$out.err"
		rc=$?
		case $rc in
		0) vipsheader "$out" >/dev/null 2>&1 || echo "FAIL: $name: exit 0 and the output does not decode" ;;
		65) [ ! -e "$out" ] || echo "FAIL: $name: exit 65 and an output exists" ;;
		*) echo "FAIL: $name: exit $rc, expected 0 or 65: $(head -c 300 "$out.err")" ;;
		esac
		done_ ;;
	redact) ;;
	*) echo "FAIL: $name: unknown outcome '$outcome'"; done_ ;;
	esac
	gts="" absent="" single=""
	for kv in "$@"; do
		case $kv in
		gt=*) gts=$(echo "${kv#gt=}" | tr ',' ' ') ;;
		absent=*) absent=${kv#absent=} ;;
		single=*) single=${kv#single=} ;;
		esac
	done
	"$P" "$in" "$out" 2>"$out.err" ||
		{ echo "FAIL: $name: exit $?: $(head -c 300 "$out.err")"; done_; }
	want=$(echo $gts | wc -w)
	got=$(vipsheader -f n-pages "$out" 2>/dev/null || echo 1)
	[ "$got" -eq "$want" ] || echo "FAIL: $name: $got pages out, $want in"
	if [ -n "$absent" ] && /usr/bin/python3 -c 'import sys
sys.exit(0 if bytes.fromhex(sys.argv[1]) in open(sys.argv[2], "rb").read() else 1)' "$absent" "$out"; then
		echo "FAIL: $name: the output still holds $absent"
	fi
	if [ -n "$single" ]; then
		n=$(/usr/bin/python3 -c 'import sys
print(open(sys.argv[1], "rb").read().count(b"\xff\xd8\xff"))' "$out")
		[ "$n" -eq 1 ] || echo "FAIL: $name: $n JPEG images in the output"
	fi
	k=0
	for gt in $gts; do
		page=$dir/$name.page$k.png
		src=$out
		[ "$want" -eq 1 ] || src="$out[page=$k]"
		vips copy "$src" "$page" 2>/dev/null ||
			{ echo "FAIL: $name: page $k does not decode"; k=$((k + 1)); continue; }
		size=$(/usr/bin/python3 -c 'import json,sys; g=json.load(open(sys.argv[1]))
print(g["width"], g["height"])' "$gt")
		[ "$(vipsheader -f width "$page") $(vipsheader -f height "$page")" = "$size" ] ||
			echo "FAIL: $name: page $k is $(vipsheader -f width "$page")x$(vipsheader -f height "$page"), the sample $size"
		if [ "$JUDGE" = 1 ]; then
			$judge ids "$gt" "$page" >"$page.judge" 2>&1 ||
				echo "FAIL: $name: page $k: $(head -c 400 "$page.judge")"
		fi
		k=$((k + 1))
	done
	done_
fi

[ -f "$CORPUS/expect" ] || { echo "FAIL: no $CORPUS/expect (make corpus)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
xargs -P "$JOBS" -L 1 sh -c 'd=$1; shift; sh "$0" --case "$d" "$@" >"$d/$1.log"' "$0" "$tmp" \
	<"$CORPUS/expect" || { echo "FAIL: xargs: exit $?"; fails=$((fails + 1)); }
n=0
while read -r name rest; do
	n=$((n + 1))
	[ -f "$tmp/$name.done" ] || { echo "FAIL: $name: not judged to the end"; fails=$((fails + 1)); }
	if [ -s "$tmp/$name.log" ]; then
		cat "$tmp/$name.log"
		fails=$((fails + 1))
	fi
done <"$CORPUS/expect"
echo "judged $n files (HOSTILE_JUDGE=$JUDGE)"
[ "$fails" -eq 0 ]
