#!/bin/sh
# mkapp.sh: stage the app-mode root filesystem: /init (src/init.c), the app
# in /bin, and what init reads: /etc/init.argv and /etc/init.env, as
# NUL-separated lists, and /etc/hostname. APP_ARGS and APP_ENV come from the
# environment: words, with quotes as in the shell but no expansion.
set -eu

[ $# -eq 4 ] || { echo "usage: $0 STAGING INIT APP HOSTNAME" >&2; exit 2; }
staging=$1
init=$2
app=$3
hostname=$4
here=$(cd "$(dirname "$0")" && pwd)

[ -f "$app" ] || { echo "mkapp: APP=$app: no such file" >&2; exit 1; }
if ! "$here/check-static.sh" "$app"; then
	cat >&2 <<MSG
mkapp: APP must be a static executable: app mode has no shared libraries.
  C with musl:  musl-gcc -static -o app app.c  (or this build's out/ARCH/sysroot/bin/musl-gcc)
  Go:           CGO_ENABLED=0 go build
MSG
	exit 1
fi

tmp=$staging.tmp
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$tmp/bin" "$tmp/etc"
cp "$init" "$tmp/init"
name=$(basename "$app")
cp "$app" "$tmp/bin/$name"
chmod 755 "$tmp/init" "$tmp/bin/$name"

# Quotes group words as in the shell, but nothing is expanded: xargs
# splits the lists.
words() { printf '%s' "$2" | xargs -r printf '%s\0' 2>"$tmp/err" || {
	echo "mkapp: $1 is not a list of words: $2 ($(cat "$tmp/err"))" >&2
	exit 1
}; }
printf '%s\0' "/bin/$name" >"$tmp/etc/init.argv"
words APP_ARGS "${APP_ARGS:-}" >>"$tmp/etc/init.argv"
words APP_ENV "${APP_ENV:-}" >"$tmp/etc/init.env"
if tr '\0' '\n' <"$tmp/etc/init.env" | grep -qv '^[A-Za-z_][A-Za-z0-9_]*='; then
	echo "mkapp: APP_ENV entries must be KEY=VALUE: ${APP_ENV:-}" >&2
	exit 1
fi
printf '%s\n' "$hostname" >"$tmp/etc/hostname"

rm -rf "$staging"
mv "$tmp" "$staging"
