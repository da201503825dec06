#!/usr/bin/python3
"""judge.py — outside readers judge a redacted image against ground truth.

  judge.py ids GT.json OUT     every identifier value of GT is hidden in OUT
                               (tests/e2e/truth.py: every glyph masked, no
                               three consecutive characters read back over
                               its box by the tesseract command, the whole
                               value nowhere)
  judge.py upright GT OUT      as ids, but the read-back is done on OUT
                               turned upright first (the truth's rotate
                               and skew undone), as a reader of a turned
                               or tilted page would
  judge.py upright-many LIST   upright for every "GT OUT" line of LIST,
                               the tesseract command run once a mode over
                               all of them (failures name OUT's file)
  judge.py ids-many LIST       ids for every "GT OUT IN TAG" line of LIST
                               (and same-size IN OUT when TAG is full),
                               read as upright-many does; TAG text
                               prefixes "text path: " to the failures
  judge.py same-size IN OUT    OUT has IN's width and height
  judge.py kinds GT OUT HIDE SHOW
                               the items of the kinds in HIDE (comma list,
                               - for none) are masked in OUT, those of SHOW
                               left alone (what --kinds and --no-* promise)
  judge.py pixelated GT IN OUT KINDS
                               the items of KINDS are pixelated, not solid,
                               and their detail is gone (--mask pixelate)

Ground truth is written by samples/gen.c (see samples/README.md). Prints
one line per failed assertion; exits 1 when any failed.
"""
import concurrent.futures
import json
import os
import subprocess
import sys

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import truth  # noqa: E402

# Items that are not text identifiers: judged by faces.sh / codes.sh; the
# labelled fields (name, dob, address) wait for issue 16's recognisers.
NOT_TEXT = {"portrait", "ghost", "face", "qr", "barcode", "pdf417",
            "datamatrix", "aztec", "name", "dob", "address"}


def tesseract_words(path, psm, scale=1.0):
    out = subprocess.run(["tesseract", path, "-", "--psm", str(psm), "tsv"],
                         capture_output=True, text=True, check=False)
    return truth.tsv_words(out.stdout, scale)


def upright(img, gt):
    """img turned back by the truth's quarter turn, then its skew (or a
    photo's tilt) undone: what a person reading the page would look at.
    Returns the image and the 2x3 affine map from img's pixels to its."""
    h, w = img.shape[:2]
    rot = gt.get("rotate", 0) % 360
    # Where cv2.rotate() takes (x, y), and the size it makes.
    turns = {90: (cv2.ROTATE_90_COUNTERCLOCKWISE, [[0, 1, 0], [-1, 0, w - 1]]),
             180: (cv2.ROTATE_180, [[-1, 0, w - 1], [0, -1, h - 1]]),
             270: (cv2.ROTATE_90_CLOCKWISE, [[0, -1, h - 1], [1, 0, 0]])}
    m = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=np.float64)
    if rot in turns:
        img = cv2.rotate(img, turns[rot][0])
        m = np.vstack([np.array(turns[rot][1], dtype=np.float64),
                       [0, 0, 1]]) @ m
    skew = gt.get("skew", 0.0)
    if skew:
        h, w = img.shape[:2]
        # The sample was turned clockwise by skew; OpenCV's positive
        # angle turns anticlockwise (y down), which undoes it.
        s = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
        img = cv2.warpAffine(img, s, (w, h), flags=cv2.INTER_CUBIC,
                             borderValue=255)
        m = np.vstack([s, [0, 0, 1]]) @ m
    return img, m[:2]


def words_back(words, m):
    """Words read on upright(img)'s image, their boxes mapped back to
    img's pixels (the bounding box of the corners) by the inverse of m."""
    inv = cv2.invertAffineTransform(m)
    out = []
    for (l, t, ww, hh, text) in words:
        pts = np.array([[l, t], [l + ww, t], [l, t + hh], [l + ww, t + hh]],
                       dtype=np.float64)
        back = pts @ inv[:, :2].T + inv[:, 2]
        x0, y0 = back.min(axis=0)
        x1, y1 = back.max(axis=0)
        out.append((int(x0), int(y0), int(x1 - x0) + 1, int(y1 - y0) + 1,
                    text))
    return out


