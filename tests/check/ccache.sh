#!/bin/sh
# ccache: scripts/cc-launchers.sh links the compilers to ccache or distcc
# and removes only its own links; bad settings are refused; switching
# ccache off or on rebuilds nothing. Then, through the build's own cache:
# musl is built in a scratch O (which puts its compiles in the cache),
# cleaned away by make clean and built again, and the built tree's busybox
# is built again. Every compile of each second build is a hit (busybox's
# hit the main build's; where the main build did not go through ccache,
# busybox is built once more to fill the cache), and gives the main
# build's bytes.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${OUT:?}" "${ARCH:?}" "${BUSYBOX:?}" "${CROSS_COMPILE:?}"
launch=$top/scripts/cc-launchers.sh

# --- The launchers -------------------------------------------------------------
d=$scratch/cc
mkdir -p "$d"
echo "not ours" >"$d/notes"
ln -s /nowhere "$d/stale"
if "$launch" "$d" 1 0 gcc cc >"$scratch/out" 2>&1 &&
	[ "$(readlink "$d/gcc")" = "$(command -v ccache)" ] && [ "$(readlink "$d/cc")" = "$(command -v ccache)" ] &&
	[ ! -e "$d/stale" ] && [ ! -L "$d/stale" ] && grep -qx '  LAUNCH  ccache: gcc cc' "$scratch/out"; then
	pass "launchers: CCACHE=1 links each compiler to ccache, and drops other links"
else
	fail "launchers: CCACHE=1 links each compiler to ccache, and drops other links" "$(ls -l "$d")" "$(cat "$scratch/out")"
fi
if "$launch" "$d" 0 1 gcc >"$scratch/out" 2>&1 && [ "$(readlink "$d/gcc")" = "$(command -v distcc)" ] &&
	[ ! -L "$d/cc" ]; then
	pass "launchers: distcc alone links to distcc"
else
	fail "launchers: distcc alone links to distcc" "$(ls -l "$d")" "$(cat "$scratch/out")"
fi
if "$launch" "$d" auto 1 gcc >"$scratch/out" 2>&1 && [ "$(readlink "$d/gcc")" = "$(command -v ccache)" ] &&
	grep -qx '  LAUNCH  ccache+distcc: gcc' "$scratch/out"; then
	pass "launchers: ccache and distcc: ccache first"
else
	fail "launchers: ccache and distcc: ccache first" "$(ls -l "$d")" "$(cat "$scratch/out")"
fi
if "$launch" "$d" 0 0 gcc >"$scratch/out" 2>&1 && [ ! -L "$d/gcc" ] && [ ! -s "$scratch/out" ] &&
	[ "$(cat "$d/notes")" = "not ours" ]; then
	pass "launchers: off removes its links and nothing else, silently"
else
	fail "launchers: off removes its links and nothing else, silently" "$(ls -l "$d")" "$(cat "$scratch/out")"
fi
expect_error "launchers: a compiler name with a slash is refused" "is not a compiler's name" \
	"$launch" "$d" 1 0 gcc ../gcc
expect_error "launchers: a bad CCACHE is refused" "usage:" "$launch" "$d" yes 0 gcc
# A PATH with the tools the script runs, and no ccache or distcc.
mkdir -p "$scratch/bin"
for t in sh mkdir ln mv rm readlink; do ln -s "$(command -v "$t")" "$scratch/bin/$t"; done
expect_error "launchers: CCACHE=1 without ccache says what to install" "apt-get install ccache" \
	env PATH="$scratch/bin" sh "$launch" "$d" 1 0 gcc
expect_error "launchers: distcc hosts without distcc say what to install" "apt-get install distcc" \
	env PATH="$scratch/bin" sh "$launch" "$d" auto 1 gcc
if env PATH="$scratch/bin" sh "$launch" "$d" auto 0 gcc >"$scratch/out" 2>&1 && [ ! -L "$d/gcc" ]; then
	pass "launchers: CCACHE=auto without ccache compiles directly"
else
	fail "launchers: CCACHE=auto without ccache compiles directly" "$(cat "$scratch/out")"
fi

# --- The Makefile's settings ---------------------------------------------------
expect_error "make refuses CCACHE=yes" "CCACHE must be auto, 0 or 1" mk -n CCACHE=yes
mk >"$scratch/out" 2>&1 || { fail "make in the built tree" "$(tail -n 10 "$scratch/out")"; exit 1; }
expect_steps "with ccache off, a built tree rebuilds nothing" "" mk CCACHE=0
expect_steps "with it on again, only the links are made" "LAUNCH" mk CCACHE=1
if [ "$(readlink "$OUT/cc/${CROSS_COMPILE}gcc")" = "$(command -v ccache)" ]; then
	pass "the cross compiler, ${CROSS_COMPILE}gcc, goes through ccache"
else
	fail "the cross compiler, ${CROSS_COMPILE}gcc, goes through ccache" "$(ls -l "$OUT/cc")"
fi
expect_steps "back to the default, auto, only the links are made again" "LAUNCH" mk
# A make run from another build's recipes (as the tests run it) inherits
# that build's launchers in PATH: it must drop them, or its compiles would
# go through them (with CCACHE=0, through the other's ccache).
mkdir -p "$scratch/other-cc"
: >"$scratch/other-cc/.cc-launchers"
path=$(PATH="$scratch/other-cc:$PATH" mk -p -n O="$scratch/p" CCACHE=0 2>/dev/null | sed -n 's/^PATH := //p' | head -n 1)
case ":$path:" in
*":$scratch/other-cc:"*) fail "another build's launchers leave PATH; this build's come first" "PATH := $path" ;;
":$scratch/p/$ARCH/cc:"*) pass "another build's launchers leave PATH; this build's come first" ;;
*) fail "another build's launchers leave PATH; this build's come first" "PATH := $path" ;;
esac

