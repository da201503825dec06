#!/bin/sh
# batch_hostile.sh — `idredact batch` against hostile archives (SPEC §6),
# written by hostile_archives.py with Python's tarfile/zipfile:
#  - "../", absolute and "a/../../" names come out renamed inside OUT
#    ("__", no leading '/'), recorded as "out" in the manifest; nothing
#    lands outside OUT (directory output); a duplicate name becomes
#    "dup~2.png"; a symlink, a hard link, a device and a FIFO are dropped
#    with their reason; none of it is a failure (exit 0);
#  - an entry over --max-entry-bytes or --max-pixels fails alone (65),
#    the others are written; --strict stops at it with no OUT;
#  - a header declaring 8 GiB on a short file, a truncated tar.gz, random
#    bytes, a 400 MiB zip bomb: exit 65, one clear stderr line, no OUT,
#    no manifest file, no sealed file, no temporary left, in seconds;
#  - OUT, --vault or --sealed-out inside a directory IN, --sealed-out
#    with OUT on stdout: usage errors (64);
#  - -v and --timings print a line per entry and per image, a name's
#    control bytes as '?' (a name cannot write to the terminal);
#  - a killed batch leaves no OUT; one stopped by SIGTERM, SIGHUP or SIGINT dies
#    of that signal after removing OUT's, the manifest's and the sealed
#    file's temporaries.
set -u
BUILD=${BUILD:-build}
P=$(cd "$(dirname "$BUILD/idredact")" && pwd)/idredact
here=$(cd "$(dirname "$0")" && pwd)
check="/usr/bin/python3 $here/batch_check.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
H=$tmp/h
/usr/bin/python3 "$here/hostile_archives.py" "$H" || fail "hostile_archives.py"
age-keygen -o "$tmp/key.txt" 2>/dev/null
R=$(age-keygen -y "$tmp/key.txt")

# field NAME KEY — KEY of NAME's line in $tmp/run/m.jsonl
field() { $check field "$tmp/run/m.jsonl" "$1" "$2"; }
# expect NAME KEY VALUE
expect() {
	got=$(field "$1" "$2")
	[ "$got" = "$3" ] || fail "$1: $2 is '$got', expected '$3'"
}

# --- names, links, devices, duplicates: directory output --------------
mkdir -p "$tmp/run"
(cd "$tmp/run" && "$P" batch -q -j2 --manifest m.jsonl "$H/names.tar" out) 2>"$tmp/err" ||
	fail "names.tar: exit $?: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/run/m.jsonl")" -eq 12 ] || fail "names.tar: $(wc -l <"$tmp/run/m.jsonl") manifest lines, not 12"
expect ../evil.png out __/evil.png
expect ../evil.png outcome redacted
expect /abs/evil2.png out abs/evil2.png
expect a/../../up.png out a/__/__/up.png
expect ok.png out -
expect link outcome dropped
expect link reason "symbolic link, not followed"
expect hl outcome dropped
expect hl reason "hard link, not followed"
expect dev outcome dropped
expect fifo outcome dropped
[ "$($check nth "$tmp/run/m.jsonl" 5 out)" = - ] || fail "first dup.png renamed"
[ "$($check nth "$tmp/run/m.jsonl" 6 out)" = dup~2.png ] || fail "second dup.png not renamed dup~2.png"
for f in ok.png __/evil.png abs/evil2.png a/__/__/up.png dup.png dup~2.png dir/x.png; do
	[ -f "$tmp/run/out/$f" ] || fail "names.tar: $f missing from OUT"
done
outside=$(find "$tmp" \( -name 'evil*' -o -name up.png -o -name link -o -name hl \) -not -path "$tmp/run/out/*")
[ -z "$outside" ] || fail "written outside OUT: $outside"
[ ! -e /abs/evil2.png ] || fail "an absolute name was written at /abs"
[ "$(find "$tmp/run/out" -type l -o -type c -o -type p | wc -l)" -eq 0 ] || fail "a link or device in OUT"
# The same archive to a tar: names are as safe there.
"$P" batch -q -j1 "$H/names.tar" "$tmp/names-out.tar" >/dev/null 2>&1 || fail "names.tar to tar: exit $?"
bad=$($check names "$tmp/names-out.tar" | grep -e '^/' -e '\.\./' -e '^\.\.$')
[ -z "$bad" ] || fail "unsafe names in the tar output: $bad"

