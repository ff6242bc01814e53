#!/bin/sh
# mkusers.sh: write ROOT/etc/passwd, group and shadow from the users and
# groups tables (config/users, config/groups) and create the users' homes.
# Refuses, naming the line, a malformed entry, a duplicate name or id, an
# unknown group, a shell missing from ROOT, or a hash busybox cannot check.
# Prints "HOME UID GID" for each home it made, for the permissions table.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 USERS GROUPS ROOT" >&2; exit 2; }
users=$1 groups=$2 root=$3
# ROOT is a staged tree: never the host's own /, whose passwd it would write.
[ -d "$root" ] || { echo "mkusers: ROOT '$root' is not a directory" >&2; exit 2; }
[ "$(cd "$root" && pwd -P)" != / ] || { echo "mkusers: ROOT '$root' is the host's /: give a staged tree" >&2; exit 2; }
for f in "$users" "$groups"; do
	[ -r "$f" ] || { echo "mkusers: $f: not found" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkusers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

here=$(cd "$(dirname "$0")" && pwd)
# One awk pass checks both tables and writes the three files and the homes.
awk -v users="$users" -v groups="$groups" -v out="$tmp" "$(cat "$here/tables.awk")"'
function die(file, line, msg) {
	printf "mkusers: %s:%d: %s\n", file, line, msg >"/dev/stderr"
	failed = 1
	exit 1
}
# A malformed field of the current line: file, line and column.
function bad(n, msg) {
	printf "mkusers: %s:%d:%d: %s\n", FILENAME, FNR, col(n), msg >"/dev/stderr"
	failed = 1
	exit 1
}
# Homes that would hand the system, or a part of it, to a user.
function system_home(h) {
	return h ~ /^\/(bin|boot|dev|etc|home|lib|lib32|lib64|mnt|opt|proc|root|run|sbin|srv|sys|tmp|usr|var)?$/ ||
		h ~ /^\/(bin|boot|dev|etc|lib|lib32|lib64|proc|run|sbin|sys|tmp|usr)\// ||
		h ~ /^\/var\/(service|run|lock|log|empty)(\/|$)/
}
{ if ((why = crlf(FILENAME)) != "") { print "mkusers: " why >"/dev/stderr"; failed = 1; exit 1 } }
function id_ok(s) { return s ~ /^[0-9]+$/ && s + 0 <= 65535 && s !~ /^0[0-9]/ }
function name_ok(s) { return s ~ /^[a-z_][a-z0-9_-]*$/ && length(s) <= 32 }
# A crypt hash busybox 1.35 checks: MD5 ($1$), SHA-256 ($5$), SHA-512
# ($6$, with rounds=N$ allowed), salt of 1 to 16 characters, and a digest
# of the exact length; ! locks, with or without a hash after it.
function hash_ok(h,    p, n, salt, digest, want) {
	sub(/^!/, "", h)
	if (h == "") return 1
	n = split(h, p, "$")
	if (n < 4 || p[1] != "") return 0
	want = p[2] == "1" ? 22 : p[2] == "5" ? 43 : p[2] == "6" ? 86 : 0
	if (!want) return 0
	if (n == 5 && p[2] != "1" && p[3] ~ /^rounds=[0-9]+$/) { salt = p[4]; digest = p[5] }
	else if (n == 4) { salt = p[3]; digest = p[4] }
	else return 0
	return salt ~ /^[.\/A-Za-z0-9]+$/ && length(salt) <= 16 &&
		digest ~ /^[.\/A-Za-z0-9]+$/ && length(digest) == want
}
FILENAME == groups {
	if ($0 ~ /^[ \t]*(#|$)/) next
	if (NF != 2) bad(1, "want NAME GID, not: " $0)
	if (!name_ok($1)) bad(1, "bad group name \"" $1 "\"")
	if (!id_ok($2)) bad(2, "group " $1 ": GID must be a number up to 65535, not \"" $2 "\"")
	if ($1 in gid) bad(1, "group " $1 " is listed twice (first on line " gline[$1] ")")
	if ($2 in gname) bad(2, "group " $1 ": GID " $2 " is already group " gname[$2] "\047s")
	gid[$1] = $2; gname[$2] = $1; gline[$1] = FNR; order[++ngroups] = $1
	next
}
{
	if ($0 ~ /^[ \t]*(#|$)/) next
	if (NF != 7) bad(1, "want NAME UID GID GROUPS HOME SHELL PASSWORD, not: " $0)
	name = $1; uid = $2; g = $3; extra = $4; home = $5; shell = $6; pw = $7
	if (!name_ok(name)) bad(1, "bad user name \"" name "\": lower case letters, digits, _ and -")
	if (name in uline) bad(1, "user " name " is listed twice (first on line " uline[name] ")")
	if (!id_ok(uid)) bad(2, "user " name ": UID must be a number up to 65535, not \"" uid "\"")
	if (uid in uname) bad(2, "user " name ": UID " uid " is already " uname[uid] "\047s")
	if (!id_ok(g)) bad(3, "user " name ": GID must be a number up to 65535, not \"" g "\"")
	if (home != "-" && ((why = path_why(home)) != "" || home ~ /:/))
		bad(5, "user " name ": HOME must be an absolute, normalised path or -, not \"" home "\" (" (why != "" ? why : "a colon") ")")
	if (home != "-" && system_home(home) && !(home == "/root" && uid == 0))
		bad(5, "user " name ": HOME " home " is a system directory, or inside one; a user would own it")
	if ((why = path_why(shell)) != "" || shell ~ /:/ || shell == "/")
		bad(6, "user " name ": SHELL must be an absolute, normalised path, not \"" shell "\"" (why != "" ? " (" why ")" : ""))
	if (pw != "-" && !hash_ok(pw))
		bad(7, "user " name ": not a password hash busybox can check: " pw \
			"\n  make one with: openssl passwd -6    (! locks the account, - means no password)")
	uline[name] = FNR; uname[uid] = name; nusers++
	U[nusers] = name; UID[nusers] = uid; GID[nusers] = g; EXTRA[nusers] = extra
	HOME[nusers] = home; SHELL[nusers] = shell; PW[nusers] = pw == "-" ? "" : pw
}
END {
	if (failed) exit 1
	# A user whose GID names no group gets a group of its own name.
	for (i = 1; i <= nusers; i++) {
		if (GID[i] in gname) continue
		if (U[i] in gid) die(users, uline[U[i]], "user " U[i] ": GID " GID[i] " is in no group, and group " U[i] " has GID " gid[U[i]])
		gid[U[i]] = GID[i]; gname[GID[i]] = U[i]; order[++ngroups] = U[i]
	}
	for (i = 1; i <= nusers; i++) {
		if (EXTRA[i] == "-") continue
		n = split(EXTRA[i], list, ",")
		for (j = 1; j <= n; j++) {
			if (!(list[j] in gid)) die(users, uline[U[i]], "user " U[i] ": no group \"" list[j] "\" in " groups)
			members[list[j]] = members[list[j]] (members[list[j]] == "" ? "" : ",") U[i]
		}
	}
	for (i = 1; i <= nusers; i++) {
		home = HOME[i] == "-" ? "/nonexistent" : HOME[i]
		printf "%s:x:%s:%s:%s:%s:%s\n", U[i], UID[i], GID[i], U[i], home, SHELL[i] >(out "/passwd")
		printf "%s:%s::0:99999:7:::\n", U[i], PW[i] >(out "/shadow")
		printf "%s %s %s %s %s\n", HOME[i], UID[i], GID[i], U[i], SHELL[i] >(out "/homes")
	}
	for (i = 1; i <= ngroups; i++)
		printf "%s:x:%s:%s\n", order[i], gid[order[i]], members[order[i]] >(out "/group")
}' "$groups" "$users"

[ -s "$tmp/passwd" ] || { echo "mkusers: $users: no users" >&2; exit 1; }
mkdir -p "$root/etc"
# Every shell must be in the tree; then make each home, and say which.
while read -r home uid gid name shell; do
	[ -x "$root$shell" ] || [ -L "$root$shell" ] || {
		echo "mkusers: $users: user $name: shell $shell is not in the root filesystem" >&2
		exit 1
	}
	[ "$home" = - ] && continue
	# A symlink on the way (from an overlay, say) would put the home,
	# and its owner, outside the root filesystem.
	# Split on / alone, with no globbing: a * in a HOME is a name.
	dir= old_ifs=$IFS IFS=/
	set -f
	for part in ${home#/}; do
		dir=$dir/$part
		if [ -L "$root$dir" ]; then
			echo "mkusers: $users: user $name: HOME $home: $dir is a symlink in the root filesystem" >&2
			exit 1
		fi
	done
	set +f
	IFS=$old_ifs
	mkdir -p "$root$home"
	echo "$home $uid $gid"
done <"$tmp/homes"
for f in passwd group shadow; do
	cp "$tmp/$f" "$root/etc/$f"
done
