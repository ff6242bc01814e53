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
line() { echo "pkg|1.10.0|cpe:2.3:a:example:pkg|$scratch/$1|deb.tar.xz:debian/patches/0001-fix.patch||$scratch/pkg.config"; }
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
bad "a malformed CVE id is refused" "CVE-20-1 fixed 1.0" "bad.cves:1: want: CVE-YYYY-NNNN"
bad "CRLF line endings are named as such" "$(printf 'CVE-2020-0002 fixed 1.0\r')" "bad.cves:1: CRLF line endings"

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
	echo "busybox|1.38.0|cpe:2.3:a:busybox:busybox|$top/config/packages/busybox.cves|$debian|$(
		ls "$top"/patches/busybox/*.patch | tr '\n' ' ')|$top/config/busybox.config" >input
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