# --- Builds again, from the build's own cache ---------------------------------
# The build's cache (CCACHE_DIR, as make sets it) holds the main build's
# compiles when it went through ccache, as make check's does after make
# test-deps. Its statistics are the user's: they are left alone, and each
# build's hits and misses are read from a log of ccache's decisions.
# build LABEL O TARGET: make TARGET in O through ccache, with that log.
build() {
	rm -f "$scratch/$1.ccache-log"
	start=$(date +%s.%N)
	if ! CCACHE_LOGFILE=$scratch/$1.ccache-log mk O="$2" CCACHE=1 "$3" >"$scratch/$1.log" 2>&1; then
		fail "the $1 build of $3 through ccache" "$(tail -n 15 "$scratch/$1.log")"
		exit 1
	fi
	echo "TIME: $1 build of $3: $(echo "$(date +%s.%N) - $start" | bc) s"
}
# results LABEL: each compile's result in build LABEL's log (whose lines
# start with the time and the process id), as "RESULT SOURCE". A compiler
# probe of a temp file (tmp.XXXXXX.c, a new name each time) never hits: it
# is left out.
results() {
	awk '/ Source file: / { src[$2] = $NF }
		/ Result: / { print $NF, src[$2] }' "$scratch/$1.ccache-log" |
		awk '$2 !~ /(^|\/)tmp\.[A-Za-z0-9]+\.c$/'
}
count() { results "$2" | awk -v r="$1" '$1 ~ r { n++ } END { print n + 0 }'; }
# all_hits NAME LABEL: build LABEL compiled nothing: more than 100
# compiles, every one a hit.
all_hits() {
	hits=$(count '_cache_hit$' "$2") misses=$(count '^cache_miss$' "$2")
	echo "TIME: ccache: $2 build $hits hits, $misses misses"
	if [ "$hits" -gt 100 ] && [ "$misses" -eq 0 ]; then
		pass "$1 ($hits hits, no miss but probes)"
	else
		fail "$1 ($hits hits, $misses misses)" "missed: $(results "$2" | awk '$1 == "cache_miss" { print $2 }' | head -n 5)"
	fi
}
# hot NAME LABEL BUILD...: run BUILD... (which builds LABEL); when it
# missed (the cache did not hold the main build's compiles), fill the
# cache with it and run it again as LABEL-again; that one must hit. For a
# rebuild in the built tree, whose first build may not have used ccache.
hot() {
	name=$1 label=$2
	shift 2
	"$@" "$label"
	if [ "$(count '^cache_miss$' "$label")" -gt 0 ]; then
		echo "NOTE: the $label build missed: the cache lacked the main build's compiles; once more"
		label=$label-again
		"$@" "$label"
	fi
	all_hits "$name" "$label"
}

# musl in a scratch O, where make clean takes it away, and built again:
# the second build hits the first's compiles. (The first does not hit the
# main build's: in CI, 32 hits of 1354.)
co=$scratch/o
build musl-first "$co" musl
echo "TIME: ccache: musl-first build $(count '_cache_hit$' musl-first) hits, $(count '^cache_miss$' musl-first) misses"
cp "$co/$ARCH/sysroot/lib/libc.a" "$scratch/libc.a"
mk O="$co" clean >/dev/null
build musl-hot "$co" musl
all_hits "after make clean, musl comes from the cache" musl-hot
if cmp -s "$scratch/libc.a" "$co/$ARCH/sysroot/lib/libc.a" && cmp -s "$scratch/libc.a" "$OUT/sysroot/lib/libc.a"; then
	pass "musl's libc.a from the cache is the first build's and the main build's, byte for byte"
else
	fail "musl's libc.a from the cache is the first build's and the main build's, byte for byte" \
		"$(sha256sum "$scratch/libc.a" "$co/$ARCH/sysroot/lib/libc.a" "$OUT/sysroot/lib/libc.a")"
fi

# busybox in the built tree, from its configure step: the objects are the
# same, so nothing else is redone. Before, musl-gcc's specs file gets a new
# time, as a musl install gives it.
bb=$OUT/build/busybox/busybox
rebuild_busybox() {
	rm -rf "$OUT/build/busybox" "$OUT"/stamps/busybox.configured "$OUT"/stamps/busybox.built
	touch "$OUT/sysroot/lib/musl-gcc.specs"
	build "$1" "$O" busybox
}
cp "$BUSYBOX" "$scratch/busybox"
hot "busybox, built again, comes from the cache" busybox-hot rebuild_busybox
if [ "$BUSYBOX" = "$bb" ] && cmp -s "$scratch/busybox" "$bb"; then
	pass "busybox from the cache is the one built before, byte for byte"
else
	fail "busybox from the cache is the one built before, byte for byte" "$(sha256sum "$scratch/busybox" "$bb")"
fi
if mk ccache-stats >"$scratch/out" 2>&1 && grep -q "^ccache: " "$scratch/out" && grep -q 'Hits:' "$scratch/out"; then
	pass "make ccache-stats shows the cache and its hits"
else
	fail "make ccache-stats shows the cache and its hits" "$(cat "$scratch/out")"
fi
