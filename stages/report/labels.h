/*
 * What the report knows about names: the indicator catalogue (titles,
 * pillars, definitions), programme and pillar names and colours (the same
 * Okabe-Ito palette as tip-chart), code labels, period labels and number
 * formatting. Codes it does not know are shown generically, never dropped.
 */
#ifndef REPORT_LABELS_H
#define REPORT_LABELS_H

#include <stddef.h>

enum rep_pillar { RP_PREVENTION, RP_PROTECTION, RP_PROSECUTION,
	RP_PARTNERSHIP, RP_OTHER, RP_NPILLAR };

struct rep_indicator_info {
	const char *id;
	enum rep_pillar pillar;
	const char *title;      /* short title */
	const char *definition; /* for the methods note */
	int percent;            /* a share in [0,1] shown as a percentage */
	int headline;           /* shown in the key figures */
};

/* Known indicators in catalogue order, then a zeroed entry. */
extern const struct rep_indicator_info rep_indicators[];
/* The entry for id, or NULL when unknown. */
const struct rep_indicator_info *rep_indicator_info(const char *id);
/* Catalogue position of id (unknown ids sort after all known ones). */
int rep_indicator_rank(const char *id);

const char *rep_pillar_name(enum rep_pillar p);     /* "Prevention" */
const char *rep_pillar_id(enum rep_pillar p);       /* "prevention" */
const char *rep_pillar_colour(enum rep_pillar p);   /* "#009E73" */
enum rep_pillar rep_pillar_from(const char *s);     /* RP_OTHER if unknown */

/* Programme display name ("Serbia"), or NULL when unknown. */
const char *rep_programme_name(const char *code);
/* Palette colour of a programme; grey for unknown ones. */
const char *rep_programme_colour(const char *code);
/* Catalogue position (unknown ones after). */
int rep_programme_rank(const char *code);

/*
 * Loads country names from dir/reference/countries.csv (iso3,m49,name), at
 * most 512. A missing file leaves codes shown as they are. Not thread-safe.
 */
void rep_countries_load(const char *schema_dir);
void rep_countries_release(void);
/* Name of an ISO3 code, or the code itself when unknown. */
const char *rep_country_name(const char *iso3);

/* Label of a dimension code ("female" -> "Female"); a new string. */
char *rep_code_label(const char *code);

/*
 * "2010 Q1" for "2010Q1", "2010" for a year, the input otherwise. Writes
 * into buf[32].
 */
const char *rep_period_label(const char *p, char buf[32]);
/* 1 for YYYY, 2 for YYYYQn, 0 otherwise. */
int rep_period_kind(const char *p);

/*
 * Formats a value for display into buf[64]: integers with thousands
 * separators, shares as percentages with one decimal, other numbers with
 * one or two decimals. Returns NULL when v is not a number (show it as
 * text).
 */
/* percent: 0 plain, 1 a share in 0..1, 2 a value already in percent. */
const char *rep_format_value(const char *v, int percent, char buf[64]);

#endif
