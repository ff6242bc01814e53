#!/bin/sh
# Unit tests for scripts/mkcpio.c: one row per case. Each row builds a small
# tree and a permissions table, packs them, and checks either a line of the
# archive's listing (ok:) or the error message (error:).
set -eu
. "$(dirname "$0")/../lib.sh"
: "${MKCPIO:?MKCPIO must name the built mkcpio}"

# Epoch 400 days in: files dated in 1970 keep their mtime, later ones are
# clamped to 1971.
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
		if [ -e "$scratch/a.cpio" ]; then
			fail "$name: no partial archive left" "$scratch/a.cpio exists"
		fi
		;;
	esac
}

row "a file is owned by 0:0 whoever packs it" \
	"ok:-rw-r--r-- 1 0 0 2 Jan 1 1970 f" 'echo x >f; touch -d @1000 f'
row "modes are normalised: private file becomes 0644" \
	"ok:-rw-r--r-- 1 0 0 2 Jan 1 1970 f" 'echo x >f; chmod 600 f; touch -d @1000 f'
row "modes are normalised: any exec bit gives 0755" \
	"ok:-rwxr-xr-x 1 0 0 2 Jan 1 1970 x" 'echo x >x; chmod 700 x; touch -d @1000 x'
row "mtimes later than the epoch are clamped to it" \
	"ok:-rw-r--r-- 1 0 0 2 Feb 5 1971 new" 'echo x >new; touch -d @2000000000 new'
row "a name with spaces, quotes and UTF-8 is packed as is" \
	"ok:-rw-r--r-- 1 0 0 0 Jan 1 1970 a dir/it's \"é\" \$x" \
	'mkdir "a dir"; : >"a dir/it'"'"'s \"é\" \$x"; touch -d @1000 "a dir/"*'
row "a symlink keeps its target" \
	"ok:lrwxrwxrwx 1 0 0 7 Jan 1 1970 bin/sh -> busybox" \
	'mkdir bin; ln -s busybox bin/sh; touch -h -d @1000 bin/sh'
row "a device node comes from the table" \
	"ok:crw------- 1 0 0 5, 1 Feb 5 1971 dev/console" '' \
	'/dev d 0755 0 0\n/dev/console c 0600 0 0 5 1\n'
row "a block device node comes from the table" \
	"ok:brw-rw---- 1 0 6 254, 0 Feb 5 1971 dev/vda" '' \
	'/dev d 0755 0 0\n/dev/vda b 0660 0 6 254 0\n'
row "the table sets mode and owner of an existing file" \
	"ok:-rw------- 1 0 0 2 Jan 1 1970 etc/shadow" \
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
row "a FIFO in the tree is refused" "error:not a file, directory or symlink" \
	'mkfifo pipe'
row "a table file entry missing from the tree is refused" \
	"error:'/etc/shadow' is not in the tree" '' '/etc/shadow f 0600 0 0\n'
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
if [ "$order" = "a a-b a/y b b/z " ]; then
	pass "entries are in sorted order"
else
	fail "entries are in sorted order" "got: $order"
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
	[ "$(cat "$scratch/list")" = "40755 0 0 0 0 $epoch 1 dev
20600 0 0 5 1 $epoch 1 dev/console
40755 0 0 0 0 $epoch 0 etc
100600 0 0 0 0 1000 0 etc/shadow" ]; then
	pass "-l lists mode, owner, device, mtime, table-only flag and name"
else
	fail "-l lists mode, owner, device, mtime, table-only flag and name" "$(cat "$scratch/list" "$scratch/err")"
fi
