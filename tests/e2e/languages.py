#!/usr/bin/python3
"""languages.py — the OCR languages each sample was read in, judged
against the scripts its truth prints.

  languages.py SAMPLES OUTDIR
        OUTDIR/NAME.report.json is the report of redacting the sample
        SAMPLES/NAME (fields.sh makes them). Prints a line per sample:
        its scripts, the languages its report's geometry names, and
        whether that is right; exits 1 when one is wrong.

A block with no Thai on it is read in English alone (text/read.c), at
some half the cost of eng+tha. So:
  - a sample that prints Thai anywhere (a text of its truth's items or
    keep) must be read in eng+tha: its Thai names, addresses and
    captions read in English alone are lost to the field rules;
  - of the samples printing Latin script alone (Vietnamese with its
    marks included), at least LATIN_MIN must be read in English alone.
    Not all: eng+tha's Thai model reads a Latin line now and then as
    Thai (a Vietnamese caption's marks, print specks), and such a page
    is read in eng+tha as before; that costs time, never a finding.
Samples printing other scripts (Chinese, Japanese, Hangul) are shown
and not judged: eng+tha reads neither, and either reading may be chosen.
"""
import json
import os
import sys
import unicodedata

# Measured 2026-12-04 on the 25 Latin samples: 22 read in English alone
# (eng+tha: plain_sg_01, scan_card_on_page_01, vn_cccd_03).
LATIN_MIN = 0.8


# A sample is Latin when no more than OTHER_MAX of its letters are in
# other scripts: a Singapore card prints its holder's name in Chinese
# too, two or three characters beside a page of Latin.
OTHER_MAX = 0.1


def scripts(texts):
    """The scripts of texts: {'thai'} and others when any letter is
    Thai, {'latin'} when OTHER_MAX or less of the letters are in another
    script, else {'latin', 'other'} or {'other'}."""
    n = {"thai": 0, "latin": 0, "other": 0}
    for t in texts:
        for c in t:
            if not c.isalpha():
                continue
            if "\u0e00" <= c <= "\u0e7f":
                n["thai"] += 1
            elif unicodedata.name(c, "").startswith("LATIN"):
                n["latin"] += 1
            else:
                n["other"] += 1
    letters = sum(n.values())
    if letters and n["other"] <= OTHER_MAX * letters:
        n["other"] = 0
    return {k for k, v in n.items() if v}


def main():
    samples, outdir = sys.argv[1], sys.argv[2]
    wrong, latin, latin_eng = [], 0, 0
    for name in sorted(os.listdir(samples)):
        if not name.endswith(".json"):
            continue
        gt = json.load(open(os.path.join(samples, name)))
        stem = os.path.splitext(gt["file"])[0]
        texts = [t.get("printed", "") for t in gt.get("items", []) +
                 gt.get("keep", [])]
        have = scripts(texts)
        report = json.load(open(os.path.join(outdir,
                                             stem + ".report.json")))
        langs = report.get("geometry", {}).get("languages")
        verdict = "not judged"
        if "thai" in have:
            verdict = "right" if langs == "eng+tha" else "WRONG"
            if langs != "eng+tha":
                wrong.append(f"{stem}: prints Thai, read in {langs}")
        elif have == {"latin"}:
            latin += 1
            latin_eng += langs == "eng"
            verdict = "right" if langs == "eng" else "read as Thai"
        print(f"  {stem:26s} {'+'.join(sorted(have)):18s} {langs:8s}"
              f" {verdict}")
    share = latin_eng / latin if latin else 1.0
    print(f"languages: Latin-only samples read in English alone:"
          f" {latin_eng}/{latin} ({share:.0%}, at least {LATIN_MIN:.0%}"
          f" needed)")
    for w in wrong:
        print("WRONG: " + w)
    return 1 if wrong or share < LATIN_MIN else 0


if __name__ == "__main__":
    sys.exit(main())
