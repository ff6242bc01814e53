/* initlib.h: the parts of init that do not need to be PID 1, so that they
 * can be tested on the host. */
#ifndef INITLIB_H
#define INITLIB_H

#include <stddef.h>

/* A NULL-terminated vector of strings, as for execve(). */
struct strv {
	char **v;
	size_t n;
};

/* Append a copy of s; returns -1 with errno set when out of memory. */
int strv_add(struct strv *sv, const char *s);
void strv_free(struct strv *sv);

/* Set entry, a "NAME=VALUE" string, in the environment sv: it replaces the
 * first entry for NAME and removes any later ones, or is appended. Entries
 * without '=' are left alone. Returns -1 with errno set: EINVAL when entry
 * has no '=' or an empty NAME, ENOMEM. */
int strv_setenv(struct strv *sv, const char *entry);

/* Append the NUL-separated strings in buf[0..len) to sv. A missing final
 * NUL is tolerated; empty strings are kept. Returns -1 on ENOMEM. */
int strv_split(struct strv *sv, const char *buf, size_t len);

/* Read a whole file into a malloc'd buffer. Returns -1 with errno set. */
int read_file(const char *path, char **buf, size_t *len);

/* Run off() in a child and wait for it, so that the caller survives when
 * off() ends the task that calls it: reboot(RB_POWER_OFF) does that when
 * the machine did not power off, and PID 1 must never end. Returns 0 once
 * the child has ended, or -1 with errno set if there is no child: then the
 * caller must decide whether to call off() itself. */
int in_child(void (*off)(void));

/* The shell's view of a wait status: the exit status, or 128+N for a
 * process killed by signal N. */
int status_code(int wstatus);

#endif
