/*
 * Fuzz harness for tip-chart's label quoters. Whatever the bytes:
 * chart_gp_quote either refuses (NULL) or returns one single-quoted gnuplot
 * literal with every inner quote doubled and no control byte, which
 * un-quotes back to the input; chart_dat_label returns one double-quoted
 * .dat field without control bytes or inner '"', at most CHART_LABEL_MAX
 * bytes of text plus "...". Periods parse or are refused without reading
 * past the string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../../stages/chart/chart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *q = chart_gp_quote(s, size);
	char *l = chart_dat_label(s, size);
	size_t n;

	if (q != NULL) {
		char *back = malloc(size + 1);
		size_t k = 0;

		n = strlen(q);
		if (n < 2 || q[0] != '\'' || q[n - 1] != '\'')
			abort();
		for (size_t i = 1; i + 1 < n; i++) {
			unsigned char c = (unsigned char)q[i];
			if (c < 0x20 || c == 0x7f)
				abort();
			if (c == '\'') {
				if (q[i + 1] != '\'' || i + 2 >= n)
					abort();
				i++;
			}
			if (k >= size)
				abort();
			back[k++] = (char)c;
		}
		if (k != size || memcmp(back, s, size) != 0)
			abort();
		free(back);
		free(q);
	}
	n = strlen(l);
	if (n < 2 || l[0] != '"' || l[n - 1] != '"' ||
	    n > CHART_LABEL_MAX + 5)
		abort();
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char c = (unsigned char)l[i];
		if (c < 0x20 || c == 0x7f || c == '"')
			abort();
	}
	free(l);

	if (size < 16) {
		char buf[16];
		memcpy(buf, s, size);
		buf[size] = '\0';
		int p = chart_period_parse(buf);
		if (p >= 0) {
			char b[8];
			chart_period_format(p, b);
			if (strcmp(b, buf) != 0)
				abort();
		}
	}
	return 0;
}
