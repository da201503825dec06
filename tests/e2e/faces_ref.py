#!/usr/bin/python3
"""faces_ref.py — OpenCV's side of the face tests (run with /usr/bin/python3,
which has cv2; see tests/check_faces.c, tests/e2e/faces.sh,
tests/bench/faces.sh).

  faces_ref.py card OUT.png|jpg [ANGLE]   a card-like test image: the
        astronaut as portrait, a faint small ghost copy, text bars; turned
        clockwise by ANGLE; ground truth in OUT.json ({"items": [{"kind":
        "portrait"|"ghost", "box": [x, y, w, h]}]}, the sample format)
  faces_ref.py selfie OUT.jpg             messi5.jpg with a card in hand;
        truth in OUT.json: the player's head, measured by hand ("face")
  faces_ref.py lfw OUT.png                a mosaic of 40 LFW faces
  faces_ref.py grey IN OUT.png            8-bit grey (OpenCV's BGR2GRAY)
  faces_ref.py greys DIR SIDE IMG...      each IMG as DIR/sample-NAME.png,
        8-bit grey, shrunk (area average) to a long side of SIDE when larger;
        one process for many images
  faces_ref.py detect CASCADE SCALE NEIGHBOURS MINSIZE IMG...
        OpenCV's CascadeClassifier.detectMultiScale on each image (read as
        grey); one line per image: "IMG x,y,w,h x,y,w,h ..."
  faces_ref.py time CASCADE SCALE NEIGHBOURS MINSIZE REPEAT IMG...
        milliseconds per image of detectMultiScale on one thread
  faces_ref.py judge IN OUT GT.json solid|pixelate [TURN]
        every portrait/ghost box of GT is masked in OUT, and OpenCV finds
        no face left on OUT turned upright (TURN: how the card was turned
        clockwise; default: all four turns); see faces_left(). One line
        per failure, exit 1 on any; notes on stderr
  faces_ref.py judge-many LIST OVER
        judge for each "IN OUT GT MODE TURN MEASURE" line of LIST in one
        process, two images at a time (one OpenCV thread each): a Python
        and OpenCV start costs more than many a judgement. Failure lines
        start "MODE: "; notes on stderr; where MEASURE is "over", the
        over-masking line of OUT.report (overmask.py) goes to OVER, in
        LIST's order. Exit 1 on any failure

Face photos come from $FACES (default build/faces): Debian packages only,
unpacked by samples/faces.sh.
"""
import contextlib
import io
import json
import multiprocessing
import os
import sys

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import overmask  # noqa: E402
import truth  # noqa: E402

FACES = os.environ.get("FACES", "build/faces")
CASCADES = "/usr/share/opencv4/haarcascades/"
# The judges: every frontal cascade of opencv-data plus the profile one,
# at parameters more eager than ours (2 neighbours, scale step 1.05).
JUDGE_CASCADES = ["haarcascade_frontalface_default.xml",
                  "haarcascade_frontalface_alt2.xml",
                  "haarcascade_profileface.xml"]


def astronaut_head(w, h):
    """The astronaut's head and shoulders, resized to w x h (BGR)."""
    img = cv2.imread(os.path.join(FACES, "astronaut.png"), cv2.IMREAD_COLOR)
    crop = img[20:300, 120:340]
    return cv2.resize(crop, (w, h), interpolation=cv2.INTER_AREA)


