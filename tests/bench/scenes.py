#!/usr/bin/python3
"""scenes.py — pictures with no face and no document, made here, for the
false-positive benchmark (tests/bench/photos.sh).

  scenes.py OUTDIR SEED     writes dish, desk, cloth, garden, pebbles and
                            shelf pictures (JPEG) drawn from SEED

What they stand for: the photos people upload by mistake or that reach a
generic upload path — food photographed from above (the dish the face
search once masked ten patches of), an empty desk, a cloth, foliage,
gravel, a shelf of boxes. Textures are smoothed random noise at several
scales (no photograph of anything is used); shapes are drawn with OpenCV.
"""
import os
import sys

import cv2
import numpy as np


def noise(rng, h, w, scale):
    """Smooth random field in [0, 1]: random values on a coarse grid
    scaled up (cubic), summed over three octaves."""
    out = np.zeros((h, w), np.float32)
    amp = 1.0
    for octave in range(3):
        s = max(2, int(scale / (2 ** octave)))
        small = rng.random((h // s + 2, w // s + 2)).astype(np.float32)
        out += amp * cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
        amp /= 2
    out -= out.min()
    return out / max(out.max(), 1e-6)


def tint(field, lo, hi):
    """A colour image from a field: lo where 0, hi where 1 (BGR)."""
    lo, hi = np.array(lo, np.float32), np.array(hi, np.float32)
    return (lo + field[..., None] * (hi - lo)).clip(0, 255)


def dish(rng, h=1200, w=1600):
    img = tint(noise(rng, h, w, 60), (90, 110, 140), (130, 150, 180))  # table
    cx, cy = w // 2, h // 2
    cv2.ellipse(img, (cx, cy), (520, 480), 0, 0, 360, (235, 238, 240), -1)
    cv2.ellipse(img, (cx, cy), (430, 400), 0, 0, 360, (225, 228, 232), 4)
    # food: blobs of rice, greens, sauce and meat, each with its texture
    for colour, n, size in (((200, 225, 235), 1, 180), ((40, 120, 60), 9, 45),
                            ((30, 80, 170), 5, 60), ((60, 90, 120), 12, 40)):
        for _ in range(n):
            x = int(cx + rng.uniform(-300, 300))
            y = int(cy + rng.uniform(-280, 280))
            r = int(size * rng.uniform(0.6, 1.3))
            mask = np.zeros((h, w), np.uint8)
            cv2.ellipse(mask, (x, y), (r, int(r * rng.uniform(0.6, 1))),
                        rng.uniform(0, 180), 0, 360, 255, -1)
            tex = tint(noise(rng, h, w, 8), np.array(colour) * 0.7,
                       np.minimum(np.array(colour) * 1.3, 255))
            img[mask > 0] = tex[mask > 0]
    return img


def desk(rng, h=1200, w=1600):
    grain = noise(rng, h // 8, w, 40)
    grain = cv2.resize(grain, (w, h), interpolation=cv2.INTER_CUBIC)
    return tint(grain, (40, 70, 110), (90, 130, 180))


def cloth(rng, h=1200, w=1600):
    base = noise(rng, h, w, 120)
    yy, xx = np.mgrid[0:h, 0:w]
    weave = 0.15 * (np.sin(xx / 2.0) * np.sin(yy / 2.0))
    return tint(np.clip(base + weave, 0, 1), (70, 40, 40), (140, 90, 80))


def garden(rng, h=1200, w=1600):
    leaves = noise(rng, h, w, 25)
    return tint(leaves ** 1.5, (20, 60, 20), (90, 200, 120))


def pebbles(rng, h=1200, w=1600):
    img = tint(noise(rng, h, w, 10), (90, 90, 95), (150, 150, 160))
    for _ in range(160):
        x, y = int(rng.uniform(0, w)), int(rng.uniform(0, h))
        r = int(rng.uniform(12, 45))
        g = rng.uniform(80, 220)
        cv2.circle(img, (x, y), r, (g, g, g * 0.95), -1)
        cv2.circle(img, (x - r // 3, y - r // 3), r // 3,
                   (min(255, g + 30),) * 3, -1)
    return cv2.GaussianBlur(img, (0, 0), 1.5)


def shelf(rng, h=1200, w=1600):
    img = tint(noise(rng, h, w, 80), (180, 190, 200), (220, 225, 230))
    for row in range(3):
        y0 = 80 + row * 380
        cv2.rectangle(img, (0, y0 + 320), (w, y0 + 340), (60, 80, 110), -1)
        x = 40
        while x < w - 100:
            bw = int(rng.uniform(80, 260))
            bh = int(rng.uniform(150, 310))
            colour = tuple(float(c) for c in rng.uniform(40, 230, 3))
            cv2.rectangle(img, (x, y0 + 320 - bh), (x + bw, y0 + 320), colour, -1)
            x += bw + int(rng.uniform(5, 30))
    return img


def main():
    out, seed = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    for i, make in enumerate((dish, desk, cloth, garden, pebbles, shelf)):
        rng = np.random.default_rng([seed, i])
        img = make(rng)
        img = img + rng.normal(0, 3, img.shape)  # sensor noise
        cv2.imwrite(os.path.join(out, "gen_%s.jpg" % make.__name__),
                    img.clip(0, 255).astype(np.uint8),
                    [cv2.IMWRITE_JPEG_QUALITY, 88])


if __name__ == "__main__":
    main()
