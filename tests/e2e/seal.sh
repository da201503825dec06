#!/bin/sh
# seal.sh — sealed originals end to end, judged by Debian's age 1.1
# (SPEC §5):
#  - keygen: age-keygen's text form, 0600, never overwrites;
#  - interop both ways: age -d opens what idredact sealed (byte-identical,
#    at chunk-boundary sizes, several recipients, -R, --vault), idredact
#    open opens what age -r sealed; keys from either tool work in both;
#  - tampering (header, body, last chunk, truncation, wrong key): exit 65,
#    one stderr line, no OUT file and no bytes on stdout;
#  - identity files readable by group/others are refused (exit 66);
#  - killed while writing (SIGXFSZ at a file size limit, SIGKILL at
#    several moments): no file or a complete one under the final name.
# The cases that go through the redact command need the lead's pipeline
# (cli.c, pipeline.c); keygen and open are this file's own.
set -u
BUILD=${BUILD:-build}
P=$BUILD/idredact
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
command -v age >/dev/null && command -v age-keygen >/dev/null ||
	{ echo "FAIL: the age package is not installed"; exit 1; }

# same A B NAME — files A and B are byte-identical.
same() { cmp -s "$1" "$2" || fail "$3: $1 and $2 differ"; }

# exact_size FILE N — pad a PNG with trailing bytes to exactly N bytes
# (decoders stop at IEND), so the sealed original has that size.
exact_size() {
	cp "$tmp/base.png" "$1"
	pad=$(( $2 - $(wc -c <"$tmp/base.png") ))
	head -c "$pad" /dev/urandom >>"$1"
}

# --- keygen ------------------------------------------------------------
"$P" keygen -o "$tmp/k.txt" 2>"$tmp/err" || fail "keygen -o: exit $?"
[ "$(stat -c %a "$tmp/k.txt")" = 600 ] || fail "keygen: mode $(stat -c %a "$tmp/k.txt"), not 600"
R=$(sed -n 's/^# public key: //p' "$tmp/k.txt")
case $R in age1*) ;; *) fail "keygen: no '# public key: age1...' line" ;; esac
grep -q '^# created: [0-9-]*T[0-9:]*\(Z\|[+-][0-9][0-9]:[0-9][0-9]\)$' "$tmp/k.txt" ||
	fail "keygen: no RFC 3339 '# created:' line"
grep -q '^AGE-SECRET-KEY-1[0-9A-Z]*$' "$tmp/k.txt" || fail "keygen: no identity line"
grep -qx "Public key: $R" "$tmp/err" || fail "keygen -o: public key not on stderr"
[ "$(age-keygen -y "$tmp/k.txt")" = "$R" ] || fail "keygen: age-keygen -y disagrees on the public key"
cp "$tmp/k.txt" "$tmp/k.before"
"$P" keygen -o "$tmp/k.txt" 2>"$tmp/err"
rc=$?
[ $rc -eq 73 ] || fail "keygen over an existing file: exit $rc, expected 73"
same "$tmp/k.txt" "$tmp/k.before" "keygen must not overwrite"
"$P" keygen >"$tmp/k2.out" 2>"$tmp/err" || fail "keygen to stdout: exit $?"
grep -q '^AGE-SECRET-KEY-1' "$tmp/k2.out" || fail "keygen to stdout: no identity"
[ ! -s "$tmp/err" ] || fail "keygen to stdout: stderr not empty"
"$P" keygen --help >"$tmp/out" 2>&1 && grep -q Usage "$tmp/out" || fail "keygen --help"
"$P" keygen --bogus >"$tmp/out" 2>&1
[ $? -eq 64 ] || fail "keygen --bogus: expected exit 64"

age-keygen -o "$tmp/a.txt" 2>/dev/null
chmod 600 "$tmp/a.txt"
A=$(age-keygen -y "$tmp/a.txt")

# --- age seals, idredact opens (chunk-boundary sizes) -------------------
for n in 0 1 65535 65536 65537 200000; do
	head -c "$n" /dev/urandom >"$tmp/p$n"
	age -r "$A" -r "$R" -o "$tmp/p$n.age" "$tmp/p$n" || fail "age -r ($n bytes)"
	"$P" open -i "$tmp/a.txt" "$tmp/p$n.age" "$tmp/o$n" ||
		fail "open with an age-keygen key ($n bytes): exit $?"
	same "$tmp/p$n" "$tmp/o$n" "open $n bytes"
	"$P" open -i "$tmp/k.txt" <"$tmp/p$n.age" >"$tmp/s$n" ||
		fail "open stdin to stdout with an idredact key ($n bytes): exit $?"
	same "$tmp/p$n" "$tmp/s$n" "open stdin->stdout $n bytes"
