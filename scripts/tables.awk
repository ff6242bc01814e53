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

# Why P is not a relative, normalised path ("" when it is): a path inside a
# tree, such as a license file's in a package's source.
function relpath_why(p) {
	if (p ~ /^\//) return "an absolute path"
	return path_why("/" p)
}

# Why the current line of a hash file is malformed ("" when it is not), with
# why_field set to the field at fault. "sha256 HASH FILE" pins a download,
# "license HASH PATH" a license text in the package's source tree.
function hash_line_why(    w) {
	why_field = 1
	if (NF != 3 || ($1 != "sha256" && $1 != "license"))
		return "want: sha256 HASH FILE, or license HASH PATH"
	why_field = 2
	if ($2 !~ /^[0-9a-f]+$/ || length($2) != 64)
		return "not a SHA-256 of 64 lower-case hex digits: " $2
	why_field = 3
	if ($1 == "sha256" && ($3 ~ /\// || $3 == "." || $3 == ".." || $3 ~ /[^-A-Za-z0-9._+~:]/))
		return "not a plain file name: " $3
	if ($1 == "license" && (w = relpath_why($3)) != "")
		return "not a normalised path in the source tree (" w "): " $3
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

# Check the current line of hash file HF, naming TOOL in errors: 1 for a
# pin (then in seen[KIND, NAME]), 0 for a comment or a blank line. A
# malformed line, or a second hash for a name, ends the program (err = 1).
function hash_file_line(tool, hf,    w) {
	if (crlf(hf) != "") w = crlf(hf)
	else if ($0 ~ /^[ \t]*(#|$)/) return 0
	else if ((w = hash_line_why()) != "") w = hf ":" FNR ":" col(why_field) ": " w
	else if (($1, $3) in seen && seen[$1, $3] != $2) w = hf ":" FNR ":" col(2) ": " $3 " has two hashes"
	if (w != "") { printf "%s: %s\n", tool, w >"/dev/stderr"; err = 1; exit 1 }
	seen[$1, $3] = $2
	return 1
}
