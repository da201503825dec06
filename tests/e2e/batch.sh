#!/bin/sh
# batch.sh — `idredact batch` on a generated export (SPEC §6):
#  - two sets of the sample documents drawn with fresh seeds (printed;
#    BATCH_SEED=N repeats a run), their ground-truth JSON files (which
#    hold the numbers in the clear: non-images to drop), a text file, a
#    fake PDF and one corrupt JPEG, in a tar.gz: >= 100 documents;
#  - batch -j2 with --sealed-out into a tar: the manifest has one line per
#    input entry in order with size, SHA-256 and the right outcome; the
#    tar holds exactly the redacted images in input order (same names,
#    same pixel size); exit 65 for the one corrupt image; `age -d` of the
#    sealed file is a tar of every redacted and dropped original, byte
#    for byte (batch_check.py, Python's tarfile as the outside reader);
#  - the tesseract command reads no ground-truth identifier back from the
#    outputs of one whole document kind (all Thai cards) plus a sample
#    of the rest picked by the printed seed (judge.py readback: what
#    tesseract reads back; glyph coverage is the recall tests' job);
#  - stdin to stdout with --vault: every vault file opens with age -d and
#    is its input entry; a directory in, a zip out;
#  - the same input gives the same bytes with -j1 and -j2 (tar.gz out);
#  - the progress line appears on a terminal (script(1)) and not in a log.
set -u
BUILD=${BUILD:-build}
P=$(cd "$(dirname "$BUILD/idredact")" && pwd)/idredact
GEN=$BUILD/gen-samples
FACES=$BUILD/faces
here=$(cd "$(dirname "$0")" && pwd)
check="/usr/bin/python3 $here/batch_check.py"
judge="/usr/bin/python3 $here/judge.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

seed=${BATCH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
# Two sets of the 52 samples are 104 documents (>= 100, issue 12); the
# count is checked below, so a smaller sample set would show.
sets=${BATCH_SETS:-2} # 1 for a quick look
echo "seed: $seed (BATCH_SEED=$seed repeats this run)"

age-keygen -o "$tmp/key.txt" 2>/dev/null
R=$(age-keygen -y "$tmp/key.txt")

# --- the export: the sets of documents, non-images, one corrupt image ----
mkdir -p "$tmp/export" "$tmp/gt"
for i in $(seq "$sets"); do
	echo "$GEN --faces $FACES --out $tmp/gt/set$i --seed $((seed % 100000 + i))"
done | xargs -P 2 -I{} sh -c '{} >/dev/null' || fail "gen-samples"
for i in $(seq "$sets"); do
	mkdir -p "$tmp/export/set$i"
	cp "$tmp/gt/set$i"/* "$tmp/export/set$i/"
done
mkdir -p "$tmp/export/misc"
printf 'customer 1 2345 67890 12 3 called on Monday\n' >"$tmp/export/misc/notes.txt"
printf '%%PDF-1.4\n%% ID 3 1012 34567 89 0\n%%%%EOF\n' >"$tmp/export/misc/form.pdf"
first=$(ls "$tmp/gt/set1"/*.jpg | head -n 1)
head -c 2000 "$first" >"$tmp/export/misc/broken.jpg"
n_img=$(find "$tmp/export" -name '*.jpg' -o -name '*.png' | wc -l)
[ "$n_img" -ge 101 ] || [ "$sets" -lt 2 ] || fail "only $n_img images generated"
tar -C "$tmp/export" --sort=name -czf "$tmp/in.tar.gz" $(cd "$tmp/export" && ls)

# --- the main run --------------------------------------------------------
start=$(date +%s)
"$P" batch -j2 -r "$R" --sealed-out "$tmp/orig.age" --manifest "$tmp/m.jsonl" \
	"$tmp/in.tar.gz" "$tmp/out.tar" 2>"$tmp/err"
rc=$?
echo "batch of $n_img images: $(( $(date +%s) - start )) s, exit $rc"
[ $rc -eq 65 ] || fail "batch with one corrupt image: exit $rc, expected 65: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^idredact: .*1 of .* entries failed' "$tmp/err" ||
	fail "stderr is not one line naming the failed entry count: $(cat "$tmp/err")"
grep -q '\[K\|entries,' "$tmp/err" && fail "a progress line went to a file"
[ -f "$tmp/out.tar" ] || fail "no OUT"
ls "$tmp" | grep -q 'idredact-' && fail "a temporary was left: $(ls "$tmp")"
age -d -i "$tmp/key.txt" "$tmp/orig.age" >"$tmp/orig.tar" || fail "age -d of the sealed originals"
$check run "$tmp/in.tar.gz" "$tmp/out.tar" "$tmp/m.jsonl" "$tmp/orig.tar" misc/broken.jpg ||
	fail "batch_check run"

# --- tesseract reads nothing back: all Thai cards, and a seeded sample ----
mkdir -p "$tmp/x"
tar -C "$tmp/x" -xf "$tmp/out.tar"
picked=$( (ls "$tmp/x"/set*/th_card_*.* ;
	ls "$tmp/x"/set*/*.jpg "$tmp/x"/set*/*.png | grep -v th_card_ |
	awk -v s="$seed" 'BEGIN { srand(s) } { print rand() "\t" $0 }' |
	sort | head -n 10 | cut -f2) )
