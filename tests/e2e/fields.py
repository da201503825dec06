#!/usr/bin/python3
"""fields.py — the labelled personal fields judged on redacted samples.

  fields.py SAMPLES OUTDIR
        For each SAMPLES/NAME.json, OUTDIR/NAME.png is the redacted image
        and OUTDIR/NAME.report.json its report. Prints, per document type,
        how many name / birth-date / address values and how many
        identifiers were masked whole, then a line per text that had to
        stay readable and did not. Exits 1 when under FIELDS_MIN or
        IDS_MIN, or when any such text was lost.

A value counts as masked when every glyph of it is (truth.py's
unmasked_glyphs(), the rule judge.py uses for identifiers).

The "keep" texts of the truth (samples/render.c: everything drawn that is
not to be hidden — titles, labels, issue and expiry dates, the issuing
authority, other values) must stay readable: a keep text is lost when
KEEP_MASKED_MAX of its box lies under the report's findings, or when the
tesseract command reads it over its box on the input but no longer on the
output (a text it cannot read on the input is judged by the first rule
alone).
"""
import collections
import difflib
import json
import os
import subprocess
import sys
import unicodedata

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import truth  # noqa: E402

FIELDS = ("name", "dob", "address")

# Issue 16's bars: 95 % of the field values on the samples, and the
# identifiers kept at 99 % while fields are added (a field rule must not
# take a number's place). FIELDS_MIN in the environment sets another
# floor for fields (fields.sh holds the share reached so far).
FIELDS_MIN = float(os.environ.get("FIELDS_MIN", "0.95"))
IDS_MIN = 0.99

# A label sits a line's gap from its value, and the value's mask is padded
# by a share of the text height (SPEC §4): the pad may graze the label's
# box, a quarter of it under a mask is more than a graze.
KEEP_MASKED_MAX = 0.25

# Read back: the text read in a kept text's strip, squashed, against the
# printed text: the ratio of difflib's matcher, forgiving the odd
# misread letter. Read on the input at READ_RATIO or better, a text is
# lost when it reads under LOST_RATIO on the output (the gap keeps a
# marginal read from flipping).
READ_RATIO = 0.75
LOST_RATIO = 0.6
# Under this many letters and digits a read-back tells nothing.
READ_MIN_CHARS = 3


def squash(s):
    """Letters and digits of any script, casefolded, marks dropped (OCR
    reads "Họ" as "Ho" as often as not)."""
    return "".join(c for c in unicodedata.normalize("NFKD", s.casefold())
                   if c.isalnum())


# The strip a kept text is cut out in: its quad grown by these shares of
# its height across and along the line, then scaled to this text height.
PAD_ACROSS = 0.25
PAD_ALONG = 0.4
STRIP_PX = 40
GAP_PX = 30


