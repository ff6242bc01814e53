#!/bin/sh
# Unit tests for the small build scripts: mkrootfs.sh (staging, root's
# password), check-static.sh (the static-binary check) and deps.sh.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

mkdir -p "$scratch/bb/bin" "$scratch/skel/etc"
echo busybox >"$scratch/bb/bin/busybox"
ln -s busybox "$scratch/bb/bin/sh"
printf 'root::19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' >"$scratch/skel/etc/shadow"
echo "skeleton wins" >"$scratch/skel/etc/motd"

stage() {
	printf '%s\n' "# comment" "$@" >"$scratch/pw"
	"$top/scripts/mkrootfs.sh" "$scratch/stage" "$scratch/bb" "$scratch/skel" "$scratch/pw"
}
root_field() { awk -F: '$1 == "root" { print $2 }' "$scratch/stage/etc/shadow"; }

# row NAME HASH-LINE EXPECTED-ROOT-FIELD
row() {
	if ! stage "$2" 2>"$scratch/err"; then
		fail "$1" "mkrootfs failed:" "$(cat "$scratch/err")"
	elif [ "$(root_field)" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "root's shadow field is '$(root_field)', not '$3'"
	fi
}
row "no hash: root has no password" "" ""
hash='$6$salt$IxDD3jeSOb5eB1CX5LBsqZFVkJdido3OUILO5Ifz5iwMuTS4XMS130MTSuDDl3aCI6WouIL9AjRbLCelDCy.g.'
row "a SHA-512 hash is set for root" "$hash" "$hash"
row "! locks root" "!" "!"
if [ -L "$scratch/stage/bin/sh" ] && [ "$(cat "$scratch/stage/etc/motd")" = "skeleton wins" ] &&
	[ "$(awk -F: '$1 == "nobody" { print $2 }' "$scratch/stage/etc/shadow")" = "*" ]; then
	pass "busybox and the skeleton are staged, other users untouched"
else
	fail "busybox and the skeleton are staged, other users untouched"
fi
expect_error "a yescrypt hash busybox cannot check is refused" "openssl passwd -6" \
	stage '$y$j9T$abc$def'
expect_error "a malformed hash is refused" "not a password hash" stage 'secret'
if [ "$(root_field)" = "!" ]; then
	pass "a refused hash leaves the last good staging alone"
else
	fail "a refused hash leaves the last good staging alone"
fi
printf 'nobody:*:1:0:99999:7:::\n' >"$scratch/skel/etc/shadow"
expect_error "a shadow without root is reported" "has no root entry" stage "!"

if [ -n "${BUSYBOX:-}" ]; then
	expect_ok "check-static accepts the static busybox" "$top/scripts/check-static.sh" "$BUSYBOX"
fi
expect_error "check-static refuses a dynamic binary" "dynamically linked" \
	"$top/scripts/check-static.sh" /bin/sh
expect_error "check-static refuses a non-ELF file" "not an ELF file" \
	"$top/scripts/check-static.sh" "$scratch/pw"

# deps.sh names what is missing and the exact install line, without
# installing anything here (DEPS_NO_INSTALL=1).
mkdir -p "$scratch/bin"
for t in sh id; do ln -s "$(command -v "$t")" "$scratch/bin/$t"; done
ln -s "$(command -v apt-get)" "$scratch/bin/apt-get"
expect_error "deps: a missing tool is named" "deps: missing qemu-system-x86_64" \
	env PATH="$scratch/bin" DEPS_NO_INSTALL=1 "$top/scripts/deps.sh"
expect_error "deps: the exact apt-get line is printed" \
	"please run: apt-get install -y gcc make flex bison bc perl" \
	env PATH="$scratch/bin" DEPS_NO_INSTALL=1 "$top/scripts/deps.sh"
expect_error "deps: the test tools are in the install line" "expect cpio util-linux" \
	env PATH="$scratch/bin" DEPS_NO_INSTALL=1 "$top/scripts/deps.sh"
rm "$scratch/bin/apt-get"
expect_error "deps: without apt-get, says what to install" "no apt-get here" \
	env PATH="$scratch/bin" "$top/scripts/deps.sh"
expect_ok "deps: this machine has everything" "$top/scripts/deps.sh"
