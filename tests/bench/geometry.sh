#!/bin/sh
# geometry.sh — how well and how fast the text stage finds a page's
# geometry, on the rotation set (`gen-samples --geometry`, a fresh seed
# unless GEO_SEED is given; printed): per image the truth's turn and skew
# against what layout.c found (direction, skew) and what orient.c's
# signals chose (geometry-bench, models loaded once). Prints:
#   - quarter turns: right with one reading, read both ways (unsure),
#     wrong with one reading (a leak unless the read-back check catches
#     it), and wrong axis;
#   - skew error (degrees): median and worst, pages whose skew is
#     outside +-1 degree;
#   - median and 90th-percentile milliseconds of the layout step and of
#     the up/down decision.
# Never fails on time; exits 1 only when it cannot run.
set -u
BUILD=${BUILD:-build}
G=$BUILD/gen-samples
make -s BUILD="$BUILD" "$BUILD/geometry-bench" >/dev/null || exit 1
SEED=${GEO_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$G" --geometry --faces "$BUILD/faces" --out "$tmp" --seed "$SEED" || exit 1
echo "geometry.sh: rotation set, seed $SEED"
OMP_THREAD_LIMIT=1 "$BUILD/geometry-bench" "$tmp"/*.jpg "$tmp"/*.png \
	>"$tmp/out.tsv" 2>/dev/null || exit 1
exec /usr/bin/python3 - "$tmp/out.tsv" <<'PY'
import statistics, sys

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if "\t" in l]
right = both = wrong = axis = none = 0
skew_err, layout_ms, orient_ms, wrong_names = [], [], [], []
for r in rows:
    name, true_turn, true_skew = r[0], int(r[1]), float(r[2])
    if r[4] == "-":
        none += 1
        continue
    layout_ms.append(float(r[7]))
    found_skew = float(r[5])
    # The skew the generator applied is clockwise before the quarter turn.
    skew_err.append(abs(found_skew - true_skew))
    if r[8] == "?":
        axis += 1
        continue
    turn = int(r[8])
    if r[12] != "-":
        orient_ms.append(float(r[12]))
    if (turn - true_turn) % 180:
        axis += 1
        wrong_names.append(name)
    elif r[11].startswith("both:"):
        both += 1
    elif turn == true_turn:
        right += 1
    else:
        wrong += 1
        wrong_names.append(name)


def q(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else float("nan")


n = len(rows)
print(f"images {n}: turn right with one reading {right}, both ways {both},"
      f" wrong with one reading {wrong}, wrong axis or unsure axis {axis},"
      f" no text lines {none}")
print(f"skew error: median {statistics.median(skew_err):.2f} deg,"
      f" worst {max(skew_err):.2f}, over 1 deg: {sum(e > 1 for e in skew_err)}")
print(f"layout ms: median {statistics.median(layout_ms):.1f},"
      f" p90 {q(layout_ms, 0.9):.1f}; up/down ms: median"
      f" {statistics.median(orient_ms):.1f}, p90 {q(orient_ms, 0.9):.1f}")
for name in wrong_names:
    print(f"  wrong: {name}")
PY