def strip(img, quad):
    """The text inside quad (corners top left, top right, bottom left,
    bottom right of the text as drawn) cut out upright, STRIP_PX high."""
    tl, tr, bl, _ = (np.array(p, dtype=np.float64) for p in quad)
    along, across = tr - tl, bl - tl
    h = max(1.0, float(np.hypot(*across)))
    w = max(1.0, float(np.hypot(*along)))
    ua, uc = along / w, across / h
    o = tl - ua * PAD_ALONG * h - uc * PAD_ACROSS * h
    W, H = w + 2 * PAD_ALONG * h, h * (1 + 2 * PAD_ACROSS)
    k = STRIP_PX / h
    src = np.float32([o, o + ua * W, o + uc * H])
    dst = np.float32([[0, 0], [W * k, 0], [0, H * k]])
    m = cv2.getAffineTransform(src, dst)
    cut = cv2.warpAffine(img, m, (int(W * k) + 1, int(H * k) + 1),
                         flags=cv2.INTER_AREA, borderValue=255)
    # Black on white by its own threshold (Otsu), so that one strip's
    # colours do not move how tesseract reads the others.
    _, bw = cv2.threshold(cut, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if np.count_nonzero(bw == 0) > bw.size / 2:
        bw = 255 - bw
    return bw


def read_strips(img, keep, path):
    """What the tesseract command (English and Thai, one block) reads in
    each kept text's strip: the strips stacked in one image, one read,
    each word given to the strip it lies on."""
    strips = [strip(img, k["quad"]) for k in keep]
    width = max(s.shape[1] for s in strips) + 2 * GAP_PX
    rows, spans, y = [], [], GAP_PX
    for s in strips:
        row = np.full((s.shape[0] + GAP_PX, width), 255, np.uint8)
        row[:s.shape[0], GAP_PX:GAP_PX + s.shape[1]] = s
        rows.append(row)
        spans.append((y, y + s.shape[0]))
        y += s.shape[0] + GAP_PX
    sheet = np.vstack([np.full((GAP_PX, width), 255, np.uint8)] + rows)
    cv2.imwrite(path, sheet)
    out = subprocess.run(["tesseract", path, "-", "-l", "eng+tha", "--psm",
                          "6", "tsv"], capture_output=True, text=True,
                         check=False)
    os.unlink(path)
    seen = [""] * len(keep)
    for (l, t, ww, hh, text) in truth.tsv_words(out.stdout):
        cy = t + hh / 2
        for i, (y0, y1) in enumerate(spans):
            if y0 <= cy < y1:
                seen[i] += " " + text
    return seen


def read_ratio(text, seen):
    """How well seen holds text (0..1: the best window of seen against
    it), None when text is too short to tell."""
    seen, want = squash(seen), squash(text)
    if len(want) < READ_MIN_CHARS:
        return None
    best = 0.0
    for i in range(max(1, len(seen) - len(want) + 1)):
        best = max(best, difflib.SequenceMatcher(
            None, want, seen[i:i + len(want)]).ratio())
    return best


def masked_share(quad, findings, shape):
    """Share of the quad's pixels under the findings' boxes, and the
    kinds of the findings over it."""
    inside = truth.quad_mask(quad, shape)
    under = np.zeros(shape, np.uint8)
    kinds = set()
    for f in findings:
        mask = truth.finding_mask(f, shape)
        if (inside & mask).any():
            kinds.add(f["kind"])
        under |= mask
    n = int(inside.sum())
    return (float((inside & under).sum()) / n if n else 0.0), kinds


def sample(gt_path, outdir, counts, lost):
    gt = json.load(open(gt_path))
    stem = os.path.splitext(gt["file"])[0]
    out = os.path.join(outdir, stem + ".png")
    img = cv2.imread(out, cv2.IMREAD_GRAYSCALE)
    if img is None:
        lost.append(f"{stem}: no output {out}")
        return
    doc = gt.get("document", "?")
    for it in gt.get("items", []):
        if "glyphs" not in it:
            continue
        what = "fields" if it["kind"] in FIELDS else "ids"
        ok = not truth.unmasked_glyphs(img, it, truth.glyphs_of(it))
        counts[doc][what][0] += ok
        counts[doc][what][1] += 1
        if not ok:
            print(f"  {stem}: {it['kind']} '{it.get('value')}' not masked"
                  f" whole (masked columns "
                  f"{truth.masked_span(img, it['box'])})")
    keep = gt.get("keep", [])
    if not keep:
        return
    report = json.load(open(os.path.join(outdir, stem + ".report.json")))
    findings = report.get("findings", [])
    src = cv2.imread(os.path.join(os.path.dirname(gt_path), gt["file"]),
                     cv2.IMREAD_GRAYSCALE)
    before = read_strips(src, keep, out + ".keep-in.png")
    # The mask's own pixels (black where the input was not) turned white
    # for the read: a black box beside a strip moves tesseract's
    # threshold and its segmentation, and would fail a text for a mask
    # next to it. A mask over the text itself is judged by the share.
    clean = img.copy()
    clean[(img <= 2) & (src.astype(int) - img > 25)] = 255
    after = read_strips(clean, keep, out + ".keep-out.png")
    for k, b, a in zip(keep, before, after):
        share, kinds = masked_share(k["quad"], findings, img.shape)
        if share >= KEEP_MASKED_MAX:
            lost.append(f"{stem}: '{k['printed']}' {share:.0%} under the"
                        f" mask ({','.join(sorted(kinds))})")
            continue
        rb, ra = read_ratio(k["printed"], b), read_ratio(k["printed"], a)
        if rb is not None and rb >= READ_RATIO and ra < LOST_RATIO:
            # A second opinion on the strip alone, input and output:
            # in the stacked read tesseract tries first the language
            # that read the previous word, so a change in another strip
            # can turn a Latin caption's reading to Thai (passport_01's
            # 'Surname / ชื่อสกุล' came back 'ร น ท า ล ท า 6' when
            # another mask moved, its own strip unchanged). A text
            # that reads alone on the input and on the output both is
            # not lost; any other stays lost.
            b1 = read_strips(src, [k], out + ".keep-in1.png")[0]
            a1 = read_strips(clean, [k], out + ".keep-out1.png")[0]
            rb1, ra1 = read_ratio(k["printed"], b1), read_ratio(k["printed"], a1)
            if rb1 is not None and rb1 >= READ_RATIO and ra1 >= READ_RATIO:
                continue
            lost.append(f"{stem}: '{k['printed']}' read on the input"
                        f" ('{b.strip()}'; alone '{b1.strip()}'), not on"
                        f" the output ('{a.strip()}'; alone"
                        f" '{a1.strip()}')")


def main():
    samples, outdir = sys.argv[1], sys.argv[2]
    counts = collections.defaultdict(
        lambda: {"fields": [0, 0], "ids": [0, 0]})
    lost = []
    for name in sorted(os.listdir(samples)):
        if name.endswith(".json"):
            sample(os.path.join(samples, name), outdir, counts, lost)
    total = {"fields": [0, 0], "ids": [0, 0]}
    for doc in sorted(counts):
        c = counts[doc]
        for w in total:
            total[w][0] += c[w][0]
            total[w][1] += c[w][1]
        print(f"{doc:24s} fields {c['fields'][0]:3d}/{c['fields'][1]:<3d}"
              f" ids {c['ids'][0]:3d}/{c['ids'][1]:<3d}")
    bad = False
    for w, floor in (("fields", FIELDS_MIN), ("ids", IDS_MIN)):
        got, n = total[w]
        share = got / n if n else 0.0
        low = not n or share < floor
        print(f"{w}: {got}/{n} masked whole ({share:.1%}, at least "
              f"{floor:.0%} needed){' BELOW' if low else ''}")
        bad = bad or low
    for line in lost:
        print("kept text lost: " + line)
    print(f"kept texts lost: {len(lost)}")
    return 1 if bad or lost else 0


if __name__ == "__main__":
    sys.exit(main())
