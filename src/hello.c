/* hello: an example app for app mode. Prints its arguments, one per line
 * in brackets, and exits with the status given by -x (default 0).
 * usage: hello [-x STATUS] [ARG...] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	int status = 0, i = 1;

	if (argc > 2 && !strcmp(argv[1], "-x")) {
		status = atoi(argv[2]);
		i = 3;
	}
	printf("hello from app mode, %d argument(s)\n", argc - i);
	for (; i < argc; i++)
		printf("[%s]\n", argv[i]);
	return status;
}