def value_failures(gt_path, gt, img, words):
    """One line per value of gt's identifiers that words (what tesseract
    read back, in img's pixels) or img's pixels leave readable."""
    failures = []
    page = truth.normalise(" ".join(w[4] for w in words))
    for item in gt.get("items", []):
        if item["kind"] in NOT_TEXT or "box" not in item:
            continue
        for v, glyphs in truth.values_of(item):
            for why in truth.value_leaks(img, item, v, glyphs, words, page):
                failures.append(f"{gt_path}: {item['kind']} {v}: {why}")
    return failures


def tesseract_pages(list_path, psm, n, scale=1.0):
    """tesseract's words on each of the n images listed in list_path (one
    path a line), read by one process: the command takes a text file of
    image paths and reads them one after the other, page_num counting
    them from 1 in its TSV (the same words as a process an image: checked
    on three samples, 2026-12-04). Returns a list of n word lists."""
    out = subprocess.run(["tesseract", list_path, "-", "--psm", str(psm),
                          "tsv"], capture_output=True, text=True,
                         check=False)
    rows, header = {}, ""
    for line in out.stdout.splitlines():
        f = line.split("\t")
        if f[0] == "level":
            header = header or line  # tesseract's own, once
            continue
        if len(f) < 2:
            continue
        rows.setdefault(int(f[1]), []).append(line)
    pages = [truth.tsv_words("\n".join([header] + rows.get(i + 1, [])),
                             scale)
             for i in range(n)]
    if n and max(rows, default=0) != n:
        raise RuntimeError(f"tesseract --psm {psm} read {max(rows, default=0)}"
                           f" pages of {n}: {out.stderr.strip()[:300]}")
    return pages


def upright_many(list_path):
    """judge upright for each "GT OUT" line of list_path, each output's
    upright picture read by one tesseract process a page segmentation
    mode (psm 3 and 11 at once, one core each) rather than one process an
    image. Failure lines name the output's file."""
    pairs = [line.split() for line in open(list_path) if line.strip()]
    failures, todo = [], []
    for gt_path, out_path in pairs:
        img = cv2.imread(out_path, cv2.IMREAD_GRAYSCALE)
        if img is None:
            failures.append(f"{os.path.basename(out_path)}: cannot be read")
            continue
        gt = json.load(open(gt_path))
        turned, m = upright(img, gt)
        up = out_path + ".upright.png"
        cv2.imwrite(up, turned)
        # the pixels are read again below: a few hundred photos held
        # at once would take gigabytes
        todo.append((gt_path, gt, out_path, m, up))
    ups = list_path + ".upright"
    with open(ups, "w") as f:
        f.writelines(t[4] + "\n" for t in todo)
    reads = read_lists([(ups, 3, len(todo)), (ups, 11, len(todo))])
    for i, (gt_path, gt, out_path, m, _) in enumerate(todo):
        img = cv2.imread(out_path, cv2.IMREAD_GRAYSCALE)
        words = words_back(reads[0][i] + reads[1][i], m)
        failures += [f"{os.path.basename(out_path)}: "
                     + f.split(".json: ", 1)[-1]
                     for f in value_failures(gt_path, gt, img, words)]
    return failures


def read_lists(jobs):
    """Runs tesseract_pages() for each (list, psm, n, scale) of jobs, two
    at a time (one core each), the longest list first as given. Returns
    their results in jobs' order."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda j: tesseract_pages(*j), jobs))


def ids_many(list_path):
    """judge ids for every "GT OUT IN TAG" line of list_path, and
    same-size IN OUT where TAG is "full": the outputs' readings (psm 3,
    psm 11, psm 11 at twice the size, and psm 11 the right way up for a
    turned or tilted page) each made by one tesseract process over all
    of them. A TAG "text" line's failures start "text path: "."""
    entries = [line.split() for line in open(list_path) if line.strip()]
    failures, todo = [], []
    for gt_path, out_path, in_path, tag in entries:
        prefix = "text path: " if tag == "text" else ""
        if tag == "full":
            failures += same_size(in_path, out_path)
        img = cv2.imread(out_path, cv2.IMREAD_GRAYSCALE)
        if img is None:
            failures.append(f"{prefix}{out_path}: cannot be read")
            continue
        gt = json.load(open(gt_path))
        big = out_path + ".x2.png"
        cv2.imwrite(big, cv2.resize(img, None, fx=2, fy=2,
                                    interpolation=cv2.INTER_CUBIC))
        up = m = None
        if gt.get("rotate", 0) or gt.get("skew", 0.0):
            turned, m = upright(img, gt)
            up = out_path + ".upright.png"
            cv2.imwrite(up, turned)
        todo.append((prefix, gt_path, out_path, big, up, m))
    outs = [t[2] for t in todo]
    ups = [t[4] for t in todo if t[4]]
    names = {}
    for name, paths in (("bigs", [t[3] for t in todo]), ("outs", outs),
                        ("p11", outs + ups)):
        names[name] = f"{list_path}.{name}"
        with open(names[name], "w") as f:
            f.writelines(p + "\n" for p in paths)
    big11, out3, p11 = read_lists([(names["bigs"], 11, len(todo), 2.0),
                                   (names["outs"], 3, len(todo)),
                                   (names["p11"], 11, len(todo) + len(ups))])
    k = len(todo)
    for i, (prefix, gt_path, out_path, _, up, m) in enumerate(todo):
        words = out3[i] + p11[i] + big11[i]
        if up:
            words += words_back(p11[k], m)
            k += 1
        img = cv2.imread(out_path, cv2.IMREAD_GRAYSCALE)
        failures += [prefix + f for f in
                     value_failures(gt_path, json.load(open(gt_path)), img,
                                    words)]
    return failures