done
age -d -i "$tmp/k.txt" "$tmp/p200000.age" >"$tmp/d" || fail "age -d with an idredact key"
same "$tmp/p200000" "$tmp/d" "age -d with an idredact key"

# --- tampering through the command line ----------------------------------
# expect_no_plaintext NAME FILE [KEY] — open fails with 65, writes no OUT
# file, no stdout, one stderr line.
expect_no_plaintext() {
	key=${3:-$tmp/k.txt}
	rm -f "$tmp/t.out"
	"$P" open -i "$key" "$2" "$tmp/t.out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 65 ] || fail "$1: exit $rc, expected 65"
	[ ! -e "$tmp/t.out" ] || fail "$1: OUT was written"
	"$P" open -i "$key" "$2" >"$tmp/t.stdout" 2>"$tmp/err"
	[ ! -s "$tmp/t.stdout" ] || fail "$1: $(wc -c <"$tmp/t.stdout") bytes on stdout"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^idredact: ' "$tmp/err" ||
		fail "$1: stderr is not one 'idredact:' line: $(cat "$tmp/err")"
	ls "$tmp" | grep -q 'idredact-' && fail "$1: a temporary file was left"
}
# flip FILE OFFSET OUT — OUT is FILE with the byte at OFFSET changed.
flip() {
	/usr/bin/python3 -c 'import sys
d = bytearray(open(sys.argv[1], "rb").read()); o = int(sys.argv[2])
d[o] ^= 0x5a; open(sys.argv[3], "wb").write(d)' "$1" "$2" "$3"
}
f=$tmp/p200000.age
size=$(wc -c <"$f")
flip "$f" 30 "$tmp/hdr.age";            expect_no_plaintext "flipped header byte" "$tmp/hdr.age"
flip "$f" $((size - 150000)) "$tmp/body.age"; expect_no_plaintext "flipped body byte" "$tmp/body.age"
flip "$f" $((size - 10)) "$tmp/last.age";  expect_no_plaintext "flipped last-chunk byte" "$tmp/last.age"
head -c $((size - 1)) "$f" >"$tmp/cut1.age"; expect_no_plaintext "cut by one byte" "$tmp/cut1.age"
head -c $((size - 3408)) "$f" >"$tmp/cutc.age"; expect_no_plaintext "cut at a chunk boundary" "$tmp/cutc.age"
head -c 100 "$f" >"$tmp/cuth.age";        expect_no_plaintext "cut in the header" "$tmp/cuth.age"
age-keygen -o "$tmp/other.txt" 2>/dev/null; chmod 600 "$tmp/other.txt"
expect_no_plaintext "wrong key" "$f" "$tmp/other.txt"
grep -q 'no identity' "$tmp/err" || fail "wrong key: unclear message: $(cat "$tmp/err")"

# --- identity files -------------------------------------------------------
cp "$tmp/k.txt" "$tmp/k644.txt"; chmod 644 "$tmp/k644.txt"
"$P" open -i "$tmp/k644.txt" "$tmp/p1.age" "$tmp/x" 2>"$tmp/err"
rc=$?
[ $rc -eq 66 ] || fail "group/world-readable identity: exit $rc, expected 66"
grep -q 'group or others' "$tmp/err" || fail "group/world-readable identity: unclear message"
grep -q 'AGE-SECRET-KEY' "$tmp/err" && fail "a key was printed in a message"
"$P" open "$tmp/p1.age" >/dev/null 2>&1
[ $? -eq 64 ] || fail "open without -i: expected exit 64"
"$P" open -i "$tmp/missing.txt" "$tmp/p1.age" >/dev/null 2>&1
[ $? -eq 66 ] || fail "open with a missing identity file: expected exit 66"
# several -i: the second one matches
"$P" open -i "$tmp/other.txt" -i "$tmp/a.txt" "$tmp/p65537.age" "$tmp/o2" || fail "open with two -i"
same "$tmp/p65537" "$tmp/o2" "open with two -i"

