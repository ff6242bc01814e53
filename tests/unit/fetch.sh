#!/bin/sh
# Unit tests for scripts/fetch.sh and scripts/extract.sh: a file is accepted
# only with its pinned hash, from the cache or a source, a corrupt or
# truncated one never reaches the cache, and a malformed hash file is
# refused with its line; extract.sh applies patches, from files or from
# inside a tarball, or fails leaving nothing.
set -eu
. "$(dirname "$0")/../lib.sh"
scripts=$(cd "$(dirname "$0")/../../scripts" && pwd)

# A real tarball to serve from file:// URLs, and broken copies of it.
mkdir -p "$scratch/pkg-1.0" "$scratch/www" "$scratch/dl"
echo hello >"$scratch/pkg-1.0/README"
tar -czf "$scratch/www/pkg-1.0.tar.gz" -C "$scratch" pkg-1.0
good=$(sha256sum "$scratch/www/pkg-1.0.tar.gz" | cut -d' ' -f1)
size=$(wc -c <"$scratch/www/pkg-1.0.tar.gz")
mkdir -p "$scratch/www/truncated" "$scratch/www/corrupt" "$scratch/www/other"
head -c $((size / 2)) "$scratch/www/pkg-1.0.tar.gz" >"$scratch/www/truncated/pkg-1.0.tar.gz"
cp "$scratch/www/pkg-1.0.tar.gz" "$scratch/www/corrupt/pkg-1.0.tar.gz"
printf 'X' | dd of="$scratch/www/corrupt/pkg-1.0.tar.gz" bs=1 seek=20 conv=notrunc 2>/dev/null
cp "$scratch/www/pkg-1.0.tar.gz" "$scratch/www/other/pkg_1.0.orig.tar.gz"
url=file://$scratch/www

hashfile() { printf '%s\n' "$@" >"$scratch/hash"; }
# cache_is NAME FILE...: the cache holds exactly these files, each with the
# pinned bytes, and nothing else (no temp file, nothing half-written).
cache_is() {
	name=$1
	shift
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	got=$(ls -A "$scratch/dl" | sort | tr '\n' ' ')
	bytes=ok
	for f in "$@"; do cmp -s "$scratch/dl/$f" "$scratch/www/pkg-1.0.tar.gz" || bytes="$f differs"; done
	if [ "$got" = "$want" ] && [ "$bytes" = ok ]; then
		pass "$name"
	else
		fail "$name" "cache holds: $got (want: $want); bytes: $bytes"
	fi
}
fetch() { "$scripts/fetch.sh" "$scratch/dl" "$scratch/hash" "$@"; }
hashfile "# a comment" "sha256 $good pkg-1.0.tar.gz" "sha256 $good pkg_1.0.orig.tar.gz"

expect_ok "a file with the pinned hash is fetched" fetch "$url/pkg-1.0.tar.gz"
if [ "$(cat "$scratch/out")" = "$scratch/dl/pkg-1.0.tar.gz" ] &&
	cmp -s "$scratch/dl/pkg-1.0.tar.gz" "$scratch/www/pkg-1.0.tar.gz"; then
	pass "the fetched file is in the cache and its path printed"
else
	fail "the fetched file is in the cache and its path printed" "got: $(cat "$scratch/out")"
fi
expect_ok "a cached file is used with no source reachable" fetch "$url/gone/pkg-1.0.tar.gz"
cache_is "the cache still holds the pinned bytes, and only them" pkg-1.0.tar.gz

rm -f "$scratch/dl/pkg-1.0.tar.gz"
expect_error "a corrupted download is refused" "SHA-256 mismatch" fetch "$url/corrupt/pkg-1.0.tar.gz"
expect_error "the refusal names the expected hash" "expected: $good" fetch "$url/corrupt/pkg-1.0.tar.gz"
expect_error "the refusal names the actual hash" \
	"actual:   $(sha256sum "$scratch/www/corrupt/pkg-1.0.tar.gz" | cut -d' ' -f1)" \
	fetch "$url/corrupt/pkg-1.0.tar.gz"
expect_error "the refusal mentions tampering" "or tampering" fetch "$url/corrupt/pkg-1.0.tar.gz"
if [ -z "$(ls -A "$scratch/dl")" ]; then
	pass "a refused download leaves nothing in the cache"
else
	fail "a refused download leaves nothing in the cache" "$(ls -A "$scratch/dl")"
fi
expect_error "a truncated download is refused" "SHA-256 mismatch" fetch "$url/truncated/pkg-1.0.tar.gz"

expect_ok "after a bad source, the next source is tried" \
	fetch "$url/corrupt/pkg-1.0.tar.gz" "$url/pkg-1.0.tar.gz"
