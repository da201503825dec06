#!/bin/sh
# text.sh — the text stage against the OCR command it is built on, image
# by image and interleaved in one run (so both see the same machine):
#   ours: the "text" figure of `idredact --timings --no-faces --no-codes`
#         (geometry, which way up, OCR, recognisers; models already
#         loaded), and the same plus the model loading ("engine");
#         The summary also gives the medians of the text stage's parts
#         (text.layout and the OCR passes by kind, see idredact(1)).
#   bare: wall time of `OMP_THREAD_LIMIT=1 tesseract IMG - -l eng+tha
#         --psm 11` as a process (it loads its models each time).
# Prints a row per image (medians over ROUNDS), then the medians and
# their ratios over the card samples (ID cards, NRIC back, CCCD, passport
# pages and phone photos of them) and over all samples. Never fails on
# time.
# Usage: tests/bench/text.sh [ROUNDS]   (default 3)
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
exec /usr/bin/python3 - "$BUILD/idredact" "$SAMPLES" "${1:-3}" <<'PY'
import glob, os, re, statistics, subprocess, sys, time

prog, samples, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
imgs = sorted(glob.glob(os.path.join(samples, "*.jpg")) +
              glob.glob(os.path.join(samples, "*.png")))
if not imgs:
    sys.exit(f"text.sh: no samples in {samples}")
env = dict(os.environ, OMP_THREAD_LIMIT="1")
out = "/tmp/text-bench-%d.png" % os.getpid()


def ours(img):
    r = subprocess.run([prog, "--timings", "--no-faces", "--no-codes", img,
                        out], capture_output=True, text=True, env=env)
    m = re.search(r"engine=([\d.]+).* text=([\d.]+)", r.stderr)
    if r.returncode or not m:
        sys.exit(f"text.sh: {img}: {r.stderr.strip()}")
    parts = {k: float(v) for k, v in re.findall(r" (text\.\w+)=([\d.]+)",
                                                r.stderr)}
    return float(m.group(2)), float(m.group(1)), parts


def bare(img):
    t = time.perf_counter()
    subprocess.run(["tesseract", img, "-", "-l", "eng+tha", "--psm", "11"],
                   capture_output=True, env=env)
    return (time.perf_counter() - t) * 1000


def is_card(path):
    # forms (A4 SIM form, A5 parcel slip) are pages, not cards
    return "form" not in os.path.basename(path)


rows = []
print(f"{'image':28} {'text ms':>8} {'+engine':>8} {'bare ms':>8} {'ratio':>6}")
for img in imgs:
    t, e, b, p = [], [], [], []
    for _ in range(rounds):
        ti, ei, pi = ours(img)
        t.append(ti)
        e.append(ti + ei)
        p.append(pi)
        b.append(bare(img))
    parts = {k: statistics.median(x[k] for x in p) for k in p[0]}
    row = (img, statistics.median(t), statistics.median(e),
           statistics.median(b), parts)
    rows.append(row)
    print(f"{os.path.basename(img):28} {row[1]:8.0f} {row[2]:8.0f} "
          f"{row[3]:8.0f} {row[1] / row[3]:6.2f}")
if os.path.exists(out):
    os.remove(out)
for label, sel in (("cards", [r for r in rows if is_card(r[0])]),
                   ("all", rows)):
    t = statistics.median(r[1] for r in sel)
    e = statistics.median(r[2] for r in sel)
    b = statistics.median(r[3] for r in sel)
    print(f"{label}: {len(sel)} images, {rounds} rounds; median text {t:.0f} ms,"
          f" text+engine {e:.0f} ms, bare tesseract {b:.0f} ms;"
          f" ratio text/bare {t / b:.2f}, (text+engine)/bare {e / b:.2f}")
    print(f"  {label}, median of the text stage's parts (ms): " +
          ", ".join(f"{k[5:]} {statistics.median(r[4][k] for r in sel):.0f}"
                    for k in sel[0][4]))
PY
