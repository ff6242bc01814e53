#!/bin/sh
# Unit tests for scripts/outdated.sh and scripts/bump.sh, against a stand-in
# apt-source.sh whose suites hold a few versions of one package: the newest
# in the series and overall are found; bump takes its hashes from the
# (signed) index only, pins upstream's tarball only when it is Debian's
# bytes, and refuses a version no suite has.
set -eu
. "$(dirname "$0")/../lib.sh"
scripts=$(cd "$(dirname "$0")/../../scripts" && pwd)
cd "$scratch"

# The index: pkg 1.2.3 in stable, 1.2.5 in stable-security, 1.3.0 in
# unstable. Its files' hashes are those of the files under www/.
mkdir -p www/debian www/up www/other
echo "pkg 1.2.5 orig" >www/debian/pkg_1.2.5.orig.tar.gz
echo "debian 1.2.5-1 packaging" >www/debian/pkg_1.2.5-1.debian.tar.xz
cp www/debian/pkg_1.2.5.orig.tar.gz www/up/pkg-1.2.5.tar.gz
echo "not the same bytes" >www/other/pkg-1.2.5.tar.gz
h() { sha256sum "$1" | cut -d' ' -f1; }
cat >apt-source <<STUB
#!/bin/sh
case \$1:\$2 in
--versions:stable) echo "pkg 1.2.3-1 trixie" ;;
--versions:stable-security) echo "pkg 1:1.2.5-1 trixie-security" ;;
--versions:unstable) echo "pkg 1.3.0-2 sid" ;;
--versions:*) ;;
--uris:trixie-security)
	[ "\$3" = "pkg=1:1.2.5-1" ] || exit 3
	echo "pkg_1.2.5.orig.tar.gz $(h www/debian/pkg_1.2.5.orig.tar.gz)"
	echo "pkg_1.2.5-1.debian.tar.xz $(h www/debian/pkg_1.2.5-1.debian.tar.xz)" ;;
*) exit 3 ;;
esac
STUB
chmod +x apt-source
export APT_SOURCE="$scratch/apt-source"

# An info.json (scripts/info.mk) with the keys outdated.sh reads.
jq -n --arg site "file://$scratch/www/up" '{schema: 1, packages: {pkg: {name: "pkg", version: "1.2.3",
	source_from: "pkg", debian_name: "pkg", site: $site, source: "pkg-1.2.3.tar.gz"}}}' >input
if "$scripts/outdated.sh" input >out 2>err &&
	grep -q '^pkg  *1\.2\.3  *1\.2\.5 (trixie-security)  *1\.3\.0 (sid)  *none listed$' out &&
	grep -q 'make bump PKG=NAME VERSION=V' out; then
	pass "outdated: the newest in the series and overall, with their suites"
else
	fail "outdated: the newest in the series and overall, with their suites" "$(cat out err)"
fi

# A package at 1.2.3, from stable, with an upstream and a Debian patch tarball.
setup() {
	cat >pkg.mk <<'MK'
# pkg: for the tests.
PKG_VERSION = 1.2.3
PKG_SOURCE = pkg-$(PKG_VERSION).tar.gz
PKG_DEBIAN = trixie pkg=1.2.3-1
MK
	cat >pkg.hash <<'HASH'
# Upstream's tarball.
sha256 1111111111111111111111111111111111111111111111111111111111111111 pkg-1.2.3.tar.gz
sha256 1111111111111111111111111111111111111111111111111111111111111111 pkg_1.2.3.orig.tar.gz
# Debian's packaging, for its patches.
sha256 2222222222222222222222222222222222222222222222222222222222222222 pkg_1.2.3-1.debian.tar.xz
# Another package's patches, kept.
sha256 3333333333333333333333333333333333333333333333333333333333333333 other_9.debian.tar.xz
# The license text, kept: a new version's is checked against it.
license 4444444444444444444444444444444444444444444444444444444444444444 COPYING
HASH
}
bump() { # SITE VERSION
	"$scripts/bump.sh" pkg "$2" PKG pkg.mk pkg.hash pkg 1.2.3-1 pkg-1.2.3.tar.gz "$1"
}

