#!/bin/sh
# check-keys.sh FILE: FILE is an authorized_keys file that dropbear reads as
# its writer meant. Each line that is not blank or a comment is
# [OPTIONS] TYPE BASE64 [COMMENT], where OPTIONS are those dropbear knows,
# comma-separated (a word it does not know, such as a stray word before the
# type, is refused rather than read as an option), TYPE is a public key
# type, and BASE64 decodes to a whole key of that type: its fields, each a
# 4-byte length and that many bytes, are the type's, and end where the key
# ends (a key cut short by a copy is refused). Every fault is reported as
# FILE:LINE:COLUMN: why; exits 1 after the first file's faults, 2 on usage.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 FILE" >&2; exit 2; }
f=$1
[ -r "$f" ] || { echo "check-keys: $f: cannot read" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp "${TMPDIR:-/tmp}/check-keys.XXXXXX")
trap 'rm -f "$tmp"' EXIT

# Split each line, checking its options and the words' shapes: prints
# "LINE COLUMN TYPE BASE64" for each key to decode.
awk -v f="$f" "$(cat "$here/tables.awk")"'
function bad(c, why) {
	printf "check-keys: %s:%d:%d: %s\n", f, FNR, c, why >"/dev/stderr"
	failed = 1
}
function shown(s) { s = substr(s, 1, 40); gsub(/[^ -~]/, "?", s); return s }
BEGIN {
	flags = " no-port-forwarding no-agent-forwarding no-X11-forwarding no-pty restrict no-touch-required verify-required "
	valued = " command permitopen permitlisten "
	types = "^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com|sk-ecdsa-sha2-nistp256@openssh\\.com)$"
}
crlf(f) != "" { printf "check-keys: %s\n", crlf(f) >"/dev/stderr"; failed = 1; exit }
/^[ \t]*(#|$)/ { next }
{
	s = $0
	p = match(s, /[^ \t]/)
	first = substr(s, p)
	sub(/[ \t].*/, "", first)
	if (first !~ types) {
		# Options: NAME or NAME="TEXT" (\" inside), comma-separated, up to a blank.
		while (1) {
			rest = substr(s, p)
			if (!match(rest, /^[A-Za-z0-9-]+/)) { bad(p, "not an option or a key type: " shown(rest)); next }
			name = substr(rest, 1, RLENGTH)
			q = p + RLENGTH
			if (substr(s, q, 2) == "=\"") {
				if (index(valued, " " name " ") == 0) { bad(p, "not an option dropbear knows: " shown(name)); next }
				q += 2
				while (q <= length(s) && substr(s, q, 1) != "\"") q += (substr(s, q, 1) == "\\") ? 2 : 1
				if (q > length(s)) { bad(p, "option " name "=\" has no closing quote"); next }
				q++
			} else if (index(flags, " " name " ") == 0) {
				{ bad(p, "not an option dropbear knows: " shown(name) (index(valued, " " name " ") ? " (it takes =\"...\")" : "")); next }
			}
			c = substr(s, q, 1)
			if (c == ",") { p = q + 1; continue }
			if (c != " " && c != "\t") { bad(q, "options end with a blank and the key type, not " (c == "" ? "the line" : shown(c))); next }
			break
		}
		p = q
		while (substr(s, p, 1) ~ /[ \t]/) p++
		first = substr(s, p)
		sub(/[ \t].*/, "", first)
		if (first !~ types) { bad(p, "not a public key type (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...): " shown(first)); next }
	}
	p += length(first)
	while (substr(s, p, 1) ~ /[ \t]/) p++
	key = substr(s, p)
	sub(/[ \t].*/, "", key)
	if (key !~ /^[A-Za-z0-9+\/]+=*$/ || length(key) % 4 != 0)
		{ bad(p, "not a key in base64 after " first ": " (key == "" ? "nothing" : shown(key))); next }
	print FNR, p, first, key
}
END { exit failed }' "$f" >"$tmp" || exit 1

# Each key decoded: its fields, as lengths and bytes, must be its type's.
status=0
while read -r line col type key; do
	why=$(printf '%s' "$key" | base64 -d 2>/dev/null | od -An -v -tu1 | awk -v type="$type" '
		{ for (i = 1; i <= NF; i++) b[n++] = $i }
		END {
			want = type == "ssh-ed25519" ? 2 : type ~ /^sk-ecdsa/ ? 4 : 3
			for (p = 0; p < n; p = q) {
				if (p + 4 > n) { print "the key ends inside a field'"'"'s length (cut short?)"; exit }
				len = ((b[p] * 256 + b[p + 1]) * 256 + b[p + 2]) * 256 + b[p + 3]
				q = p + 4 + len
				if (q > n) { print "the key ends inside a field (cut short?)"; exit }
				k++
				if (k == 1) {
					s = ""
					for (i = p + 4; i < q; i++) s = s sprintf("%c", b[i])
					if (s != type) { print "the key inside is not " type; exit }
				}
				if (k == 2 && type ~ /ed25519/ && len != 32) { print "not a 32-byte ed25519 key"; exit }
			}
			if (k != want) print "the key has " k + 0 " fields, not " want " (cut short, or two pasted together?)"
		}')
	if [ -n "$why" ]; then
		echo "check-keys: $f:$line:$col: $why" >&2
		status=1
	fi
done <"$tmp"
exit "$status"
