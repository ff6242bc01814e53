#!/bin/sh
# sbom.sh: a CycloneDX 1.5 JSON SBOM of the built system: each package in it
# or built into it, with its sources (and their pinned hashes), its patches
# and the CVEs they fix; the kernel image; and every regular file of the
# initramfs with its SHA-256. The same tree and SOURCE_DATE_EPOCH give the
# same bytes: the timestamp is that epoch and the serial number is derived
# from the content.
#
#   sbom.sh INFO SYSTEM SRCSTAMPS ROOTFS TABLE INITRAMFS KERNEL OUTPUT
#
# INFO is make info's model of the build (scripts/info.mk): the packages it
# lists as packages_sbom, each read by key (version, source_from,
# dependencies, cpe, license, site, source, unpinned, debian,
# debian_source, hashfile, cves, dl, extra_downloads, patches, and the
# debian_binary ones), and checked.
# SYSTEM names the system (minilinux-ARCH); SRCSTAMPS holds NAME.extracted,
# the tarball each source was unpacked from; ROOTFS and TABLE are the staged
# tree and its permissions table, listed with $MKCPIO -l as the archive
# holds them. OUTPUT is written to OUTPUT.tmp, renamed when complete.
#
# CycloneDX's patch has no hash: each patch is also a component of type
# file, nested in its package's component, with its SHA-256 and where it
# comes from; the patch's diff.url is a BOM-Link to it
# (urn:cdx:SERIAL/1#BOM-REF), so the two are tied by the spec's own means.
set -eu

usage() {
	echo "usage: $0 INFO SYSTEM SRCSTAMPS ROOTFS TABLE INITRAMFS KERNEL OUTPUT" >&2
	exit 2
}
[ $# -eq 8 ] || usage
info=$1 system=$2 srcstamps=$3 rootfs=$4 table=$5 initramfs=$6 kernel=$7 output=$8
here=$(cd "$(dirname "$0")" && pwd)
: "${MKCPIO:?MKCPIO must name the mkcpio host tool}"
: "${SOURCE_DATE_EPOCH:?SOURCE_DATE_EPOCH must be set: the SBOM's timestamp}"
command -v jq >/dev/null 2>&1 || { echo "sbom: jq is missing: make deps" >&2; exit 1; }
case $SOURCE_DATE_EPOCH in
'' | *[!0-9]*) echo "sbom: SOURCE_DATE_EPOCH is not a number of seconds: $SOURCE_DATE_EPOCH" >&2; exit 1 ;;
esac
for f in "$info" "$initramfs" "$kernel" "$table"; do
	[ -f "$f" ] && [ -r "$f" ] || { echo "sbom: $f: cannot read" >&2; exit 1; }
done
[ -d "$rootfs" ] || { echo "sbom: $rootfs: not a directory" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sbom.XXXXXX")
trap 'rm -rf "$tmp"; rm -f "$output.tmp"' EXIT
trap 'exit 130' INT TERM

die() { echo "sbom: $*" >&2; exit 1; }
sha256() { sha256sum <"$1" | cut -d' ' -f1; }
# A purl's version: percent-encoded, as Debian's epoch colon must be.
enc() { jq -rn --arg s "$1" '$s | @uri'; }
# The pinned hash of FILE in HASHFILE, each line of which is checked; empty
# when the file has no line for it.
hash_of() { # HASHFILE FILE
	[ -f "$1" ] || die "$1: no such hash file"
	awk -v want="$2" -v hf="$1" "$(cat "$here/tables.awk")"'
		hash_file_line("sbom", hf) && $1 == "sha256" && $3 == want { found = $2 }
		END { if (err) exit 1; if (found != "") print found }' "$1"
}
# hashes HEX: a CycloneDX hashes array ([] for no hash).
hashes() { jq -cn --arg h "$1" 'if $h == "" then [] else [{alg: "SHA-256", content: $h}] end'; }

# Pass 1: every package's keys checked, and kept by name, as a line of
# shell assignments; with those of the packages whose source they build
# (linux-headers builds linux's).
# shellcheck disable=SC2016 # jq's variables
pkg_vars='.packages[$n] // error("no package \($n)") |
	@sh "name=\(.name // "") version=\(.version // "") from=\(.source_from // "")" +
	@sh " deps=\(.dependencies // [] | join(" ")) cpe=\(.cpe // "") license=\(.license // "")" +
	@sh " site=\(.site // "") source=\(.source // "") unpinned=\(.unpinned // "")" +
	@sh " debian=\(.debian // "") debian_source=\(.debian_source // "") hashfile=\(.hashfile // "")" +
	@sh " cves=\(.cves // "") dl=\(.dl // "") extras=\(.extra_downloads // [] | join(" "))" +
	@sh " patches=\([.patches[]? | select(.download != "") | .download +
		if .member != "" then ":" + .member else "" end] | join(" "))" +
	@sh " local=\([.patches[]? | select(.download == "") | .path] | join(" "))" +
	@sh " binary=\(.debian_binary // "") binary_file=\(.debian_binary_file // "")" +
	@sh " binary_member=\(.debian_binary_member // "") tree_dir=\(.local_src // "")" +
	@sh " tree_version=\(.local_version // "") tree_id=\(.local_tree // "")"'
