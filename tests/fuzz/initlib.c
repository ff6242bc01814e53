/* libFuzzer harness for src/initlib.c, what init makes of /etc/init.argv
 * and /etc/init.env: the input is split at NULs, and each string is then
 * set into an environment. Checked against a model written apart: the split
 * gives back exactly the input's strings, and the environment holds each
 * name once, with the value set last. Anything else aborts. */
#include "../../src/initlib.c"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The model's view: NAME=VALUE with a non-empty name. */
static size_t name_len(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq && eq != s ? (size_t)(eq - s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strv sv = {0}, env = {0};
	const char *p = size ? (const char *)data : "", *end = p + size;
	size_t i, j;

	if (strv_split(&sv, p, size))
		abort();
	/* The strings, in order, are the input's NUL-separated pieces; a
	 * missing final NUL is tolerated. */
	for (i = 0; i < sv.n; i++) {
		size_t n = strlen(sv.v[i]);

		if (p > end || (size_t)(end - p) < n || memcmp(p, sv.v[i], n) ||
		    (p + n < end && p[n]))
			abort();
		p += n + 1;
	}
	if (p < end || (sv.n && sv.v[sv.n]))
		abort();
	for (i = 0; i < sv.n; i++) {
		int r = strv_setenv(&env, sv.v[i]);

		if (r && (errno != EINVAL || name_len(sv.v[i])))
			abort();
		if (!r && !name_len(sv.v[i]))
			abort();
	}
	/* Each name once, with the last value given for it. */
	for (i = 0; i < env.n; i++) {
		size_t n = name_len(env.v[i]);

		if (!n)
			abort();
		for (j = i + 1; j < env.n; j++)
			if (name_len(env.v[j]) == n &&
			    !memcmp(env.v[i], env.v[j], n))
				abort();
		for (j = sv.n; j-- > 0;)
			if (name_len(sv.v[j]) == n &&
			    !memcmp(sv.v[j], env.v[i], n))
				break;
		if (strcmp(sv.v[j], env.v[i]))
			abort();
	}
	/* And no name given is missing. */
	for (i = 0; i < sv.n; i++) {
		size_t n = name_len(sv.v[i]);

		for (j = 0; n && j < env.n; j++)
			if (name_len(env.v[j]) == n &&
			    !memcmp(sv.v[i], env.v[j], n))
				break;
		if (n && j == env.n)
			abort();
	}
	if (env.n && env.v[env.n])
		abort();
	strv_free(&sv);
	strv_free(&env);
	return 0;
}