# --- limits: the entry fails alone; --strict stops -----------------------
rm -rf "$tmp/run" && mkdir -p "$tmp/run"
"$P" batch -q -j2 --max-entry-bytes 1000000 --max-pixels 1000000 \
	--manifest "$tmp/run/m.jsonl" "$H/sizes.tar" "$tmp/run/o.tar" 2>"$tmp/err"
rc=$?
[ $rc -eq 65 ] || fail "sizes.tar: exit $rc, expected 65"
expect ok.png outcome redacted
expect big.png outcome failed
expect wide.png outcome failed
case $(field big.png reason) in *limit*) ;; *) fail "big.png: reason $(field big.png reason)" ;; esac
case $(field wide.png reason) in *pixels*) ;; *) fail "wide.png: reason $(field wide.png reason)" ;; esac
[ "$($check names "$tmp/run/o.tar" | tr '\n' ' ')" = "ok.png " ] || fail "sizes.tar: OUT holds $($check names "$tmp/run/o.tar")"
"$P" batch -q -j2 --strict --max-entry-bytes 1000000 -r "$R" --sealed-out "$tmp/run/s.age" \
	--manifest "$tmp/run/strict.jsonl" "$H/sizes.tar" "$tmp/run/strict.tar" 2>"$tmp/err"
rc=$?
[ $rc -eq 65 ] || fail "--strict: exit $rc, expected 65"
[ ! -e "$tmp/run/strict.tar" ] && [ ! -e "$tmp/run/s.age" ] && [ ! -e "$tmp/run/strict.jsonl" ] ||
	fail "--strict left output: $(ls "$tmp/run")"
grep -q 'big.png' "$tmp/err" || fail "--strict: message does not name the entry: $(cat "$tmp/err")"
# keep-sealed-only: the failed entry's original is in the sealed tar
"$P" batch -q -j2 --max-pixels 1000000 --on-error keep-sealed-only -r "$R" \
	--sealed-out "$tmp/run/k.age" --manifest "$tmp/run/m.jsonl" "$H/sizes.tar" "$tmp/run/k.tar" 2>/dev/null
age -d -i "$tmp/key.txt" "$tmp/run/k.age" | tar -t >"$tmp/sealed.txt" 2>/dev/null
grep -qx wide.png "$tmp/sealed.txt" || fail "keep-sealed-only: wide.png not sealed ($(cat "$tmp/sealed.txt"))"
expect wide.png sealed '{"file": "'"$tmp/run/k.age"'", "member": "wide.png"}'
[ "$($check names "$tmp/run/k.tar" | tr '\n' ' ')" = "ok.png big.png " ] || fail "keep-sealed-only: OUT holds $($check names "$tmp/run/k.tar")"

# --- archives that stop the run --------------------------------------------
# stopped NAME IN PATTERN — exit 65 within 60 s, one stderr line matching
# PATTERN, no OUT, manifest file, sealed file or temporary.
stopped() {
	rm -rf "$tmp/run" && mkdir -p "$tmp/run"
	start=$(date +%s)
	timeout 60 "$P" batch -j2 -r "$R" --sealed-out "$tmp/run/s.age" --manifest "$tmp/run/m.jsonl" \
		"$2" "$tmp/run/o.tar" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 65 ] || fail "$1: exit $rc, expected 65: $(cat "$tmp/err")"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qi "$3" "$tmp/err" ||
		fail "$1: stderr is not one line matching '$3': $(cat "$tmp/err")"
	left=$(ls -A "$tmp/run")
	[ -z "$left" ] || fail "$1: left behind: $left"
	echo "$1: $(( $(date +%s) - start )) s: $(cat "$tmp/err")"
}
stopped "declared 8 GiB" "$H/huge.tar" 'truncated\|premature\|eof'
stopped "truncated tar.gz" "$H/truncated.tgz" 'truncated\|premature\|eof'
stopped "random bytes" "$H/garbage.tar" 'not.*archive\|unrecognized'
stopped "zip bomb" "$H/bomb.zip" 'expands over.*zip bomb'

