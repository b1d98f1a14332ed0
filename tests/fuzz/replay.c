/*
 * Replays a fuzz harness's committed corpus as an ordinary test, so every
 * input that once crashed (and is added to the corpus) stays fixed in
 * `make check`, under ASan in `make asan`. Built once per harness with
 * TIP_CORPUS naming its corpus folder; prints one TAP line per input.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	DIR *d = opendir(TIP_CORPUS);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (d == NULL) {
		printf("ok - %s # SKIP no corpus\n", TIP_CORPUS);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL)
				return 70;
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", TIP_CORPUS, names[i]);
		FILE *fp = fopen(path, "rb");
		if (fp == NULL) {
			printf("not ok - %s: cannot open\n", path);
			continue;
		}
		size_t len = 0, bcap = 4096;
		uint8_t *buf = malloc(bcap);
		size_t r;
		while (buf != NULL && (r = fread(buf + len, 1, bcap - len, fp)) > 0) {
			len += r;
			if (len == bcap) {
				bcap *= 2;
				buf = realloc(buf, bcap);
			}
		}
		fclose(fp);
		if (buf == NULL)
			return 70;
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok - replay %s\n", path);
		fflush(stdout);
		free(names[i]);
	}
	free(names);
	return 0;
}
