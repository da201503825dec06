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
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import truth  # noqa: E402


def share_line(gt_path, report_path):
    """The line described above for the sample of truth gt_path and its
    report report_path."""
    gt = json.load(open(gt_path))
    rep = json.load(open(report_path))
    w, h = rep["width"], rep["height"]
    must = np.zeros((h, w), bool)
    for it in gt.get("items", []):
        x, y, bw, bh = it["box"]
        must[max(0, y):max(0, y + bh), max(0, x):max(0, x + bw)] = True
    masked = np.zeros((h, w), bool)
    kinds = {}
    for f in rep["findings"]:
        # a turned rectangle masks only its inside
        box = truth.finding_mask(f, (h, w)).astype(bool)
        masked |= box
        kinds[f["kind"]] = kinds.get(f["kind"], np.zeros((h, w), bool)) | box
    share = 100.0 * np.count_nonzero(masked & ~must) / (w * h)
    pics = np.zeros((h, w), bool)
    for k in ("face", "photo"):
        if k in kinds:
            pics |= kinds[k]
    pictures = 100.0 * np.count_nonzero(pics & ~must) / (w * h)
    parts = " ".join("%s:%.2f" % (k, 100.0 * np.count_nonzero(m & ~must) / (w * h))
                     for k, m in sorted(kinds.items()))
    name = gt.get("file", gt_path)
    return "%s %.2f %.2f %s" % (name, share, pictures, parts)


def main():
    print(share_line(sys.argv[1], sys.argv[2]))


if __name__ == "__main__":
    main()
