#!/bin/sh
# mkext4.sh: make an ext4 filesystem image from a staged tree without root.
# mke2fs -d copies the files; debugfs then sets every owner, mode and time
# and adds the device nodes and directories, as `mkcpio -l` lists them from
# the same permissions table the initramfs uses, the root (".") first.
# Each TREE after those is added to a copy of STAGING first (the disk
# kernel's modules): it may add files and directories, never replace one.
set -eu

[ $# -ge 6 ] || {
	echo "usage: $0 STAGING TABLE OUTPUT FREE-MIB UUID EPOCH [TREE...]   (MKCPIO in the environment)" >&2
	exit 2
}
staging=$1 table=$2 out=$3 free=$4 uuid=$5 epoch=$6
shift 6
shown=$staging${1:+ and $*}
: "${MKCPIO:?MKCPIO must name the built mkcpio}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkext4.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if [ $# -gt 0 ]; then
	cp -R -P -p "$staging" "$tmp/root"
	for tree; do
		[ -d "$tree" ] || { echo "mkext4: $tree: not a directory" >&2; exit 1; }
		clash=$(cd "$tree" && find . ! -type d -print | while IFS= read -r f; do
			[ ! -e "$tmp/root/$f" ] && [ ! -L "$tmp/root/$f" ] || printf '%s\n' "${f#./}"
		done | head -n 3)
		if [ -n "$clash" ]; then
			echo "mkext4: $tree would replace what the staged tree has: $(echo "$clash" | tr '\n' ' ')" >&2
			exit 1
		fi
		cp -R -P -p "$tree/." "$tmp/root/"
	done
	staging=$tmp/root
fi

"$MKCPIO" -l -t "$epoch" -p "$table" "$staging" >"$tmp/list"
# debugfs reads quoted names, but cannot quote a quote or a backslash.
if grep -q '["\\]' "$tmp/list"; then
	echo "mkext4: names with \" or \\ cannot go into ext4 with debugfs:" >&2
	grep '["\\]' "$tmp/list" | cut -d' ' -f8- >&2
	exit 1
fi

# Size from content: what the files take in 1 KiB blocks, a quarter more
# for inodes and directories, 4 MiB for the journal, and FREE MiB to spare.
case $free in *[!0-9]* | '') echo "mkext4: FREE-MIB must be a number, not '$free'" >&2; exit 1 ;; esac
used=$(du -s --block-size=1K "$staging" | cut -f1)
size=$(( (used * 5 / 4 + 4096 + free * 1024 + 1023) / 1024 * 1024 ))

# Every time in the filesystem is the epoch (mkcpio -l gives it to every file).
export E2FSPROGS_FAKE_TIME="$epoch"
# mke2fs reuses an existing file: one left by a killed run, with its old
# size and blocks, would change the bytes; a hard link would be written into.
rm -f "$out.tmp"
if ! mke2fs -q -F -t ext4 -L root -U "$uuid" -E "hash_seed=$uuid,root_owner=0:0" \
	-d "$staging" "$out.tmp" "${size}k" >"$tmp/err" 2>&1; then
	cat "$tmp/err" >&2
	echo "mkext4: mke2fs could not fit $shown into ${size} KiB" >&2
	rm -f "$out.tmp"
	exit 1
fi

awk -v e="$epoch" '{
	mode = $1; name = $0
	for (i = 1; i <= 7; i++) sub(/^[^ ]+ /, "", name)
	path = name == "." ? "/" : "\"/" name "\""
	type = substr(mode, 1, length(mode) - 4)
	# debugfs makes a node under the name given, in the current directory.
	dir = name; base = name
	if (sub(/\/[^\/]*$/, "", dir)) sub(/^.*\//, "", base); else dir = ""
	if (type == "2" || type == "6")
		printf "cd \"/%s\"\nmknod \"%s\" %s %d %d\ncd /\n", dir, base, type == "2" ? "c" : "b", $4, $5
	else if (type == "4" && $7 == 1) printf "mkdir %s\n", path
	printf "sif %s mode 0%s\nsif %s uid %d\nsif %s gid %d\n", path, mode, path, $2, path, $3
	printf "sif %s mtime @%d\nsif %s atime @%d\nsif %s ctime @%d\nsif %s crtime @%d\n",
		path, $6, path, e, path, e, path, e
}' "$tmp/list" >"$tmp/debugfs"

ok='^debugfs [0-9.]* '
debugfs -w -f "$tmp/debugfs" "$out.tmp" >/dev/null 2>"$tmp/err" || true
if grep -v "$ok" "$tmp/err" | grep -q .; then
	grep -v "$ok" "$tmp/err" | head -n 10 >&2
	echo "mkext4: debugfs failed on $out" >&2
	rm -f "$out.tmp"
	exit 1
fi
if ! e2fsck -fn "$out.tmp" >"$tmp/fsck" 2>&1; then
	cat "$tmp/fsck" >&2
	echo "mkext4: the new filesystem does not pass e2fsck" >&2
	rm -f "$out.tmp"
	exit 1
fi
mv -f "$out.tmp" "$out"
