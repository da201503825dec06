#!/usr/bin/python3
"""overlay.py IN REPORT OVERLAY -- judge an --overlay picture from the
outside (OpenCV, numpy, the tesseract command):

  - it has the size of the input as oriented (OpenCV applies the EXIF
    orientation when it reads IN) and of the report's width x height;
  - on the edge of every finding's box, the overlay differs from the
    input (an outline is drawn there): at least EDGE_SHARE of the edge's
    pixels, by more than DIFF in some channel;
  - inside the boxes it is the input, NOT masked: the median difference
    there is at most INSIDE_MEDIAN;
  - the header names the turn the report gives (read by tesseract from
    the darkened band at the top).

Prints one line per failed check; exits 1 when any failed."""
import json
import re
import subprocess
import sys
import tempfile

import cv2
import numpy as np

EDGE_SHARE = 0.97
DIFF = 24
INSIDE_MEDIAN = 6
HEADER_DIM = 0.35  # filter/overlay.c darkens the header's area to this


def edge_mask(shape, box):
    """Returns a boolean mask of the one-pixel edge of box, clipped."""
    h, w = shape[:2]
    x, y, bw, bh = box
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(w, x + bw) - 1, min(h, y + bh) - 1
    m = np.zeros((h, w), bool)
    if x1 < x0 or y1 < y0:
        return m
    m[y0, x0:x1 + 1] = m[y1, x0:x1 + 1] = True
    m[y0:y1 + 1, x0] = m[y0:y1 + 1, x1] = True
    return m


def header_text(inp, ov):
    """Returns what tesseract reads in the darkened band at the top."""
    col = inp[:, 0:2].astype(float)
    ocol = ov[:, 0:2].astype(float)
    dark = np.all(np.abs(ocol - HEADER_DIM * col) <= 6, axis=(1, 2))
    band = int(np.argmin(dark)) if not dark.all() else len(dark)
    if band < 8:
        return ""
    crop = cv2.cvtColor(ov[:band], cv2.COLOR_BGR2GRAY)
    crop = cv2.resize(255 - crop, None, fx=2, fy=2,
                      interpolation=cv2.INTER_CUBIC)
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        cv2.imwrite(f.name, crop)
        return subprocess.run(["tesseract", f.name, "-", "--psm", "6"],
                              capture_output=True, text=True).stdout


def main(in_path, report_path, overlay_path):
    fails = []
    inp = cv2.imread(in_path, cv2.IMREAD_COLOR)  # EXIF orientation applied
    ov = cv2.imread(overlay_path,
                    cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
    report = json.load(open(report_path))
    if inp is None or ov is None:
        print("FAIL: %s: cannot read input or overlay" % overlay_path)
        return 1
    if ov.shape != inp.shape:
        print("FAIL: %s: overlay %s, oriented input %s" % (
            overlay_path, ov.shape[1::-1], inp.shape[1::-1]))
        return 1
    if (report["width"], report["height"]) != (ov.shape[1], ov.shape[0]):
        fails.append("report says %dx%d, overlay is %dx%d" % (
            report["width"], report["height"], ov.shape[1], ov.shape[0]))
    diff = np.abs(ov.astype(int) - inp.astype(int)).max(axis=2)
    inside = []
    for i, f in enumerate(report["findings"]):
        m = edge_mask(diff.shape, f["box"])
        share = float((diff[m] > DIFF).mean()) if m.any() else 0.0
        if share < EDGE_SHARE:
            fails.append("finding %d (%s at %s): only %.0f%% of its edge "
                         "differs from the input" % (i, f["kind"], f["box"],
                                                      100 * share))
        x, y, w, h = f["box"]
        pad = max(3, min(ov.shape[:2]) // 300 + 2)
        if w > 2 * pad and h > 2 * pad:
            inside.append(diff[y + pad:y + h - pad, x + pad:x + w - pad].ravel())
    if inside:
        med = float(np.median(np.concatenate(inside)))
        if med > INSIDE_MEDIAN:
            fails.append("inside the boxes the overlay is not the input "
                         "(median difference %.0f): masked?" % med)
    text = header_text(inp, ov)
    # Letters OCR takes for digits in a short number ("O" for 0).
    turns = [t.replace("O", "0").replace("o", "0")
             for t in re.findall(r"turned\s+([\dOo]+)", text)]
    if "UNREDACTED" not in text:
        fails.append("header lacks the UNREDACTED warning: %r" % text[:200])
    if str(report["geometry"]["turn"]) not in turns:
        fails.append("header names turn %s, report %s: %r" % (
            turns, report["geometry"]["turn"], text[:200]))
    for line in fails:
        print("FAIL: %s: %s" % (overlay_path, line))
    return 1 if fails else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
