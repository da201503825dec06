#!/bin/sh
# batch_shard.sh — the scale-out recipes of the README (SPEC §7), run on
# this machine with Debian's GNU parallel:
#  - a directory tree cut into shards of a few files by `parallel --pipe`
#    over the NUL-separated file list, each shard tarred into its own
#    `idredact batch - -`;
#  - shard archives handed out one per job the way --sshlogin would, with
#    --transferfile/--return/--cleanup, on the local "host" ':';
# and for each: the union of the shards' manifests names every file of
# the tree exactly once, and the shards' outputs hold every image.
set -u
BUILD=${BUILD:-build}
P=$(cd "$(dirname "$BUILD/idredact")" && pwd)/idredact
here=$(cd "$(dirname "$0")" && pwd)
check="/usr/bin/python3 $here/batch_check.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
command -v parallel >/dev/null || { echo "FAIL: GNU parallel is not installed"; exit 1; }

# A small tree: 18 images with a Thai ID number drawn on each, in nested
# directories, and 4 text files; names with spaces included.
/usr/bin/python3 - "$tmp/in" <<'EOF'
import os, sys
import cv2
import numpy as np
root = sys.argv[1]
for i in range(18):
    d = os.path.join(root, f"branch {i % 3}", f"day{i % 2}")
    os.makedirs(d, exist_ok=True)
    img = np.full((160, 640, 3), 245, np.uint8)
    cv2.putText(img, f"ID 1 1037 0{i:04d} 45 1", (20, 95),
                cv2.FONT_HERSHEY_SIMPLEX, 1.4, (20, 20, 20), 3)
    cv2.imwrite(os.path.join(d, f"scan {i:02d}.png"), img)
for i in range(4):
    open(os.path.join(root, f"branch {i % 3}", f"note{i}.txt"), "w").write("x\n")
EOF
n_files=$(find "$tmp/in" -type f | wc -l)
n_img=$(find "$tmp/in" -type f -name '*.png' | wc -l)

# --- form 1: parallel --pipe over the file list ---------------------------------
mkdir -p "$tmp/out1"
(cd "$tmp/in" && find . -type f -print0 |
	parallel --pipe --recend '\0' -N 5 -j 2 \
		"tar --null -cf - -T - | $P batch -q -j 1 --manifest $tmp/out1/m-{#}.jsonl - - > $tmp/out1/r-{#}.tar") ||
	fail "parallel --pipe: exit $?"
ls "$tmp/out1"/m-*.jsonl >/dev/null 2>&1 || fail "parallel --pipe made no manifest"
[ "$(ls "$tmp/out1"/m-*.jsonl | wc -l)" -ge 4 ] || fail "parallel --pipe made fewer than 4 shards"
$check shards "$tmp/in" "$tmp/out1"/m-*.jsonl || fail "parallel --pipe: manifests"
got=$(for t in "$tmp/out1"/r-*.tar; do $check names "$t"; done | grep -c '\.png$')
[ "$got" -eq "$n_img" ] || fail "parallel --pipe: $got images out of $n_img"

# --- form 2: one shard archive per job, as over --sshlogin ---------------------
mkdir -p "$tmp/w/shards"
(cd "$tmp/in" && find . -type f | sort | split -l 8 - "$tmp/list-")
k=0
for l in "$tmp"/list-*; do
	k=$((k + 1))
	tar -C "$tmp/in" -czf "$tmp/w/shards/part-$k.tgz" -T "$l"
done
(cd "$tmp/w" && ls shards/*.tgz |
	parallel -S : -j 2 --transferfile {} --return {.}.out.tar --return {.}.jsonl --cleanup \
		"$P batch -q -j 1 {} {.}.out.tar --manifest {.}.jsonl") ||
	fail "parallel -S : --transferfile: exit $?"
$check shards "$tmp/in" "$tmp/w/shards"/*.jsonl || fail "parallel -S : manifests"
got=$(for t in "$tmp/w/shards"/*.out.tar; do $check names "$t"; done | grep -c '\.png$')
[ "$got" -eq "$n_img" ] || fail "parallel -S :: $got images out of $n_img"
echo "$n_files files, $n_img images; shards: $(ls "$tmp/out1"/m-*.jsonl | wc -l) and $k"

[ "$fails" -eq 0 ]
