#!/bin/sh
# Unit tests for license pins and make legal-info: the built tree's
# legal-info lists every package of the system with its license texts,
# sources and patches, each matching its hash; on a copy of the tree with a
# package of its own, a changed license text stops the build before
# configuring, and a malformed or escaping license line is refused.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
scripts=$top/scripts
: "${O:?}" "${OUT:?}"
sha() { sha256sum <"$1" | cut -d' ' -f1; }

# --- make legal-info, in the built tree -------------------------------------
li=$OUT/legal-info
expect_ok "make legal-info succeeds" mk legal-info
# shellcheck disable=SC2016 # $(PACKAGES) is make's
packages=$(mk --eval 'print-packages: ; @echo $(PACKAGES)' print-packages)
# shellcheck disable=SC2086 # a list of names
want=$(printf '%s\n' musl linux $packages | sort -u)
got=$(sed 1d "$li/manifest.csv" | cut -d'"' -f2 | sort)
if [ "$got" = "$want" ]; then
	pass "the manifest lists the rootfs's packages, the kernel and musl, once each"
else
	fail "the manifest lists the rootfs's packages, the kernel and musl, once each" \
		"want: $(echo "$want" | tr '\n' ' ')" "got: $(echo "$got" | tr '\n' ' ')"
fi

# One check per manifest line: its license texts and its sources.
sed 1d "$li/manifest.csv" | tr -d '"' | while IFS=, read -r name version _ files sources patches _; do
	nv=$name-$version hf=$top/config/packages/$name.hash
	bad=
	for f in $files; do
		pin=$(awk -v f="$f" '$1 == "license" && $3 == f { print $2 }' "$hf")
		[ -n "$pin" ] && [ -f "$li/licenses/$nv/$f" ] && [ "$(sha "$li/licenses/$nv/$f")" = "$pin" ] ||
			bad="$bad $f"
	done
	if [ -n "$files" ] && [ -z "$bad" ]; then
		pass "$nv: each license file is there, with its pinned hash"
	else
		fail "$nv: each license file is there, with its pinned hash" "missing or different:$bad (files: '$files')"
	fi
	bad=
	for s in $sources; do
		f=${s%%=*}
		[ -f "$li/sources/$nv/$f" ] && [ "$(sha "$li/sources/$nv/$f")" = "${s#*=}" ] || bad="$bad $f"
	done
	tarball=$(head -n 1 "$O/stamps/$name.extracted")
	pin=$(awk -v f="$tarball" '$1 == "sha256" && $3 == f { print $2 }' "$hf")
	if [ -n "$sources" ] && [ -z "$bad" ] && [ "${sources%% *}" = "$tarball=$pin" ]; then
		pass "$nv: each source's sha256 in the manifest is the file's, the tarball's its pin"
	else
		fail "$nv: each source's sha256 in the manifest is the file's, the tarball's its pin" \
			"differ:$bad" "sources: $sources" "tarball: $tarball=$pin"
	fi
	# shellcheck disable=SC2086 # the patches, as words
	set -- $patches
	n=$#
	want=$(mk --eval "p: ; @echo \$(words \$($(echo "$name" | tr a-z- A-Z_)_PATCHES) \$($(echo "$name" | tr a-z- A-Z_)_LOCAL_PATCHES))" p)
	if [ "$n" = "$want" ]; then
		pass "$nv: the manifest lists every patch applied ($n)"
	else
		fail "$nv: the manifest lists every patch applied ($n)" "the package applies $want"
	fi
done
if cmp -s "$li/LICENSE" "$top/LICENSE" && head -n 1 "$li/README" | grep -q '^legal-info: '; then
	pass "the project's LICENSE and a README are there"
else
	fail "the project's LICENSE and a README are there"
fi
if [ -z "$(find "$OUT" -maxdepth 1 -name 'legal-info.*')" ]; then
	pass "no temp dir is left beside it"
else
	fail "no temp dir is left beside it" "$(find "$OUT" -maxdepth 1 -name 'legal-info.*')"
fi

# --- legal-info.sh on a small input -----------------------------------------
mkdir -p "$scratch/li/src/doc" "$scratch/li/dl" "$scratch/li/stamps"
echo "MIT text" >"$scratch/li/src/COPYING"
echo "more text" >"$scratch/li/src/doc/LICENSE"
echo tarball >"$scratch/li/dl/t-1.tar.gz"
echo t-1.tar.gz >"$scratch/li/stamps/t.extracted"
printf 'sha256 %s t-1.tar.gz\nlicense %s COPYING\nlicense %s doc/LICENSE\n' "$(sha "$scratch/li/dl/t-1.tar.gz")" \
	"$(sha "$scratch/li/src/COPYING")" "$(sha "$scratch/li/src/doc/LICENSE")" >"$scratch/li/t.hash"
