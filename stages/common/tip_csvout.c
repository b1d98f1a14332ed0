/*
 * CSV cell writer with optional formula-injection defusing.
 */
#include <string.h>

#include "tip_csvout.h"

int
tip_csv_is_formula(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	switch (s[0]) {
	case '=': case '+': case '-': case '@': case '\t': case '\r':
		return 1;
	default:
		return 0;
	}
}

int
tip_csv_put(FILE *fp, const char *s, size_t len, int flavour)
{
	int defuse = flavour == TIP_CSV_SPREADSHEET && tip_csv_is_formula(s, len);
	int quote = defuse;

	for (size_t i = 0; i < len && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (!quote)
		return len == 0 || fwrite(s, 1, len, fp) == len ? 0 : -1;
	if (putc('"', fp) == EOF)
		return -1;
	if (defuse && putc('\'', fp) == EOF)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"' && putc('"', fp) == EOF)
			return -1;
		if (putc(s[i], fp) == EOF)
			return -1;
	}
	return putc('"', fp) == EOF ? -1 : 0;
}

int
tip_csv_puts(FILE *fp, const char *s, int flavour)
{
	return tip_csv_put(fp, s, strlen(s), flavour);
}

int
tip_csv_putrow(FILE *fp, const char *const *cells, size_t n, int flavour)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && putc(',', fp) == EOF)
			return -1;
		if (tip_csv_puts(fp, cells[i] != NULL ? cells[i] : "", flavour) != 0)
			return -1;
	}
	return putc('\n', fp) == EOF ? -1 : 0;
}
