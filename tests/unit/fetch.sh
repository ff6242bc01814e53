#!/bin/sh
# Unit tests for scripts/fetch.sh and scripts/extract.sh: a tarball is
# accepted only with its pinned hash, from the cache or a source, and a
# corrupt or truncated one never reaches the cache.
set -eu
. "$(dirname "$0")/../lib.sh"
scripts=$(cd "$(dirname "$0")/../../scripts" && pwd)

# A real tarball to serve from file:// URLs, and broken copies of it.
mkdir -p "$scratch/pkg-1.0" "$scratch/www" "$scratch/dl"
echo hello >"$scratch/pkg-1.0/README"
tar -czf "$scratch/www/pkg-1.0.tar.gz" -C "$scratch" pkg-1.0
good=$(sha256sum "$scratch/www/pkg-1.0.tar.gz" | cut -d' ' -f1)
size=$(wc -c <"$scratch/www/pkg-1.0.tar.gz")
head -c $((size / 2)) "$scratch/www/pkg-1.0.tar.gz" >"$scratch/www/truncated.tar.gz"
cp "$scratch/www/pkg-1.0.tar.gz" "$scratch/www/corrupt.tar.gz"
printf 'X' | dd of="$scratch/www/corrupt.tar.gz" bs=1 seek=20 conv=notrunc 2>/dev/null
url=file://$scratch/www

hashfile() { printf '%s\n' "$@" >"$scratch/hash"; }
fetch() { "$scripts/fetch.sh" "$scratch/dl" "$scratch/hash"; }

hashfile "$good pkg-1.0.tar.gz $url/pkg-1.0.tar.gz"
expect_ok "a tarball with the pinned hash is fetched" fetch
if [ "$(cat "$scratch/out")" = "$scratch/dl/pkg-1.0.tar.gz" ] &&
	cmp -s "$scratch/dl/pkg-1.0.tar.gz" "$scratch/www/pkg-1.0.tar.gz"; then
	pass "the fetched tarball is in the cache and its path printed"
else
	fail "the fetched tarball is in the cache and its path printed" "got: $(cat "$scratch/out")"
fi

hashfile "$good pkg-1.0.tar.gz $url/gone.tar.gz"
expect_ok "a cached tarball is used with no source reachable" fetch

rm -f "$scratch/dl/pkg-1.0.tar.gz"
hashfile "$good pkg-1.0.tar.gz $url/corrupt.tar.gz"
expect_error "a corrupted download is refused" "SHA-256 mismatch" fetch
expect_error "the refusal names the expected hash" "expected: $good" fetch
expect_error "the refusal names the actual hash" \
	"actual:   $(sha256sum "$scratch/www/corrupt.tar.gz" | cut -d' ' -f1)" fetch
expect_error "the refusal mentions tampering" "or tampering" fetch
if [ -z "$(ls -A "$scratch/dl")" ]; then
	pass "a refused download leaves nothing in the cache"
else
	fail "a refused download leaves nothing in the cache" "$(ls -A "$scratch/dl")"
fi

hashfile "$good pkg-1.0.tar.gz $url/truncated.tar.gz"
expect_error "a truncated download is refused" "SHA-256 mismatch" fetch

hashfile "$good pkg-1.0.tar.gz $url/corrupt.tar.gz $url/pkg-1.0.tar.gz"
expect_ok "after a bad source, the next source is tried" fetch

cp "$scratch/www/corrupt.tar.gz" "$scratch/dl/pkg-1.0.tar.gz"
expect_ok "a corrupt cached tarball is replaced from a source" fetch
if cmp -s "$scratch/dl/pkg-1.0.tar.gz" "$scratch/www/pkg-1.0.tar.gz"; then
	pass "the replaced cache entry has the pinned bytes"
else
	fail "the replaced cache entry has the pinned bytes"
fi

rm -f "$scratch/dl/pkg-1.0.tar.gz"
hashfile "0000000000000000000000000000000000000000000000000000000000000000 other.tar.gz $url/gone.tar.gz" \
	"$good pkg-1.0.tar.gz $url/pkg-1.0.tar.gz"
expect_ok "a second accepted tarball is used when the first is unavailable" fetch

rm -f "$scratch/dl/pkg-1.0.tar.gz"
hashfile "$good pkg-1.0.tar.gz $url/gone.tar.gz"
expect_error "no reachable source is an error" "could not get a verified tarball" fetch
expect_error "a missing hash file is an error" "cannot read" \
	"$scripts/fetch.sh" "$scratch/dl" "$scratch/no-such-hash"
hashfile "# only a comment"
expect_error "a hash file listing nothing is an error" "no tarball listed" fetch
hashfile "$good pkg-1.0.tar.gz ftp-like:nonsense"
expect_error "an unknown source kind is reported" "unknown source" fetch

# The Debian fallback derives deb-src entries from apt's sources; with none
# to derive from, it says so instead of failing obscurely.
mkdir -p "$scratch/etc-apt/sources.list.d"
hashfile "$good pkg-1.0.tar.gz apt:pkg=1.0-1/pkg_1.0.orig.tar.gz"
expect_error "apt fallback without apt sources says why" "no deb entries" \
	env APT_ETC="$scratch/etc-apt" "$scripts/fetch.sh" "$scratch/dl" "$scratch/hash"

# extract.sh unpacks only a verified tarball and applies patches in order.
hashfile "$good pkg-1.0.tar.gz $url/pkg-1.0.tar.gz"
printf -- '--- a/README\n+++ b/README\n@@ -1 +1 @@\n-hello\n+patched\n' >"$scratch/1.patch"
expect_ok "extract unpacks and patches" \
	"$scripts/extract.sh" "$scratch/dl" "$scratch/hash" "$scratch/src/pkg" "$scratch/1.patch"
if [ "$(cat "$scratch/src/pkg/README" 2>/dev/null)" = patched ]; then
	pass "the patch was applied"
else
	fail "the patch was applied"
fi
expect_error "a patch that does not apply fails the extraction" "does not apply" \
	"$scripts/extract.sh" "$scratch/dl" "$scratch/hash" "$scratch/src/pkg2" \
	"$scratch/1.patch" "$scratch/1.patch"
if [ ! -e "$scratch/src/pkg2" ]; then
	pass "a failed extraction leaves no source dir"
else
	fail "a failed extraction leaves no source dir"
fi
