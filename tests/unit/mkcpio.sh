#!/bin/sh
# Unit tests for scripts/mkcpio.c: one row per case. Each row builds a small
# tree and a permissions table, packs them, and checks either a line of the
# archive's listing (ok:) or the error message (error:).
set -eu
. "$(dirname "$0")/../lib.sh"
: "${MKCPIO:?MKCPIO must name the built mkcpio}"
top=$(cd "$(dirname "$0")/../.." && pwd)

# The rows run a copy built with the address and undefined-behaviour
# sanitizers: any report they make fails its row.
san="-std=c99 -g -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all"
# shellcheck disable=SC2086 # san is a list of words
if ${HOSTCC:-cc} $san -o "$scratch/mkcpio" "$top/scripts/mkcpio.c" 2>"$scratch/err"; then
	MKCPIO=$scratch/mkcpio
	pass "mkcpio builds with ASan and UBSan"
else
	fail "mkcpio builds with ASan and UBSan" "$(cat "$scratch/err")"
fi

# Epoch 400 days in: every entry gets it, whatever its own time (a file's
# time says when it was checked out or built, which two builds do not share).
epoch=34560000

# row NAME EXPECT SETUP [TABLE]: SETUP is shell run inside the tree.
row() {
	name=$1 want=$2 setup=$3 table=${4:-}
	rm -rf "$scratch/tree" "$scratch/a.cpio"
	mkdir "$scratch/tree"
	(cd "$scratch/tree" && eval "$setup")
	printf '%b' "$table" >"$scratch/table"
	case $want in
	ok:*)
		if ! "$MKCPIO" -t "$epoch" -p "$scratch/table" -o "$scratch/a.cpio" \
			"$scratch/tree" 2>"$scratch/err"; then
			fail "$name" "mkcpio failed:" "$(cat "$scratch/err")"
			return
		fi
		cpio -itv --numeric-uid-gid --quiet <"$scratch/a.cpio" |
			tr -s ' ' >"$scratch/list"
		if grep -qxF -- "${want#ok:}" "$scratch/list"; then
			pass "$name"
		else
			fail "$name" "no line '${want#ok:}' in the listing:" "$(cat "$scratch/list")"
		fi
		;;
	error:*)
		expect_error "$name" "${want#error:}" "$MKCPIO" -t "$epoch" \
			-p "$scratch/table" -o "$scratch/a.cpio" "$scratch/tree"
		if [ -e "$scratch/a.cpio" ] || ls "$scratch"/a.cpio.* >/dev/null 2>&1; then
			fail "$name: no partial archive left" "$(ls "$scratch"/a.cpio*)"
		fi
		;;
	esac
}

row "a file is owned by 0:0 whoever packs it" \
	"ok:-rw-r--r-- 1 0 0 2 Feb 5 1971 f" 'echo x >f; touch -d @1000 f'
row "modes are normalised: private file becomes 0644" \
	"ok:-rw-r--r-- 1 0 0 2 Feb 5 1971 f" 'echo x >f; chmod 600 f; touch -d @1000 f'
row "modes are normalised: any exec bit gives 0755" \
	"ok:-rwxr-xr-x 1 0 0 2 Feb 5 1971 x" 'echo x >x; chmod 700 x; touch -d @1000 x'
row "mtimes later than the epoch become the epoch" \
	"ok:-rw-r--r-- 1 0 0 2 Feb 5 1971 new" 'echo x >new; touch -d @2000000000 new'
row "mtimes earlier than the epoch become the epoch" \
	"ok:-rw-r--r-- 1 0 0 2 Feb 5 1971 old" 'echo x >old; touch -d @1000 old'
row "a name with spaces, quotes and UTF-8 is packed as is" \
	"ok:-rw-r--r-- 1 0 0 0 Feb 5 1971 a dir/it's \"é\" \$x" \
	'mkdir "a dir"; : >"a dir/it'"'"'s \"é\" \$x"; touch -d @1000 "a dir/"*'
row "a symlink keeps its target" \
	"ok:lrwxrwxrwx 1 0 0 7 Feb 5 1971 bin/sh -> busybox" \
	'mkdir bin; ln -s busybox bin/sh; touch -h -d @1000 bin/sh'
row "a device node comes from the table" \
	"ok:crw------- 1 0 0 5, 1 Feb 5 1971 dev/console" '' \
	'/dev d 0755 0 0\n/dev/console c 0600 0 0 5 1\n'
row "a block device node comes from the table" \
	"ok:brw-rw---- 1 0 6 254, 0 Feb 5 1971 dev/vda" '' \
	'/dev d 0755 0 0\n/dev/vda b 0660 0 6 254 0\n'
