#!/bin/sh
# Unit tests for make info (scripts/info.mk): out/ARCH/info.json holds the
# build's model, in the shape scripts/info.schema.json documents; it is
# rewritten only when its text changes, never by make -n; and its values
# are make's own, whatever quotes or blanks they hold.
set -eu
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
info=$OUT/info.json
schema=$top/scripts/info.schema.json

# validate FILE: checked against the schema; the errors on stdout.
validate() { PYTHONWARNINGS=ignore jsonschema -i "$1" "$schema" 2>&1; }

if ! command -v jsonschema >/dev/null 2>&1; then
	fail "info.json's shape is checked" "needs jsonschema on the host (python3-jsonschema): make test-deps"
	exit 1
fi
expect_ok "make info writes $info" mk info
if out=$(validate "$info"); then
	pass "info.json is what scripts/info.schema.json describes"
else
	fail "info.json is what scripts/info.schema.json describes" "$out"
fi
# The schema can fail: a field it does not document, a bad version.
for f in '.packages.busybox.new_field = "x"' '.packages.busybox.version = "../1"' 'del(.artifacts.kernel)' \
	'.packages.busybox.patches[0].sha256 = "xyz"'; do
	jq "$f" "$info" >"$scratch/bad.json"
	if validate "$scratch/bad.json" >/dev/null; then
		fail "the schema refuses info.json changed by $f"
	else
		pass "the schema refuses info.json changed by $f"
	fi
done

# Every package of config/packages/, with make's values, read by key.
want=$(ls "$top"/config/packages/*.mk | sed 's|.*/||; s|\.mk$||' | LC_ALL=C sort | tr '\n' ' ')
got=$(jq -r '.packages | keys[]' "$info" | LC_ALL=C sort | tr '\n' ' ')
v=$(mk -s -f "$top/Makefile" -f - print-busybox <<'MK' 2>&1
print-busybox: ; @echo '$(BUSYBOX_VERSION)|$(BUSYBOX_DESTDIR)|$(KERNEL_FILE)'
MK
)
if [ "$got" = "$want" ] && [ "$(jq -r '[.packages.busybox.version, .packages.busybox.destdir, .artifacts.kernel] |
	join("|")' "$info")" = "$v" ]; then
	pass "info.json holds every package, with make's values"
else
	fail "info.json holds every package, with make's values" "packages: $got (want $want)" "make: $v" \
		"info: $(jq -c '[.packages.busybox.version, .packages.busybox.destdir, .artifacts.kernel]' "$info")"
fi

# In an O where nothing was built yet, for another architecture, too.
other=$(ls "$top"/config/arch/*.mk | sed 's|.*/||; s|\.mk$||' | grep -vx "$ARCH" | head -n 1)
if mk O="$scratch/o" ARCH="$other" info >"$scratch/out" 2>&1 &&
	[ "$(jq -r .arch "$scratch/o/$other/info.json")" = "$other" ]; then
	pass "make info ARCH=$other in an empty O"
else
	fail "make info ARCH=$other in an empty O" "$(tail -n 3 "$scratch/out")"
fi

# Every target that reads it has it made first.
for t in test-build size sbom cve-report outdated legal-info bench; do
	rm -f "$info"
	if mk -n "$t" 2>&1 | grep -q 'info\.json\.raw'; then
		pass "make $t makes info.json first"
	else
		fail "make $t makes info.json first"
	fi
done
mk info >/dev/null

# Rewritten only when the text changed; make -n writes nothing.
touch -d @1000000000 "$info"
mk info >/dev/null 2>&1
if [ "$(stat -c %Y "$info")" = 1000000000 ]; then
	pass "an unchanged info.json is not rewritten"
else
	fail "an unchanged info.json is not rewritten"
fi
rm -f "$info"
if mk -n info >/dev/null 2>&1 && [ ! -e "$info" ] && [ -z "$(ls "$OUT" | grep '^info\.json\.')" ]; then
	pass "make -n info writes nothing"
else
	fail "make -n info writes nothing" "$(ls "$OUT" | grep info)"
fi
# A setting with quotes, a backslash and blanks comes out as make has it
# (APP_ARGS, which app mode splits as the shell would).
text='a "quoted" \back	tab  two'
if mk info APP_ARGS="$text" >/dev/null 2>"$scratch/err" &&
	[ "$(jq -r .settings.APP_ARGS "$info")" = "$text" ]; then
	pass "a value with quotes, backslash and tab is kept whole"
else
	fail "a value with quotes, backslash and tab is kept whole" "$(cat "$scratch/err")" \
		"got: $(jq .settings.APP_ARGS "$info" 2>&1)"
fi
mk info >/dev/null 2>&1
