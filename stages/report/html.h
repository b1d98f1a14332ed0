/*
 * HTML output helpers for the donor report: escaping of data-derived text
 * for element content and attribute values, and base64 for data: URIs.
 * Every string that comes from the data directory goes through here.
 */
#ifndef REPORT_HTML_H
#define REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes s[0..len) escaped for HTML text or a quoted attribute value:
 * & < > " ' become entities, invalid UTF-8 bytes become U+FFFD and control
 * characters other than TAB and LF become a space, so the page stays well
 * formed whatever the bytes. Returns 0, or -1 when fp is in error.
 */
int rep_html_escn(FILE *fp, const char *s, size_t len);
/* rep_html_escn on a NUL-terminated string; NULL writes nothing. */
int rep_html_esc(FILE *fp, const char *s);

/*
 * Escapes s into a new string (same rules). Returns NULL only when out of
 * memory; the caller frees it.
 */
char *rep_html_escdup(const char *s);

/* Writes buf[0..len) as standard base64 without line breaks. */
int rep_base64_put(FILE *fp, const unsigned char *buf, size_t len);

#endif