# An info.json (scripts/info.mk) with the keys legal-info.sh reads.
jq -n --arg li "$scratch/li" '{schema: 1, packages_legal: ["t"], packages: {t: {name: "t", version: "1",
	license: "MIT", license_files: ["COPYING", "doc/LICENSE"], site: "https://t.example", srcdir: ($li + "/src"),
	hashfile: ($li + "/t.hash"), dl: ($li + "/dl"), patches: []}}}' >"$scratch/li/input"
legal() { "$scripts/legal-info.sh" "$scratch/li/input" "$scratch/li/stamps" "$top/LICENSE" "$scratch/li/out"; }
expect_ok "legal-info.sh gathers a package" legal
if cmp -s "$scratch/li/out/licenses/t-1/doc/LICENSE" "$scratch/li/src/doc/LICENSE" &&
	cmp -s "$scratch/li/out/sources/t-1/t-1.tar.gz" "$scratch/li/dl/t-1.tar.gz"; then
	pass "license files keep their paths; the tarball is copied"
else
	fail "license files keep their paths; the tarball is copied" "$(find "$scratch/li/out")"
fi
expect_ok "a second run replaces the first" legal
echo "other text" >"$scratch/li/src/doc/LICENSE"
expect_error "a license text changed in the tree is refused" "the license file doc/LICENSE has changed" legal
if cmp -s "$scratch/li/out/licenses/t-1/COPYING" "$scratch/li/src/COPYING" &&
	[ -z "$(find "$scratch/li" -maxdepth 1 -name 'out.*')" ]; then
	pass "a refused run leaves the last one whole, and no temp dir"
else
	fail "a refused run leaves the last one whole, and no temp dir" "$(ls -A "$scratch/li")"
fi
echo "more text" >"$scratch/li/src/doc/LICENSE"
echo "tarball, changed" >"$scratch/li/dl/t-1.tar.gz"
expect_error "a cached tarball that is not its pin is refused" "not the pinned" legal
echo tarball >"$scratch/li/dl/t-1.tar.gz"
mkdir -p "$scratch/li/mine"
echo mine >"$scratch/li/mine/file"
expect_error "a DEST it did not make is left alone" "is not a legal-info made by make legal-info" \
	"$scripts/legal-info.sh" "$scratch/li/input" "$scratch/li/stamps" "$top/LICENSE" "$scratch/li/mine"
if [ "$(cat "$scratch/li/mine/file")" = mine ]; then
	pass "and what it holds is untouched"
else
	fail "and what it holds is untouched"
fi

# --- license lines in hash files: the parsers refuse bad ones -------------
good=$(sha "$scratch/li/dl/t-1.tar.gz")
h64=$(sha "$scratch/li/src/COPYING")
# A table: what | license lines | what the refusal says: LINE:COLUMN: reason.
upper=$(echo "$h64" | tr a-f A-F)
while IFS='|' read -r what lines says; do
	printf 'sha256 %s t-1.tar.gz\n%b\n' "$good" "$lines" >"$scratch/bad.hash"
	expect_error "fetch.sh: $what" "bad.hash:$says" \
		"$scripts/fetch.sh" "$scratch/dl" "$scratch/bad.hash" "file://$scratch/li/dl/t-1.tar.gz"
	expect_error "license-check.sh: $what" "bad.hash:$says" \
		"$scripts/license-check.sh" t "$scratch/bad.hash" "$scratch/li/src" COPYING
done <<TABLE
a license line without its path|license $h64|2:1: want: sha256 HASH FILE, or license HASH PATH
a license line with a short hash|license ${h64%?} COPYING|2:9: not a SHA-256
a license line with an upper-case hash|license $upper COPYING|2:9: not a SHA-256
a license path with ..|license $h64 ../COPYING|2:74: not a normalised path in the source tree (a '.' or '..' component): ../COPYING
a license path with .. inside|license $h64 doc/../../x|2:74: not a normalised path in the source tree (a '.' or '..' component)
a license path with a . component|license $h64 ./COPYING|2:74: not a normalised path in the source tree (a '.' or '..' component)
an absolute license path|license $h64 /etc/passwd|2:74: not a normalised path in the source tree (an absolute path)
a license path with an empty component|license $h64 doc//LICENSE|2:74: not a normalised path in the source tree (an empty path component)
a license line with a fourth field|license $h64 COPYING x|2:1: want: sha256 HASH FILE, or license HASH PATH
a license path with two hashes|license $h64 COPYING\nlicense $good COPYING|3:9: COPYING has two hashes
TABLE
printf 'sha256 %s t-1.tar.gz\nlicense %s COPYING\r\n' "$good" "$h64" >"$scratch/bad.hash"
expect_error "license-check.sh: a CRLF license line is refused as such" "bad.hash:2:81: CRLF line endings" \
	"$scripts/license-check.sh" t "$scratch/bad.hash" "$scratch/li/src" COPYING