echo "judged: $(echo "$picked" | wc -l) outputs"
echo "$picked" | while read -r out; do
	rel=${out#"$tmp/x/"}
	echo "$judge readback $tmp/gt/${rel%.*}.json $out"
done | OMP_THREAD_LIMIT=1 xargs -P 2 -I{} sh -c '{} || echo "judge exit $?"' >"$tmp/judge.out" 2>&1
if [ -s "$tmp/judge.out" ]; then
	fail "judge readback (a value read back): $(head -c 2000 "$tmp/judge.out")"
fi

# --- a small archive: stdin/stdout with the vault, directory in, zip out,
# and the same bytes whatever the jobs --------------------------------------
mkdir -p "$tmp/small/d"
for f in th_card_01.jpg sg_front_03.png vn_cccd_01.jpg passport_01.jpg; do
	cp "$tmp/gt/set1/$f" "$tmp/small/d/"
done
cp "$tmp/export/misc/notes.txt" "$tmp/small/"
tar -C "$tmp/small" --sort=name -cf "$tmp/small.tar" d notes.txt
"$P" batch -j2 -r "$R" --vault "$tmp/vault" --manifest "$tmp/v.jsonl" - - \
	<"$tmp/small.tar" >"$tmp/v.tar" 2>"$tmp/err" ||
	fail "batch - - with --vault: exit $?: $(cat "$tmp/err")"
[ "$($check names "$tmp/v.tar" | tr '\n' ' ')" = "d d/passport_01.jpg d/sg_front_03.png d/th_card_01.jpg d/vn_cccd_01.jpg " ] ||
	fail "batch - -: names $($check names "$tmp/v.tar" | tr '\n' ' ')"
$check vault "$tmp/small.tar" "$tmp/v.jsonl" "$tmp/key.txt" || fail "vault originals"
"$P" batch -q -j1 "$tmp/small" "$tmp/dir.zip" >"$tmp/dir.jsonl" 2>"$tmp/err" ||
	fail "directory to zip: exit $?: $(cat "$tmp/err")"
[ "$($check names "$tmp/dir.zip" | tr '\n' ' ')" = "d d/passport_01.jpg d/sg_front_03.png d/th_card_01.jpg d/vn_cccd_01.jpg " ] ||
	fail "directory to zip: names $($check names "$tmp/dir.zip" | tr '\n' ' ')"
[ "$(wc -l <"$tmp/dir.jsonl")" -eq 6 ] || fail "directory: manifest on stdout has $(wc -l <"$tmp/dir.jsonl") lines, not 6"
"$P" batch -q -j1 "$tmp/small.tar" "$tmp/d1.tar.gz" >/dev/null 2>&1 || fail "-j1 tar.gz: exit $?"
"$P" batch -q -j2 "$tmp/small.tar" "$tmp/d2.tar.gz" >/dev/null 2>&1 || fail "-j2 tar.gz: exit $?"
cmp -s "$tmp/d1.tar.gz" "$tmp/d2.tar.gz" || fail "-j1 and -j2 outputs differ"
cmp -s "$tmp/d1.tar.gz" "$tmp/v.tar" && fail "tar.gz output is not compressed"

# --- progress: on a terminal only ------------------------------------------
script -qec "$P batch -j2 $tmp/small.tar $tmp/p.tar --manifest $tmp/p.jsonl" "$tmp/typescript" >/dev/null 2>&1 ||
	fail "batch under script(1): exit $?"
grep -q 'idredact: [0-9]* entries' "$tmp/typescript" || fail "no progress line on a terminal"
"$P" batch -q -j2 "$tmp/small.tar" "$tmp/q.tar" --manifest "$tmp/q.jsonl" 2>"$tmp/err" ||
	fail "batch -q: exit $?"
[ ! -s "$tmp/err" ] || fail "batch -q printed: $(cat "$tmp/err")"

[ "$fails" -eq 0 ]
