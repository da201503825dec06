"""truth.py — how the judges (judge.py, property.py) decide that a value of
the ground truth is hidden on a redacted image.

A value is hidden only when no character of it survives:
  - every glyph of it is masked: the box of each of its letters and digits
    (NAME.json "glyphs", written by samples/render.c) is at least
    GLYPH_SHARE near-black on the output;
  - tesseract reads no run of READ_RUN consecutive characters of it from
    the words it finds over the value's box on the output, and not the
    whole value anywhere on the page.
Items written before glyph boxes existed fall back to the whole box at
BOX_SHARE.
"""
import csv
import re

import cv2
import numpy as np

# A pixel at or below this grey level is "near-black". The mask is 0; the
# page's ink is near-black too, which is why a glyph is judged by the
# share of its box, not by its darkest pixels.
NEAR_BLACK = 40

# A glyph box counts as masked at this share of near-black pixels.
# Measured on the seed-1 property pages of th_id, sg_nric, hk_id and mrz
# (2634 glyphs, JPEG q60-95 and PNG): a masked glyph scores 1.00 (no pixel
# above 0 inside its box: the mask's pad, 0.35 of the text height, keeps
# JPEG ringing off it); an unmasked glyph scores its own ink, 0.06-0.68.
# A mask leaving a sliver s of the box uncovered scores 1 - s (1 - ink),
# so 0.98 fails any sliver wider than 2-6 % of the glyph: no part of a
# character may show.
GLYPH_SHARE = 0.98

# The old whole-box rule, for truth without glyph boxes: an unmasked
# value scores its ink coverage, 10-45 %, far below.
BOX_SHARE = 0.90

# Consecutive characters of a value that must not be read back over its
# box: three characters read back narrow a 13-digit number by a thousand,
# and no shorter run can be told from what OCR makes of a mask's edges.
READ_RUN = 3


def normalise(s):
    """Upper-case letters and digits only: separators do not hide a value."""
    return re.sub(r"[^0-9A-Z]", "", s.upper())


def quad_mask(quad, shape):
    """1 inside quad (corners top left, top right, bottom left, bottom
    right, as the truth and the report give them), 0 elsewhere."""
    m = np.zeros(shape, np.uint8)
    cv2.fillPoly(m, [np.array([quad[0], quad[1], quad[3], quad[2]],
                              dtype=np.int32)], 1)
    return m


def finding_mask(f, shape):
    """1 where the report says finding f masked: its quad when it has one
    (a turned rectangle), else its box."""
    if "quad" in f:
        return quad_mask(f["quad"], shape)
    m = np.zeros(shape, np.uint8)
    x, y, w, h = f["box"]
    m[max(0, y):max(0, y + h), max(0, x):max(0, x + w)] = 1
    return m


def near_black_share(img, box):
    """Share of the box's pixels that are near-black (0.0 for an empty
    box). box is [x, y, w, h], or a quad: four corners [x, y] in the order
    top left, top right, bottom left, bottom right (a glyph on a turned or
    tilted page, its "glyph_quads" entry)."""
    if isinstance(box[0], (list, tuple)):
        inside = quad_mask(box, img.shape[:2])
        n = int(inside.sum())
        if n == 0:
            return 0.0
        return float(np.count_nonzero((img <= NEAR_BLACK) & (inside > 0))) / n
    x, y, w, h = box
    region = img[max(0, y):y + h, max(0, x):x + w]
    if region.size == 0:
        return 0.0
    return float(np.mean(region <= NEAR_BLACK))


def glyphs_of(item):
    """The glyphs of item to judge: their quads when the truth has them
    (see near_black_share()), else their boxes, else None."""
    return item.get("glyph_quads") or item.get("glyphs")


def values_of(item):
    """(value, glyph boxes or None) for each value of item: its "value",
    or each line of an MRZ, with the glyphs of that line."""
    glyphs = glyphs_of(item)
    if "value" in item:
        return [(normalise(item["value"]), glyphs)]
    out, at = [], 0
    for line in item.get("lines", []):
        n = len(re.sub(r"[^0-9A-Za-z]", "", line))
        out.append((normalise(line), glyphs[at:at + n] if glyphs else None))
        at += n
    return out


def unmasked_glyphs(img, item, glyphs):
    """Indexes of the glyphs not masked on img; with no glyph boxes, [0]
    when item's whole box is under BOX_SHARE, else []."""
    if not glyphs:
        return [] if near_black_share(img, item["box"]) >= BOX_SHARE else [0]
    return [i for i, g in enumerate(glyphs)
            if near_black_share(img, g) < GLYPH_SHARE]


