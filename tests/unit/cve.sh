#!/bin/sh
# Unit tests for scripts/cve-report.sh: each line of a package's .cves file
# is checked against the package, and the NVD path lists what the file does
# not know, tried against an answer in the NVD API 2.0 format served from
# the host's loopback (there is no network here).
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
report=$top/scripts/cve-report.sh

cd "$scratch"
printf 'CONFIG_SAFE=y\n# CONFIG_UNSAFE is not set\n' >pkg.config
cat >pkg.cves <<'CVES'
# a comment
CVE-2020-0001 patched 0001-fix.patch
CVE-2020-0002 fixed 1.2.0
CVE-2020-0003 config CONFIG_SAFE
CVE-2020-0004 open no fix published yet
CVES
# info NAME VERSION CPE CVES PATCHES CONFIG-FILES DEBIAN: an info.json
# (scripts/info.mk) with that one package, the keys cve-report.sh reads.
info() {
	jq -n --arg name "$1" --arg version "$2" --arg cpe "$3" --arg cves "$4" --arg patches "$5" \
		--arg configs "$6" --arg debian "$7" '{schema: 1, packages: {($name): {name: $name,
		version: $version, cpe: $cpe, cves: $cves, debian: $debian,
		patches: [$patches | splits(" +") | select(. != "") | {name: sub(".*/"; ""), path: .}],
		config_files: [$configs | splits(" +") | select(. != "")]}}}'
}
line() { info pkg 1.10.0 cpe:2.3:a:example:pkg "$scratch/$1" deb.tar.xz:debian/patches/0001-fix.patch \
	"$scratch/pkg.config" ''; }
line pkg.cves >input

if NVD_API=off "$report" input >out 2>err &&
	grep -qx '  CVE-2020-0001    patched  0001-fix.patch' out &&
	grep -qx '  4 known: 3 fixed, 1 open' out && grep -qx '  CVE-2020-0004    OPEN     no fix published yet' out &&
	grep -qx 'summary: 4 known, 3 fixed, 1 open' out; then
	pass "cve-report lists each CVE with its fix; 1.2.0 sorts before 1.10.0"
else
	fail "cve-report lists each CVE with its fix; 1.2.0 sorts before 1.10.0" "$(cat out err)"
fi

# Each kind of line that does not hold is an error naming file and line.
bad() { # NAME LINE TEXT
	printf '%s\n' "$2" >bad.cves
	line bad.cves >input
	expect_error "$1" "$3" env NVD_API=off "$report" input
}
bad "a patch the package does not apply is refused" "CVE-2020-0001 patched 0002-other.patch" \
	"bad.cves:1: CVE-2020-0001: 0002-other.patch is not one of the package's patches"
bad "a fix in a release newer than the pin is refused" "CVE-2020-0002 fixed 1.10.1" \
	"bad.cves:1: CVE-2020-0002: fixed in 1.10.1, newer than 1.10.0"
bad "a config option that is off is refused" "CVE-2020-0003 config CONFIG_UNSAFE" \
	"bad.cves:1: CVE-2020-0003: CONFIG_UNSAFE is not on"
bad "an unknown kind of fix is refused" "CVE-2020-0003 wontfix x" "'wontfix' is not patched, fixed, config or open"
bad "a config option is a name, not a pattern" "CVE-2020-0003 config CONFIG_.*" "CONFIG_.* is not on"
bad "a malformed CVE id is refused" "CVE-20-1 fixed 1.0" "bad.cves:1: want: CVE-YYYY-NNNN"
bad "CRLF line endings are named as such" "$(printf 'CVE-2020-0002 fixed 1.0\r')" "bad.cves:1: CRLF line endings"

# Debian's feed, from fixtures (CVE_FEED_DIR, no network): linux.versions
# lists uploads as the signed indexes did on 2026-12-04, and the changelog
# is a real excerpt of Debian's linux 6.12.111-1 (trixie-security, 28 Sep
# 2026), its debian/changelog's first 30 lines and the header of 6.12.107-1.
# The newest upload of the series (6.12.118-1) has no changelog here, as on
# the mirror: the count is a lower bound, said so. 7.2 is another series.
feed=$top/tests/data/debian-feed
kline() { info linux "$1" cpe:2.3:o:linux:linux_kernel '' '' '' "trixie linux=$2"; }
kline 6.12.107 6.12.107-1 >input
if CVE_FEED_DIR=$feed NVD_API=off "$report" input >out 2>err &&
	grep -q '^  Debian: at least 8 open, named by the changelog of 6.12.111-1; newer uploads up to 6.12.118-1' out &&
	grep -q '^summary: 0 known, 0 fixed, 8 open (at least' out && grep -qx 'NVD: not asked (NVD_API=off)' out; then
	pass "Debian's feed: 8 CVEs named after the pin are open, a lower bound"
else
	fail "Debian's feed: 8 CVEs named after the pin are open, a lower bound" "$(cat out err)"
fi
kline 6.12.105 6.12.105-1 >input
if CVE_FEED_DIR=$feed NVD_API=off "$report" input >out 2>err && grep -q '^summary: 0 known, 0 fixed, 9 open' out; then
	pass "Debian's feed: an older pin counts the older entry's CVE too"
else
	fail "Debian's feed: an older pin counts the older entry's CVE too" "$(cat out err)"
