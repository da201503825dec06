#!/bin/sh
# unit.sh — the unit tests (Check) as two runner processes at once, one
# per core (each runner reads on one thread: OMP_THREAD_LIMIT=1, see
# filter/text/ocr.c): the suites in UNIT_APART in one, every other suite
# in the other. The default split is balanced on suite times (Check's
# XML log, two runners at once on this 2-core machine, 2026-12-04):
# faces 101 s, api 71, photo 65, layout 26, view 17, codes 16, layouts
# 11, ink 6, ids 6, models 3, orient 3; under ASan+UBSan with the
# sanitizer stride (make asan, IDR_TEST_STRIDE=2) api 120, faces 116,
# photo 58, layout 39, layouts 35, codes 24, view 21, ids 15, ink 7,
# orient 5. The split before this one (view and orient with the rest)
# took 141 s against 187 (ASan: 205 against 267); this one 185 s in all
# (ASan 250), the two runners' times varying by some 20 s run to run.
# Each runner's output (Check's summary line among it) is printed whole
# when both are done; the exit status is a failure when either failed.
# With CK_RUN_SUITE set, Check runs that one suite: one runner does.
# Usage: tests/unit.sh RUNNER
set -u
runner=$1
export OMP_THREAD_LIMIT=1
if [ -n "${CK_RUN_SUITE:-}" ]; then
	exec "$runner"
fi
apart=${UNIT_APART:-faces codes ids ink layouts view orient}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086 # one word per suite
"$runner" $apart >"$tmp/a" 2>&1 &
a=$!
# shellcheck disable=SC2086
"$runner" -x $apart >"$tmp/b" 2>&1
rb=$?
wait "$a"
ra=$?
cat "$tmp/a" "$tmp/b"
[ "$ra" -eq 0 ] && [ "$rb" -eq 0 ]
