/*
 * Submission metadata: datapackage.json, table recognition and
 * submission.json.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_meta.h"
#include "tip_afile.h"
#include "tip_datadir.h"
#include "tip_err.h"

/* Copies a JSON string upper-cased into dst[n]; -1 if absent or too long. */
static int
get_code(json_t *obj, const char *key, char *dst, size_t n)
{
	const char *s = json_string_value(json_object_get(obj, key));
	size_t len;

	if (s == NULL || (len = strlen(s)) == 0 || len >= n)
		return -1;
	for (size_t i = 0; i <= len; i++)
		dst[i] = s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 32) : s[i];
	return 0;
}

/* Table named by a resource: its schema ("victims" or "victims.json"), else
 * its name. */
static const char *
resource_table(json_t *r, char *buf, size_t n)
{
	const char *s = json_string_value(json_object_get(r, "schema"));

	if (s != NULL) {
		size_t len;
		const char *base = strrchr(s, '/');
		base = base ? base + 1 : s;
		len = strlen(base);
		if (len > 5 && strcmp(base + len - 5, ".json") == 0)
			len -= 5;
		if (len < n) {
			memcpy(buf, base, len);
			buf[len] = '\0';
			if (ingest_table_known(buf))
				return buf;
		}
	}
	s = json_string_value(json_object_get(r, "name"));
	if (s != NULL && ingest_table_known(s))
		return s;
	return NULL;
}

int
ingest_dp_parse(const char *text, size_t len, struct ingest_name *nm,
    struct ingest_resource *res, char *why, size_t n)
{
	json_error_t jerr;
	json_t *root, *list, *r;
	size_t i;
	int nres = -1;

	memset(nm, 0, sizeof(*nm));
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(why, n, "datapackage.json: %s at line %d", jerr.text,
		    jerr.line);
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(why, n, "datapackage.json is not a JSON object");
		goto out;
	}
	if (get_code(root, "programme", nm->programme, sizeof(nm->programme)) ||
	    !ingest_valid_programme(nm->programme)) {
		snprintf(why, n, "datapackage.json: missing or unknown "
		    "programme");
		goto out;
	}
	if (get_code(root, "agency", nm->agency, sizeof(nm->agency)) ||
	    !ingest_valid_agency(nm->agency)) {
		snprintf(why, n, "datapackage.json: missing or unknown agency");
		goto out;
	}
	if (get_code(root, "period", nm->period, sizeof(nm->period)) ||
	    !ingest_valid_period(nm->period)) {
		snprintf(why, n, "datapackage.json: missing or bad period "
		    "(want YYYYQn)");
		goto out;
	}
	list = json_object_get(root, "resources");
	if (!json_is_array(list) || json_array_size(list) == 0) {
		snprintf(why, n, "datapackage.json: no resources");
		goto out;
	}
	if (json_array_size(list) > INGEST_MAX_RESOURCES) {
		snprintf(why, n, "datapackage.json: more than %d resources",
		    INGEST_MAX_RESOURCES);
		goto out;
	}
	json_array_foreach(list, i, r) {
		char tb[16];
		const char *t = resource_table(r, tb, sizeof(tb));
		const char *p = json_string_value(json_object_get(r, "path"));
		const char *bad;
		if (t == NULL) {
			snprintf(why, n, "datapackage.json: resource %zu names "
			    "no known table", i + 1);
			goto out;
		}
		if (p == NULL || ingest_member_name(p, res[i].path,
		    sizeof(res[i].path), &bad) != 0) {
			snprintf(why, n, "datapackage.json: resource '%s' has "
			    "no usable path", t);
			goto out;
		}
		snprintf(res[i].table, sizeof(res[i].table), "%s", t);
		for (size_t j = 0; j < i; j++)
			if (strcmp(res[j].table, t) == 0) {
				snprintf(why, n, "datapackage.json: table '%s' "
				    "listed twice", t);
				goto out;
			}
	}
	nres = (int)json_array_size(list);
out:
	json_decref(root);
	if (nres < 0)
		memset(nm, 0, sizeof(*nm));
	return nres;
}

void
ingest_schemas_release(struct ingest_schemas *sc)
{
	for (size_t t = 0; t < sizeof(sc->field) / sizeof(sc->field[0]); t++) {
		for (size_t i = 0; i < sc->nfield[t]; i++)
			free(sc->field[t][i]);
		free(sc->field[t]);
	}
	memset(sc, 0, sizeof(*sc));
}