mkdir "$tmp/pkg"
jq -r '.packages_sbom[]' "$info" >"$tmp/list" || die "$info: no packages_sbom list"
: >"$tmp/names"
while IFS= read -r n; do
	vars=$(jq -r --arg n "$n" "$pkg_vars" "$info") || die "$info: packages.$n: cannot be read"
	eval "$vars"
	where="$info: packages.$n"
	[ "$name" = "$n" ] || die "$where: not a package name: '$name'"
	printf '%s\n' "$name" | grep -Eqx '[a-z0-9][a-z0-9._+-]*' || die "$where: not a package name: '$name'"
	printf '%s\n' "$version" | grep -Eqx '[A-Za-z0-9][A-Za-z0-9._+~:-]*' ||
		die "$where: not a version: '$version'"
	printf '%s\n' "$from" | grep -Eqx '[a-z0-9][a-z0-9._+-]*' || die "$where: not a package name: '$from'"
	[ -z "$cpe" ] || printf '%s\n' "$cpe" | grep -Eqx 'cpe:2\.3:[aho]:[A-Za-z0-9._-]+:[A-Za-z0-9._-]+' ||
		die "$where: want a CPE 2.3 prefix, cpe:2.3:PART:VENDOR:PRODUCT, not '$cpe'"
	printf '%s\n' "$license" | grep -Eqx '[A-Za-z0-9.+:() -]+' ||
		die "$where: not an SPDX license expression: '$license'"
	if [ -n "$tree_dir" ]; then
		printf '%s\n' "$tree_version" | grep -Eqx '[A-Za-z0-9][A-Za-z0-9._+~-]*' ||
			die "$where: local_src is set, but not a version: local_version '$tree_version'"
	fi
	for p in $hashfile $cves $dl $local $tree_dir; do
		case $p in /*) ;; *) die "$where: not an absolute path: '$p'" ;; esac
		case /$p/ in */../* | */./*) die "$where: a '.' or '..' component: '$p'" ;; esac
	done
	grep -qx "$name" "$tmp/names" && die "$info: $name is listed twice"
	echo "$name" >>"$tmp/names"
	printf '%s\n' "$vars" >"$tmp/pkg/$name"
	[ "$from" = "$name" ] || [ -f "$tmp/pkg/$from" ] ||
		jq -r --arg n "$from" "$pkg_vars" "$info" >"$tmp/pkg/$from" || die "$where: builds $from's source, not in $info"
	printf '%s\n' "$deps" | tr ' ' '\n' | sed '/^$/d' >>"$tmp/depended"
done <"$tmp/list"
[ -s "$tmp/names" ] || die "$info: no package"
touch "$tmp/depended"

# The BOM-Link base of this document, a placeholder until the serial number
# is known: it is derived from everything else.
link=urn:cdx:SERIAL/1
# The CVEs a patch fixes: the "CVE-ID patched PATCH" lines of NAME.cves.
resolves() { # CVES PATCH
	[ -n "$1" ] || { echo '[]'; return; }
	[ -f "$1" ] || die "$1: no such file"
	awk -v f="$1" -v want="$2" '
		/\r$/ { printf "sbom: %s:%d: CRLF line endings\n", f, FNR >"/dev/stderr"; exit 1 }
		/^[ \t]*(#|$)/ || $2 != "patched" { next }
		NF != 3 || $1 !~ /^CVE-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]+$/ {
			printf "sbom: %s:%d: want: CVE-YYYY-NNNN patched PATCH\n", f, FNR >"/dev/stderr"; exit 1 }
		$3 == want { print $1 }' "$1" >"$tmp/ids" || exit 1
	jq -cR '{type: "security", id: ., source: {name: "NVD", url: ("https://nvd.nist.gov/vuln/detail/" + .)}}' \
		"$tmp/ids" | jq -cs .
}
# Where a download comes from: a URL, or Debian's source package as a purl.
origin() { # DEBIAN EXTRA
	case $2 in
	apt:*/*=*/*)
		s=${2#apt:}
		suite=${s%%/*} s=${s#*/} spec=${s%%/*}
		echo "pkg:deb/debian/${spec%%=*}@$(enc "${spec#*=}")?arch=source&distro=$suite"
		;;
	apt:*)
		set -f
		set -- $1
		set +f
		[ $# -eq 2 ] || die "$where: an apt: download without a Debian source ($1)"
		echo "pkg:deb/debian/${2%%=*}@$(enc "${2#*=}")?arch=source&distro=$1"
		;;
	*) echo "$2" ;;
	esac
}

# Pass 2: a component per package.
note() { [ "$used" = "$1" ] && echo "the source of this build" || echo "$2"; }
: >"$tmp/components"
: >"$tmp/dependencies"
while read -r name; do
	eval "$(cat "$tmp/pkg/$name")"
	where="$info: packages.$name"
	ref="pkg:$name"
	type=application
	grep -qx "$name" "$tmp/depended" && type=library
	case $cpe in cpe:2.3:o:*) type=operating-system ;; esac
	# The source: upstream's and Debian's tarballs, from the package whose
	# source this one builds; which of them was unpacked, from its stamp.
	if [ "$from" != "$name" ]; then
		# The source's keys from that package, the rest from this one.
		self=$name
		eval "$(cat "$tmp/pkg/$from")"
		set -- "$site" "$source" "$unpinned" "$debian" "$debian_source" "$hashfile" "$dl" "$extras" \
			"$binary" "$binary_file" "$binary_member"
		eval "$(cat "$tmp/pkg/$self")"
		site=$1 source=$2 unpinned=$3 debian=$4 debian_source=$5 hashfile=$6 dl=$7 extras=$8
		binary=$9 binary_file=${10} binary_member=${11}
	fi
	# A developer's tree (LINUX_SRC=dir), built instead of the pinned source:
	# its own version, where it is and its commit, and nothing pinned.
	if [ -n "$tree_dir" ]; then
		version=$tree_version site= debian= binary= extras= patches= local=
	fi
	used=
	[ ! -f "$srcstamps/$from.extracted" ] || used=$(cat "$srcstamps/$from.extracted")
	case $used in
	'' | "$source" | "$debian_source" | "$binary_file") ;;
	*) die "$srcstamps/$from.extracted: '$used' is none of $source, $debian_source${binary_file:+ or $binary_file}" ;;
	esac
	: >"$tmp/refs"
	if [ -n "$site" ]; then
		h=
		if [ -z "$unpinned" ]; then
			h=$(hash_of "$hashfile" "$source")
			[ -n "$h" ] || die "$hashfile has no sha256 line for $source"
		fi
		jq -cn --arg url "$site/$source" --argjson h "$(hashes "$h")" \
			--arg c "upstream's tarball: $(note "$source" "not the one unpacked${unpinned:+, not pinned}")" \
			'{type: "distribution", url: $url, comment: $c} + if $h == [] then {} else {hashes: $h} end' >>"$tmp/refs"
	fi
	if [ -n "$debian" ] && [ -n "$debian_source" ]; then
		h=$(hash_of "$hashfile" "$debian_source")
		[ -n "$h" ] || die "$hashfile has no sha256 line for $debian_source"
		url=$(origin "$debian" "apt:$debian_source")
		jq -cn --arg url "$url" --argjson h "$(hashes "$h")" \
			--arg c "Debian's $debian_source ($debian): $(note "$debian_source" "the fallback, not unpacked")" \
			'{type: "distribution", url: $url, comment: $c} + if $h == [] then {} else {hashes: $h} end' >>"$tmp/refs"
	fi
	# A Debian binary package that holds the source as a tarball: its tree
	# is Debian's, with Debian's patches applied.
	if [ -n "$binary" ]; then
		h=$(hash_of "$hashfile" "$binary_file")
		[ -n "$h" ] || die "$hashfile has no sha256 line for $binary_file"
		set -f
		# shellcheck disable=SC2086 # "SUITE NAME=VERSION"
		set -- $binary
		set +f
		jq -cn --arg url "pkg:deb/debian/${2%%=*}@$(enc "${2#*=}")?arch=all&distro=$1" --argjson h "$(hashes "$h")" \
			--arg c "Debian's binary package $binary_file ($binary): $(note "$binary_file" "not unpacked"): its $binary_member, Debian's tree, with Debian's patches" \
			'{type: "distribution", url: $url, comment: $c} + if $h == [] then {} else {hashes: $h} end' >>"$tmp/refs"
	fi
	if [ -n "$tree_dir" ]; then
		case $tree_id in git\ *) rtype=vcs ;; *) rtype=other ;; esac
		jq -cn --arg t "$rtype" --arg url "file://$tree_dir" \
			--arg c "a local tree, built in place of the pinned source: $tree_id" \
			'{type: $t, url: $url, comment: $c}' >>"$tmp/refs"
	fi
	# The extra downloads (archives of patches), each with its pin.
	: >"$tmp/extras"
	for e in $extras; do
		[ "$from" = "$name" ] || break
		file=${e%%\?*} file=${file##*/} file=${file#apt:}
		url=$(origin "$debian" "$e")
		h=$(hash_of "$hashfile" "$file")
		[ -n "$h" ] || die "$hashfile has no sha256 line for $file"
		printf '%s %s %s\n' "$file" "$h" "$url" >>"$tmp/extras"
		jq -cn --arg url "$url" --arg h "$h" --arg c "$file, for its patches" \
			'{type: "distribution", url: $url, comment: $c, hashes: [{alg: "SHA-256", content: $h}]}' >>"$tmp/refs"
	done
	# The patches, in the order they are applied: from inside the downloads,
	# then the project's own.
	: >"$tmp/patches"
	: >"$tmp/files"
	i=0
	for p in $patches $local; do
		i=$((i + 1))
		case $p in
		/*) # one of patches/NAME/
			file=$p base=${p##*/} pname=patches/$name/$base url=$pname
			[ -f "$file" ] || die "$where: no such patch: $file"
			h=$(sha256 "$file")
			;;
		*)
			archive=${p%%:*} member=
			[ "$archive" = "$p" ] || member=${p#*:}
			case $archive in */* | . | .. | '') die "$where: not a file name: '$archive'" ;; esac
			case /$member/ in */../* | */./* | //*) die "$where: $p: a bad member name" ;; esac
			line=$(awk -v a="$archive" '$1 == a' "$tmp/extras")
			[ -n "$line" ] || die "$where: $p: $archive is not one of its downloads"
			set -f
			set -- $line
			set +f
			[ "$(sha256 "$dl/$archive")" = "$2" ] || die "$dl/$archive: not the pinned $2"
			if [ -n "$member" ]; then
				rm -rf "$tmp/x" && mkdir "$tmp/x"
				tar -xf "$dl/$archive" -C "$tmp/x" -- "$member" || die "$dl/$archive: no member $member"
				file=$tmp/x/$member pname=$member url="$3#$member"
			else
				file=$dl/$archive pname=$archive url=$3
			fi
			base=${member:-$archive} base=${base##*/}
			[ -f "$file" ] && [ ! -L "$file" ] || die "$where: $p: not a regular file"
			h=$(sha256 "$file")
			;;
		esac
		pref="$name:patch:$i:$base"
		jq -cn --arg ref "$pref" --arg n "$pname" --arg h "$h" --arg url "$url" \
			'{type: "file", "bom-ref": $ref, name: $n, hashes: [{alg: "SHA-256", content: $h}],
			  externalReferences: [{type: "distribution", url: $url}]}' >>"$tmp/files"
		r=$(resolves "$cves" "$base")
		jq -cn --arg url "$link#$(enc "$pref")" --argjson r "$r" \
			'{type: "unofficial", diff: {url: $url}} + if $r == [] then {} else {resolves: $r} end' >>"$tmp/patches"
	done
	# An SPDX id alone is checked by the schema; an expression is not.
	case $license in
	*[!A-Za-z0-9.+-]* | LicenseRef-*) lic=$(jq -cn --arg e "$license" '[{expression: $e}]') ;;
	*) lic=$(jq -cn --arg id "$license" '[{license: {id: $id}}]') ;;
	esac
	jq -cn --arg type "$type" --arg ref "$ref" --arg name "$name" --arg version "$version" \
		--arg cpe "${cpe:+$cpe:$version:*:*:*:*:*:*:*}" --arg purl "pkg:generic/$name@$(enc "$version")" \
		--argjson lic "$lic" --slurpfile refs "$tmp/refs" --slurpfile patches "$tmp/patches" \
		--slurpfile files "$tmp/files" \
		'{type: $type, "bom-ref": $ref, name: $name, version: $version, licenses: $lic}
		+ (if $cpe == "" then {} else {cpe: $cpe} end) + {purl: $purl}
		+ (if $refs == [] then {} else {externalReferences: $refs} end)
		+ (if $patches == [] then {} else {pedigree: {patches: $patches}} end)
		+ (if $files == [] then {} else {components: $files} end)' >>"$tmp/components"
	printf '%s\n' "$deps" | tr ' ' '\n' | sed '/^$/d' | jq -cR '"pkg:" + .' | jq -cs --arg ref "$ref" \
		'{ref: $ref, dependsOn: .}' >>"$tmp/dependencies"
