/* initlib.c: string vectors, file reading and status encoding for init. */
#define _XOPEN_SOURCE 700
#include "initlib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int strv_add(struct strv *sv, const char *s)
{
	char **v = realloc(sv->v, (sv->n + 2) * sizeof(*v));
	char *copy;

	if (!v)
		return -1;
	sv->v = v;
	if (!(copy = strdup(s)))
		return -1;
	v[sv->n++] = copy;
	v[sv->n] = NULL;
	return 0;
}

void strv_free(struct strv *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}

int strv_setenv(struct strv *sv, const char *entry)
{
	const char *eq = strchr(entry, '=');
	size_t len, i, j;
	int found = 0;

	if (!eq || eq == entry) {
		errno = EINVAL;
		return -1;
	}
	len = (size_t)(eq - entry) + 1; /* the name and its '=' */
	for (i = j = 0; i < sv->n; i++) {
		char *s = sv->v[i];

		if (strncmp(s, entry, len)) {
			sv->v[j++] = s;
			continue;
		}
		/* getenv() takes the first entry, but the app may scan them
		 * all: keep one. */
		if (found) {
			free(s);
			continue;
		}
		/* The first match comes before any removal: on failure the
		 * vector is still whole. */
		if (!(sv->v[j] = strdup(entry))) {
			sv->v[j] = s;
			return -1;
		}
		free(s);
		j++;
		found = 1;
	}
	sv->n = j;
	if (sv->v)
		sv->v[j] = NULL;
	return found ? 0 : strv_add(sv, entry);
}

int strv_split(struct strv *sv, const char *buf, size_t len)
{
	size_t start = 0, i;

	for (i = 0; i <= len; i++) {
		char *s;
		int r;

		if (i < len && buf[i])
			continue;
		if (i == len && start == len)
			break;
		if (!(s = malloc(i - start + 1)))
			return -1;
		memcpy(s, buf + start, i - start);
		s[i - start] = '\0';
		r = strv_add(sv, s);
		free(s);
		if (r)
			return -1;
		start = i + 1;
	}
	return 0;
}

int read_file(const char *path, char **buf, size_t *len)
{
	size_t cap = 256, n = 0;
	char *b = malloc(cap);
	int fd, saved;

	if (!b)
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		goto fail;
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb = realloc(b, cap *= 2);

			if (!nb)
				goto fail_fd;
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail_fd;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*buf = b;
	*len = n;
	return 0;
fail_fd:
	saved = errno;
	close(fd);
	errno = saved;
fail:
	saved = errno;
	free(b);
	errno = saved;
	return -1;
}

int in_child(void (*off)(void))
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		off();
		_exit(0);
	}
	/* Any failure but EINTR means there is no child left to wait for. */
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return 0;
}

int status_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 255;
}