def card(out, angle):
    h, w = 640, 1000
    bg = np.array([214, 228, 238], np.float32)          # BGR, pale card
    img = np.tile(bg, (h, w, 1))
    # A soft guilloche-like pattern so the card is not flat.
    yy, xx = np.mgrid[0:h, 0:w]
    img += (6 * np.sin(xx / 9.0) * np.cos(yy / 13.0))[..., None]
    cv2.rectangle(img, (0, 0), (w, 90), (120, 60, 20), -1)
    for i, (x, y, ww) in enumerate([(360, 170, 420), (360, 230, 330),
                                     (360, 290, 380), (360, 350, 250),
                                     (360, 520, 520), (60, 560, 250)]):
        cv2.rectangle(img, (x, y), (x + ww, y + 22), (40, 40, 40), -1)
    px, py, pw, ph = 60, 150, 250, 318
    img[py:py + ph, px:px + pw] = astronaut_head(pw, ph)
    gx, gy, gw, gh = 820, 360, 130, 165
    ghost = cv2.cvtColor(astronaut_head(gw, gh), cv2.COLOR_BGR2GRAY)
    ghost = np.repeat(ghost[..., None], 3, axis=2).astype(np.float32)
    a = 0.3
    img[gy:gy + gh, gx:gx + gw] = ((1 - a) * img[gy:gy + gh, gx:gx + gw]
                                   + a * ghost)
    img = np.clip(img, 0, 255).astype(np.uint8)
    items = [{"kind": "portrait", "box": [px, py, pw, ph]},
             {"kind": "ghost", "box": [gx, gy, gw, gh]}]
    for _ in range(angle // 90):
        old_h = img.shape[0]
        img = np.ascontiguousarray(np.rot90(img, -1))   # clockwise
        # (x, y) -> (H-1-y, x), H the height before the turn.
        for it in items:
            x, y, bw, bh = it["box"]
            it["box"] = [old_h - y - bh, x, bh, bw]
    cv2.imwrite(out, img, [cv2.IMWRITE_JPEG_QUALITY, 88])
    with open(os.path.splitext(out)[0] + ".json", "w") as f:
        json.dump({"items": items}, f)


# The player's head on messi5.jpg (548 x 342), hair to chin, measured by
# hand on a 4x enlargement: x 206-264, y 61-133. The selfie's truth comes
# from the photo itself, not from a detector: the cascades ours copies
# window for window cannot be the judge of a face both would miss.
MESSI_HEAD = (206, 61, 58, 72)


def selfie(out):
    img = cv2.imread(os.path.join(FACES, "messi5.jpg"), cv2.IMREAD_COLOR)
    img = cv2.resize(img, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    cv2.rectangle(img, (700, 420), (1000, 610), (230, 230, 230), -1)
    cv2.rectangle(img, (720, 440), (800, 540), (90, 90, 90), -1)
    cv2.imwrite(out, img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    head = [2 * v for v in MESSI_HEAD]
    with open(os.path.splitext(out)[0] + ".json", "w") as f:
        json.dump({"items": [{"kind": "face", "box": head}]}, f)


def lfw(out):
    faces = np.load(os.path.join(FACES, "lfw_subset.npy"))[:40]
    tiles = [cv2.resize((f * 255).astype(np.uint8), (75, 75),
                        interpolation=cv2.INTER_CUBIC) for f in faces]
    rows = [np.hstack(tiles[i * 8:(i + 1) * 8]) for i in range(5)]
    mosaic = cv2.copyMakeBorder(np.vstack(rows), 20, 20, 20, 20,
                                cv2.BORDER_CONSTANT, value=128)
    cv2.imwrite(out, mosaic)


def greys(args):
    out_dir, side = args[0], int(args[1])
    for path in args[2:]:
        g = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        if g is None:
            sys.exit(f"faces_ref.py: cannot read {path}")
        h, w = g.shape
        if max(h, w) > side:
            f = side / max(h, w)
            g = cv2.resize(g, (max(1, round(w * f)), max(1, round(h * f))),
                           interpolation=cv2.INTER_AREA)
        name = "sample-" + os.path.basename(path) + ".png"
        if not cv2.imwrite(os.path.join(out_dir, name), g):
            sys.exit(f"faces_ref.py: cannot write {name} in {out_dir}")


def detect(args):
    c = cv2.CascadeClassifier(args[0])
    if c.empty():
        sys.exit(f"faces_ref.py: cannot load {args[0]}")
    scale, neighbours, size = float(args[1]), int(args[2]), int(args[3])
    for path in args[4:]:
        g = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        if g is None:
            sys.exit(f"faces_ref.py: cannot read {path}")
        r = c.detectMultiScale(g, scaleFactor=scale, minNeighbors=neighbours,
                               minSize=(size, size))
        print(path, " ".join("%d,%d,%d,%d" % tuple(b) for b in r))


def timing(args):
    import time
    cv2.setNumThreads(1)     # one core, like ours
    c = cv2.CascadeClassifier(args[0])
    scale, neighbours, size = float(args[1]), int(args[2]), int(args[3])
    repeat = int(args[4])
    for path in args[5:]:
        g = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        best = None
        for _ in range(repeat):
            t = time.perf_counter()
            c.detectMultiScale(g, scaleFactor=scale, minNeighbors=neighbours,
                               minSize=(size, size))
            t = time.perf_counter() - t
            best = t if best is None else min(best, t)
        print("%s %.3f" % (path, best * 1000))


def detail(g):
    """High-pass detail of a grey image (what a face detector lives on)."""
    g = g.astype(np.float32)
    return g - cv2.blur(g, (3, 3))


def judge(inp, out, gt_path, mode, turn="all"):
    """Failures (returned) and notes (printed on stderr) for OUT, the
    redaction of IN with ground truth GT_PATH."""
    failures = []
    gin = cv2.imread(inp, cv2.IMREAD_GRAYSCALE)
    gout = cv2.imread(out, cv2.IMREAD_GRAYSCALE)
    if gin is None or gout is None or gin.shape != gout.shape:
        return [f"{out}: unreadable or not the size of {inp}"]
    items = [it for it in json.load(open(gt_path)).get("items", [])
             if it["kind"] in ("portrait", "ghost", "face")]
    faces = [(it["kind"], it["box"]) for it in items]
    for it in items:
        kind, (x, y, w, h) = it["kind"], it["box"]
        a = gout[max(0, y):y + h, max(0, x):x + w]
        # The photo's own pixels: its quad when the truth has one (on a
        # tilted page the box holds the card and desk at its corners,
        # which a mask that follows the photo's edges leaves alone).
        inside = np.ones(a.shape, bool)
        if "quad" in it:
            m = truth.quad_mask(it["quad"], gout.shape)[
                max(0, y):y + h, max(0, x):x + w]
            if m.any():
                inside = m > 0
        if mode == "solid":
            frac = float(np.mean(a[inside] <= 40))
            if frac < 0.95:
                failures.append(f"{out}: {kind} box {[x, y, w, h]} only"
                                f" {frac:.0%} masked")
        else:
            # Pixelated: the original's fine detail must be gone, i.e. the
            # high-pass images no longer correlate.
            b = gin[max(0, y):y + h, max(0, x):x + w]
            da, db = detail(a)[inside], detail(b)[inside]
            corr = float(np.corrcoef(da, db)[0, 1]) if da.std() > 0 and db.std() > 0 else 0.0
            if corr > 0.2:
                failures.append(f"{out}: {kind} box {[x, y, w, h]} keeps"
                                f" its detail (correlation {corr:.2f})")
    failures += faces_left(gin, gout, out, faces, turn)
    return failures


def turned_box(b, k, shape):
    """Box b of an image of shape (h, w) on np.rot90(image, k)."""
    x, y, w, h = b
    H, W = shape
    for _ in range(k % 4):          # one counter-clockwise quarter turn
        x, y, w, h = y, W - x - w, h, w
        H, W = W, H
    return [x, y, w, h]


def on_face(d, boxes):
    """True when at least a quarter of detection d lies on one of boxes."""
    for b in boxes:
        iw = min(d[0] + d[2], b[0] + b[2]) - max(d[0], b[0])
        ih = min(d[1] + d[3], b[1] + b[3]) - max(d[1], b[1])
        if iw > 0 and ih > 0 and iw * ih * 4 >= d[2] * d[3]:
            return True
    return False


_classifiers = {}


def classifier(name):
    """opencv-data's cascade name, loaded once a process."""
    if name not in _classifiers:
        _classifiers[name] = cv2.CascadeClassifier(CASCADES + name)
    return _classifiers[name]


def faces_left(gi, g, out, faces, turn):
    """OpenCV's eager search (three cascades, steps of 1.05, 3 neighbours,
    from 20 px) on the output, on the clockwise turn that makes it upright
    or on all four ("all"). The faces that must be gone: the portraits,
    ghosts and faces of the ground truth, and, on a photo (truth without
    portraits), also every face OpenCV finds on the input with its usual
    parameters (default frontal cascade, steps of 1.1, 3 neighbours). A
    detection of either search on one of them is a failure. One
    elsewhere (lines of text, the Chinese characters of a card's title,
    blurred crowd, the corner a mask's edge makes with text: found on
    inputs too, and nowhere near a face) is a note on stderr. gi, g: the
    input and the output in grey, as judge() read them; out: the output's
    name for the lines."""
    failures = []
    turns = range(4) if turn == "all" else [(4 - int(turn) // 90) % 4]
    usual = classifier(JUDGE_CASCADES[0])
    document = any(kind in ("portrait", "ghost") for kind, _ in faces)
    for k in turns:
        view = np.ascontiguousarray(np.rot90(g, k))
        true = [turned_box(b, k, g.shape) for _, b in faces]
        if document:
            # A document: OpenCV with its usual parameters finds no face
            # on a face of the truth. Elsewhere its detections are the
            # cascade's own mistakes, noted like the eager search's: on a
            # phone photo, upscaled letters (a Thai character, a label
            # beside a mask's corner) and desk grain fire it on the input
            # as much as on the output.
            for b in usual.detectMultiScale(view, scaleFactor=1.1,
                                            minNeighbors=3, minSize=(30, 30)):
                line = (f"{out}: OpenCV ({JUDGE_CASCADES[0]}, 1.1, 3,"
                        f" turned {90 * k}) finds a face at {list(b)}")
                if on_face(b, true):
                    failures.append(line + " on a face of the input")
                else:
                    print("note: " + line + ", on no face of the input",
                          file=sys.stderr)
        else:
            true += [list(b) for b in usual.detectMultiScale(
                np.ascontiguousarray(np.rot90(gi, k)), scaleFactor=1.1,
                minNeighbors=3, minSize=(30, 30))]
        for name in JUDGE_CASCADES:
            c = classifier(name)
            r = c.detectMultiScale(view, scaleFactor=1.05, minNeighbors=3,
                                   minSize=(20, 20))
            for b in r:
                line = (f"{out}: OpenCV ({name}, turned {90 * k}) finds a"
                        f" face at {list(b)}")
                if on_face(b, true):
                    failures.append(line + " on a face of the input")
                else:
                    print("note: " + line + ", on no face of the input",
                          file=sys.stderr)
    return failures


def judge_one(line):
    """judge (and overmask) for one line of a judge-many list: returns
    (failure lines, notes, over-masking line or None)."""
    inp, out, gt, mode, turn, measure = line.split()
    failures, over = [], None
    notes = io.StringIO()
    if measure == "over":
        try:
            over = overmask.share_line(gt, out + ".report")
        except Exception as e:  # a report that cannot be read
            failures.append(f"over-masking: judge failed: {e!r}")
    with contextlib.redirect_stderr(notes):
        try:
            failures += [f"{mode}: {f}" for f in judge(inp, out, gt, mode, turn)]
        except Exception as e:
            failures.append(f"{mode}: judge failed: {e!r}")
    return failures, notes.getvalue(), over


def judge_many(list_path, over_path):
    lines = [line for line in open(list_path) if line.strip()]
    with multiprocessing.Pool(2, initializer=cv2.setNumThreads,
                              initargs=(1,)) as pool:
        results = pool.map(judge_one, lines, chunksize=1)
    failures = []
    with open(over_path, "w") as over:
        for fails, notes, line in results:
            failures += fails
            sys.stderr.write(notes)
            if line is not None:
                over.write(line + "\n")
    return failures


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "card":
        card(args[0], int(args[1]) if len(args) > 1 else 0)
    elif cmd == "selfie":
        selfie(args[0])
    elif cmd == "lfw":
        lfw(args[0])
    elif cmd == "grey":
        g = cv2.imread(args[0], cv2.IMREAD_GRAYSCALE)
        cv2.imwrite(args[1], g)
    elif cmd == "greys":
        greys(args)
    elif cmd == "detect":
        detect(args)
    elif cmd == "time":
        timing(args)
    elif cmd in ("judge", "judge-many"):
        failures = (judge if cmd == "judge" else judge_many)(*args)
        for f in failures:
            print(f)
        sys.exit(1 if failures else 0)
    else:
        sys.exit(f"faces_ref.py: unknown command {cmd}")


if __name__ == "__main__":
    main()
