/*
 * Making data-derived text harmless to gnuplot. gnuplot has no safe mode:
 * backquotes, system(), '!' lines and '<' file names run commands. Labels
 * therefore go into .dat fields (read as data, never parsed as commands),
 * and the few strings that must sit in a script are single-quoted, where
 * gnuplot expands nothing, with control characters refused so that no
 * string can end a line and start a command.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "tip_csv.h"
#include "tip_datadir.h"

#define QUOTE_MAX 1000 /* longest string accepted into a script */

char *
chart_gp_quote(const char *s, size_t len)
{
	size_t i, n = 2;
	char *out, *p;

	if (len > QUOTE_MAX || !tip_utf8_valid(s, len)) {
		errno = EINVAL;
		return NULL;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			errno = EINVAL;
			return NULL;
		}
		n += c == '\'' ? 2 : 1;
	}
	out = tip_xmalloc(n + 1);
	p = out;
	*p++ = '\'';
	for (i = 0; i < len; i++) {
		if (s[i] == '\'')
			*p++ = '\'';
		*p++ = s[i];
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

/* Length of the UTF-8 sequence at s (max n bytes), 0 when invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4;
	else
		return 0;
	if (k > n || !tip_utf8_valid((const char *)s, k))
		return 0;
	return k;
}

char *
chart_dat_label(const char *s, size_t len)
{
	/* quotes + label + "..." + NUL */
	char *out = tip_xmalloc(CHART_LABEL_MAX + 6);
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	char *p = out;

	*p++ = '"';
	while (i < len) {
		size_t k = utf8_len(u + i, len - i);
		if (k == 0) {
			k = 1; /* one bad byte becomes one '?' */
			if (o + 1 > CHART_LABEL_MAX)
				goto cut;
			*p++ = '?';
			o++;
		} else if (k == 1) {
			unsigned char c = u[i];
			if (o + 1 > CHART_LABEL_MAX)
				goto cut;
			if (c < 0x20 || c == 0x7f)
				c = ' ';
			else if (c == '"')
				c = '\'';
			*p++ = (char)c;
			o++;
		} else {
			if (o + k > CHART_LABEL_MAX)
				goto cut;
			memcpy(p, u + i, k);
			p += k;
			o += k;
		}
		i += k;
	}
	goto done;
cut:
	memcpy(p, "...", 3);
	p += 3;
done:
	*p++ = '"';
	*p = '\0';
	return out;
}
