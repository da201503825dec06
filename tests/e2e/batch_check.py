#!/usr/bin/python3
"""batch_check.py — outside judges for `idredact batch` (tests/e2e/batch*.sh),
reading archives with Python's own tarfile and zipfile, not libarchive.

  batch_check.py names ARCHIVE|DIR
      print the entry names in archive order, directories without their
      trailing '/' (a directory: sorted walk, files only)
  batch_check.py run IN OUT MANIFEST SEALED_TAR|- CORRUPT_NAME
      the main case: the manifest has one line per input entry in input
      order with size, SHA-256 and the right outcome (images redacted,
      CORRUPT_NAME failed, other files dropped, directories passed); OUT
      holds exactly the redacted images and the directories, in order,
      each a decodable image of the input's size; SEALED_TAR (the
      decrypted --sealed-out file) holds exactly the redacted and dropped
      originals, in order, byte for byte
  batch_check.py vault IN MANIFEST KEYFILE
      every "sealed" file of the manifest opens with `age -d` and gives
      the input entry byte for byte
  batch_check.py field MANIFEST NAME KEY
      print KEY of the manifest line for entry NAME ("-" when absent;
      the last one when NAME appears twice: see "nth")
  batch_check.py nth MANIFEST N KEY
      print KEY of the N-th line (from 1)
  batch_check.py shards INPUT_DIR MANIFEST...
      the union of the shards' manifests names every file of INPUT_DIR
      exactly once

Prints one line per failed assertion and exits 1 when any failed.
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile

import cv2
import numpy as np

IMAGE_EXT = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif")


def entries(path):
    """[(name, kind, bytes-or-None)] in archive order; kind is 'file',
    'dir' or 'other'."""
    out = []
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for f in sorted(files):
                p = os.path.join(root, f)
                out.append((os.path.relpath(p, path), "file",
                            open(p, "rb").read()))
        return out
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for i in z.infolist():
                kind = "dir" if i.is_dir() else "file"
                out.append((i.filename, kind,
                            z.read(i) if kind == "file" else None))
        return out
    with tarfile.open(path) as t:
        for m in t:
            kind = ("file" if m.isreg() else "dir" if m.isdir() else "other")
            data = t.extractfile(m).read() if kind == "file" else None
            out.append((m.name, kind, data))
    return out


def manifest(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def strip_dir(name):
    return name.rstrip("/") if name not in ("/", "./") else name


def check_run(in_path, out_path, man_path, sealed_path, corrupt):
    fails = []
    inp = entries(in_path)
    lines = manifest(man_path)
    if len(lines) != len(inp):
        fails.append(f"manifest has {len(lines)} lines for {len(inp)} input entries")
    expect_out, expect_sealed = [], []
    for (name, kind, data), line in zip(inp, lines):
        # tarfile drops a directory's trailing '/'; the manifest keeps it.
        lname = line.get("name", "")
        if (strip_dir(lname) if kind == "dir" else lname) != name:
            fails.append(f"manifest line for {name!r} names {line.get('name')!r}")
            continue
        if kind == "dir":
            want = "passed"
            expect_out.append((strip_dir(name), "dir", None))
        elif name.endswith(corrupt):
            want = "failed"
            if not line.get("reason"):
                fails.append(f"{name}: failed without a reason")
        elif name.lower().endswith(IMAGE_EXT):
            want = "redacted"
            expect_out.append((name, "file", data))
            expect_sealed.append((name, data))
            if "findings" not in line:
                fails.append(f"{name}: redacted without findings")
        else:
            want = "dropped"
            expect_sealed.append((name, data))
        if line.get("outcome") != want:
            fails.append(f"{name}: outcome {line.get('outcome')}, expected {want}"
                         f" ({line.get('reason', '')})")
        if kind == "file":
            if line.get("size") != len(data):
                fails.append(f"{name}: size {line.get('size')} != {len(data)}")
            if line.get("sha256") != hashlib.sha256(data).hexdigest():
                fails.append(f"{name}: sha256 differs")
    out = entries(out_path)
    got = [(strip_dir(n), k) for n, k, _ in out]
    want = [(n, k) for n, k, _ in expect_out]
    if got != want:
        fails.append(f"OUT holds {len(got)} entries, expected {len(want)}; "
                     f"first difference: "
                     f"{next(((a, b) for a, b in zip(got + [None] * len(want), want + [None] * len(got)) if a != b), None)}")
    by_name = {n: d for n, k, d in out if k == "file"}
    for name, kind, data in expect_out:
        if kind != "file" or name not in by_name:
            continue
        a = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        b = cv2.imdecode(np.frombuffer(by_name[name], np.uint8), cv2.IMREAD_COLOR)
        if b is None:
            fails.append(f"{name}: output does not decode")
        elif a is not None and a.shape[:2] != b.shape[:2]:
            fails.append(f"{name}: output {b.shape[:2]} vs input {a.shape[:2]}")
        if by_name[name] == data:
            fails.append(f"{name}: output is the input unchanged")
    if sealed_path != "-":
        sealed = [(n, d) for n, k, d in entries(sealed_path) if k == "file"]
        if [n for n, _ in sealed] != [n for n, _ in expect_sealed]:
            fails.append(f"sealed tar holds {len(sealed)} originals, expected "
                         f"{len(expect_sealed)}")
        for (n, d), (en, ed) in zip(sealed, expect_sealed):
            if n == en and d != ed:
                fails.append(f"sealed {n}: not the input bytes")
    return fails


def check_vault(in_path, man_path, key):
    fails = []
    data = {n: d for n, k, d in entries(in_path) if k == "file"}
    sealed = 0
    for line in manifest(man_path):
        s = line.get("sealed")
        if not s:
            continue
        sealed += 1
        got = subprocess.run(["age", "-d", "-i", key, s["file"]],
                             capture_output=True, check=False)
        if got.returncode != 0:
            fails.append(f"{line['name']}: age -d {s['file']}: {got.stderr!r}")
        elif got.stdout != data.get(line["name"]):
            fails.append(f"{line['name']}: sealed original differs from input")
    if sealed == 0:
        fails.append("no entry was sealed")
    return fails


def check_shards(in_dir, manifests):
    fails = []
    want = sorted(n for n, k, _ in entries(in_dir) if k == "file")
    got = []
    for m in manifests:
        got += [line["name"] for line in manifest(m) if line.get("type") == "file"]
    # Shards name entries as tar -T gave them: strip a leading "./".
    got = sorted(n[2:] if n.startswith("./") else n for n in got)
    if got != want:
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        dup = sorted({n for n in got if got.count(n) > 1})
        fails.append(f"shard manifests cover {len(got)} entries for {len(want)} "
                     f"files; missing {missing[:5]}, extra {extra[:5]}, "
                     f"twice {dup[:5]}")
    return fails


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "names":
        for n, k, _ in entries(argv[2]):
            print(strip_dir(n))
        return 0
    if cmd in ("field", "nth"):
        lines = manifest(argv[2])
        if cmd == "nth":
            hits = lines[int(argv[3]) - 1:int(argv[3])]
        else:
            hits = [line for line in lines if line.get("name") == argv[3]]
        v = hits[-1].get(argv[4]) if hits else None
        print("-" if v is None else json.dumps(v) if isinstance(v, dict) else v)
        return 0
    if cmd == "run":
        fails = check_run(*argv[2:7])
    elif cmd == "vault":
        fails = check_vault(*argv[2:5])
    elif cmd == "shards":
        fails = check_shards(argv[2], argv[3:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for f in fails:
        print(f"FAIL: {f}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
