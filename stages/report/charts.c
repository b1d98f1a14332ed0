/*
 * Embedding chart files into the page. Charts are treated as untrusted: an
 * SVG is never pasted into the page's markup but carried in an <img> as a
 * base64 data: URI, where browsers run no script and fetch nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html.h"
#include "report.h"
#include "tip_datadir.h"
#include "tip_err.h"

#define REP_MAX_CHART (16L * 1024 * 1024)

/* Reads a regular file of at most REP_MAX_CHART bytes; NULL otherwise. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > REP_MAX_CHART || st.st_size == 0) {
		if (st.st_size > REP_MAX_CHART)
			tip_warn(0, "'%s': larger than %ld bytes, not embedded",
			    path, REP_MAX_CHART);
		close(fd);
		return NULL;
	}
	buf = tip_xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		tip_warn(errno, "cannot read '%s'", path);
		free(buf);
		return NULL;
	}
	*len = got;
	return buf;
}

static int
looks_like_svg(const unsigned char *b, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	return memmem(b, n, "<svg", 4) != NULL;
}

static int
looks_like_png(const unsigned char *b, size_t len)
{
	return len > 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
}

int
rep_chart_embed(FILE *fp, const char *root, const char *stem,
    const char *alt)
{
	static const struct {
		const char *ext, *mime;
		int (*ok)(const unsigned char *, size_t);
	} kinds[] = {
		{"svg", "image/svg+xml", looks_like_svg},
		{"png", "image/png", looks_like_png},
	};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		char *path = tip_path(root, TIP_CHARTS, "%s.%s", stem,
		    kinds[k].ext);
		size_t len = 0;
		unsigned char *buf = slurp(path, &len);
		if (buf != NULL && !kinds[k].ok(buf, len)) {
			tip_warn(0, "'%s': not a %s file, not embedded", path,
			    kinds[k].ext);
			free(buf);
			buf = NULL;
		}
		free(path);
		if (buf == NULL)
			continue;
		fputs("<img class=\"chart\" alt=\"", fp);
		rep_html_esc(fp, alt);
		fprintf(fp, "\" src=\"data:%s;base64,", kinds[k].mime);
		rep_base64_put(fp, buf, len);
		fputs("\">\n", fp);
		free(buf);
		return 1;
	}
	return 0;
}
