/*
 * What a submission is: programme, agency and period from datapackage.json
 * or the file name, which table each member holds (the datapackage, the
 * member name, the "_<table>" suffix, or the header matched against the
 * Table Schemas' field names), and the submission.json written beside the
 * staged tables. jansson reads the datapackage and the schemas' field names
 * and writes submission.json; nothing else is read from the schemas.
 */
#ifndef INGEST_META_H
#define INGEST_META_H

#include <stddef.h>
#include <stdint.h>

#include "ingest_name.h"
#include "ingest_stage.h"

/* A result of ingest_resolve beyond those of ingest_archive.h. */
#define INGEST_CONFIG 2 /* the schemas cannot be read: exit 78 */

/* Most resources a datapackage.json may list. */
#define INGEST_MAX_RESOURCES 16

struct ingest_resource {
	char table[16];  /* victims, ... */
	char path[512];  /* member name, normalised */
};

/* Field names of each table in ingest_tables, loaded on first need. */
struct ingest_schemas {
	int loaded;
	char **field[8];  /* field[t][i], owned */
	size_t nfield[8];
};

/*
 * Parses datapackage.json text: programme, agency, period into nm (upper
 * case, checked against the code lists) and its resources into
 * res[INGEST_MAX_RESOURCES]. Returns the number of resources, or -1 with a
 * one-line reason in why[n].
 */
int ingest_dp_parse(const char *text, size_t len, struct ingest_name *nm,
    struct ingest_resource *res, char *why, size_t n);

/*
 * Loads the field names of every table from dir/<table>.json. Returns 0,
 * or INGEST_CONFIG after a message. Idempotent.
 */
int ingest_schemas_load(struct ingest_schemas *sc, const char *dir);
void ingest_schemas_release(struct ingest_schemas *sc);

/*
 * The table whose field names the header line at the start of head
 * matches: more than half of the header's names are its fields and no
 * other table has as many. Writes it into table[16] and returns 0, or -1
 * when there is no clear match.
 */
int ingest_header_match(const struct ingest_schemas *sc, const char *head,
    char table[16]);

/*
 * Decides the names: fills nm (programme, agency, period) and the table of
 * every member of st. filename is the inbox name, f its format; the schemas
 * are loaded from schema_dir when a header must be matched. Returns
 * INGEST_OK, INGEST_REJECT (reason in why[n]) or INGEST_CONFIG.
 */
int ingest_resolve(struct ingest_stage *st, const char *filename,
    enum ingest_fmt f, struct ingest_schemas *sc, const char *schema_dir,
    struct ingest_name *nm, char *why, size_t n);

/* Everything submission.json says. */
struct ingest_subinfo {
	const char *id, *programme, *agency, *period, *source, *format;
	const char *sha256, *ingested_at;
	const char *supersedes; /* NULL for none */
	uint64_t size;
	const struct ingest_member *m; /* tables, in any order */
	size_t n;
};

/*
 * Writes submission.json at path atomically (keys sorted, tables sorted by
 * name). Returns 0 or -1 with errno set.
 */
int ingest_write_subjson(const char *path, const struct ingest_subinfo *si);

#endif
