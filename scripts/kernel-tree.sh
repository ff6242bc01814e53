#!/bin/sh
# kernel-tree.sh: what a developer's kernel tree (LINUX_SRC=dir) is, for
# make info and the SBOM, read without writing anything into it.
#
#   kernel-tree.sh version DIR   its version, from its top Makefile's
#                                VERSION, PATCHLEVEL, SUBLEVEL, EXTRAVERSION
#   kernel-tree.sh id DIR        "git COMMIT", and ", with uncommitted
#                                changes" when its work tree differs from
#                                it; or why no commit can be named
set -eu

die() { echo "kernel-tree: $*" >&2; exit 1; }
[ $# -eq 2 ] || { echo "usage: $0 version|id DIR" >&2; exit 2; }
what=$1 dir=$2
[ -d "$dir" ] || die "$dir: no such directory"
case $what in
version)
	[ -f "$dir/Makefile" ] || die "$dir: no Makefile: not a kernel tree"
	# The first assignment of each, as kbuild's top Makefile has them.
	awk -v f="$dir/Makefile" '
		$1 ~ /^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)$/ && $2 == "=" && !($1 in v) {
			v[$1] = $3
			if ($3 !~ /^[A-Za-z0-9._+~-]*$/) { printf "kernel-tree: %s:%d: not a version part: %s\n", f, FNR, $0 >"/dev/stderr"; bad = 1 }
		}
		END {
			if (bad) exit 1
			if (v["VERSION"] == "" || v["PATCHLEVEL"] == "") {
				printf "kernel-tree: %s: no VERSION and PATCHLEVEL lines: not a kernel tree\n", f >"/dev/stderr"; exit 1
			}
			print v["VERSION"] "." v["PATCHLEVEL"] (v["SUBLEVEL"] == "" ? "" : "." v["SUBLEVEL"]) v["EXTRAVERSION"]
		}' "$dir/Makefile"
	;;
id)
	# GIT_OPTIONAL_LOCKS=0: git status refreshes no index of the tree.
	if ! command -v git >/dev/null 2>&1; then
		echo "not looked at: git is not installed"
	elif [ "$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null)" != "$(cd "$dir" && pwd -P)" ]; then
		echo "not a git work tree: no commit named"
	elif ! head=$(git -C "$dir" rev-parse --verify -q HEAD); then
		echo "a git work tree with no commit"
	elif ! changes=$(GIT_OPTIONAL_LOCKS=0 git -C "$dir" status --porcelain --untracked-files=no); then
		echo "git $head, its work tree not read (git status failed)"
	elif [ -n "$changes" ]; then
		echo "git $head, with uncommitted changes"
	else
		echo "git $head"
	fi
	;;
*) echo "usage: $0 version|id DIR" >&2; exit 2 ;;
esac