int
ingest_schemas_load(struct ingest_schemas *sc, const char *dir)
{
	if (sc->loaded)
		return 0;
	for (size_t t = 0; ingest_tables[t] != NULL; t++) {
		char *path = tip_strdupf("%s/%s.json", dir, ingest_tables[t]);
		json_error_t jerr;
		json_t *root = json_load_file(path, 0, &jerr);
		json_t *fields = json_object_get(root, "fields"), *f;
		size_t i;

		if (root == NULL || !json_is_array(fields)) {
			tip_warn(0, "cannot read schema '%s': %s", path,
			    root == NULL ? jerr.text : "no fields");
			json_decref(root);
			free(path);
			ingest_schemas_release(sc);
			return INGEST_CONFIG;
		}
		sc->field[t] = tip_xcalloc(json_array_size(fields) + 1,
		    sizeof(char *));
		json_array_foreach(fields, i, f) {
			const char *name = json_string_value(
			    json_object_get(f, "name"));
			if (name != NULL)
				sc->field[t][sc->nfield[t]++] = tip_xstrdup(name);
		}
		json_decref(root);
		free(path);
	}
	sc->loaded = 1;
	return 0;
}

/* Splits the header line into names (quotes removed); returns their count. */
static size_t
split_header(const char *head, char names[][64], size_t max)
{
	const char *p = head;
	size_t n = 0;

	if ((unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
	    (unsigned char)p[2] == 0xbf)
		p += 3;
	if (strchr(p, '\n') == NULL && strlen(p) >= INGEST_HEAD - 3)
		return 0; /* no whole first line */
	while (n < max) {
		size_t len = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"') {
			p++;
			while (*p != '\0' && !(p[0] == '"' && p[1] != '"')) {
				if (p[0] == '"')
					p++;
				if (len < 63)
					names[n][len++] = *p;
				p++;
			}
			if (*p == '"')
				p++;
		}
		while (*p != '\0' && *p != ',' && *p != '\n' && *p != '\r') {
			if (len < 63)
				names[n][len++] = *p;
			p++;
		}
		while (len > 0 && (names[n][len - 1] == ' ' ||
		    names[n][len - 1] == '\t'))
			len--;
		names[n++][len] = '\0';
		if (*p != ',')
			break;
		p++;
	}
	return n;
}

int
ingest_header_match(const struct ingest_schemas *sc, const char *head,
    char table[16])
{
	static char names[256][64];
	size_t nn = split_header(head, names, 256);
	size_t best = 0, bestn = 0, tie = 0;

	for (size_t t = 0; ingest_tables[t] != NULL; t++) {
		size_t hits = 0;
		for (size_t i = 0; i < nn; i++)
			for (size_t j = 0; j < sc->nfield[t]; j++)
				if (strcmp(names[i], sc->field[t][j]) == 0) {
					hits++;
					break;
				}
		if (hits > bestn) {
			bestn = hits;
			best = t;
			tie = 0;
		} else if (hits == bestn && hits > 0) {
			tie = 1;
		}
	}
	if (bestn == 0 || tie || 2 * bestn <= nn)
		return -1;
	snprintf(table, 16, "%s", ingest_tables[best]);
	return 0;
}

static int
resolve_single(struct ingest_stage *st, const char *filename,
    struct ingest_schemas *sc, const char *schema_dir, struct ingest_name *nm,
    char *why, size_t n)
{
	struct ingest_member *m = &st->m[0];

	if (ingest_parse_name(filename, nm) != 0) {
		snprintf(why, n, "cannot tell programme, agency and period: "
		    "name is not PROGRAMME_AGENCY_YYYYQn[_table].csv[.gz]");
		return INGEST_REJECT;
	}
	if (nm->table[0] != '\0') {
		snprintf(m->table, sizeof(m->table), "%s", nm->table);
		return INGEST_OK;
	}
	if (ingest_schemas_load(sc, schema_dir) != 0)
		return INGEST_CONFIG;
	if (ingest_header_match(sc, m->head, m->table) != 0) {
		snprintf(why, n, "cannot tell the table: no _<table> suffix "
		    "in the name and the header matches no schema");
		return INGEST_REJECT;
	}
	return INGEST_OK;
}

int
ingest_resolve(struct ingest_stage *st, const char *filename,
    enum ingest_fmt f, struct ingest_schemas *sc, const char *schema_dir,
    struct ingest_name *nm, char *why, size_t n)
{
	struct ingest_resource res[INGEST_MAX_RESOURCES];
	int nres = 0;

