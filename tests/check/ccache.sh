#!/bin/sh
# ccache: scripts/cc-launchers.sh links the compilers to ccache or distcc
# and removes only its own links; bad settings are refused; switching
# ccache off or on rebuilds nothing. Then, from an empty cache: musl is
# built in a scratch O, cleaned away by make clean and built again, and
# the built tree's busybox is built again twice. Every compile of each
# second build is a hit, and gives the same bytes as the main build.
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

# --- Builds from an empty cache, then from the full one ------------------------
cache=$scratch/ccache
# build LABEL O TARGET: make TARGET in O through ccache, with the cache's
# counters zeroed and a log of its decisions.
build() {
	CCACHE_DIR=$cache ccache --zero-stats >/dev/null
	rm -f "$scratch/$1.ccache-log"
	start=$(date +%s.%N)
	if ! CCACHE_DIR=$cache CCACHE_LOGFILE=$scratch/$1.ccache-log mk O="$2" CCACHE=1 "$3" \
		>"$scratch/$1.log" 2>&1; then
		fail "the $1 build of $3 through ccache" "$(tail -n 15 "$scratch/$1.log")"
		exit 1
	fi
	echo "TIME: $1 build of $3: $(echo "$(date +%s.%N) - $start" | bc) s"
	CCACHE_DIR=$cache ccache --print-stats >"$scratch/$1.stats"
}
# counter NAME LABEL: one of ccache's counters after build LABEL.
counter() { awk -v k="$1" '$1 == k { print $2 }' "$scratch/$2.stats"; }
# missed LABEL: the source files of build LABEL's misses, from ccache's log
# (its lines start with the time and the process id).
missed() {
	awk '/ Source file: / { src[$2] = $NF } / Result: cache_miss$/ { print src[$2] }' \
		"$scratch/$1.ccache-log"
}
# all_hits NAME COLD HOT: HOT compiled nothing that COLD had compiled. A
# compiler probe of a temp file (tmp.XXXXXX.c, a new name each time) never
# hits.
all_hits() {
	hits=$(($(counter direct_cache_hit "$3") + $(counter preprocessed_cache_hit "$3")))
	cold=$(counter cache_miss "$2")
	misses=$(missed "$3" | awk '!/(^|\/)tmp\.[A-Za-z0-9]+\.c$/ { n++ } END { print n + 0 }')
	echo "TIME: ccache: $2 build $cold misses; $3 build $hits hits, $(counter cache_miss "$3") misses"
	if [ "$cold" -gt 100 ] && [ "$misses" -eq 0 ] && [ "$hits" -ge $((cold - 5)) ]; then
		pass "$1 ($hits hits of $cold compiles, no miss but probes)"
	else
		fail "$1 ($hits hits of $cold compiles, $misses misses)" "missed: $(missed "$3" | head -n 5)"
	fi
}

# musl in a scratch O: built, cleaned away with make clean, built again.
co=$scratch/o
build musl-cold "$co" musl
cp "$co/$ARCH/sysroot/lib/libc.a" "$scratch/libc.a"
mk O="$co" clean >/dev/null
build musl-hot "$co" musl
all_hits "after make clean, musl comes from the cache" musl-cold musl-hot
if cmp -s "$scratch/libc.a" "$co/$ARCH/sysroot/lib/libc.a" && cmp -s "$scratch/libc.a" "$OUT/sysroot/lib/libc.a"; then
	pass "musl's libc.a from the cache is the cold build's and the main build's, byte for byte"
else
	fail "musl's libc.a from the cache is the cold build's and the main build's, byte for byte" \
		"$(sha256sum "$scratch/libc.a" "$co/$ARCH/sysroot/lib/libc.a" "$OUT/sysroot/lib/libc.a")"
fi

# busybox in the built tree, from its configure step, twice: the objects
# are the same, so nothing else is redone. Before the second, musl-gcc's
# specs file gets a new time, as a musl install gives it.
bb=$OUT/build/busybox/busybox
rebuild_busybox() {
	rm -rf "$OUT/build/busybox" "$OUT"/stamps/busybox.configured "$OUT"/stamps/busybox.built
	build "$1" "$O" busybox
}
cp "$BUSYBOX" "$scratch/busybox"
rebuild_busybox busybox-cold
touch "$OUT/sysroot/lib/musl-gcc.specs"
rebuild_busybox busybox-hot
all_hits "busybox, built again, comes from the cache" busybox-cold busybox-hot
if [ "$BUSYBOX" = "$bb" ] && cmp -s "$scratch/busybox" "$bb"; then
	pass "busybox from the cache is the one built before, byte for byte"
else
	fail "busybox from the cache is the one built before, byte for byte" "$(sha256sum "$scratch/busybox" "$bb")"
fi
if CCACHE_DIR=$cache mk ccache-stats >"$scratch/out" 2>&1 && grep -q "^ccache: $cache\$" "$scratch/out" &&
	grep -q 'Hits:' "$scratch/out"; then
	pass "make ccache-stats shows the cache and its hits"
else
	fail "make ccache-stats shows the cache and its hits" "$(cat "$scratch/out")"
fi
