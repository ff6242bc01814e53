#!/bin/sh
# Unit tests for make sbom (scripts/sbom.sh): the SBOM of the built tree is
# valid CycloneDX 1.5 for the CycloneDX library's strict validator, pinned in
# tests/sbom/ and installed with npm ci into $O/sbom-validator (npm's cache
# in $DL_DIR/npm, so that a second run needs no network); it says what the
# tree holds, the same bytes twice; a broken SBOM is rejected by the same
# validator, and malformed input by the generator.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${DL_DIR:=$top/dl}"
# The Makefile's default, for the checks only: exported, it would change
# what make builds (the kernel's build time follows it).
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct)}
sbom=$OUT/sbom.cdx.json
val=$O/sbom-validator

# The validator: installed again only when the pins change.
for t in node npm; do
	command -v "$t" >/dev/null 2>&1 || { fail "the SBOM validator" "$t is missing: make deps (test goals)"; exit 1; }
done
mkdir -p "$val"
if ! cmp -s "$top/tests/sbom/package-lock.json" "$val/package-lock.json" ||
	[ ! -f "$val/node_modules/.package-lock.json" ]; then
	cp "$top/tests/sbom/package.json" "$top/tests/sbom/package-lock.json" "$val/"
	if ! (cd "$val" && npm ci --prefer-offline --ignore-scripts --no-audit --no-fund \
		--cache "$DL_DIR/npm") >"$scratch/npm" 2>&1; then
		fail "npm ci installs the pinned validator" "$(tail -n 5 "$scratch/npm")"
		exit 1
	fi
fi
cp "$top/tests/sbom/validate.js" "$val/"
validate() { node "$val/validate.js" "$@"; }

# make sbom, timed, and validated.
start=$(date +%s)
expect_steps "make sbom writes $sbom" "SBOM" mk sbom
echo "TIME: make sbom $(($(date +%s) - start)) s"
if validate "$sbom" >"$scratch/v" 2>&1; then
	pass "the SBOM is valid CycloneDX 1.5 (strict): $(cat "$scratch/v")"
else
	fail "the SBOM is valid CycloneDX 1.5 (strict)" "$(cat "$scratch/v")"
fi
echo "SIZE: $(wc -c <"$sbom") bytes, $(jq '[.components | .. | objects | select(has("bom-ref"))] | length' \
	"$sbom") components"

# Checks of content: NAME JQ-EXPRESSION, which must print true.
check() {
	if [ "$(jq --arg rootfs_busybox "$(sha256sum <"$OUT/rootfs/bin/busybox" | cut -d' ' -f1)" \
		--arg cpio "$(sha256sum <"$OUT/initramfs.cpio.gz" | cut -d' ' -f1)" "$2" "$sbom" 2>&1)" = true ]; then
		pass "$1"
	else
		fail "$1" "jq: $2"
	fi
}
pkg() { echo ".components[] | select(.\"bom-ref\" == \"pkg:$1\")"; }
while IFS='	' read -r name expr; do
	check "$name" "$expr"
done <<EOF
the system is metadata.component, an operating system	.metadata.component | .type == "operating-system" and .name == "minilinux-$ARCH"
the timestamp is SOURCE_DATE_EPOCH's	.metadata.timestamp == "$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
busybox, musl, linux and linux-headers are components	[.components[] | .name] | contains(["busybox", "musl", "linux", "linux-headers"])
busybox's license is the SPDX id GPL-2.0-only	$(pkg busybox) | .licenses == [{license: {id: "GPL-2.0-only"}}]
linux's license is an SPDX expression	$(pkg linux) | .licenses == [{expression: "GPL-2.0-only WITH Linux-syscall-note"}]
musl has its CPE and version	$(pkg musl) | .cpe == "cpe:2.3:a:musl-libc:musl:1.2.6:*:*:*:*:*:*:*"
busybox's source is pinned by its sha256	$(pkg busybox) | [.externalReferences[] | select(.type == "distribution") | .hashes[0].content] | index("$(awk '$3 == "busybox_1.38.0.orig.tar.bz2" { print $2 }' "$top/config/packages/busybox.hash")") != null
a Debian patch of busybox resolves CVE-2023-42366, for the NVD	$(pkg busybox) | [.pedigree.patches[] | select(.resolves[]?.id == "CVE-2023-42366") | .resolves[0].source.name] == ["NVD"]
linux's source is Debian's linux-source .deb, pinned, the one unpacked	$(pkg linux) | [.externalReferences[] | select(.url | startswith("pkg:deb/debian/linux-source-6.12@")) | select(.hashes[0].content | length == 64) | .comment | test("the source of this build")] == [true]
our own patch resolves CVE-2022-28391	$(pkg busybox) | [.pedigree.patches[].resolves[]?.id] | index("CVE-2022-28391") != null
musl's qsort patch resolves CVE-2026-40200	$(pkg musl) | [.pedigree.patches[].resolves[]?.id] | index("CVE-2026-40200") != null
each patch's BOM-Link names a nested file with a sha256	.serialNumber as \$s | [.components[] | .components as \$f | .pedigree.patches[]? | .diff.url | ltrimstr("urn:cdx:" + (\$s | ltrimstr("urn:uuid:")) + "/1#") | @text as \$r | [\$f[] | select((.["bom-ref"] | @uri) == \$r) | .hashes[0].content | length] == [64]] | (length > 0 and all)
the initramfs component has the archive's sha256	.components[] | select(.["bom-ref"] == "initramfs") | .hashes[0].content == \$cpio
bin/busybox in the initramfs has the staged file's sha256	.components[] | select(.["bom-ref"] == "initramfs") | .components[] | select(.name == "bin/busybox") | .hashes[0].content == \$rootfs_busybox
every regular file of the archive is listed	[.components[] | select(.["bom-ref"] == "initramfs") | .components[]] | length == $("$MKCPIO" -l -p "$OUT/rootfs.permissions" "$OUT/rootfs" | grep -c '^100')
EOF

