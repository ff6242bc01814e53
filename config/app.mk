# App mode: one static program as the whole userland, run by the tiny init
# in src/init.c. Set APP (here or on the command line) to switch it on:
#   make run APP=path/to/static-binary APP_ARGS='-v "two words"'
APP ?=
# Arguments and environment (KEY=VALUE words), split as the shell would.
APP_ARGS ?=
APP_ENV ?=
APP_HOSTNAME ?= app

# The init of the busybox system: busybox (default), or tiny for src/init.c
# running /etc/init.d/tiny, a lighter alternative.
SYSTEM_INIT ?= busybox