fi
printf 'CVE-2025-38203 fixed 6.12.105\n' >linux.cves
info linux 6.12.105 cpe:2.3:o:linux:linux_kernel "$scratch/linux.cves" '' '' "trixie linux=6.12.105-1" >input
if CVE_FEED_DIR=$feed NVD_API=off "$report" input >out 2>err && grep -q '^summary: 1 known, 1 fixed, 8 open' out; then
	pass "Debian's feed: a CVE the .cves file counts as fixed is not open"
else
	fail "Debian's feed: a CVE the .cves file counts as fixed is not open" "$(cat out err)"
fi
kline 6.12.118 6.12.118-1 >input
if CVE_FEED_DIR=$feed NVD_API=off "$report" input >out 2>err && grep -q 'nothing newer than 6.12.118-1 in the 6.12 series' out &&
	grep -q '^summary: 0 known, 0 fixed, 0 open$' out; then
	pass "Debian's feed: a pin at the newest upload has nothing open from it"
else
	fail "Debian's feed: a pin at the newest upload has nothing open from it" "$(cat out err)"
fi
kline 6.12.90 6.12.90-1 >input
printf '6.12.90-1 trixie\n6.12.118-1 trixie-security\n' >linux.versions
mkdir -p nofeed && cp linux.versions nofeed/
if CVE_FEED_DIR=$scratch/nofeed NVD_API=off "$report" input >out 2>err &&
	grep -q 'none of their changelogs served: open count unknown' out && grep -q 'open count is unknown' out; then
	pass "Debian's feed: no changelog served is unknown, not 0"
else
	fail "Debian's feed: no changelog served is unknown, not 0" "$(cat out err)"
fi
expect_error "CVE_FAIL=1 fails the report when the open count is unknown" "CVE_FAIL=1" \
	env CVE_FAIL=1 CVE_FEED_DIR="$scratch/nofeed" NVD_API=off "$report" input
kline 6.12.107 6.12.107-1 >input
expect_error "CVE_FAIL=1 fails the report when anything is open" "CVE_FAIL=1: 8 open" \
	env CVE_FAIL=1 CVE_FEED_DIR="$feed" NVD_API=off "$report" input

# A kernel built from a developer's tree (LINUX_SRC=dir): its CVEs are
# unknown, never the pinned version's count.
line pkg.cves | jq '.packages.pkg += {local_src: "/home/dev/linux", local_version: "7.2.0-rc3",
	local_tree: "git 0123abcd, with uncommitted changes"}' >input
if NVD_API=off "$report" input >out 2>err &&
	grep -qx 'pkg 7.2.0-rc3, built from /home/dev/linux (git 0123abcd, with uncommitted changes)' out &&
	grep -q 'its CVEs are not looked at, its open count is unknown' out && ! grep -q 'CVE-2020-0001' out &&
	grep -q '^summary: 0 known, 0 fixed, 0 open; 1 packages.*: their open count is unknown' out; then
	pass "a package built from a local tree: its open count unknown, not the pin's CVEs"
else
	fail "a package built from a local tree: its open count unknown, not the pin's CVEs" "$(cat out err)"
fi
expect_error "CVE_FAIL=1 fails the report when a package is built from a local tree" "CVE_FAIL=1" \
	env CVE_FAIL=1 NVD_API=off "$report" input

# The NVD path: an answer with two CVEs the data knows and one it does not.
if command -v busybox >/dev/null 2>&1 && command -v jq >/dev/null 2>&1; then
	mkdir www
	cp "$top/tests/data/nvd-busybox-1.38.0.json" www/index.html
	port=$(free_port 18480)
	busybox httpd -f -p "127.0.0.1:$port" -h www &
	httpd=$!
	trap 'kill $httpd 2>/dev/null; rm -rf "$scratch"' EXIT
	i=0
	until ss -Hltn "sport = :$port" | grep -q . || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
	debian=$(sed -n 's/^CVE-[0-9-]* patched \([^0].*\)$/x.tar.xz:debian\/patches\/\1/p' \
		"$top/config/packages/busybox.cves" | tr '\n' ' ')
	info busybox 1.38.0 cpe:2.3:a:busybox:busybox "$top/config/packages/busybox.cves" "$debian $(
		ls "$top"/patches/busybox/*.patch | tr '\n' ' ')" "$top/config/busybox.config" '' >input
	if NVD_API="http://127.0.0.1:$port/" "$report" input >out 2>err &&
		grep -qx '  NVD: 3 listed for 1.38.0, 1 not in busybox.cves' out &&
		grep -qx '  CVE-2099-0001    NEW      Test entry: a CVE that busybox.cves does not know.' out &&
		! grep -q 'CVE-2026-38752 *NEW' out && grep -q '^summary: .*, 1 new in the NVD$' out; then
		pass "cve-report lists the CVEs the NVD knows and busybox.cves does not"
	else
		fail "cve-report lists the CVEs the NVD knows and busybox.cves does not" "$(cat out err)"
	fi
	if NVD_API="http://127.0.0.1:1/" "$report" input >out 2>err && grep -q '  NVD: not reachable' out; then
		pass "an unreachable NVD is said once, and the report goes on"
	else
		fail "an unreachable NVD is said once, and the report goes on" "$(cat out err)"
	fi
else
	fail "cve-report's NVD path" "needs busybox (httpd) and jq on the host: make deps"
fi
