#!/bin/sh
# install.sh — the library as an integrator gets it (README "The
# library"): `make install PREFIX=DIR` into a fresh directory, then
#  - the shared library is versioned: libidredact.so.VERSION with soname
#    libidredact.so.0, and the .so.0 and .so links to it;
#  - pkg-config finds idredact.pc there, with the program's version;
#  - examples/redact.c, copied out of the tree, builds with nothing but
#    `pkg-config --cflags --libs idredact`, links the installed
#    libidredact.so.0, and redacts a sample: exit 0, same size out, a
#    report that validates against the installed schema, output and
#    report byte for byte the installed program's with no options, every
#    identifier of the sample's truth masked (judge.py ids).
set -u
BUILD=${BUILD:-build}
SAMPLES=${SAMPLES:-$BUILD/samples}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
PY=/usr/bin/python3
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

${MAKE:-make} -s -C "$top" BUILD="$BUILD" PREFIX="$prefix" install >"$tmp/make.log" 2>&1 ||
	{ cat "$tmp/make.log"; fail "make install exit $?"; exit 1; }

lib=$prefix/lib
real=$(ls "$lib"/libidredact.so.*.*.* 2>/dev/null | head -n 1)
[ -n "$real" ] && [ -f "$real" ] && [ ! -L "$real" ] ||
	fail "no real file libidredact.so.X.Y.Z in $lib: $(ls "$lib")"
[ "$(readlink "$lib/libidredact.so.0")" = "$(basename "$real")" ] ||
	fail "libidredact.so.0 does not link to $(basename "$real")"
[ "$(readlink -f "$lib/libidredact.so")" = "$(readlink -f "$real")" ] ||
	fail "libidredact.so does not lead to $(basename "$real")"
soname=$(readelf -d "$real" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libidredact.so.0 ] || fail "soname is '$soname'"
for f in include/idredact.h bin/idredact share/man/man1/idredact.1 \
	share/idredact/report.schema.json lib/libidredact.a; do
	[ -f "$prefix/$f" ] || fail "$f not installed"
done

export PKG_CONFIG_PATH=$lib/pkgconfig
flags=$(pkg-config --cflags --libs idredact) || fail "pkg-config finds no idredact"
echo "pkg-config: $flags"
case $flags in
*"-I$prefix/include"*"-L$lib"*) ;;
*) fail "pkg-config flags do not point into $prefix: $flags" ;;
esac
v=$(pkg-config --modversion idredact)
[ "idredact $v" = "$("$prefix/bin/idredact" --version)" ] ||
	fail "idredact.pc version $v, program $("$prefix/bin/idredact" --version)"
[ "$(basename "$real")" = "libidredact.so.$v" ] ||
	fail "$(basename "$real") is not libidredact.so.$v"

# Out of the tree, so nothing but the installed files can be found.
cp "$top/examples/redact.c" "$tmp/redact.c"
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror "$tmp/redact.c" $flags -o "$tmp/redact" ||
	{ fail "examples/redact.c does not build against the installed library"; exit 1; }
export LD_LIBRARY_PATH=$lib
ldd "$tmp/redact" | grep -q "libidredact.so.0 => $lib/libidredact.so.0" ||
	fail "redact does not load the installed libidredact.so.0: $(ldd "$tmp/redact" | grep idredact)"

img=$SAMPLES/th_card_01.jpg
[ -f "$img" ] || { fail "$img missing (make samples)"; exit 1; }
OMP_THREAD_LIMIT=1 "$tmp/redact" "$img" "$tmp/out.jpg" "$tmp/report.json" ||
	fail "redact $img: exit $?"
[ "$(vipsheader -f width "$img")x$(vipsheader -f height "$img")" = \
	"$(vipsheader -f width "$tmp/out.jpg")x$(vipsheader -f height "$tmp/out.jpg")" ] ||
	fail "output size differs from the input's"
$PY - "$prefix/share/idredact/report.schema.json" "$tmp/report.json" <<'PY' || fail "the report does not validate against the installed schema"
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(
    json.load(open(sys.argv[2])))
PY
# Default options are the program's with none: the same bytes out, the
# same report (the program adds a newline).
OMP_THREAD_LIMIT=1 "$prefix/bin/idredact" --report "$tmp/prog.json" "$img" "$tmp/prog.jpg" ||
	fail "idredact $img: exit $?"
cmp -s "$tmp/out.jpg" "$tmp/prog.jpg" ||
	fail "the example's output differs from idredact's with no options"
[ "$(cat "$tmp/report.json")" = "$(cat "$tmp/prog.json")" ] ||
	fail "the example's report differs from idredact's with no options"
grep -q '"findings":\[{' "$tmp/report.json" || fail "no findings in the report"
OMP_THREAD_LIMIT=1 $PY "$here/judge.py" ids "${img%.jpg}.json" "$tmp/out.jpg" ||
	fail "judge.py ids: the example's output leaves an identifier"

[ "$fails" -eq 0 ]
