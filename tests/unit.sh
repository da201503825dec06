#!/bin/sh
# unit.sh — the unit tests (Check) as two runner processes at once, one
# per core (each runner reads on one thread: OMP_THREAD_LIMIT=1, see
# filter/text/ocr.c): the suites in UNIT_APART in one, every other suite
# in the other. faces alone takes about as long as all the rest (231 s
# against 244 s, timed one suite at a time on this 2-core machine,
# 2026-12-01), so it is the default. Each runner's output (Check's
# summary line among it) is printed whole when both are done; the exit
# status is a failure when either failed.
# With CK_RUN_SUITE set, Check runs that one suite: one runner does.
# Usage: tests/unit.sh RUNNER
set -u
runner=$1
export OMP_THREAD_LIMIT=1
if [ -n "${CK_RUN_SUITE:-}" ]; then
	exec "$runner"
fi
apart=${UNIT_APART:-faces}
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
