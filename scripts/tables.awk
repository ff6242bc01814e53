# tables.awk: checks shared by the scripts that read tables (users, groups,
# hash files, authorized keys). Loaded before each script's own program;
# scripts/mkcpio.c applies the same path rules to the permissions table.

# Why P is not an absolute, normalised path ("" when it is): each of its
# components must be non-empty, not "." or "..", and printable.
function path_why(p,    n, i, c) {
	if (p !~ /^\//) return "not an absolute path"
	if (p == "/") return ""
	if (p ~ /[\001-\037\177]/) return "a control character"
	n = split(substr(p, 2), c, "/")
	for (i = 1; i <= n; i++) {
		if (c[i] == "") return "an empty path component"
		if (c[i] == "." || c[i] == "..") return "a '.' or '..' component"
	}
	return ""
}

# The column where field N of the current line starts, for messages.
function col(n,    s, i, off) {
	s = $0; off = 0
	for (i = 1; i <= n; i++) {
		if (!match(s, /[^ \t]+/)) return off + 1
		if (i == n) return off + RSTART
		off += RSTART + RLENGTH - 1
		s = substr(s, RSTART + RLENGTH)
	}
	return 1
}

# A CRLF file would otherwise be blamed on its last field's value.
function crlf(file) {
	if ($0 ~ /\r$/) return file ":" FNR ":" length($0) ": CRLF line endings; convert the file to LF (dos2unix)"
	return ""
}
