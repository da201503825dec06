#!/bin/sh
# world.sh — the world around the program failing (issue 14): each case
# gives one "idredact: ..." line, a sysexits code, and nothing
# half-written (no OUT, no bytes on stdout where the case allows, no
# temporary left, no sealed file under its final name unless whole):
#  - --timeout: the budget runs out (70), and bad values (64);
#  - stdout closed early (EPIPE, 74) and stdout on /dev/full (ENOSPC, 74);
#  - OUT, the sealed file and the vault on a full file system (74);
#  - OUT and the vault in a read-only directory or file system (73);
#  - a vault on another file system than OUT works, whole.
# The file systems are small tmpfs mounts (needs root; otherwise those
# cases are reported as skipped, and the case fails unless
# WORLD_ALLOW_SKIP=1).
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
tmp=$(mktemp -d)
mounts=""
cleanup() {
	for m in $mounts; do umount "$m" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
export OMP_THREAD_LIMIT=1

"$P" keygen -o "$tmp/k.txt" 2>/dev/null || fail "keygen"
R=$(sed -n 's/^# public key: //p' "$tmp/k.txt")
card=$SAMPLES/th_card_01.jpg
[ -f "$card" ] || { echo "FAIL: no $card (make samples)"; exit 1; }

# run NAME CODE [ARGS...] — exit CODE, nothing on stdout, one stderr line.
run() {
	name=$1 code=$2
	shift 2
	"$P" "$@" >"$tmp/stdout" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq "$code" ] || fail "$name: exit $rc, expected $code: $(cat "$tmp/err")"
	[ ! -s "$tmp/stdout" ] || fail "$name: $(wc -c <"$tmp/stdout") bytes on stdout"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^idredact: ' "$tmp/err" ||
		fail "$name: stderr is not one 'idredact:' line: $(cat "$tmp/err")"
}
# nothing_in DIR NAME — DIR holds no file but the filler (see below).
nothing_in() {
	left=$(ls -A "$1" | grep -v '^filler$')
	[ -z "$left" ] || fail "$2: left behind: $(echo $left)"
}

# --- --timeout -------------------------------------------------------------
mkdir "$tmp/t"
run "timeout 0.3 s" 70 --timeout 0.3 -r "$R" --sealed-out "$tmp/t/s.age" "$card" "$tmp/t/o.jpg"
grep -q 'time limit' "$tmp/err" || fail "timeout: message does not say why: $(cat "$tmp/err")"
nothing_in "$tmp/t" "timeout"
run "timeout to stdout" 70 --timeout 0.3 "$card"
"$P" --timeout 120 "$card" "$tmp/t/ok.jpg" 2>"$tmp/err" || fail "timeout 120: exit $?: $(cat "$tmp/err")"
for bad in 0 -1 abc 1e999 nan; do
	run "--timeout $bad" 64 --timeout "$bad" "$card"
done

# --- stdout failing ----------------------------------------------------------
# The reader has gone before the first byte is written.
( "$P" "$card" 2>"$tmp/err"; echo $? >"$tmp/rc" ) | true
rc=$(cat "$tmp/rc")
[ "$rc" -eq 74 ] || fail "stdout closed early: exit $rc, expected 74"
grep -q 'Broken pipe' "$tmp/err" || fail "stdout closed early: message: $(cat "$tmp/err")"
"$P" "$card" >/dev/full 2>"$tmp/err"
rc=$?
[ "$rc" -eq 74 ] || fail "stdout on /dev/full: exit $rc, expected 74"
grep -q 'No space' "$tmp/err" || fail "stdout on /dev/full: message: $(cat "$tmp/err")"
"$P" open -i "$tmp/k.txt" "$tmp/none.age" >/dev/full 2>/dev/null
age -r "$R" -o "$tmp/p.age" "$card"
"$P" open -i "$tmp/k.txt" "$tmp/p.age" >/dev/full 2>"$tmp/err"
rc=$?
[ "$rc" -eq 74 ] || fail "open to /dev/full: exit $rc, expected 74: $(cat "$tmp/err")"

# --- file systems: full, read-only, another one ----------------------------
# mnt DIR OPTIONS — a tmpfs at DIR; returns non-zero when it cannot.
mnt() {
	mkdir -p "$1" && mount -t tmpfs -o "$2" idredact-test "$1" 2>/dev/null &&
		mounts="$1 $mounts"
}
if mnt "$tmp/full" size=256k && mnt "$tmp/ro" ro,size=64k && mnt "$tmp/other" size=8m; then
	# Full: a filler takes every block (dd stops at ENOSPC).
	dd if=/dev/zero of="$tmp/full/filler" bs=4k 2>/dev/null
	[ "$(df --output=avail "$tmp/full" | tail -n 1)" -eq 0 ] || fail "the full fs is not full"
	# OUT on a full file system: 74, no OUT, no temporary.
	run "OUT on a full fs" 74 --format png "$card" "$tmp/full/o.png"
	nothing_in "$tmp/full" "OUT on a full fs"
	# The sealed original on a full file system: 74, no OUT anywhere.
	mkdir "$tmp/out1"
	run "sealed file on a full fs" 74 -r "$R" --sealed-out "$tmp/full/s.age" \
		"$card" "$tmp/out1/o.png"
	nothing_in "$tmp/full" "sealed file on a full fs"
	nothing_in "$tmp/out1" "sealed file on a full fs (OUT)"
	run "vault on a full fs" 74 -r "$R" --vault "$tmp/full/vault" \
		"$card" "$tmp/out1/o.png"
	[ -z "$(find "$tmp/full" -type f ! -name filler)" ] ||
		fail "vault on a full fs: $(find "$tmp/full" -type f ! -name filler)"
	nothing_in "$tmp/out1" "vault on a full fs (OUT)"
	# Read-only: 73.
	run "OUT on a read-only fs" 73 "$card" "$tmp/ro/o.jpg"
	run "vault on a read-only fs" 73 -r "$R" --vault "$tmp/ro/vault" "$card" "$tmp/out1/o.jpg"
	run "sealed file on a read-only fs" 73 -r "$R" --sealed-out "$tmp/ro/s.age" "$card" "$tmp/out1/o.jpg"
	nothing_in "$tmp/out1" "read-only sealing (OUT)"
	# A vault on another file system than OUT and the working directory.
	"$P" -r "$R" --vault "$tmp/other/vault" --report "$tmp/out1/r.json" \
		"$card" "$tmp/out1/o.jpg" 2>"$tmp/err" ||
		fail "vault on another fs: exit $?: $(cat "$tmp/err")"
	v=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sealed"])' \
		"$tmp/out1/r.json" 2>/dev/null)
	case $v in
	"$tmp/other/vault/"*) "$P" open -i "$tmp/k.txt" "$v" "$tmp/out1/back.jpg" &&
		cmp -s "$card" "$tmp/out1/back.jpg" || fail "vault on another fs: sealed file does not open to the input" ;;
	*) fail "vault on another fs: sealed path '$v'" ;;
	esac
else
	echo "skipped: cannot mount tmpfs (not root?): full, read-only and other file systems"
	[ "${WORLD_ALLOW_SKIP:-0}" = 1 ] || fail "tmpfs cases skipped"
fi
# A read-only directory on a writable file system (root ignores modes,
# so chattr-free: a directory we cannot write because it is a file).
printf x >"$tmp/notadir"
run "OUT under a file" 73 "$card" "$tmp/notadir/o.jpg"

[ "$fails" -eq 0 ]
