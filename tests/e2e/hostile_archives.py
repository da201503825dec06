#!/usr/bin/python3
"""hostile_archives.py DIR — write the hostile archives of
tests/e2e/batch_hostile.sh into DIR, with Python's tarfile and zipfile
(an outside writer: nothing here goes through libarchive).

  names.tar      "../evil.png", "/abs/evil2.png", "a/../../up.png", two
                 entries named "dup.png", a symlink, a hard link, a
                 character device, a FIFO, a directory, and ok.png
  huge.tar       one entry whose header declares 8 GiB, 1 KiB of data,
                 then the end of the file
  bomb.zip       one entry of 400 MiB of zeros, deflated to ~400 KiB
  truncated.tgz  a tar.gz of four small images cut in the middle
  garbage.tar    random bytes
  sizes.tar      ok.png, big.png (2 MB, over --max-entry-bytes 1000000),
                 wide.png (3000x3000, over --max-pixels 1000000)
  escape.tar     ok.png, an image whose name holds terminal escapes
                 (ESC ] 0 ; ... BEL, ESC [ 2 J), notes.txt
"""
import io
import os
import sys
import tarfile
import zipfile

import cv2
import numpy as np


def png(w, h, value=200):
    ok, buf = cv2.imencode(".png", np.full((h, w, 3), value, np.uint8))
    assert ok
    return buf.tobytes()


def add(t, name, data=b"", kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    info.mtime = 1700000000
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def main(out):
    os.makedirs(out, exist_ok=True)
    small = png(48, 32)
    with tarfile.open(os.path.join(out, "names.tar"), "w",
                      format=tarfile.GNU_FORMAT) as t:
        add(t, "ok.png", small)
        add(t, "../evil.png", small)
        add(t, "/abs/evil2.png", small)
        add(t, "a/../../up.png", small)
        add(t, "dup.png", small)
        add(t, "dup.png", png(48, 32, 100))
        add(t, "link", kind=tarfile.SYMTYPE, link="/etc/passwd")
        add(t, "hl", kind=tarfile.LNKTYPE, link="ok.png")
        add(t, "dev", kind=tarfile.CHRTYPE)
        add(t, "fifo", kind=tarfile.FIFOTYPE)
        add(t, "dir/", kind=tarfile.DIRTYPE)
        add(t, "dir/x.png", small)

    # A header that declares 8 GiB, then 1 KiB and the end of the file.
    info = tarfile.TarInfo("huge.png")
    info.size = 8 << 30
    info.mtime = 1700000000
    with open(os.path.join(out, "huge.tar"), "wb") as f:
        f.write(info.tobuf(format=tarfile.GNU_FORMAT))
        f.write(small + b"\0" * (1024 - len(small) % 1024))

    with zipfile.ZipFile(os.path.join(out, "bomb.zip"), "w",
                         zipfile.ZIP_DEFLATED) as z:
        with z.open("zeros.txt", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(400):
                f.write(block)

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        for i in range(4):
            add(t, f"img{i}.png", png(300, 200, 50 * i) + os.urandom(20000))
    data = buf.getvalue()
    open(os.path.join(out, "truncated.tgz"), "wb").write(data[:len(data) // 2])

    open(os.path.join(out, "garbage.tar"), "wb").write(os.urandom(50000))

    with tarfile.open(os.path.join(out, "sizes.tar"), "w") as t:
        add(t, "ok.png", small)
        add(t, "big.png", small + os.urandom(2000000))
        add(t, "wide.png", png(3000, 3000))

    with tarfile.open(os.path.join(out, "escape.tar"), "w",
                      format=tarfile.PAX_FORMAT) as t:
        add(t, "ok.png", small)
        add(t, "a\x1b]0;title\x07b\x1b[2J.png", small)
        add(t, "notes.txt", b"x")


if __name__ == "__main__":
    main(sys.argv[1])
