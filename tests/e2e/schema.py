#!/usr/bin/python3
"""schema.py REPORT... -- validate idredact reports against the schema in
filter/report.schema.json (JSON Schema 2020-12, checked by Debian's
python3-jsonschema), and check what a schema cannot say: every box lies
inside the image, and every kind is one `idredact --help` lists under
Kinds (when IDREDACT names the program).

Prints one line per problem and exits 1 when there is any; prints
"N reports valid" and exits 0 otherwise."""
import json
import os
import subprocess
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "..", "..", "filter", "report.schema.json")


def program_kinds(prog):
    """Returns the single kinds (not groups) `prog --help` lists."""
    out = subprocess.run([prog, "--help"], capture_output=True, text=True,
                         check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("Kinds: "))
    # "mrz" is a group and a kind at once; the others are groups only.
    groups = {"all", "ids", "telecom", "fields", "codes", "faces"}
    return {k for k in line[len("Kinds: "):].split(",") if k not in groups}


def problems(path, validator, kinds):
    """Yields the problems of the report at path."""
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        yield "%s: not readable JSON: %s" % (path, e)
        return
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        yield "%s: %s: %s" % (path, where, e.message)
    if errors:
        return
    for i, f in enumerate(report["findings"]):
        x, y, w, h = f["box"]
        if x + w > report["width"] or y + h > report["height"]:
            yield "%s: findings/%d: box %s outside %dx%d" % (
                path, i, f["box"], report["width"], report["height"])
        if kinds is not None and f["kind"] not in kinds:
            yield "%s: findings/%d: kind %r not listed by --help" % (
                path, i, f["kind"])


def main(paths):
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    prog = os.environ.get("IDREDACT")
    kinds = program_kinds(prog) if prog else None
    bad = 0
    for path in paths:
        for p in problems(path, validator, kinds):
            print(p)
            bad += 1
    if bad:
        return 1
    print("%d reports valid" % len(paths))
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