cache_is "the next source's bytes are cached, the bad one's are not" pkg-1.0.tar.gz
# A wrong pin (a typo, or another clone's) never costs the cache its good
# copy: the download fails the pin too, and the cached file stays.
hashfile "sha256 $(printf '%064d' 1) pkg-1.0.tar.gz"
expect_error "a wrong pin is refused, saying the cached file does not match it" \
	"does not match the pin in" fetch "$url/pkg-1.0.tar.gz"
cache_is "a wrong pin leaves the verified cached file in place" pkg-1.0.tar.gz
hashfile "# a comment" "sha256 $good pkg-1.0.tar.gz" "sha256 $good pkg_1.0.orig.tar.gz"
cp "$scratch/www/corrupt/pkg-1.0.tar.gz" "$scratch/dl/pkg-1.0.tar.gz"
expect_ok "a corrupt cached file is replaced from a source" fetch "$url/pkg-1.0.tar.gz"
if cmp -s "$scratch/dl/pkg-1.0.tar.gz" "$scratch/www/pkg-1.0.tar.gz"; then
	pass "the replaced cache entry has the pinned bytes"
else
	fail "the replaced cache entry has the pinned bytes"
fi

rm -f "$scratch/dl/pkg-1.0.tar.gz"
expect_ok "a second file, under its own name, is used when the first is unavailable" \
	fetch "$url/gone/pkg-1.0.tar.gz" "$url/other/pkg_1.0.orig.tar.gz"
if [ "$(cat "$scratch/out")" = "$scratch/dl/pkg_1.0.orig.tar.gz" ]; then
	pass "it is cached under its own name"
else
	fail "it is cached under its own name" "got: $(cat "$scratch/out")"
fi
expect_ok "a cached second file is found from the cache alone" \
	fetch "$url/gone/pkg-1.0.tar.gz" "$url/gone/pkg_1.0.orig.tar.gz"
cache_is "the second file is cached with the pinned bytes" pkg_1.0.orig.tar.gz

rm -f "$scratch/dl/pkg_1.0.orig.tar.gz"
expect_error "no reachable source is an error" "could not get a verified copy" \
	fetch "$url/gone/pkg-1.0.tar.gz"
expect_error "a source whose file has no hash is refused before fetching" \
	"has no sha256 line for pkg-2.0.tar.gz" fetch "$url/pkg-2.0.tar.gz"
expect_error "a missing hash file is an error" "cannot read" \
	"$scripts/fetch.sh" "$scratch/dl" "$scratch/no-such-hash" "$url/pkg-1.0.tar.gz"
expect_error "an unknown source kind is reported" "unknown source" fetch "ftp-like:nonsense"

# Malformed hash files: refused with the file, the line and the reason.
# bad NAME TEXT LINE...: a hash file of LINEs must be refused, saying TEXT.
bad() {
	name=$1 text=$2
	shift 2
	hashfile "$@"
	expect_error "$name" "$text" fetch "$url/pkg-1.0.tar.gz"
}
upper=$(echo "$good" | tr a-f A-F)
bad "an upper-case hash is refused" "hash:1:8: not a SHA-256 of 64 lower-case hex digits" \
	"sha256 $upper pkg-1.0.tar.gz"
bad "a short hash is refused" "hash:2:8: not a SHA-256" "# comment" "sha256 ${good%?} pkg-1.0.tar.gz"
bad "a line without the sha256 keyword is refused" "hash:1:1: want: sha256 HASH FILE" \
	"$good pkg-1.0.tar.gz"
bad "a file name with a / is refused" "hash:1:73: not a plain file name: ../pkg-1.0.tar.gz" \
	"sha256 $good ../pkg-1.0.tar.gz"
hashfile "sha256 $good pkg-1.0.tar.gz"
expect_error "a source whose name is .. is refused" "has no sha256 line for .." \
	fetch "$url/pkg-1.0.tar.gz/.."
for f in .. . ../../x; do
	bad "a file name $f is refused" "not a plain file name: $f" "sha256 $good $f"
done
if [ ! -e "$scratch/pkg-1.0.tar.gz" ] && [ ! -e "$scratch/x" ] && [ -z "$(ls -A "$scratch/dl")" ]; then
	pass "a refused name wrote nothing, in the cache or outside it"
else
	fail "a refused name wrote nothing, in the cache or outside it" "$(ls -A "$scratch" "$scratch/dl")"
fi
bad "CRLF line endings are refused as such" "hash:1:87: CRLF line endings" \
	"sha256 $good pkg-1.0.tar.gz$(printf '\r')"
bad "a file with two different hashes is refused" "pkg-1.0.tar.gz has two hashes" \
	"sha256 $good pkg-1.0.tar.gz" "sha256 $(echo "$good" | tr 0-9 1-90) pkg-1.0.tar.gz"
