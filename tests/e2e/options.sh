#!/bin/sh
# options.sh — every option that changes what is masked, end to end, each
# case judged both ways so that an option that does nothing, or does the
# opposite, fails: what it must mask is masked (every glyph, or 95 % of a
# portrait or code box) and what it must leave is left (judge.py kinds):
#   --kinds with each group (ids, telecom, mrz, fields, codes, faces) and
#           single kinds (imei, passport, qr, face), on samples holding
#           both what the list names and what it does not;
#   --no-faces, --no-codes: the portrait / the QR code left, numbers masked
#           (zbarimg still reads the code);
#   --mask pixelate: number and portrait pixelated, not black, their detail
#           gone (judge.py pixelated);
#   --on-miss reject: a card with a number goes through masked (exit 0);
#           a blank page is refused (redact.sh).
# The samples are upright ones ($SAMPLES, make samples), so a case tests
# the option, not the orientation stage. Redactions run E2E_JOBS at a time.
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
here=$(dirname "$0")
judge="/usr/bin/python3 $here/judge.py"
JOBS=${E2E_JOBS:-2}

# One case, called back through xargs: NAME SAMPLE HIDE SHOW ARGS...
# (HIDE/SHOW comma lists of kinds, "-" for none; HIDE "pixelate:KINDS"
# asks judge.py pixelated). Prints one line per failure; DIR/NAME.done at
# the end.
if [ "${1:-}" = --case ]; then
	dir=$2 name=$3 sample=$4 hide=$5 show=$6
	shift 6
	export OMP_THREAD_LIMIT=1
	gt=$SAMPLES/$sample.json
	img=$(ls "$SAMPLES/$sample".jpg "$SAMPLES/$sample".png 2>/dev/null | head -n 1)
	out=$dir/$name.${img##*.}
	if [ -z "$img" ]; then
		echo "$name: no sample $sample in $SAMPLES (make samples)"
	elif ! "$P" "$@" "$img" "$out" 2>"$out.err"; then
		echo "$name: idredact $* exit $?: $(cat "$out.err")"
	else
		case $hide in
		pixelate:*)
			$judge pixelated "$gt" "$img" "$out" "${hide#pixelate:}" ||
				echo "$name: judge pixelated exit $?" ;;
		*)
			$judge kinds "$gt" "$out" "$hide" "$show" ||
				echo "$name: judge kinds exit $?" ;;
		esac
		case $name in
		no-codes)
			zbarimg -q "$out" >/dev/null 2>&1 ||
				echo "$name: zbarimg reads no code on the output" ;;
		esac
	fi
	touch "$dir/$name.done"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
[ -x "$P" ] || { echo "FAIL: $P not built"; exit 1; }

# NAME SAMPLE HIDE SHOW ARGS... — one line per case.
cat >"$tmp/cases" <<'EOF'
kinds-telecom sim_form_01 phone,iccid,imsi,imei th_id,portrait --kinds telecom
kinds-imei sim_form_01 imei iccid,imsi,phone,th_id --kinds imei
kinds-ids sim_form_01 th_id phone,iccid,imsi,imei,portrait --kinds ids
kinds-fields sim_form_01 dob th_id,phone,iccid,portrait --kinds fields
kinds-faces th_card_01 portrait th_id --kinds faces
kinds-face hk_card_01 portrait hk_id --kinds face
kinds-mrz passport_01 mrz passport,th_id,portrait --kinds mrz
kinds-passport passport_01 passport mrz,portrait --kinds passport
kinds-codes vn_cccd_01 qr vn_cccd,portrait --kinds codes
kinds-qr-and-id vn_cccd_01 qr,vn_cccd portrait --kinds qr,vn_cccd
no-faces th_card_01 th_id portrait --no-faces
no-codes vn_cccd_01 vn_cccd qr --no-codes
pixelate th_card_01 pixelate:th_id,portrait - --mask pixelate
on-miss-reject th_card_01 th_id,portrait - --on-miss reject
EOF
n=$(wc -l <"$tmp/cases")
xargs -P "$JOBS" -L 1 sh -c 'd=$1; shift; sh "$0" --case "$d" "$@" >"$d/$1.fail"' \
	"$0" "$tmp" <"$tmp/cases" || fail "xargs: exit $?"
while read -r name _; do
	[ -f "$tmp/$name.done" ] || fail "$name: not judged to the end"
	[ -s "$tmp/$name.fail" ] && while IFS= read -r line; do fail "$line"; done <"$tmp/$name.fail"
done <"$tmp/cases"
echo "options: $n cases, $fails failures"
[ "$fails" -eq 0 ]