def masked_span(img, box):
    """Where the mask lies across the box: the columns at least BOX_SHARE
    near-black, as percent ranges of its width, e.g. "0-76%"."""
    x, y, w, h = box
    region = img[max(0, y):y + h, max(0, x):x + w]
    if region.size == 0:
        return "none"
    cols = np.mean(region <= NEAR_BLACK, axis=0) >= BOX_SHARE
    spans, start = [], None
    for i, c in enumerate(list(cols) + [False]):
        if c and start is None:
            start = i
        elif not c and start is not None:
            spans.append(f"{100 * start // len(cols)}-"
                         f"{100 * i // len(cols)}%")
            start = None
    return ",".join(spans) or "none"


def tsv_words(text, scale=1.0):
    """Words of tesseract TSV output: (left, top, width, height, text), in
    the coordinates of an image `scale` times smaller than the one read."""
    words = []
    rows = csv.DictReader(text.splitlines(), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
    for r in rows:
        if r.get("level") == "5" and (r.get("text") or "").strip():
            words.append((int(int(r["left"]) / scale),
                          int(int(r["top"]) / scale),
                          int(int(r["width"]) / scale) + 1,
                          int(int(r["height"]) / scale) + 1, r["text"]))
    return words


def words_over(words, box, share=0.3, quad=None):
    """The words with at least `share` of their area over box, joined; over
    quad instead when given (a tilted item's corners, in the truth's order
    top-left, top-right, bottom-left, bottom-right): the bounding box of an
    MRZ tilted 15 degrees takes in the dates printed beside it."""
    x, y, w, h = box
    poly = None
    if quad:
        tl, tr, bl, br = quad
        poly = np.array([tl, tr, br, bl], dtype=np.float32)
    inside = []
    for (l, t, ww, hh, text) in words:
        if not ww * hh:
            continue
        if poly is not None:
            word = np.array([[l, t], [l + ww, t], [l + ww, t + hh],
                             [l, t + hh]], dtype=np.float32)
            over, _ = cv2.intersectConvexConvex(word, poly)
        else:
            over = (max(0, min(l + ww, x + w) - max(l, x)) *
                    max(0, min(t + hh, y + h) - max(t, y)))
        if over >= share * ww * hh:
            inside.append(text)
    return " ".join(inside)


def run_read_back(value, seen):
    """The first run of READ_RUN consecutive characters of value (both
    normalised) found in seen, or ""."""
    for i in range(len(value) - READ_RUN + 1):
        if value[i:i + READ_RUN] in seen:
            return value[i:i + READ_RUN]
    return ""


def solid_under(img, word, box):
    """Whether the part of box under word (a tsv_words() tuple) is masked:
    at least GLYPH_SHARE near-black. tesseract cannot read a value's
    characters from pixels that are all mask; a run it reports there was
    read from the glyphs around it or made up (psm 3 read a Thai card's
    masked number, turned a quarter, as '2222.92:' in a word running down
    the whole column, and '292' is a run of 4775539292657)."""
    l, t, ww, hh = word[:4]
    x, y, w, h = box
    x0, y0 = max(l, x), max(t, y)
    x1, y1 = min(l + ww, x + w), min(t + hh, y + h)
    if x1 <= x0 or y1 <= y0:
        return False
    return near_black_share(img, [x0, y0, x1 - x0, y1 - y0]) >= GLYPH_SHARE


def value_leaks(img, item, value, glyphs, words, page_text):
    """Reasons value (one of values_of(item), with its glyphs) is not
    hidden on img, [] when it is: unmasked glyphs, a run read back over
    its box, the whole value read back anywhere. words: tesseract's words
    on img (tsv_words()); page_text: all it read, normalised."""
    why = []
    bad = unmasked_glyphs(img, item, glyphs)
    if bad:
        n = len(glyphs or [1])
        share = near_black_share(img, item["box"])
        why.append(f"{len(bad)} of {n} glyphs unmasked (first at {bad[0]};"
                   f" box {share:.0%} near-black, masked columns "
                   f"{masked_span(img, item['box'])})")
    seen = [w for w in words if not solid_under(img, w, item["box"])]
    over = normalise(words_over(seen, item["box"], quad=item.get("quad")))
    run = run_read_back(value, over)
    if run:
        why.append(f"'{run}' read back over its box ('{over}')")
    if value and value in page_text:
        why.append("read back whole")
    return why