# --- usage errors -------------------------------------------------------------
mkdir -p "$tmp/indir"
cp "$H/names.tar" "$tmp/indir/"
for args in "$tmp/indir $tmp/indir/out" \
	"-r $R --vault $tmp/indir/v $tmp/indir $tmp/o1" \
	"-r $R --sealed-out $tmp/indir/s.age $tmp/indir $tmp/o2" \
	"-r $R --sealed-out $tmp/s.age $H/names.tar -" \
	"--on-error keep-sealed-only $H/names.tar $tmp/o3.tar" \
	"$H/names.tar" "-j 0 $H/names.tar $tmp/o4.tar" "--non-images maybe $H/names.tar $tmp/o5.tar"; do
	# shellcheck disable=SC2086 # word splitting wanted
	"$P" batch $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 64 ] || fail "batch $args: exit $rc, expected 64"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "batch $args: stderr: $(cat "$tmp/err")"
	[ ! -s "$tmp/out" ] || fail "batch $args: wrote to stdout"
done
[ -z "$(ls "$tmp/indir" | grep -v names.tar)" ] || fail "a refused run wrote into IN: $(ls "$tmp/indir")"

# --- -v and --timings: a line per entry, control bytes never printed ------
"$P" batch -q -v --timings -j2 "$H/escape.tar" "$tmp/esc.tar" >/dev/null 2>"$tmp/err" ||
	fail "escape.tar: exit $?: $(cat "$tmp/err")"
[ "$(grep -c ': redacted$' "$tmp/err")" -eq 2 ] && grep -q '^idredact: notes.txt: dropped$' "$tmp/err" ||
	fail "-v: not one outcome line per entry: $(cat -v "$tmp/err")"
[ "$(grep -c 'timings ms: decode=.* total=' "$tmp/err")" -eq 2 ] ||
	fail "--timings: not one line per image: $(cat -v "$tmp/err")"
grep -q '^idredact: a?\]0;title?b?\[2J\.png: redacted$' "$tmp/err" ||
	fail "-v: the escaped name is not printed with '?': $(cat -v "$tmp/err")"
! grep -q "$(printf '\033')" "$tmp/err" || fail "-v printed an escape byte: $(cat -v "$tmp/err")"

# --- killed: no OUT ------------------------------------------------------------
"$P" batch -j1 "$H/sizes.tar" "$tmp/killed.tar" --manifest "$tmp/killed.jsonl" 2>/dev/null &
pid=$!
sleep 1
if kill -9 $pid 2>/dev/null; then
	wait $pid 2>/dev/null
	[ ! -e "$tmp/killed.tar" ] || fail "a killed batch left OUT"
else
	echo "note: the batch ended within 1 s; the kill case was not tried"
fi

# --- SIGTERM, SIGHUP, SIGINT: no OUT and no temporary ----------------------
# (a shell starts a background job with SIGINT ignored, nohup with SIGHUP
# ignored, and idredact leaves an ignored signal ignored: env puts them
# back to their default first)
S=${SAMPLES:-$BUILD/samples}
mkdir -p "$tmp/many"
for i in 1 2 3 4 5 6 7 8; do cp "$S/th_card_01.jpg" "$tmp/many/$i.jpg"; done
for sig in TERM:15 HUP:1 INT:2; do
	num=${sig#*:} sig=${sig%:*}
	rm -rf "$tmp/sig" && mkdir -p "$tmp/sig"
	env --default-signal=HUP,INT "$P" batch -q -j1 -r "$R" --sealed-out "$tmp/sig/s.age" \
		--manifest "$tmp/sig/m.jsonl" \
		"$tmp/many" "$tmp/sig/out.tar" 2>"$tmp/sig.err" &
	pid=$!
	sleep 2
	kill -s $sig $pid
	wait $pid
	rc=$?
	want=$((128 + num))
	[ $rc -eq $want ] || fail "SIG$sig: exit $rc, expected $want: $(cat "$tmp/sig.err")"
	[ -z "$(ls "$tmp/sig")" ] || fail "SIG$sig: left $(ls "$tmp/sig" | tr '\n' ' ')"
	grep -q 'stopped by signal' "$tmp/sig.err" || fail "SIG$sig: stderr: $(cat "$tmp/sig.err")"
done

[ "$fails" -eq 0 ]
