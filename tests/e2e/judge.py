#!/usr/bin/python3
"""judge.py — outside readers judge a redacted image against ground truth.

  judge.py ids GT.json OUT     no identifier value of GT can be read back by
                               the tesseract command from OUT, and every
                               identifier box of GT is masked in OUT
  judge.py upright GT OUT      as ids, but the read-back is done on OUT
                               turned upright first (the truth's rotate
                               and skew undone), as a reader of a turned
                               or tilted page would
  judge.py same-size IN OUT    OUT has IN's width and height

Ground truth is written by samples/gen.c (see samples/README.md). Prints
one line per failed assertion; exits 1 when any failed.
"""
import json
import re
import subprocess
import sys

import cv2
import numpy as np

# Items that are not text identifiers: judged by faces.sh / codes.sh.
NOT_TEXT = {"portrait", "ghost", "face", "qr", "barcode", "pdf417",
            "datamatrix", "name", "dob", "address"}


def normalise(s):
    """Upper-case letters and digits only: separators do not hide a value."""
    return re.sub(r"[^0-9A-Z<]", "", s.upper())


def tesseract_text(path, psm):
    out = subprocess.run(["tesseract", path, "-", "--psm", str(psm)],
                         capture_output=True, text=True, check=False)
    return out.stdout


def masked_fraction(img, box):
    """Share of the box's pixels that are near-black (a solid mask)."""
    x, y, w, h = box
    region = img[max(0, y):y + h, max(0, x):x + w]
    if region.size == 0:
        return 0.0
    return float(np.mean(region <= 40))


def upright(img, gt):
    """img turned back by the truth's quarter turn, then its skew (or a
    photo's tilt) undone: what a person reading the page would look at."""
    turns = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180,
             270: cv2.ROTATE_90_CLOCKWISE}
    rot = gt.get("rotate", 0) % 360
    if rot in turns:
        img = cv2.rotate(img, turns[rot])
    skew = gt.get("skew", 0.0)
    if skew:
        h, w = img.shape[:2]
        # The sample was turned clockwise by skew; OpenCV's positive
        # angle turns anticlockwise (y down), which undoes it.
        m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_CUBIC,
                             borderValue=255)
    return img


def judge_ids(gt_path, out_path, turn_upright=False):
    gt = json.load(open(gt_path))
    failures = []
    img = cv2.imread(out_path, cv2.IMREAD_GRAYSCALE)
    if img is None:
        return [f"{out_path}: cannot be read"]
    if turn_upright:
        # Read the page the right way up: sparse text and automatic
        # segmentation.
        up = out_path + ".upright.png"
        cv2.imwrite(up, upright(img, gt))
        text = normalise(tesseract_text(up, 3) + tesseract_text(up, 11))
    else:
        # Read the output twice: automatic page segmentation and sparse
        # text, plus once upscaled, the way an attacker would try.
        big = out_path + ".x2.png"
        cv2.imwrite(big, cv2.resize(img, None, fx=2, fy=2,
                                    interpolation=cv2.INTER_CUBIC))
        text = normalise(tesseract_text(out_path, 3) +
                         tesseract_text(out_path, 11) +
                         tesseract_text(big, 11))
        if gt.get("rotate", 0) or gt.get("skew", 0.0):
            # A turned or tilted page: read it the right way up as well.
            up = out_path + ".upright.png"
            cv2.imwrite(up, upright(img, gt))
            text += normalise(tesseract_text(up, 11))
    for item in gt.get("items", []):
        if item["kind"] in NOT_TEXT:
            continue
        values = [item["value"]] if "value" in item else item.get("lines", [])
        for v in values:
            v = normalise(v)
            if v and v in text:
                failures.append(f"{gt_path}: {item['kind']} {v} read back")
        if "box" in item:
            frac = masked_fraction(img, item["box"])
            if frac < 0.90:
                failures.append(f"{gt_path}: {item['kind']} box {item['box']}"
                                f" only {frac:.0%} masked")
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
    elif cmd == "upright":
        failures = judge_ids(sys.argv[2], sys.argv[3], turn_upright=True)
    elif cmd == "same-size":
        failures = same_size(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"judge.py: unknown command {cmd}")
    for f in failures:
        print(f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
