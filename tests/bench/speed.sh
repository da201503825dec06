#!/bin/sh
# speed.sh — the table of issue 17: what a whole redaction costs against
# the OCR command it is built on, measured in one run on this machine.
#
# Over the sample images (cards, passport pages, forms, scans turned a
# quarter or a half, phone photos on wood and fabric desks up to 5 Mpx),
# ROUNDS times, image by image and interleaved so that both see the same
# machine:
#   (a) fresh: `idredact --timings IMG OUT` as one process (decode,
#       geometry, OCR, faces, photos, codes, mask, encode, and the model
#       loading of a new process);
#   (c) bare:  `OMP_THREAD_LIMIT=1 tesseract IMG - -l eng+tha --psm 11`
#       as one process;
# then, once per round, `idredact batch -j1 --timings` over the same
# images (b, warm: each image's redaction time as its worker measured it,
# models loaded once) and `batch -j2` on them (wall of the whole run).
# Peak RSS is the kernel's (wait4's ru_maxrss) for each process.
#
# Prints the table (median, p90, max per image; peak RSS), the ratios a/c
# and b/c, the per-stage medians of (a), the -j2/-j1 speed-up and the
# slowest image against the median, next to the aims of issue 17. Never
# fails on time.
# Usage: tests/bench/speed.sh [ROUNDS]   (default 2)
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
exec /usr/bin/python3 - "$BUILD/idredact" "$SAMPLES" "${1:-2}" <<'PY'
import glob, os, re, resource, shutil, statistics, subprocess, sys, tempfile, time

prog, samples, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
imgs = sorted(glob.glob(os.path.join(samples, "*.jpg")) +
              glob.glob(os.path.join(samples, "*.png")))
if not imgs:
    sys.exit(f"speed.sh: no samples in {samples}")
env = dict(os.environ, OMP_THREAD_LIMIT="1")
tmp = tempfile.mkdtemp(prefix="speed-bench-")
indir = os.path.join(tmp, "in")
os.mkdir(indir)
for i in imgs:
    shutil.copy(i, indir)


def run(argv):
    """Runs argv; returns (wall ms, peak RSS MB, stderr, exit status)."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env)
    err = p.stderr.read().decode(errors="replace")
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = (time.perf_counter() - t) * 1000
    return wall, ru.ru_maxrss / 1024, err, p.returncode


TIMINGS = re.compile(r"^idredact: (.*): timings ms: (.*)$", re.M)


def stages(text):
    """{image: {stage: ms}} from --timings lines."""
    out = {}
    for name, rest in TIMINGS.findall(text):
        out[os.path.basename(name)] = {
            k: float(v) for k, v in (kv.split("=") for kv in rest.split())}
    return out


fresh, bare, warm = {}, {}, {}
fresh_rss, stage_ms = [], {}
j1_wall, j2_wall, j1_rss, j2_rss = [], [], [], []
for r in range(rounds):
    for img in imgs:
        name = os.path.basename(img)
        out = os.path.join(tmp, "out" + os.path.splitext(img)[1])
        wall, rss, err, st = run([prog, "--timings", img, out])
        if st:
            sys.exit(f"speed.sh: {name}: exit {st}: {err.strip()}")
        fresh.setdefault(name, []).append(wall)
        fresh_rss.append(rss)
        for k, v in stages(err).get(name, {}).items():
            stage_ms.setdefault(k, []).append(v)
        wall, _, _, _ = run(["tesseract", img, "-", "-l", "eng+tha",
                             "--psm", "11"])
        bare.setdefault(name, []).append(wall)
    # batch -j1 and -j2, the order alternating between rounds
    for jobs in ((1, 2) if r % 2 == 0 else (2, 1)):
        out = os.path.join(tmp, f"j{jobs}.tar")
        wall, rss, err, st = run([prog, "batch", "-q", "--timings",
                                  f"-j{jobs}", indir, out])
        os.remove(out)
        if st:
            sys.exit(f"speed.sh: batch -j{jobs}: exit {st}: {err.strip()}")
        if jobs == 1:
            j1_wall.append(wall)
            j1_rss.append(rss)
            for name, s in stages(err).items():
                warm.setdefault(name, []).append(s["total"])
        else:
            j2_wall.append(wall)
            j2_rss.append(rss)
shutil.rmtree(tmp)

if set(warm) != set(fresh):
    sys.exit(f"speed.sh: batch timed {len(warm)} images of {len(fresh)}")


def per_image(d):
    """The median over rounds of each image."""
    return {k: statistics.median(v) for k, v in d.items()}


def p90(v):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))]


a, b, c = per_image(fresh), per_image(warm), per_image(bare)
med = {k: statistics.median(d.values()) for k, d in
       (("a", a), ("b", b), ("c", c))}
print(f"images: {len(imgs)} samples, rounds: {rounds}; per-image wall ms "
      "(each image's median over the rounds)")
print(f"{'':44} {'median':>8} {'p90':>8} {'max':>8} {'peak RSS MB':>12}")
rows = (("(a) idredact IMG OUT, a process each", a,
         f"{statistics.median(fresh_rss):.0f} med, {max(fresh_rss):.0f} max"),
        ("(b) batch -j1, warm (worker's time)", b,
         f"{max(j1_rss):.0f} (-j2: {max(j2_rss):.0f})"),
        ("(c) tesseract -l eng+tha --psm 11, 1 thread", c, ""))
for label, d, rss in rows:
    v = list(d.values())
    print(f"{label:44} {statistics.median(v):8.0f} {p90(v):8.0f} "
          f"{max(v):8.0f} {rss:>12}")
ratio_ac = statistics.median(a[k] / c[k] for k in a)
ratio_bc = statistics.median(b[k] / c[k] for k in b)
print(f"ratio a/c: {med['a'] / med['c']:.2f} of the medians, "
      f"{ratio_ac:.2f} median per image   (aim <= 1.0)")
print(f"ratio b/c: {med['b'] / med['c']:.2f} of the medians, "
      f"{ratio_bc:.2f} median per image   (b/a {med['b'] / med['a']:.2f}; "
      "aim b/c <= 0.6)")
w1, w2 = statistics.median(j1_wall), statistics.median(j2_wall)
print(f"batch over all {len(imgs)} images: -j1 {w1 / 1000:.1f} s, -j2 "
      f"{w2 / 1000:.1f} s, speed-up {w1 / w2:.2f}   (aim >= 1.8)")
print(f"peak RSS per worker: {max(j1_rss):.0f} MB with -j1   (aim <= 250)")
for label, d in (("a", a), ("b", b)):
    worst = max(d, key=d.get)
    print(f"slowest ({label}): {worst} {d[worst]:.0f} ms, "
          f"{d[worst] / med[label]:.1f}x the median   (aim <= 3)")
print("per-stage medians of (a), ms (stages a redaction ran; text.layout "
      "is part of text):")
order = sorted(stage_ms, key=lambda k: -statistics.median(stage_ms[k]))
print("  " + "  ".join(f"{k}={statistics.median(stage_ms[k]):.0f}"
                       for k in order))
print("  p90:  " + "  ".join(f"{k}={p90(stage_ms[k]):.0f}" for k in order))
PY