# The same tree gives the same bytes.
cp "$sbom" "$scratch/first.json"
mk sbom >/dev/null
if cmp -s "$scratch/first.json" "$sbom"; then
	pass "two runs of make sbom give the same bytes"
else
	fail "two runs of make sbom give the same bytes" "$(diff "$scratch/first.json" "$sbom" | head -n 5)"
fi

# The validator can fail: a broken SBOM must be refused, saying where.
broken() { # NAME JQ-EDIT TEXT
	jq "$2" "$sbom" >"$scratch/broken.json"
	if validate "$scratch/broken.json" >"$scratch/v" 2>&1; then
		fail "the validator rejects $1" "it accepted it"
	elif grep -qF -- "$3" "$scratch/v"; then
		pass "the validator rejects $1"
	else
		fail "the validator rejects $1" "without saying '$3':" "$(head -n 5 "$scratch/v")"
	fi
}
broken "a license id SPDX does not have" \
	"($(pkg busybox) | .licenses) = [{license: {id: \"GPL-2.0-maybe\"}}]" "/licenses/0/license/id"
broken "a component without a name" "del(.components[0].name)" "must have required property 'name'"
broken "a hash that is not a SHA-256" '.components[-1].hashes[0].content = "xyz"' "/hashes/0/content"
broken "a property the spec does not define" '.metadata.arch = "x86_64"' "must NOT have additional properties"

# The generator refuses malformed input, naming the file and the key.
in=$scratch/info.json
gen() {
	SOURCE_DATE_EPOCH=$epoch "$top/scripts/sbom.sh" "$in" "minilinux-$ARCH" "$O/stamps" "$OUT/rootfs" "$OUT/rootfs.permissions" \
		"$OUT/initramfs.cpio.gz" "$IMAGE_KERNEL" "$scratch/out.json"
}
# make's info.json with busybox alone in the SBOM, changed by a jq FILTER.
good() { jq '.packages_sbom = ["busybox"]'"${1:+ | $1}" "$OUT/info.json"; }
refuse() { # NAME TEXT FILTER
	good "$3" >"$in"
	expect_error "sbom.sh refuses $1" "$2" gen
	[ ! -e "$scratch/out.json" ] && [ ! -e "$scratch/out.json.tmp" ] ||
		fail "sbom.sh leaves no output after refusing $1"
}
good >"$in"
expect_ok "sbom.sh takes the info.json make writes" gen
rm -f "$scratch/out.json"
refuse "a package without a version" "$in: packages.busybox: not a version: ''" 'del(.packages.busybox.version)'
refuse "a bad package name" "$in: packages.../x: not a package name: '../x'" \
	'.packages_sbom = ["../x"] | .packages["../x"] = (.packages.busybox | .name = "../x")'
refuse "a carriage return in a version" "not a version" '.packages.busybox.version += "\r"'
refuse "a license with a character SPDX has not" "not an SPDX license expression" \
	'.packages.busybox.license = "GPL;rm"'
refuse "a patch from no download" "is not one of its downloads" '.packages.busybox.extra_downloads = []'
refuse "a relative path for a hash file" "not an absolute path" '.packages.busybox.hashfile = "busybox.hash"'
refuse "a package listed twice" "busybox is listed twice" '.packages_sbom += ["busybox"]'
refuse "a package info.json does not hold" "no package nosuch" '.packages_sbom += ["nosuch"]'
printf '# x\nCVE-12 patched x.patch\n' >"$scratch/bad.cves"
refuse "a malformed CVE line" "$scratch/bad.cves:2: want: CVE-YYYY-NNNN patched PATCH" \
	".packages.busybox.cves = \"$scratch/bad.cves\""
printf 'sha256 XYZ busybox_1.38.0.orig.tar.bz2\n' >"$scratch/bad.hash"
refuse "a malformed hash line" "$scratch/bad.hash:1:8: not a SHA-256" \
	".packages.busybox.hashfile = \"$scratch/bad.hash\""