cp "$scratch/www/pkg-1.0.tar.gz" "$scratch/dl/pkg-1.0.tar.gz"
bad "a malformed hash file is refused before the cache is looked at" "not a SHA-256" \
	"sha256 sha256:$good pkg-1.0.tar.gz"
if cmp -s "$scratch/dl/pkg-1.0.tar.gz" "$scratch/www/pkg-1.0.tar.gz"; then
	pass "a malformed hash file leaves a good cached file alone"
else
	fail "a malformed hash file leaves a good cached file alone"
fi
hashfile "sha256 $good pkg-1.0.tar.gz"
rm -f "$scratch/dl/pkg-1.0.tar.gz"
mkdir "$scratch/dl/pkg-1.0.tar.gz"
expect_error "a directory where the cached file should be is refused" "is not a regular file" \
	fetch "$url/pkg-1.0.tar.gz"
rmdir "$scratch/dl/pkg-1.0.tar.gz"

# The Debian fallback derives deb-src entries from apt's sources; with none
# to derive from, it says so instead of failing obscurely.
mkdir -p "$scratch/etc-apt/sources.list.d"
hashfile "sha256 $good pkg_1.0.orig.tar.gz"
expect_error "apt fallback without apt sources says why" "no deb entries" \
	env APT_ETC="$scratch/etc-apt" "$scripts/fetch.sh" "$scratch/dl" "$scratch/hash" \
	"apt:trixie/pkg=1.0-1/pkg_1.0.orig.tar.gz"
