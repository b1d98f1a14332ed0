/*
 * tip-ingest: moves inbox submissions into staged/<id>/ (or quarantine/
 * with a reason), records each in the ledger and archives the inbox file.
 */
#ifndef INGEST_H
#define INGEST_H

#include "ingest_archive.h"
#include "tip_opts.h"

struct ingest_opts {
	struct tip_common_opts co; /* -d, -q, -v */
	const char *schemas;       /* --schemas DIR */
	int wait;                  /* --wait SECONDS */
	struct ingest_limits lim;  /* --max-entries, --max-entry-size,
	                              --max-total-size, --max-ratio */
	char **files;              /* FILE...: only these inbox names */
	int nfiles;
};

/*
 * Ingests the inbox (or the named files) of the data directory. Returns
 * the exit status: 0, 65 when something was quarantined, or a hard error
 * (66, 73, 74, 75, 78) after a message.
 */
int ingest_run(const struct ingest_opts *o);

#endif