	memset(nm, 0, sizeof(*nm));
	if (ingest_fmt_single(f)) {
		if (st->n != 1) {
			snprintf(why, n, "no data");
			return INGEST_REJECT;
		}
		return resolve_single(st, filename, sc, schema_dir, nm, why, n);
	}
	if (st->dp != NULL) {
		struct ingest_name fromname;
		nres = ingest_dp_parse(st->dp, st->ndp, nm, res, why, n);
		if (nres < 0)
			return INGEST_REJECT;
		if (ingest_parse_name(filename, &fromname) == 0 &&
		    (strcmp(fromname.programme, nm->programme) != 0 ||
		    strcmp(fromname.agency, nm->agency) != 0 ||
		    strcmp(fromname.period, nm->period) != 0))
			tip_warn(0, "%s: datapackage.json says %s %s %s; "
			    "the file name is ignored", filename,
			    nm->programme, nm->agency, nm->period);
	} else if (ingest_parse_name(filename, nm) != 0) {
		snprintf(why, n, "cannot tell programme, agency and period: "
		    "no datapackage.json and the name is not "
		    "PROGRAMME_AGENCY_YYYYQn.ext");
		return INGEST_REJECT;
	}
	if (st->n == 0) {
		snprintf(why, n, "no tables in the archive");
		return INGEST_REJECT;
	}
	for (size_t i = 0; i < st->n; i++) {
		struct ingest_member *m = &st->m[i];
		if (st->dp != NULL) {
			for (int r = 0; r < nres; r++)
				if (strcmp(res[r].path, m->name) == 0)
					memcpy(m->table, res[r].table,
					    sizeof(m->table));
			if (m->table[0] == '\0') {
				snprintf(why, n, "unknown member '%s' (not in "
				    "datapackage.json)", m->name);
				return INGEST_REJECT;
			}
		} else {
			size_t len = strlen(m->name);
			if (len > 4 && len - 4 < sizeof(m->table) &&
			    strchr(m->name, '/') == NULL) {
				memcpy(m->table, m->name, len - 4);
				m->table[len - 4] = '\0';
			}
			if (!ingest_table_known(m->table)) {
				m->table[0] = '\0';
				snprintf(why, n, "unknown member '%s' (want "
				    "victims.csv, prosecutions.csv, "
				    "prevention.csv or coordination.csv)",
				    m->name);
				return INGEST_REJECT;
			}
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(st->m[j].table, m->table) == 0) {
				snprintf(why, n, "two members hold table '%s'",
				    m->table);
				return INGEST_REJECT;
			}
	}
	for (int r = 0; r < nres; r++) {
		size_t i;
		for (i = 0; i < st->n; i++)
			if (strcmp(st->m[i].name, res[r].path) == 0)
				break;
		if (i == st->n) {
			snprintf(why, n, "datapackage.json lists '%s' but the "
			    "archive does not hold it", res[r].path);
			return INGEST_REJECT;
		}
	}
	return INGEST_OK;
}

static int
cmp_table(const void *a, const void *b)
{
	const struct ingest_member *const *x = a, *const *y = b;

	return strcmp((*x)->table, (*y)->table);
}

int
ingest_write_subjson(const char *path, const struct ingest_subinfo *si)
{
	struct tip_afile af;
	const struct ingest_member **order;
	json_t *root, *tables;
	int rc = -1, e = 0;

	order = tip_xcalloc(si->n, sizeof(const struct ingest_member *));
	for (size_t i = 0; i < si->n; i++)
		order[i] = &si->m[i];
	qsort(order, si->n, sizeof(const struct ingest_member *), cmp_table);
	tables = json_array();
	for (size_t i = 0; i < si->n; i++) {
		char *file = tip_strdupf("%s.csv", order[i]->table);
		json_array_append_new(tables, json_pack("{s:s, s:s, s:s, s:I, s:I}",
		    "name", order[i]->table, "file", file,
		    "sha256", order[i]->sha256,
		    "bytes", (json_int_t)order[i]->bytes,
		    "rows", (json_int_t)ingest_member_rows(order[i])));
		free(file);
	}
	root = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:o, "
	    "s:o}",
	    "id", si->id, "programme", si->programme, "agency", si->agency,
	    "period", si->period, "source", si->source, "format", si->format,
	    "sha256", si->sha256, "size", (json_int_t)si->size,
	    "ingested_at", si->ingested_at,
	    "supersedes", si->supersedes ? json_string(si->supersedes)
	    : json_null(),
	    "tables", tables);
	free(order);
	if (root == NULL) {
		errno = EINVAL; /* the source name is not UTF-8 */
		return -1;
	}
	if (tip_afile_open(&af, path) != 0) {
		e = errno;
		goto out;
	}
	if (json_dumpf(root, af.fp, JSON_INDENT(2) | JSON_SORT_KEYS) != 0 ||
	    fputc('\n', af.fp) == EOF) {
		e = errno ? errno : EIO;
		tip_afile_abort(&af);
		goto out;
	}
	if (tip_afile_commit(&af) != 0) {
		e = errno;
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	errno = e;
	return rc;
}
