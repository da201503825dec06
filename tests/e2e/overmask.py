#!/usr/bin/python3
"""overmask.py — how much of an image idredact masked beyond what it had to.

  overmask.py GT.json REPORT.json
        one line: "FILE SHARE PICTURES KIND:SHARE ...": SHARE the
        percentage of the image's pixels inside a finding's box (what
        mask.c paints) and outside every box of the ground truth,
        PICTURES the same for the boxes of faces and photographs alone,
        KIND:SHARE the same for the boxes of each kind found (a pixel
        under two kinds counts for both)

The ground truth (samples/gen.c, samples/README.md) holds every thing that
must be masked: identifiers, MRZ, codes, portraits and ghosts, and the
labelled personal fields (name, date of birth, address). Its boxes are the
ink, the symbol and the photo, without margin, so the margins idredact
adds around text (in proportion to the text height, SPEC §4) and codes
(the quiet zone) count here too: the measure is strict.
"""
import json
import sys

import cv2
import numpy as np


def main():
    gt = json.load(open(sys.argv[1]))
    rep = json.load(open(sys.argv[2]))
    w, h = rep["width"], rep["height"]
    truth = np.zeros((h, w), bool)
    for it in gt.get("items", []):
        x, y, bw, bh = it["box"]
        truth[max(0, y):max(0, y + bh), max(0, x):max(0, x + bw)] = True
    masked = np.zeros((h, w), bool)
    kinds = {}
    for f in rep["findings"]:
        box = np.zeros((h, w), np.uint8)
        if "quad" in f:
            # a turned rectangle: only its inside is masked
            q = f["quad"]
            cv2.fillPoly(box, [np.array([q[0], q[1], q[3], q[2]], np.int32)], 1)
        else:
            x, y, bw, bh = f["box"]
            box[max(0, y):max(0, y + bh), max(0, x):max(0, x + bw)] = 1
        box = box.astype(bool)
        masked |= box
        kinds[f["kind"]] = kinds.get(f["kind"], np.zeros((h, w), bool)) | box
    share = 100.0 * np.count_nonzero(masked & ~truth) / (w * h)
    pics = np.zeros((h, w), bool)
    for k in ("face", "photo"):
        if k in kinds:
            pics |= kinds[k]
    pictures = 100.0 * np.count_nonzero(pics & ~truth) / (w * h)
    parts = " ".join("%s:%.2f" % (k, 100.0 * np.count_nonzero(m & ~truth) / (w * h))
                     for k, m in sorted(kinds.items()))
    name = gt.get("file", sys.argv[1])
    print("%s %.2f %.2f %s" % (name, share, pictures, parts))


if __name__ == "__main__":
    main()
