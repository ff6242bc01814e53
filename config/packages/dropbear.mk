# dropbear: a small SSH server, linked statically against musl. It is a
# service, off by default: enable it with a line "dropbear" in
# config/services. Root logs in with a key from config/authorized_keys; no
# one logs in with a password. Its host key is made at first boot.
DROPBEAR_VERSION = 2026.94
DROPBEAR_SOURCE = dropbear-$(DROPBEAR_VERSION).tar.bz2
DROPBEAR_SITE = https://matt.ucc.asn.au/dropbear/releases
DROPBEAR_DEBIAN = forky dropbear=2026.94-1
DROPBEAR_CPE = cpe:2.3:a:dropbear_ssh_project:dropbear_ssh
DROPBEAR_LICENSE = MIT AND BSD-2-Clause AND Unlicense
DROPBEAR_LICENSE_FILES = LICENSE libtomcrypt/LICENSE libtommath/LICENSE
DROPBEAR_DEPENDENCIES = musl linux-headers

# The server, its key generator and scp (the server side of `scp -O`), as
# one binary; no zlib, no login records.
DROPBEAR_PROGRAMS = dropbear dropbearkey scp
DROPBEAR_CONF_OPTS = --enable-static --disable-zlib --disable-lastlog --disable-utmp \
	--disable-utmpx --disable-wtmp --disable-wtmpx --disable-pututline --disable-pututxline
DROPBEAR_MAKE_OPTS = PROGRAMS="$(DROPBEAR_PROGRAMS)" MULTI=1
define DROPBEAR_BUILD_CMDS
$(MAKE) -C "$(DROPBEAR_BUILDDIR)" -j"$$JOBS" $(DROPBEAR_MAKE_OPTS)
$(TARGET_CROSS)strip "$(DROPBEAR_BUILDDIR)/dropbearmulti"
"$(TOPDIR)/scripts/check-static.sh" "$(DROPBEAR_BUILDDIR)/dropbearmulti"
endef

# The binary and its links, and the service: runsv runs it in the
# foreground (-F), logging to stderr (-E), with password logins off (-s).
define DROPBEAR_INSTALL_CMDS
rm -rf "$(DROPBEAR_DESTDIR)"
mkdir -p "$(DROPBEAR_DESTDIR)/usr/bin" "$(DROPBEAR_DESTDIR)/usr/sbin" "$(DROPBEAR_DESTDIR)/etc/sv/dropbear"
cp "$(DROPBEAR_BUILDDIR)/dropbearmulti" "$(DROPBEAR_DESTDIR)/usr/bin/"
ln -s dropbearmulti "$(DROPBEAR_DESTDIR)/usr/bin/dropbearkey"
ln -s dropbearmulti "$(DROPBEAR_DESTDIR)/usr/bin/scp"
ln -s ../bin/dropbearmulti "$(DROPBEAR_DESTDIR)/usr/sbin/dropbear"
cat >"$(DROPBEAR_DESTDIR)/etc/sv/dropbear/run" <<'RUN'
#!/bin/sh
# dropbear, the SSH server: the host key is made on the first start (an
# ed25519 key, quick to make even under emulation), then kept. The key is
# renamed into place last, so once it exists the directory is complete.
key=/etc/dropbear/dropbear_ed25519_host_key
if [ ! -s "$$key" ]; then
	mkdir -p /etc/dropbear && rm -f /etc/dropbear/.new-key /etc/dropbear/.new-key.pub
	dropbearkey -t ed25519 -f /etc/dropbear/.new-key >/dev/null || exit 1
	mv /etc/dropbear/.new-key.pub "$$key.pub" && mv /etc/dropbear/.new-key "$$key" || exit 1
fi
exec dropbear -F -E -s -r "$$key" -p 22
RUN
chmod 755 "$(DROPBEAR_DESTDIR)/etc/sv/dropbear/run"
endef