done <"$tmp/names"

# The system depends on the packages no other one depends on.
grep -vxF -f "$tmp/depended" "$tmp/names" | jq -cR '"pkg:" + .' | jq -cs --arg ref "$system" \
	'{ref: $ref, dependsOn: .}' >>"$tmp/dependencies"

# The initramfs: each regular file as the archive names it, hashed from
# the staged tree.
"$MKCPIO" -l -p "$table" "$rootfs" >"$tmp/list" || die "$MKCPIO -l failed on $rootfs"
awk '$1 ~ /^100[0-7][0-7][0-7]$/ { for (i = 1; i <= 7; i++) sub(/^[^ ]+ /, ""); print }' "$tmp/list" >"$tmp/regular"
: >"$tmp/rootfs-files"
while IFS= read -r f; do
	case /$f/ in */../* | */./* | //*) die "$rootfs: a bad name in the archive: '$f'" ;; esac
	[ -f "$rootfs/$f" ] && [ ! -L "$rootfs/$f" ] || die "$rootfs/$f: not a regular file"
	jq -cn --arg n "$f" --arg h "$(sha256 "$rootfs/$f")" \
		'{type: "file", "bom-ref": ("initramfs:" + $n), name: $n, hashes: [{alg: "SHA-256", content: $h}]}'
done <"$tmp/regular" >"$tmp/rootfs-files"

jq -n --arg system "$system" --arg ts "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)" \
	--arg tool "$(sha256 "$0")" --arg cpio "${initramfs##*/}" --arg cpioh "$(sha256 "$initramfs")" \
	--arg kernel "${kernel##*/}" --arg kernelh "$(sha256 "$kernel")" \
	--slurpfile packages "$tmp/components" --slurpfile files "$tmp/rootfs-files" \
	--slurpfile deps "$tmp/dependencies" '{
	bomFormat: "CycloneDX", specVersion: "1.5", serialNumber: "urn:uuid:SERIAL", version: 1,
	metadata: {
		timestamp: $ts,
		tools: {components: [{type: "application", group: "minilinux", name: "sbom.sh",
			hashes: [{alg: "SHA-256", content: $tool}]}]},
		component: {type: "operating-system", "bom-ref": $system, name: $system,
			description: "the kernel and the initramfs that make build writes"}
	},
	components: ($packages + [
		{type: "file", "bom-ref": "kernel", name: $kernel, hashes: [{alg: "SHA-256", content: $kernelh}]},
		{type: "file", "bom-ref": "initramfs", name: $cpio, hashes: [{alg: "SHA-256", content: $cpioh}],
			components: $files}]),
	dependencies: $deps
}' >"$tmp/sbom"
# The serial number: a UUID from the hash of all the rest.
serial=$("$here/uuid.sh" "$(sha256 "$tmp/sbom")" sbom)
jq --arg s "$serial" '.serialNumber = "urn:uuid:" + $s
	| (.components[] | select(.pedigree) | .pedigree.patches[].diff.url) |= sub("^urn:cdx:SERIAL/"; "urn:cdx:" + $s + "/")' \
	"$tmp/sbom" >"$output.tmp"
mv -f "$output.tmp" "$output"
