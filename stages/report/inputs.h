/*
 * The report's other inputs: aggregates/meta.json, aggregates/checks.csv,
 * and per submission its provenance (staged/<id>/submission.json, the
 * ledger), its validation counts (validated/<id>/report.json) and its top
 * error types (rejected/<id>/<table>.csv). Every list has a cap.
 */
#ifndef REPORT_INPUTS_H
#define REPORT_INPUTS_H

#include <stddef.h>

#define REP_MAX_CHECKS 5000 /* kept for display; the rest only counted */
#define REP_MAX_SUBS 10000
#define REP_MAX_ERRKINDS 256 /* distinct error kinds kept per submission */

struct rep_meta {
	char *as_of;    /* "" when unknown; owned */
	char **subs;    /* submission ids the aggregates used; owned */
	size_t nsubs;
	int has_subs;   /* the file lists them */
	long k;         /* suppression threshold, -1 when not stated */
};

/*
 * Reads meta.json. Returns 0, 66 when missing, 65 when it is not a JSON
 * object (messages printed). m is filled with defaults on failure; the
 * caller releases it either way.
 */
int rep_meta_load(struct rep_meta *m, const char *path);
void rep_meta_release(struct rep_meta *m);
int rep_meta_used(const struct rep_meta *m, const char *id);

enum { CK_CHECK, CK_PROGRAMME, CK_COUNTRY, CK_PERIOD, CK_DETAIL, CK_SEVERITY,
	CK_NCOLS };

struct rep_checks {
	char *(*row)[CK_NCOLS]; /* owned */
	size_t n, cap;
	unsigned long total;    /* rows in the file, kept or not */
	unsigned long nerror, nwarning;
	int present;            /* the file exists */
};

/* Reads checks.csv; a missing file is not an error. Returns 0, 65 or 74. */
int rep_checks_load(struct rep_checks *ck, const char *path);
void rep_checks_release(struct rep_checks *ck);

struct rep_errkind {
	char *what; /* "victims.age: out_of_range" (owned) */
	unsigned long long n;
};

struct rep_sub {
	char *id, *programme, *agency, *period; /* owned, "" when unknown */
	char *source, *sha256, *ingested_at, *format, *supersedes;
	char *outcome;       /* ledger outcome: staged, duplicate, quarantined */
	char *reason;        /* quarantine reason */
	char *superseded_by; /* id, or "" when current */
	int staged;          /* staged/<id>/submission.json was read */
	int validated;       /* validated/<id>/report.json was read */
	char *vstatus;       /* accepted / rejected (report.json) */
	long long rows_read, accepted, rejected; /* -1 when unknown */
	struct rep_errkind *err;
	size_t nerr;
	unsigned long long err_other; /* errors beyond REP_MAX_ERRKINDS kinds */
};

struct rep_subs {
	struct rep_sub *s; /* in ledger order, then the rest by id */
	size_t n, cap;
};

/*
 * Collects every submission the data directory knows: the ledger first, then
 * staged/ and validated/ folders the ledger lacks. Returns 0, or 65 when a
 * file was unreadable (it is skipped, after a message).
 */
int rep_subs_load(struct rep_subs *ss, const char *root);
void rep_subs_release(struct rep_subs *ss);

/* Sorts a submission's error kinds by count, most frequent first. */
void rep_sub_sort_errors(struct rep_sub *s);

#endif