row "the table sets mode and owner of an existing file" \
	"ok:-rw------- 1 0 0 2 Feb 5 1971 etc/shadow" \
	'mkdir etc; echo x >etc/shadow; touch -d @1000 etc/shadow' '/etc/shadow f 0600 0 0\n'
row "the table sets a non-root owner" \
	"ok:drwxr-x--- 2 1000 100 0 Feb 5 1971 home/u" \
	'mkdir home' '/home/u d 0750 1000 100\n'
row "the table sets the sticky bit" \
	"ok:drwxrwxrwt 2 0 0 0 Feb 5 1971 tmp" '' '/tmp d 1777 0 0\n'
row "comments and blank lines in the table are ignored" \
	"ok:drwxr-xr-x 2 0 0 0 Feb 5 1971 run" '' '# comment\n\n/run d 0755 0 0 # why\n'

row "a name with a newline is refused" "error:control character 0x0a" \
	'mkdir "$(printf "a\nb")"'
row "an escape sequence in a refused name is shown as \\033, not sent to the terminal" \
	"error:refusing 'x\\033[31my'" 'touch "$(printf "x\033[31my")"'
row "a FIFO in the tree is refused" "error:not a file, directory or symlink" \
	'mkfifo pipe'
row "a table file entry missing from the tree is refused" \
	"error:'/etc/shadow' is not in the tree" '' '/etc/shadow f 0600 0 0\n'
row "after '#file NAME', messages name NAME and its own line numbers" \
	"error:config/permissions:2:1: '/etc/shadow' is not in the tree" '' \
	'/run d 0755 0 0\n#file config/permissions\n# a comment\n/etc/shadow f 0600 0 0\n'
row "a table entry whose type disagrees with the tree is refused" \
	"error:exists in the tree with another type" 'mkdir dev' '/dev f 0600 0 0\n'
row "a bad mode is refused" "error:bad mode '0999'" '' '/tmp d 0999 0 0\n'
row "a negative uid is refused" "error:bad uid '-1'" '' '/tmp d 0755 -1 0\n'
row "a device without major and minor is refused" \
	"error:MAJOR MINOR are required" '' '/dev d 0755 0 0\n/dev/null c 0666 0 0\n'
row "an unknown type is refused" "error:type must be f, d, c or b" '' '/x p 0644 0 0\n'
row "a relative table path is refused" "error:must be absolute" '' 'dev d 0755 0 0\n'
row "a table path with .. is refused" "error:must be absolute and normalised" \
	'' '/a/../b d 0755 0 0\n'
row "an entry whose parent is missing is refused" \
	"error:'/nodir/null': parent directory is missing" '' '/nodir/null c 0666 0 0 1 3\n'
row "an entry listed twice is refused" "error:'/tmp' is listed twice" '' \
	'/tmp d 1777 0 0\n/tmp d 0755 0 0\n'
row "a short table line is refused" "error:expected PATH TYPE MODE UID GID" '' \
	'/tmp d 1777\n'

# Names that would reach outside the extraction root, or end the archive.
for path in /.. /etc/.. /etc/../x /. /etc/. /./etc /a/./b; do
	row "a table path $path is refused" \
		"error:'$path' has a '.' or '..' component" 'mkdir etc' "$path d 0755 0 0\n"
done
for path in //etc /etc/ /etc//x; do
	row "a table path $path is refused" "error:has an empty path component" \
		'mkdir etc' "$path d 0755 0 0\n"
done
row "a table entry named TRAILER!!! is refused" "error:the name that ends a cpio archive" \
	'' '/TRAILER!!! d 0755 0 0\n'
row "a file named TRAILER!!! in the tree is refused" \
	"error:refusing 'TRAILER!!!': the name that ends a cpio archive" ': >"TRAILER!!!"'
row "a nested TRAILER!!! is packed: only the top-level name ends an archive" \
	"ok:-rw-r--r-- 1 0 0 0 Feb 5 1971 d/TRAILER!!!" \
	'mkdir d; : >"d/TRAILER!!!"; touch -d @1000 "d/TRAILER!!!"'
row "CRLF line endings are named as such" "error:table:2:16: CRLF line endings" \
	'' '/tmp d 1777 0 0\n/run d 0755 0 0\r\n'
row "a NUL byte in the table is refused" "error:table:1:5: NUL byte" '' '/tmp\0 d 1777 0 0\n'
row "an error names the column" "error:table:1:13: bad uid '+0'" '' '/tmp d 0755 +0 0\n'
row "a mode with a sign is refused" "error:bad mode '+755'" '' '/tmp d +755 0 0\n'
row "a mode in hex is refused" "error:bad mode '0x1ff'" '' '/tmp d 0x1ff 0 0\n'
row "a uid over 32 bits is refused" "error:bad uid '4294967296'" '' '/tmp d 0755 4294967296 0\n'
row "a major over 12 bits is refused" "error:bad major '4096'" '' \
	'/dev d 0755 0 0\n/dev/x c 0600 0 0 4096 0\n'