expect_error "license-check.sh: a listed path with .. is refused" "../COPYING: not a normalised path" \
	"$scripts/license-check.sh" t "$scratch/li/t.hash" "$scratch/li/src" COPYING doc/LICENSE ../COPYING
printf 'sha256 %s t-1.tar.gz\nlicense %s COPYING\n' "$good" "$h64" >"$scratch/ok.hash"
expect_ok "fetch.sh accepts a hash file with a license line" \
	"$scripts/fetch.sh" "$scratch/dl" "$scratch/ok.hash" "file://$scratch/li/dl/t-1.tar.gz"

# --- the build, on a copy of the tree with a package of its own -------------
tree=$scratch/tree
mkdir -p "$tree" "$scratch/www/hello-1.0" "$scratch/www/hello-1.1"
cp -R -P "$top/Makefile" "$top/scripts" "$top/config" "$top/rootfs" "$top/LICENSE" "$tree/"
echo "hello, MIT" >"$scratch/www/hello-1.0/COPYING"
echo "hello, now GPL" >"$scratch/www/hello-1.1/COPYING"
for v in 1.0 1.1; do
	echo hello >"$scratch/www/hello-$v/README"
	tar -czf "$scratch/www/hello-$v.tar.gz" -C "$scratch/www" "hello-$v"
done
cat >"$tree/config/packages/hello.mk" <<MK
# hello: a package for the tests.
HELLO_VERSION = 1.0
HELLO_SITE = file://$scratch/www
HELLO_LICENSE = MIT
HELLO_LICENSE_FILES = COPYING
HELLO_CONFIGURE_CMDS = mkdir -p "\$(HELLO_BUILDDIR)"
HELLO_BUILD_CMDS = :
HELLO_INSTALL_CMDS = rm -rf "\$(HELLO_DESTDIR)" && mkdir -p "\$(HELLO_DESTDIR)"
MK
old=$(sha "$scratch/www/hello-1.0/COPYING") new=$(sha "$scratch/www/hello-1.1/COPYING")
hashes() { # the hash file, with license line $1
	printf 'sha256 %s hello-1.0.tar.gz\nsha256 %s hello-1.1.tar.gz\n%s\n' "$(sha "$scratch/www/hello-1.0.tar.gz")" \
		"$(sha "$scratch/www/hello-1.1.tar.gz")" "$1" >"$tree/config/packages/hello.hash"
}
# make in the copy, with ccache off (its links would add a LAUNCH step).
pm() {
	"$top/tests/submake" -C "$tree" \
		O="$scratch/o" DL_DIR="$scratch/dl" ARCH=x86_64 CCACHE=0 "$@"
}
hashes "license $old COPYING"
expect_steps "the license is checked after extracting, before configuring" \
	"SOURCE FETCH LICENSE CONFIG BUILD INSTALL" pm hello
hashes "license $old COPYING"
echo "# A comment." >>"$tree/config/packages/hello.hash"
expect_steps "a comment in the hash file checks nothing again" "" pm hello

sed -i 's/^HELLO_VERSION = .*/HELLO_VERSION = 1.1/' "$tree/config/packages/hello.mk"
expect_error "a new version with a changed license stops the build" \
	"license: hello: the license file COPYING has changed" pm hello
for text in "expected: $old ($tree/config/packages/hello.hash)" "actual:   $new" \
	"Read the new license, then update the hash in $tree/config/packages/hello.hash."; do
	expect_error "the message says: $text" "$text" pm hello
done
if [ -z "$(find "$scratch/o/x86_64/stamps/hello.configured" -newer "$scratch/o/stamps/hello.extracted")" ]; then
	pass "the changed license stopped it before configuring"
else
	fail "the changed license stopped it before configuring"
fi
hashes "license $new COPYING"
expect_steps "once the hash is updated, it goes on" "LICENSE CONFIG BUILD INSTALL" pm hello
hashes "license $old COPYING"
expect_error "a wrong hash alone stops it too" "the license file COPYING has changed" pm hello
hashes "license $new COPYING"
expect_steps "putting the hash back checks again, and rebuilds nothing" "LICENSE" pm hello
expect_error "a listed license file without a hash line is refused" \
	"NEWS is in HELLO_LICENSE_FILES, but $tree/config/packages/hello.hash has no license line for it" \
	pm hello HELLO_LICENSE_FILES="COPYING NEWS"
hashes "license $new COPYING
license $new NEWS"
expect_error "a pinned license file missing from the tree is refused" "NEWS, in HELLO_LICENSE_FILES, is not a regular file" \
	pm hello HELLO_LICENSE_FILES="COPYING NEWS"
hashes "license $new ../COPYING"
expect_error "make: a license line with .. is refused, with its line and column" \
	"hello.hash:3:74: not a normalised path in the source tree (a '.' or '..' component): ../COPYING" pm hello
hashes "license $new COPYING"
expect_steps "and a good line again: the check alone" "LICENSE" pm hello
