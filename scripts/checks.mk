# scripts/checks.mk: every setting a user gives is checked here, at parse
# time, before anything is created: paths without blanks or bytes a recipe
# cannot quote, numbers in decimal within bounds. Nothing here runs a shell
# on a value, so a hostile value cannot run as code while it is checked.

comma := ,
space := $() $()
define newline


endef

# The bytes a path given to the build may hold: recipes and scripts pass
# paths unquoted in places (make splits words on blanks), so only these.
safe-path-chars := a b c d e f g h i j k l m n o p q r s t u v w x y z \
	A B C D E F G H I J K L M N O P Q R S T U V W X Y Z 0 1 2 3 4 5 6 7 8 9 / . _ - + , @
# $(call strip-chars,TEXT,CHARS): TEXT without any of CHARS.
strip-chars = $(if $(2),$(call strip-chars,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
# $(call bad-bytes,TEXT): what in TEXT is not a safe path byte, blanks shown as such.
bad-bytes = $(if $(filter-out 1,$(words x$(1)x)),a blank )$(strip $(call strip-chars,$(1),$(safe-path-chars)))

# $(call check-path,NAME,VALUE): VALUE is a usable path for NAME.
check-path = $(if $(strip $(call bad-bytes,$(2))),$(error $(1)='$(2)': a path here may hold only letters, \
	digits and / . _ - + , @ (found: $(call bad-bytes,$(2))); choose another directory))

# $(call check-out-dir,NAME,ABSPATH): NAME may be emptied by make clean or
# distclean, so it must not be /, the home directory, this checkout or a
# directory that holds it.
out-dir-what = $(if $(filter /,$(2)),/,$(if $(filter $(abspath $(HOME)),$(2)),the home directory,$(if \
	$(filter $(TOPDIR),$(2)),this checkout,a directory that holds this checkout)))
check-out-dir = $(if $(filter / $(abspath $(HOME)) $(TOPDIR),$(2))$(filter $(2)/%,$(TOPDIR)/),$(error $(1)=$(2) \
	is $(out-dir-what); make clean would empty it: give a directory of its own, such as $(TOPDIR)/out))

# $(call check-number,NAME,VALUE,MIN,MAX): VALUE is a decimal number in
# [MIN, MAX], without leading zeros (0100 would be octal to the shell).
# Only a value made of 1 to 10 digits reaches the shell's test.
digits := 0 1 2 3 4 5 6 7 8 9
is-number = $(and $(filter 1,$(words x$(1)x)),$(filter 1 2 3 4 5 6 7 8 9 10,$(words $(subst x, x,$(call \
	strip-chars,$(foreach d,$(digits),$(subst $(d),x,$(1))),$(digits))))),$(if $(call strip-chars,$(1),$(digits)),,1),\
	$(if $(filter 0%,$(1)),$(filter 0,$(1)),1))
check-number = $(if $(call is-number,$(2)),$(if $(shell [ $(2) -ge $(3) ] && [ $(2) -le $(4) ] && echo ok),,\
	$(error $(1)=$(2) is out of range: from $(3) to $(4))),$(error $(1)='$(2)' must be a decimal number from $(3) to $(4)))

# $(call check-mem,NAME,VALUE,MIN): a qemu memory size, NUMBER[KMG] (M when
# no suffix), at least MIN (checked the same way).
mem-number = $(patsubst %K,%,$(patsubst %M,%,$(patsubst %G,%,$(1))))
mem-kib = $(shell echo $$(( $(call mem-number,$(1)) * $(if $(filter %G,$(1)),1048576,$(if $(filter %K,$(1)),1,1024)) )))
check-mem = $(if $(call is-number,$(call mem-number,$(2))),,$(error $(1)='$(2)' must be a memory size such \
	as 256M or 1G))$(if $(3),$(if $(shell [ $(call mem-kib,$(2)) -ge $(call mem-kib,$(3)) ] && echo ok),,\
	$(error $(1)=$(2) is too little: $(ARCH)'s system needs at least $(3) (QEMU_MEM_MIN, config/arch/$(ARCH).mk))))

# $(call check-word,NAME,VALUE): a name such as a hostname or a seed:
# letters, digits, . _ -, and not empty.
word-chars := $(filter-out / + $(comma) @,$(safe-path-chars))
check-word = $(if $(and $(filter 1,$(words x$(2)x)),$(2),$(if $(call strip-chars,$(2),$(word-chars)),,1)),,\
	$(error $(1)='$(2)' may hold only letters, digits and . _ -))

# $(call check-file-name,NAME,VALUE): a word that names a file in a
# directory: no slash, and not . or .. or a hidden name.
check-file-name = $(call check-word,$(1),$(2))$(if $(filter .%,$(2)),$(error $(1)='$(2)' must be a file's \
	name, not beginning with a dot))

# $(call check-text,NAME,VALUE): free text that recipes quote as '...' and
# the kernel or qemu split on blanks: no quotes, backslashes, $, backquotes
# or line breaks.
check-text = $(if $(findstring ',$(2))$(findstring ",$(2))$(findstring \,$(2))$(findstring $$,$(2))$(findstring \
	`,$(2))$(findstring $(newline),$(2)),$(error $(1) may not hold quotes, backslashes, $$, backquotes or line \
	breaks: '$(2)'))

# $(call check-hostfwd,RULES): each rule PROTO:[HOSTADDR]:PORT-[GUESTADDR]:PORT
# holds only what such a rule can, so that nothing else reaches qemu's
# -netdev (a comma would add options); scripts/hostfwd.sh parses the rest.
hostfwd-chars := $(digits) . : - t c p u d
check-hostfwd = $(foreach r,$(1),$(if $(call strip-chars,$(r),$(hostfwd-chars)),$(error HOSTFWD rule '$(r)' \
	is not PROTO:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, such as tcp::8080-:80)))
