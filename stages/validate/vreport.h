/*
 * The per-submission results of tip-validate: report.json (counts per
 * table and per error code, the first errors) written with jansson.
 */
#ifndef VAL_REPORT_H
#define VAL_REPORT_H

#include <stddef.h>

#include "vtable.h"

struct val_tres {
	char *name;                /* table name (owned) */
	struct val_counts n;
};

struct val_report {
	const char *id, *programme, *agency, *period;
	int accepted;              /* status: 1 accepted, 0 rejected whole */
	char *reason;              /* why rejected whole (owned), or NULL */
	struct val_tres *t;        /* tables in the order validated */
	size_t nt;
	struct val_first first;
};

/*
 * The report as JSON text (indent 2, sorted keys, final LF); the caller
 * frees it. Returns NULL only when out of memory.
 */
char *val_report_json(const struct val_report *r);
void val_report_release(struct val_report *r);

#endif