# The suite given replaces the machine's in the derived entries: one-line
# and deb822 sources, with options, and -security kept to its own kind.
cat >"$scratch/etc-apt/sources.list" <<'LIST'
deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main
deb http://mirror.example/debian-security bookworm-security main
LIST
cat >"$scratch/etc-apt/sources.list.d/d.sources" <<'LIST'
Types: deb
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
LIST
mkdir -p "$scratch/bin"
cat >"$scratch/bin/apt-get" <<'FAKE'
#!/bin/sh
# A stand-in apt-get: show the derived sources, then fail.
for a in "$@"; do case $a in Dir::Etc::SourceParts=*) cat "${a#*=}"/* >&2 ;; esac; done
exit 1
FAKE
chmod +x "$scratch/bin/apt-get"
expect_error "apt-source reports a failed apt-get update, naming the suite" \
	"apt-get update for trixie failed" env APT_ETC="$scratch/etc-apt" PATH="$scratch/bin:$PATH" \
	"$scripts/apt-source.sh" "$scratch" trixie pkg=1.0-1
cp "$scratch/err" "$scratch/derived"
if grep -qx 'deb-src \[arch=amd64 signed-by=/k.gpg\] http://mirror.example/debian trixie main' \
	"$scratch/derived" && ! grep -q 'security' "$scratch/derived" &&
	grep -qx 'Suites: trixie' "$scratch/derived" && grep -qx 'Types: deb-src' "$scratch/derived"; then
	pass "apt-source derives deb-src entries for the suite asked for"
else
	fail "apt-source derives deb-src entries for the suite asked for" "$(cat "$scratch/derived")"
fi
expect_error "apt-source refuses a malformed suite" "is not a suite name" \
	"$scripts/apt-source.sh" "$scratch" "../x" pkg=1.0-1

# A version the mirror has dropped: apt-source says what the suite has and
# exits 3; fetch ends with one line naming the package, the version, the
# suite, what it tried and what to do.
cat >"$scratch/bin/apt-get" <<'FAKE'
#!/bin/sh
# A stand-in apt-get whose index lacks pkg=1.0-1.
case " $* " in
*" update "*) exit 0 ;;
*" source "*) echo "E: Can not find version '1.0-1' of package 'pkg'"; exit 100 ;;
esac
exit 1
FAKE
cat >"$scratch/bin/apt-cache" <<'FAKE'
#!/bin/sh
printf 'Package: pkg\nVersion: 1.1-1\n\nPackage: pkg\nVersion: 1:2.0-3\n'
FAKE
chmod +x "$scratch/bin/apt-get" "$scratch/bin/apt-cache"
if env APT_ETC="$scratch/etc-apt" PATH="$scratch/bin:$PATH" "$scripts/apt-source.sh" \
	"$scratch" trixie pkg=1.0-1 pkg_1.0.orig.tar.gz >"$scratch/out" 2>"$scratch/err"; then
	fail "apt-source says which versions a suite has when the pin is gone" "it succeeded"
elif [ $? -eq 3 ] && grep -qxF "apt-source: trixie has no pkg=1.0-1 (it has: 1.1-1 1:2.0-3)" "$scratch/err"; then
	pass "apt-source says which versions a suite has when the pin is gone"
else
	fail "apt-source says which versions a suite has when the pin is gone" "$(cat "$scratch/err")"
fi
rm -f "$scratch/dl/pkg_1.0.orig.tar.gz"
expect_error "a pin the mirror dropped fails with one line saying what to do" \
	"fetch: pkg_1.0.orig.tar.gz: the Debian mirror no longer has pkg=1.0-1 (trixie); tried: apt:trixie/pkg=1.0-1/pkg_1.0.orig.tar.gz. Run: make bump" \
	env APT_ETC="$scratch/etc-apt" PATH="$scratch/bin:$PATH" FETCH_HINT="Run: make bump" \
	"$scripts/fetch.sh" "$scratch/dl" "$scratch/hash" "apt:trixie/pkg=1.0-1/pkg_1.0.orig.tar.gz"
expect_error "apt-source refuses a file name with a slash" "is not a plain file name" \
	"$scripts/apt-source.sh" "$scratch" trixie pkg=1.0-1 ../x

# One cache for many clones: fetches of the same file at once all succeed,
# and leave one intact file and no temporary files.
rm -rf "$scratch/shared"
hashfile "sha256 $good pkg-1.0.tar.gz"
pids=
for i in 1 2 3 4; do
	"$scripts/fetch.sh" "$scratch/shared" "$scratch/hash" "$url/pkg-1.0.tar.gz" \
		>"$scratch/shared-$i.out" 2>&1 &
	pids="$pids $!"
done
ok=1
for p in $pids; do wait "$p" || ok=; done
if [ -n "$ok" ] && cmp -s "$scratch/shared/pkg-1.0.tar.gz" "$scratch/www/pkg-1.0.tar.gz" &&
	[ "$(ls -A "$scratch/shared")" = pkg-1.0.tar.gz ]; then
	pass "four fetches into one shared cache at once all succeed, leaving one good file"
else
	fail "four fetches into one shared cache at once all succeed, leaving one good file" \
		"$(ls -A "$scratch/shared"; cat "$scratch"/shared-*.out)"
fi

# extract.sh unpacks a verified tarball and applies patches in order.
printf -- '--- a/README\n+++ b/README\n@@ -1 +1 @@\n-hello\n+patched\n' >"$scratch/1.patch"
printf -- '--- a/README\n+++ b/README\n@@ -1 +1 @@\n-patched\n+twice\n' >"$scratch/2.patch"
mkdir -p "$scratch/deb/debian/patches"
cp "$scratch/2.patch" "$scratch/deb/debian/patches/fix.patch"
tar -cJf "$scratch/deb.tar.xz" -C "$scratch/deb" debian
tarball=$scratch/www/pkg-1.0.tar.gz
expect_ok "extract unpacks and patches, from a file and from inside a tarball" \
	"$scripts/extract.sh" "$tarball" "$scratch/src/pkg" "$scratch/1.patch" \
	"$scratch/deb.tar.xz:debian/patches/fix.patch"
if [ "$(cat "$scratch/src/pkg/README" 2>/dev/null)" = twice ]; then
	pass "the patches were applied in order"
else
	fail "the patches were applied in order"
fi
expect_error "a patch that does not apply fails the extraction" "does not apply" \
	"$scripts/extract.sh" "$tarball" "$scratch/src/pkg2" "$scratch/1.patch" "$scratch/1.patch"
expect_error "a member missing from the patch tarball is named" "has no debian/patches/gone.patch" \
	"$scripts/extract.sh" "$tarball" "$scratch/src/pkg2" "$scratch/deb.tar.xz:debian/patches/gone.patch"
if [ ! -e "$scratch/src/pkg2" ] && [ -z "$(ls -A "$scratch/src" | grep -v '^pkg$')" ]; then
	pass "a failed extraction leaves no source dir and no temp dir"
else
	fail "a failed extraction leaves no source dir and no temp dir" "$(ls -A "$scratch/src")"
fi

# A server that trickles a byte a second is given up, not waited on for
# ever: FETCH_MAX_TIME (an hour by default) bounds a download.
port=$(free_port 18500)
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept(); c.recv(4096)
c.send(b"HTTP/1.0 200 OK\r\nContent-Length: 1000\r\n\r\n")
for i in range(60):
    c.send(b"x"); time.sleep(1)' "$port" &
slow=$!
i=0
until ss -Hltn "sport = :$port" | grep -q . || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
hashfile "sha256 $good pkg-1.0.tar.gz"
rm -f "$scratch/dl/pkg-1.0.tar.gz"
start=$(date +%s)
expect_error "a stalled download is given up after FETCH_MAX_TIME" "could not get a verified copy" \
	env FETCH_MAX_TIME=3 "$scripts/fetch.sh" "$scratch/dl" "$scratch/hash" "http://127.0.0.1:$port/pkg-1.0.tar.gz"
took=$(($(date +%s) - start))
if [ "$took" -lt 20 ]; then pass "it gave up in $took s"; else fail "it gave up in $took s, not within 20"; fi
kill "$slow" 2>/dev/null || :
