/*
 * Names of submissions: the file-name convention PROGRAMME_AGENCY_YYYYQn
 * [_table].ext, the code lists it is checked against, submission ids, the
 * format a name or its first bytes announce, and the safety of member names
 * inside archives. Pure string work: no I/O here.
 */
#ifndef INGEST_NAME_H
#define INGEST_NAME_H

#include <stddef.h>

/* Submission formats, by file name. */
enum ingest_fmt {
	INGEST_FMT_UNKNOWN = 0,
	INGEST_FMT_TAR,   /* .tar */
	INGEST_FMT_TGZ,   /* .tar.gz, .tgz */
	INGEST_FMT_TXZ,   /* .tar.xz, .txz */
	INGEST_FMT_ZIP,   /* .zip */
	INGEST_FMT_CSVGZ, /* .csv.gz: one table */
	INGEST_FMT_CSV,   /* .csv: one table */
	INGEST_FMT_COUNT
};

/* What the first bytes of a file say it is. */
enum ingest_magic {
	INGEST_MAGIC_NONE = 0, /* nothing known: text, presumably */
	INGEST_MAGIC_GZIP,
	INGEST_MAGIC_XZ,
	INGEST_MAGIC_ZIP,
	INGEST_MAGIC_TAR,
	INGEST_MAGIC_BZIP2,
	INGEST_MAGIC_ZSTD,
	INGEST_MAGIC_7Z,
	INGEST_MAGIC_RAR,
	INGEST_MAGIC_EMPTY /* zero bytes */
};

/* Bytes ingest_magic() wants to see to recognise everything (tar: 262). */
#define INGEST_MAGIC_LEN 512

/* The four tables of a submission, NULL-terminated. */
extern const char *const ingest_tables[];

/* What a submission's file name says; strings are NUL-terminated. */
struct ingest_name {
	char programme[16]; /* SRB, ARG-BOL, ... upper case */
	char agency[16];    /* UNODC, IOM, UNHCR, GOV */
	char period[8];     /* 2010Q1 */
	char table[16];     /* "_<table>" suffix of a single CSV, or "" */
};

/* "tar", "tar.gz", "tar.xz", "zip", "csv.gz", "csv" ("unknown"). */
const char *ingest_fmt_name(enum ingest_fmt f);

/* The format a file name's extension announces (case-insensitive). */
enum ingest_fmt ingest_fmt_from_name(const char *name);

/* 1 for the formats that hold one table (csv, csv.gz). */
int ingest_fmt_single(enum ingest_fmt f);

/* Recognises the first len bytes of a file (len may be short). */
enum ingest_magic ingest_magic(const void *buf, size_t len);
/* "gzip", "xz", "zip", ..., "text", "empty". */
const char *ingest_magic_name(enum ingest_magic m);
/* 1 when m is some archive or compressed format. */
int ingest_magic_is_archive(enum ingest_magic m);

/*
 * Checks that content m fits the format f the name announced. Returns 0,
 * or -1 after writing a one-line reason into why[n].
 */
int ingest_fmt_check(enum ingest_fmt f, enum ingest_magic m, char *why,
    size_t n);

/* 1 when s is in the code list. Exact, upper case. */
int ingest_valid_programme(const char *s);
int ingest_valid_agency(const char *s);
/* YYYYQn with 1900 <= YYYY <= 2999 and n in 1..4. */
int ingest_valid_period(const char *s);
/* 1 when t is one of ingest_tables. */
int ingest_table_known(const char *t);

/*
 * Parses PROGRAMME_AGENCY_YYYYQn[_more].ext (codes case-insensitive,
 * returned upper case). A fourth part that names a table fills table; other
 * extra parts are ignored. Returns 0, or -1 when the name does not follow
 * the convention (out is then zeroed).
 */
int ingest_parse_name(const char *filename, struct ingest_name *out);

/* "<PROGRAMME>-<AGENCY>-<PERIOD>-<sha12>" into buf[n]; returns snprintf's. */
int ingest_make_id(char *buf, size_t n, const char *programme,
    const char *agency, const char *period, const char *sha12);

/*
 * Splits a submission id made by ingest_make_id (the programme may hold a
 * '-'). Returns 0, or -1 when id is not one (out zeroed, sha12 "").
 */
int ingest_parse_id(const char *id, struct ingest_name *out, char sha12[13]);

/*
 * Checks an archive member name and writes its normal form (leading "./"
 * dropped) into norm[n]. Returns 0, or -1 with a static reason in *why
 * ("absolute path", "'..' in path", "backslash in path", ...).
 */
int ingest_member_name(const char *path, char *norm, size_t n,
    const char **why);

/* 1 when a member name ends in an archive or compression extension. */
int ingest_name_is_archive(const char *name);

#endif
