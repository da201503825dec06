#!/bin/sh
# unit.sh — the unit tests (Check) as two runner processes at once, one
# per core (each runner reads on one thread: OMP_THREAD_LIMIT=1, see
# filter/text/ocr.c): the suites in UNIT_APART in one, every other suite
# in the other. The default split is balanced on suite times (Check's
# XML log, two runners at once on this 2-core machine, 2026-12-02):
# faces 155 s, codes 17, layouts 8.5, ink 7, ids 6.5 (194 s) against
# 227 s for the rest (api 67, photo 66, layout 48, view 15); under
# ASan+UBSan (make asan) 506 s (faces 293, layouts 116, ids 47, codes
# 35, ink 14) against 537 (api 190, photo 163, layout 101, view 64).
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
apart=${UNIT_APART:-faces codes ids ink layouts}
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