setup
if bump "file://$scratch/www/up" 1.2.5 >out 2>err &&
	grep -qx 'PKG_VERSION = 1.2.5' pkg.mk && grep -qx 'PKG_DEBIAN = trixie-security pkg=1:1.2.5-1' pkg.mk &&
	grep -qx "sha256 $(h www/debian/pkg_1.2.5.orig.tar.gz) pkg_1.2.5.orig.tar.gz" pkg.hash &&
	grep -qx "sha256 $(h www/debian/pkg_1.2.5.orig.tar.gz) pkg-1.2.5.tar.gz" pkg.hash &&
	grep -qx "sha256 $(h www/debian/pkg_1.2.5-1.debian.tar.xz) pkg_1.2.5-1.debian.tar.xz" pkg.hash &&
	grep -q ' other_9.debian.tar.xz$' pkg.hash && ! grep -q '1\.2\.3' pkg.hash &&
	grep -qx 'license 4444444444444444444444444444444444444444444444444444444444444444 COPYING' pkg.hash &&
	grep -qx '# The license text, kept: a new version.s is checked against it.' pkg.hash &&
	! grep -q "Upstream's tarball" pkg.hash; then
	pass "bump: version, suite by codename, every hash from the index, license lines kept"
else
	fail "bump: version, suite by codename, every hash from the index, license lines kept" "$(cat out err pkg.mk pkg.hash)"
fi

setup
if bump "file://$scratch/www/other" 1.2.5 >out 2>err && ! grep -q ' pkg-1.2.5.tar.gz$' pkg.hash &&
	grep -q 'pkg-1.2.5.tar.gz differs from pkg_1.2.5.orig.tar.gz: not pinned' err; then
	pass "bump: an upstream tarball that is not Debian's bytes is not pinned"
else
	fail "bump: an upstream tarball that is not Debian's bytes is not pinned" "$(cat out err pkg.hash)"
fi

setup
cp pkg.mk pkg.mk.before
cp pkg.hash pkg.hash.before
expect_error "bump: a version no suite has is refused" \
	"no Debian suite (stable stable-security testing unstable) has pkg 1.2.9: nothing vouches" \
	bump "file://$scratch/www/up" 1.2.9
if cmp -s pkg.mk pkg.mk.before && cmp -s pkg.hash pkg.hash.before && [ -z "$(ls -A | grep '\.bump$')" ]; then
	pass "bump: a refused bump leaves both files as they were"
else
	fail "bump: a refused bump leaves both files as they were" "$(ls -A)"
fi
expect_error "bump: a malformed version is refused" "is not a version" bump "" "1.2;rm"

# The same version from another Debian revision, upstream unreachable: the
# upstream pin stays when the index vouches for the same bytes.
cat >pkg.mk <<'MK'
PKG_VERSION = 1.2.5
PKG_SOURCE = pkg-$(PKG_VERSION).tar.gz
PKG_DEBIAN = forky pkg=1.2.5-0
MK
printf 'sha256 %s pkg-1.2.5.tar.gz\nsha256 %s pkg_1.2.5.orig.tar.gz\n' \
	"$(h www/debian/pkg_1.2.5.orig.tar.gz)" "$(h www/debian/pkg_1.2.5.orig.tar.gz)" >pkg.hash
if "$scripts/bump.sh" pkg 1.2.5 PKG pkg.mk pkg.hash pkg 1.2.5-0 pkg-1.2.5.tar.gz \
	"file://$scratch/www/gone" >out 2>err &&
	grep -qx 'PKG_DEBIAN = trixie-security pkg=1:1.2.5-1' pkg.mk &&
	grep -qx "sha256 $(h www/debian/pkg_1.2.5.orig.tar.gz) pkg-1.2.5.tar.gz" pkg.hash &&
	[ "$(grep -c ' pkg_1.2.5.orig.tar.gz$' pkg.hash)" = 1 ]; then
	pass "bump: a new Debian revision keeps the upstream pin the index vouches for"
