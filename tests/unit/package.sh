#!/bin/sh
# Unit tests for the package machinery (scripts/package.mk), on a copy of
# the tree with one more package, hello, whose steps only copy files: each
# step runs again exactly when what feeds it changed (version, hashes,
# patches, its commands), and a bad package file fails at once.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

tree=$scratch/tree
mkdir -p "$tree" "$scratch/www/hello-1.0"
cp -R -P "$top/Makefile" "$top/scripts" "$top/config" "$top/rootfs" "$tree/"
echo hello >"$scratch/www/hello-1.0/README"
tar -czf "$scratch/www/hello-1.0.tar.gz" -C "$scratch/www" hello-1.0
cat >"$tree/config/packages/hello.mk" <<MK
# hello: a package for the tests.
HELLO_VERSION = 1.0
HELLO_SITE = file://$scratch/www
HELLO_LICENSE = MIT
HELLO_CONFIGURE_CMDS = mkdir -p "\$(HELLO_BUILDDIR)"
HELLO_BUILD_CMDS = cp "\$(HELLO_SRCDIR)/README" "\$(HELLO_BUILDDIR)/README"
define HELLO_INSTALL_CMDS
rm -rf "\$(HELLO_DESTDIR)" && mkdir -p "\$(HELLO_DESTDIR)/usr/share"
cp "\$(HELLO_BUILDDIR)/README" "\$(HELLO_DESTDIR)/usr/share/hello"
endef
MK
echo "sha256 $(sha256sum <"$scratch/www/hello-1.0.tar.gz" | cut -d' ' -f1) hello-1.0.tar.gz" \
	>"$tree/config/packages/hello.hash"

# pm ARGS...: make in the copy, with its own output and download dirs, and
# ccache off: its links would add a LAUNCH step to the first build.
pm() {
	"$top/tests/submake" -C "$tree" \
		O="$scratch/o" DL_DIR="$scratch/dl" ARCH=x86_64 CCACHE=0 "$@"
}
# steps NAME EXPECTED...: `make hello` must print exactly these step tags.
steps() {
	name=$1
	shift
	expect_steps "$name" "$*" pm hello
}
manifest=$scratch/o/x86_64/pkg/hello.manifest

steps "a new package goes through every step" SOURCE FETCH CONFIG BUILD INSTALL
if [ "$(cat "$scratch/o/x86_64/pkg/hello/usr/share/hello" 2>&1)" = hello ] &&
	grep -q ' ./usr/share/hello$' "$manifest"; then
	pass "it is installed into its tree, and its manifest lists that"
else
	fail "it is installed into its tree, and its manifest lists that"
fi
steps "a no-op make runs nothing"
echo "# A comment." >>"$tree/config/packages/hello.mk"
echo "# A comment." >>"$tree/config/packages/hello.hash"
steps "a comment edited in the package file and the hash file reruns nothing"

mkdir -p "$tree/patches/hello"
printf -- '--- a/README\n+++ b/README\n@@ -1 +1 @@\n-hello\n+patched\n' >"$tree/patches/hello/0001-test.patch"
steps "adding a patch extracts again and reruns every step" SOURCE PATCH CONFIG BUILD INSTALL
touch "$tree/patches/hello/0001-test.patch"
steps "touching a patch without changing it reruns nothing"
printf -- '--- a/README\n+++ b/README\n@@ -1 +1 @@\n-hello\n+changed\n' >"$tree/patches/hello/0001-test.patch"
steps "changing a patch extracts again" SOURCE PATCH CONFIG BUILD INSTALL
if [ "$(cat "$scratch/o/x86_64/pkg/hello/usr/share/hello")" = changed ]; then
	pass "the changed patch is in what is installed"
else
	fail "the changed patch is in what is installed"
fi
rm "$tree/patches/hello/0001-test.patch"
steps "deleting a patch extracts again" SOURCE CONFIG BUILD INSTALL

sed -i 's|^HELLO_BUILD_CMDS = .*|& \&\& touch "$(HELLO_BUILDDIR)/built"|' "$tree/config/packages/hello.mk"
steps "changing the build commands reruns the build and what follows" BUILD INSTALL
before=$(stat -c %y "$manifest")
sed -i 's|^cp "$(HELLO_BUILDDIR)/README".*|& \&\& true|' "$tree/config/packages/hello.mk"
steps "changing the install commands reruns only the install" INSTALL
if [ "$(stat -c %y "$manifest")" = "$before" ]; then
	pass "a reinstall of the same files leaves the manifest alone"
else
	fail "a reinstall of the same files leaves the manifest alone"
fi

# Bad package data fails at once, naming the file and what is wrong.
expect_error "a version without a hash is refused, naming both" \
	"config/packages/hello.hash has no sha256 line for hello-2.0.tar.gz (HELLO_VERSION = 2.0)" \
	pm hello HELLO_VERSION=2.0
expect_error "the same for a real package: musl 9.9.9" \
	"musl.hash has no sha256 line for musl-9.9.9.tar.gz (MUSL_VERSION = 9.9.9, MUSL_DEBIAN = " \
	pm -n MUSL_VERSION=9.9.9
expect_error "a patch from no download is refused" "HELLO_PATCHES: x.tar.xz:a.patch is not a file" \
	pm hello HELLO_PATCHES=x.tar.xz:a.patch
expect_error "a package file without a version is refused" "hello.mk sets no HELLO_VERSION" \
	pm hello HELLO_VERSION=
expect_error "an unknown package in PACKAGES is refused" "PACKAGES: no package 'nosuch'" \
	pm -n PACKAGES="busybox nosuch"
expect_error "an unknown architecture is refused, naming the known ones" \
	"ARCH=nosuch: no such architecture; one of:" pm -n ARCH=nosuch