# Entries are sorted, so the same tree packs to the same bytes.
rm -rf "$scratch/tree" && mkdir -p "$scratch/tree/b" "$scratch/tree/a"
echo 1 >"$scratch/tree/b/z" && echo 2 >"$scratch/tree/a/y" && echo 3 >"$scratch/tree/a-b"
"$MKCPIO" -t "$epoch" -o "$scratch/1.cpio" "$scratch/tree"
touch "$scratch/tree/b/z"
"$MKCPIO" -t "$epoch" -o "$scratch/2.cpio" "$scratch/tree"
if cmp -s "$scratch/1.cpio" "$scratch/2.cpio"; then
	pass "the same tree packs to identical bytes"
else
	fail "the same tree packs to identical bytes" "two packs differ"
fi
order=$(cpio -it --quiet <"$scratch/1.cpio" | tr '\n' ' ')
if [ "$order" = ". a a-b a/y b b/z " ]; then
	pass "entries are in sorted order, after the root"
else
	fail "entries are in sorted order, after the root" "got: $order"
fi

expect_error "a missing root dir is refused" "No such file or directory" \
	"$MKCPIO" "$scratch/nonexistent"
expect_error "an unwritable output is reported" "No such file or directory" \
	"$MKCPIO" -o "$scratch/no/such/dir/a.cpio" "$scratch/tree"
expect_error "a bad option prints the usage" "usage:" "$MKCPIO" -x "$scratch/tree"
expect_error "a bad epoch is refused" "bad epoch" "$MKCPIO" -t 12x "$scratch/tree"

