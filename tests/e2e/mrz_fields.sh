#!/bin/sh
# mrz_fields.sh — the MRZ cross-check (issue 16): on every passport and
# TD1 sample (every sample whose truth holds a machine-readable zone:
# upright, turned, skewed and photographed), after `idredact IN OUT` the
# tesseract command reads back, anywhere on the page, neither the
# holder's surname nor given names nor birth date in any printed form.
# What is sought comes from the zone the truth records, not from the
# visual zone's items: the name field (ICAO 9303 part 4: TD3 line 1 from
# position 6; part 5: TD1 line 3), the birth date YYMMDD (TD3 line 2
# positions 14-19; TD1 line 2 positions 1-6). The page is read with
# psm 3 and psm 11, and again turned the right way up (judge.py's
# upright()) when the sample is turned or tilted. A name counts as read
# back when a word read is the name, or holds it, or is four letters or
# more of it (a name masked half-way); a date when its digits and month
# read in a row (spaces and separators dropped) make one of its printed
# forms: day month year in any order ICAO pages and Thai documents use,
# numbers or English / French month names, 4- or 2-digit years, the
# Buddhist era (CE + 543). Prints per sample what it sought and what was
# read back.
# Environment: BUILD (default build), SAMPLES (default $BUILD/samples),
# E2E_JOBS (samples at a time, default 2).
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
P=$BUILD/idredact
here=$(cd "$(dirname "$0")" && pwd)
JOBS=${E2E_JOBS:-2}

# One sample (called back through xargs): redact GT's image into DIR and
# print one line "NAME: ..." (the verdict and what was read back), with
# "LEAK" in it when something was.
if [ "${1:-}" = --one ]; then
	gt=$2 dir=$3
	export OMP_THREAD_LIMIT=1 # one core per sample
	base=${gt%.json}
	img=$(ls "$base".jpg "$base".png 2>/dev/null | head -n 1)
	out=$dir/$(basename "$base").png
	if ! "$P" --format png "$img" "$out" 2>"$out.err"; then
		echo "$(basename "$base"): LEAK? idredact failed: $(cat "$out.err")"
		exit 0
	fi
	/usr/bin/python3 - "$here" "$gt" "$out" <<'EOF'
import json, os, re, sys
sys.path.insert(0, sys.argv[1])
import cv2
import judge, truth

gt_path, out = sys.argv[2], sys.argv[3]
gt = json.load(open(gt_path, encoding="utf-8"))
name = os.path.basename(gt_path)[:-5]
zone = next(it["lines"] for it in gt["items"]
            if it["kind"] == "mrz" and it.get("lines"))
td1 = len(zone) == 3
field = zone[2] if td1 else zone[0][5:]
names = [w for w in re.split("<+", field) if len(w) >= 2]
b = zone[1][0:6] if td1 else zone[1][13:19]
yy, mm, dd = int(b[:2]), int(b[2:4]), int(b[4:6])
year = 1900 + yy if yy > 30 else 2000 + yy  # the samples' people: 1955-99

EN = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
      "NOV", "DEC"]
EN_FULL = ["JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
           "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"]
FR = ["JANV", "FEVR", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOUT", "SEPT",
      "OCT", "NOV", "DEC"]
words_m = {EN[mm - 1], EN_FULL[mm - 1], FR[mm - 1],
           EN[mm - 1] + FR[mm - 1]}
years = {str(year), str(year)[2:], str(year + 543), str(year + 543)[2:]}
forms = set()
for y in years:
    for d in {f"{dd:02d}", str(dd)}:
        for m in words_m:
            forms |= {d + m + y, m + d + y}
    forms |= {f"{dd:02d}{mm:02d}{y}", f"{mm:02d}{dd:02d}{y}"}
    if len(y) == 4:
        forms.add(f"{y}{mm:02d}{dd:02d}")
        for m in words_m:
            forms.add(m + y)  # the day masked, month and year still shown

def ascii_upper(s):
    """Letters without accents, digits; what truth.normalise keeps."""
    import unicodedata
    s = unicodedata.normalize("NFKD", s)
    return truth.normalise("".join(c for c in s if not unicodedata.combining(c)))

img = cv2.imread(out, cv2.IMREAD_GRAYSCALE)
reads = [("psm3", judge.tesseract_words(out, 3)),
         ("psm11", judge.tesseract_words(out, 11))]
if gt.get("rotate", 0) or gt.get("skew", 0.0):
    up = out + ".upright.png"
    cv2.imwrite(up, judge.upright(img, gt)[0])
    reads += [("upright psm3", judge.tesseract_words(up, 3)),
              ("upright psm11", judge.tesseract_words(up, 11))]

leaks = []
total = sum(len(words) for _, words in reads)
for how, words in reads:
    read = [ascii_upper(w[4]) for w in words]
    for w in read:
        for n in names:
            if (w == n or (len(n) >= 4 and n in w)
                    or (len(w) >= 4 and w in n)):
                leaks.append(f"{how}: name {n} as '{w}'")
    run = "".join(read)
    for f in sorted(forms):
        if f in run:
            leaks.append(f"{how}: birth date as '{f}'")
sought = (" ".join(names) + f" / born {dd:02d}.{mm:02d}.{year}"
          + (" (TD1)" if td1 else " (TD3)"))
if leaks:
    print(f"{name}: LEAK sought {sought}; read back: " + "; ".join(leaks))
else:
    print(f"{name}: ok, sought {sought}; read back: nothing of it "
          f"({total} words read)")
EOF
	exit 0
fi

[ -x "$P" ] || { echo "mrz_fields.sh: no $P (make)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The samples with a zone in their truth, and how many are TD1.
/usr/bin/python3 - "$SAMPLES" >"$tmp/list" <<'EOF'
import glob, json, sys
for p in sorted(glob.glob(sys.argv[1] + "/*.json")):
    for it in json.load(open(p, encoding="utf-8"))["items"]:
        if it["kind"] == "mrz" and it.get("lines"):
            print(p, len(it["lines"]))
            break
EOF
td3=$(awk '$2 == 2' "$tmp/list" | wc -l)
td1=$(awk '$2 == 3' "$tmp/list" | wc -l)
echo "samples with a zone: $td3 TD3, $td1 TD1"
fail=0
if [ "$td3" -lt 1 ] || [ "$td1" -lt 1 ]; then
	echo "FAIL: a TD3 and a TD1 sample are needed (make samples)"
	fail=1
fi
cut -d' ' -f1 "$tmp/list" |
	xargs -P "$JOBS" -I{} sh "$0" --one {} "$tmp" >"$tmp/out"
sort "$tmp/out"
[ "$(wc -l <"$tmp/out")" -eq "$((td3 + td1))" ] ||
	{ echo "FAIL: $(wc -l <"$tmp/out") verdicts for $((td3 + td1)) samples"; fail=1; }
if grep -q LEAK "$tmp/out"; then
	echo "FAIL: $(grep -c LEAK "$tmp/out") samples read back"
	fail=1
fi
exit $fail