else
	fail "bump: a new Debian revision keeps the upstream pin the index vouches for" "$(cat out err pkg.mk pkg.hash)"
fi

# A package whose source is a Debian binary package (linux's): the .deb of
# the version is pinned from the Packages index, the source package of the
# same version named beside it; a version no suite has is refused.
cat >apt-source-bin <<STUB
#!/bin/sh
case \$1:\$2:\$3 in
--binary:--versions:stable-security) echo "kern-src 2.0.5-1 trixie-security" ;;
--binary:--uris:trixie-security) [ "\$4" = "kern-src=2.0.5-1" ] || exit 3
	echo "kern-src_2.0.5-1_all.deb 3333333333333333333333333333333333333333333333333333333333333333" ;;
--versions:trixie-security:*) echo "kern 2.0.5-1 trixie-security" ;;
*) ;;
esac
STUB
chmod +x apt-source-bin
cat >kern.mk <<'MK'
KERN_VERSION = 2.0.3
KERN_DEBIAN = trixie-security kern=2.0.3-1
KERN_DEBIAN_BINARY = trixie-security kern-src=2.0.3-1
MK
printf '# the old .deb\nsha256 %064d kern-src_2.0.3-1_all.deb\nlicense %064d COPYING\n' 4 5 >kern.hash
if APT_SOURCE=$scratch/apt-source-bin BUMP_BINARY="trixie-security kern-src=2.0.3-1" "$scripts/bump.sh" kern 2.0.5 KERN \
	kern.mk kern.hash kern 2.0.3-1 kern-2.0.3.tar.xz "" >out 2>err &&
	grep -qx 'KERN_VERSION = 2.0.5' kern.mk && grep -qx 'KERN_DEBIAN = trixie-security kern=2.0.5-1' kern.mk &&
	grep -qx 'KERN_DEBIAN_BINARY = trixie-security kern-src=2.0.5-1' kern.mk &&
	grep -qx 'sha256 3333333333333333333333333333333333333333333333333333333333333333 kern-src_2.0.5-1_all.deb' kern.hash &&
	! grep -q 'kern-src_2.0.3-1_all.deb\|the old .deb' kern.hash && grep -q '^license ' kern.hash; then
	pass "bump: a binary package's .deb is pinned from the Packages index, the old one's line gone"
else
	fail "bump: a binary package's .deb is pinned from the Packages index, the old one's line gone" \
		"$(cat out err kern.mk kern.hash)"
fi
expect_error "bump: a binary package's version no suite has is refused" "has kern-src 2.0.9: nothing vouches" \
	env APT_SOURCE="$scratch/apt-source-bin" BUMP_BINARY="trixie-security kern-src=2.0.5-1" "$scripts/bump.sh" \
	kern 2.0.9 KERN kern.mk kern.hash kern 2.0.5-1 kern-2.0.5.tar.xz ""

# apt-source.sh --versions, against stand-ins for apt-get and apt-cache: a
# stanza marked Extra-Source-Only (kept for Built-Using) is not a version.
mkdir -p fakeapt/etc fakeapt/bin
echo "deb http://deb.example/debian bookworm main" >fakeapt/etc/sources.list
printf '#!/bin/sh\nexit 0\n' >fakeapt/bin/apt-get
cat >fakeapt/bin/apt-cache <<'STUB'
#!/bin/sh
printf 'Package: pkg\nVersion: 1.0-1\nExtra-Source-Only: yes\n\nPackage: pkg\nVersion: 2.0-1\n\n'
STUB
chmod +x fakeapt/bin/apt-get fakeapt/bin/apt-cache
if PATH="$scratch/fakeapt/bin:$PATH" APT_ETC="$scratch/fakeapt/etc" "$scripts/apt-source.sh" --versions sid pkg \
	>out 2>err && [ "$(cat out)" = "pkg 2.0-1 sid" ]; then
	pass "apt-source: an Extra-Source-Only stanza is not a version"
else
	fail "apt-source: an Extra-Source-Only stanza is not a version" "$(cat out err)"
fi