# --- killed while writing: open ----------------------------------------
head -c 24000000 /dev/urandom >"$tmp/big"
age -r "$R" -o "$tmp/big.age" "$tmp/big"
# The file size limit kills the writer mid-write with SIGXFSZ.
(ulimit -f 4000; exec "$P" open -i "$tmp/k.txt" "$tmp/big.age" "$tmp/big.out") 2>/dev/null
rc=$?
[ $rc -gt 128 ] || fail "open under ulimit -f was not killed (exit $rc)"
[ ! -e "$tmp/big.out" ] || fail "open killed mid-write left OUT under its final name"
rm -f "$tmp"/big.out.idredact-*
# SIGKILL at spread-out moments: OUT is absent or complete.
for d in 0.01 0.05 0.1 0.2 0.4; do
	rm -f "$tmp/big.out"
	"$P" open -i "$tmp/k.txt" "$tmp/big.age" "$tmp/big.out" 2>/dev/null &
	pid=$!
	sleep $d
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ ! -e "$tmp/big.out" ] || same "$tmp/big" "$tmp/big.out" "open killed after ${d}s"
	rm -f "$tmp"/big.out.idredact-*
done

# --- idredact seals, age opens (needs the redact command) ---------------
vips black "$tmp/base.png" 320 200 --bands 3 || fail "vips black"
for n in 65536 65537 131072 200000; do
	exact_size "$tmp/in$n.png" $n
	"$P" -r "$R" -r "$A" --sealed-out "$tmp/in$n.age" "$tmp/in$n.png" "$tmp/out$n.png" 2>"$tmp/err" ||
		fail "redact with --sealed-out ($n bytes): exit $?: $(cat "$tmp/err")"
	# exit 0 promised a sealed original: its absence is a failure
	[ -e "$tmp/in$n.age" ] || { fail "exit 0 but no sealed file ($n bytes)"; continue; }
	[ "$(stat -c %a "$tmp/in$n.age")" = 600 ] || fail "sealed file mode is not 600"
	age -d -i "$tmp/a.txt" "$tmp/in$n.age" >"$tmp/d$n" || fail "age -d of a sealed original ($n bytes)"
	same "$tmp/in$n.png" "$tmp/d$n" "age -d of a sealed original ($n bytes)"
	age -d -i "$tmp/k.txt" "$tmp/in$n.age" >"$tmp/d$n" || fail "age -d with the idredact key ($n bytes)"
	"$P" open -i "$tmp/k.txt" "$tmp/in$n.age" "$tmp/e$n" || fail "open of a sealed original ($n bytes)"
	same "$tmp/in$n.png" "$tmp/e$n" "open of a sealed original ($n bytes)"
done
# -R recipients file, --vault, and the path in the report
printf '# compliance team\n%s\n\n%s\n' "$A" "$R" >"$tmp/recipients.txt"
"$P" -R "$tmp/recipients.txt" --vault "$tmp/vault" --report "$tmp/rep.json" \
	"$tmp/in65537.png" "$tmp/outv.png" 2>"$tmp/err" || fail "redact with --vault: exit $?: $(cat "$tmp/err")"
v=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sealed"])' "$tmp/rep.json" 2>/dev/null)
if [ -n "$v" ] && [ -f "$v" ]; then
	h=$(sha256sum "$v" | cut -d' ' -f1)
	[ "$v" = "$tmp/vault/$(echo "$h" | cut -c1-2)/$h.age" ] ||
		fail "vault path $v is not VAULT/ab/<sha256>.age"
	age -d -i "$tmp/a.txt" "$v" >"$tmp/dv" || fail "age -d of the vault entry"
	same "$tmp/in65537.png" "$tmp/dv" "age -d of the vault entry"
else
	fail "redact with --vault: report has no sealed path to a file ($(cat "$tmp/rep.json" 2>/dev/null))"
fi
# Fail closed: a sealed original that cannot be written means no output.
"$P" -r "$R" --sealed-out "$tmp/nodir/x.age" "$tmp/in65537.png" "$tmp/outf.png" 2>"$tmp/err"
rc=$?
[ $rc -eq 73 ] || fail "sealed-out in a missing directory: exit $rc, expected 73"
[ ! -e "$tmp/outf.png" ] || fail "redacted output released though sealing failed"
exact_size "$tmp/bigin.png" 8000000
(ulimit -f 4000; exec "$P" -r "$R" --sealed-out "$tmp/bigin.age" "$tmp/bigin.png" "$tmp/bigout.png") 2>/dev/null
rc=$?
[ $rc -ne 0 ] || fail "redact under ulimit -f succeeded"
[ ! -e "$tmp/bigin.age" ] || fail "redact killed mid-seal left a sealed file under its final name"
[ ! -e "$tmp/bigout.png" ] || fail "redact killed mid-seal released output"

[ "$fails" -eq 0 ]