def judge_ids(gt_path, out_path, turn_upright=False):
    gt = json.load(open(gt_path))
    img = cv2.imread(out_path, cv2.IMREAD_GRAYSCALE)
    if img is None:
        return [f"{out_path}: cannot be read"]
    up = out_path + ".upright.png"
    if turn_upright:
        # Read the page the right way up: sparse text and automatic
        # segmentation.
        turned, m = upright(img, gt)
        cv2.imwrite(up, turned)
        words = words_back(tesseract_words(up, 3) + tesseract_words(up, 11),
                           m)
    else:
        # Read the output twice: automatic page segmentation and sparse
        # text, plus once upscaled, the way an attacker would try.
        big = out_path + ".x2.png"
        cv2.imwrite(big, cv2.resize(img, None, fx=2, fy=2,
                                    interpolation=cv2.INTER_CUBIC))
        words = (tesseract_words(out_path, 3) + tesseract_words(out_path, 11)
                 + tesseract_words(big, 11, scale=2))
        if gt.get("rotate", 0) or gt.get("skew", 0.0):
            # A turned or tilted page: read it the right way up as well.
            turned, m = upright(img, gt)
            cv2.imwrite(up, turned)
            words += words_back(tesseract_words(up, 11), m)
    return value_failures(gt_path, gt, img, words)


# Near-black share above which a face, portrait or code box counts as
# masked (the share faces.sh asks), and under which a thing left alone
# counts as shown (a portrait is mostly mid-tones; a code about half dark).
SOLID_SHARE = 0.95
SHOWN_SHARE = 0.75


def kinds_list(arg):
    return set() if arg in ("", "-") else set(arg.split(","))


def is_text(item):
    return "glyphs" in item


def judge_kinds(gt_path, out_path, hide, show):
    """Every item of the kinds in hide is masked on OUT and every item of
    the kinds in show is left alone: a text value with no more than half
    of its glyphs masked, anything else under SHOWN_SHARE near-black. Each
    kind named must occur in GT (a case must not pass on an empty set)."""
    gt = json.load(open(gt_path))
    img = cv2.imread(out_path, cv2.IMREAD_GRAYSCALE)
    if img is None:
        return [f"{out_path}: cannot be read"]
    failures = []
    items = gt.get("items", [])
    for kind in hide | show:
        if not any(it["kind"] == kind for it in items):
            failures.append(f"{gt_path}: no {kind} in the truth")
    for it in items:
        k = it["kind"]
        if k not in hide | show:
            continue
        share = truth.near_black_share(img, it["box"])
        if is_text(it):
            glyphs = truth.glyphs_of(it)
            bad = truth.unmasked_glyphs(img, it, glyphs)
            masked = len(glyphs) - len(bad)
            if k in hide and bad:
                failures.append(f"{out_path}: {k} {it.get('value', '')}: "
                                f"{len(bad)} of {len(glyphs)} glyphs "
                                "unmasked, should be hidden")
            if k in show and 2 * masked > len(glyphs):
                failures.append(f"{out_path}: {k} {it.get('value', '')}: "
                                f"{masked} of {len(glyphs)} glyphs masked, "
                                "should be left alone")
        else:
            if k in hide and share < SOLID_SHARE:
                failures.append(f"{out_path}: {k} box {it['box']} only "
                                f"{share:.0%} masked, should be hidden")
            if k in show and share >= SHOWN_SHARE:
                failures.append(f"{out_path}: {k} box {it['box']} "
                                f"{share:.0%} masked, should be left alone")
    return failures