# -l lists what the archive would hold, for the disk image's ext4.
rm -rf "$scratch/tree" && mkdir -p "$scratch/tree/etc" && echo x >"$scratch/tree/etc/shadow"
touch -d @1000 "$scratch/tree/etc/shadow"
printf '/dev d 0755 0 0\n/dev/console c 0600 0 0 5 1\n/etc/shadow f 0600 0 0\n' >"$scratch/table"
if "$MKCPIO" -l -t "$epoch" -p "$scratch/table" "$scratch/tree" >"$scratch/list" 2>"$scratch/err" &&
	[ "$(cat "$scratch/list")" = "40755 0 0 0 0 $epoch 0 .
40755 0 0 0 0 $epoch 1 dev
20600 0 0 5 1 $epoch 1 dev/console
40755 0 0 0 0 $epoch 0 etc
100600 0 0 0 0 $epoch 0 etc/shadow" ]; then
	pass "-l lists mode, owner, device, mtime, table-only flag and name"
else
	fail "-l lists mode, owner, device, mtime, table-only flag and name" "$(cat "$scratch/list" "$scratch/err")"
fi
# The root: 0755 root's by default (the kernel's initramfs root is a tmpfs
# of mode 1777 otherwise), or as the table's "/" line says.
printf '/ d 0750 0 10\n' >"$scratch/root-table"
if "$MKCPIO" -t "$epoch" -p "$scratch/root-table" -o "$scratch/root.cpio" "$scratch/tree" 2>"$scratch/err" &&
	[ "$(cpio -itvn --quiet <"$scratch/root.cpio" 2>/dev/null | head -n 1 | awk '{ print $1, $2, $3, $4, $NF }')" = \
		"drwxr-x--- 2 0 10 ." ]; then
	pass "the table's / line sets the archive's first entry, the root"
else
	fail "the table's / line sets the archive's first entry, the root" "$(cat "$scratch/err")"
fi
if [ "$(cpio -itv --quiet <"$scratch/1.cpio" 2>/dev/null | head -n 1 | awk '{ print $1, $3, $4, $NF }')" = \
	"drwxr-xr-x root root ." ]; then
	pass "without a / line, the root is 0755 and root's"
else
	fail "without a / line, the root is 0755 and root's"
fi
printf '/ f 0755 0 0\n' >"$scratch/root-table"
expect_error "a / line that is not a directory is refused" "'/' is a directory" \
	"$MKCPIO" -p "$scratch/root-table" -o "$scratch/root.cpio" "$scratch/tree"
printf '/ d 0755 0 0\n/ d 0700 0 0\n' >"$scratch/root-table"
expect_error "/ listed twice is refused" "root-table:2:1: '/' is listed twice" \
	"$MKCPIO" -p "$scratch/root-table" -o "$scratch/root.cpio" "$scratch/tree"

# -o never destroys what mkcpio did not make: OUTPUT is replaced only by a
# complete archive, renamed over it. Each row starts with OUTPUT holding
# "precious"; a failing run must leave it, byte for byte, and no temp file.
rm -rf "$scratch/tree" && mkdir -p "$scratch/tree/etc" && echo x >"$scratch/tree/etc/f"
outrow() {
	name=$1 text=$2 setup=$3
	shift 3
	rm -rf "$scratch/o" && mkdir "$scratch/o" && echo precious >"$scratch/o/keep"
	(cd "$scratch/o" && eval "$setup")
	expect_error "$name" "$text" guard "$MKCPIO" "$@"
	left=$(cd "$scratch/o" && ls -A | grep -v '^keep$' | grep -v '^table$' | grep -v '^link$' | grep -v '^fifo$' || :)
	if [ "$(cat "$scratch/o/keep")" = precious ] && [ -z "$left" ]; then
		pass "$name: nothing destroyed, nothing left behind"
	else
		fail "$name: nothing destroyed, nothing left behind" \
			"keep holds: $(head -c 40 "$scratch/o/keep")" "left: $left"
	fi
}
outrow "a bad option value leaves OUTPUT alone" "bad epoch" '' \
	-t 12x -o "$scratch/o/keep" "$scratch/tree"
outrow "a missing input dir leaves OUTPUT alone" "No such file or directory" '' \
	-o "$scratch/o/keep" "$scratch/nonexistent"
outrow "a table error leaves OUTPUT alone" "bad mode" \
	'printf "/etc d 9 0 0\n" >table' -p "$scratch/o/table" -o "$scratch/o/keep" "$scratch/tree"
outrow "a failure after OUTPUT is opened leaves it alone" "parent directory is missing" \
	'printf "/nodir/null c 0666 0 0 1 3\n" >table' -p "$scratch/o/table" -o "$scratch/o/keep" "$scratch/tree"
outrow "a read-only OUTPUT is not replaced" "read-only" 'chmod 444 keep' \
	-o "$scratch/o/keep" "$scratch/tree"
outrow "a symlink as OUTPUT is not followed or replaced" "not a regular file" \
	'ln -s keep link' -o "$scratch/o/link" "$scratch/tree"
outrow "a FIFO as OUTPUT is refused" "not a regular file" 'mkfifo fifo' \
	-o "$scratch/o/fifo" "$scratch/tree"
outrow "a FIFO as the table is refused, not waited on" "not a regular file" 'mkfifo fifo' \
	-p "$scratch/o/fifo" -o "$scratch/o/keep" "$scratch/tree"
printf '/etc d 0755 0 0\n' >"$scratch/table"
cp "$scratch/table" "$scratch/table.orig"
expect_error "-o naming the table is refused" "is the permissions table" \
	"$MKCPIO" -p "$scratch/table" -o "$scratch/table" "$scratch/tree"
if cmp -s "$scratch/table" "$scratch/table.orig"; then
	pass "-o naming the table leaves the table alone"
else
	fail "-o naming the table leaves the table alone" "it now holds $(wc -c <"$scratch/table") bytes"
fi
expect_error "-o inside the tree is refused" "inside the tree being packed" \
	"$MKCPIO" -o "$scratch/tree/etc/a.cpio" "$scratch/tree"
echo old >"$scratch/replace.cpio"
if "$MKCPIO" -o "$scratch/replace.cpio" "$scratch/tree" 2>"$scratch/err" &&
	cpio -it --quiet <"$scratch/replace.cpio" | grep -qx etc/f &&
	[ "$(ls "$scratch" | grep -c '^replace\.cpio')" -eq 1 ]; then
	pass "a complete archive replaces an old OUTPUT, and no temp file is left"
else
	fail "a complete archive replaces an old OUTPUT, and no temp file is left" "$(cat "$scratch/err")" "$(ls "$scratch")"
fi

# The tree changing between listing and packing: a symlink or a FIFO swapped
# in, a directory swapped for a symlink. White-box, since it needs the swap
# between the two passes: tests/unit/mkcpio-race.c includes mkcpio.c.
# shellcheck disable=SC2086 # san is a list of words
if ${HOSTCC:-cc} $san -Wno-unused-function -o "$scratch/race" "$top/tests/unit/mkcpio-race.c" \
	2>"$scratch/err"; then
	mkdir "$scratch/race.d"
	status=0
	guard "$scratch/race" "$scratch/race.d" >"$scratch/race.out" 2>"$scratch/race.err" || status=$?
	cat "$scratch/race.out"
	if [ "$status" -ne 0 ] && ! grep -q '^FAIL:' "$scratch/race.out"; then
		fail "mkcpio-race ran to its end" "status $status" "$(tail -n 5 "$scratch/race.err")"
	fi
else
	fail "mkcpio-race builds" "$(cat "$scratch/err")"
fi
