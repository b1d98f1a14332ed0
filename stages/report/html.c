/*
 * Escaping and encoding for the HTML report. Nothing here knows the
 * report's layout.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t
utf8_seq(const unsigned char *p, size_t left)
{
	unsigned cp;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xE0) == 0xC0) {
		cp = p[0] & 0x1F;
		n = 2;
	} else if ((p[0] & 0xF0) == 0xE0) {
		cp = p[0] & 0x0F;
		n = 3;
	} else if ((p[0] & 0xF8) == 0xF0) {
		cp = p[0] & 0x07;
		n = 4;
	} else
		return 0;
	if (left < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* The replacement for byte c, or NULL when it is written as it is. */
static const char *
entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\t':
	case '\n':
		return NULL;
	default:
		return c < 0x20 || c == 0x7F ? " " : NULL;
	}
}

int
rep_html_escn(FILE *fp, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_seq(p + i, len - i);
		if (n == 0) {
			fputs("\xEF\xBF\xBD", fp);
			i++;
			continue;
		}
		if (n == 1) {
			const char *e = entity(p[i]);
			if (e != NULL)
				fputs(e, fp);
			else
				putc(p[i], fp);
		} else
			fwrite(p + i, 1, n, fp);
		i += n;
	}
	return ferror(fp) ? -1 : 0;
}

int
rep_html_esc(FILE *fp, const char *s)
{
	if (s == NULL)
		return 0;
	return rep_html_escn(fp, s, strlen(s));
}

char *
rep_html_escdup(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return NULL;
	rep_html_esc(fp, s);
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int
rep_base64_put(FILE *fp, const unsigned char *buf, size_t len)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 3 <= len; i += 3) {
		unsigned v = (unsigned)buf[i] << 16 | (unsigned)buf[i + 1] << 8 |
		    buf[i + 2];
		putc(tab[v >> 18], fp);
		putc(tab[v >> 12 & 63], fp);
		putc(tab[v >> 6 & 63], fp);
		putc(tab[v & 63], fp);
	}
	if (len - i == 1) {
		unsigned v = (unsigned)buf[i] << 16;
		putc(tab[v >> 18], fp);
		putc(tab[v >> 12 & 63], fp);
		fputs("==", fp);
	} else if (len - i == 2) {
		unsigned v = (unsigned)buf[i] << 16 | (unsigned)buf[i + 1] << 8;
		putc(tab[v >> 18], fp);
		putc(tab[v >> 12 & 63], fp);
		putc(tab[v >> 6 & 63], fp);
		putc('=', fp);
	}
	return ferror(fp) ? -1 : 0;
}