def detail(g):
    """High-pass detail of a grey image (what a reader lives on)."""
    g = g.astype(np.float32)
    return g - cv2.blur(g, (3, 3))


def judge_pixelated(gt_path, in_path, out_path, kinds):
    """Every item of kinds is pixelated on OUT: not solid (under half its
    box near-black), changed (mean difference from IN over 8 grey levels)
    and without IN's fine detail (high-pass correlation at most 0.2, the
    bound faces_ref.py uses)."""
    gt = json.load(open(gt_path))
    a = cv2.imread(in_path, cv2.IMREAD_GRAYSCALE)
    b = cv2.imread(out_path, cv2.IMREAD_GRAYSCALE)
    if a is None or b is None or a.shape != b.shape:
        return [f"{out_path}: unreadable or not the size of {in_path}"]
    failures = []
    for kind in kinds:
        if not any(it["kind"] == kind for it in gt.get("items", [])):
            failures.append(f"{gt_path}: no {kind} in the truth")
    for it in gt.get("items", []):
        if it["kind"] not in kinds:
            continue
        x, y, w, h = it["box"]
        ra = a[y:y + h, x:x + w].astype(np.float32)
        rb = b[y:y + h, x:x + w].astype(np.float32)
        da, db = detail(ra).ravel(), detail(rb).ravel()
        corr = (float(np.corrcoef(da, db)[0, 1])
                if da.std() > 0 and db.std() > 0 else 0.0)
        share = truth.near_black_share(b, it["box"])
        diff = float(np.mean(np.abs(ra - rb)))
        what = f"{out_path}: {it['kind']} box {it['box']}"
        if share >= 0.5:
            failures.append(f"{what}: {share:.0%} near-black, solid")
        if diff <= 8:
            failures.append(f"{what}: unchanged (mean difference {diff:.1f})")
        if corr > 0.2:
            failures.append(f"{what}: keeps its detail (correlation "
                            f"{corr:.2f})")
    return failures


def same_size(a, b):
    # IMREAD_COLOR applies EXIF orientation: displayed sizes are compared.
    ia, ib = cv2.imread(a, cv2.IMREAD_COLOR), cv2.imread(b, cv2.IMREAD_COLOR)
    if ia is None or ib is None:
        return [f"cannot read {a} or {b}"]
    if ia.shape[:2] != ib.shape[:2]:
        return [f"{b}: size {ib.shape[1]}x{ib.shape[0]} differs from"
                f" {ia.shape[1]}x{ia.shape[0]}"]
    return []


def main():
    cmd = sys.argv[1]
    if cmd == "ids":
        failures = judge_ids(sys.argv[2], sys.argv[3])
    elif cmd == "readback":
        # What tesseract reads back of a value (whole, or three
        # characters in a row over its box), not how much of each glyph
        # is covered: batch.sh asks this of a batch's outputs, whose
        # recall property.sh, redact.sh and rotation.sh judge glyph by
        # glyph.
        failures = [f for f in judge_ids(sys.argv[2], sys.argv[3])
                    if "read back" in f]
    elif cmd == "upright":
        failures = judge_ids(sys.argv[2], sys.argv[3], turn_upright=True)
    elif cmd == "upright-many":
        failures = upright_many(sys.argv[2])
    elif cmd == "ids-many":
        failures = ids_many(sys.argv[2])
    elif cmd == "same-size":
        failures = same_size(sys.argv[2], sys.argv[3])
    elif cmd == "kinds":
        failures = judge_kinds(sys.argv[2], sys.argv[3],
                               kinds_list(sys.argv[4]),
                               kinds_list(sys.argv[5]))
    elif cmd == "pixelated":
        failures = judge_pixelated(sys.argv[2], sys.argv[3], sys.argv[4],
                                   kinds_list(sys.argv[5]))
    else:
        sys.exit(f"judge.py: unknown command {cmd}")
    for f in failures:
        print(f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
