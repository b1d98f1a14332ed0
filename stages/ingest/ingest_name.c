/*
 * Submission names, ids, format detection and member-name safety. No I/O,
 * no allocation: everything works in caller buffers.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ingest_name.h"

const char *const ingest_tables[] = {
	"victims", "prosecutions", "prevention", "coordination", NULL,
};

static const char *const programmes[] = {
	"SRB", "PAK", "ARG-BOL", "RWA-BDI", "CASIA", "EGY", NULL,
};

static const char *const agencies[] = {
	"UNODC", "IOM", "UNHCR", "GOV", NULL,
};

/* Extensions, longest first so that ".tar.gz" wins over ".gz". */
static const struct {
	const char *ext;
	enum ingest_fmt fmt;
} exts[] = {
	{".tar.gz", INGEST_FMT_TGZ}, {".tar.xz", INGEST_FMT_TXZ},
	{".csv.gz", INGEST_FMT_CSVGZ}, {".tgz", INGEST_FMT_TGZ},
	{".txz", INGEST_FMT_TXZ}, {".tar", INGEST_FMT_TAR},
	{".zip", INGEST_FMT_ZIP}, {".csv", INGEST_FMT_CSV},
};

static const char *const fmt_names[INGEST_FMT_COUNT] = {
	"unknown", "tar", "tar.gz", "tar.xz", "zip", "csv.gz", "csv",
};

const char *
ingest_fmt_name(enum ingest_fmt f)
{
	return (unsigned)f < INGEST_FMT_COUNT ? fmt_names[f] : "unknown";
}

static int
ends_with_ci(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls > lx && strcasecmp(s + ls - lx, suffix) == 0;
}

/* Length of the extension of name for its format, 0 when none. */
static size_t
ext_len(const char *name, enum ingest_fmt *fmt)
{
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (ends_with_ci(name, exts[i].ext)) {
			*fmt = exts[i].fmt;
			return strlen(exts[i].ext);
		}
	*fmt = INGEST_FMT_UNKNOWN;
	return 0;
}

enum ingest_fmt
ingest_fmt_from_name(const char *name)
{
	enum ingest_fmt f;

	(void)ext_len(name, &f);
	return f;
}

int
ingest_fmt_single(enum ingest_fmt f)
{
	return f == INGEST_FMT_CSV || f == INGEST_FMT_CSVGZ;
}

enum ingest_magic
ingest_magic(const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (len == 0)
		return INGEST_MAGIC_EMPTY;
	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return INGEST_MAGIC_GZIP;
	if (len >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
		return INGEST_MAGIC_XZ;
	if (len >= 4 && p[0] == 'P' && p[1] == 'K' &&
	    ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6) ||
	    (p[2] == 7 && p[3] == 8)))
		return INGEST_MAGIC_ZIP;
	if (len >= 3 && memcmp(p, "BZh", 3) == 0)
		return INGEST_MAGIC_BZIP2;
	if (len >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0)
		return INGEST_MAGIC_ZSTD;
	if (len >= 6 && memcmp(p, "7z\xbc\xaf\x27\x1c", 6) == 0)
		return INGEST_MAGIC_7Z;
	if (len >= 4 && memcmp(p, "Rar!", 4) == 0)
		return INGEST_MAGIC_RAR;
	if (len >= 262 && memcmp(p + 257, "ustar", 5) == 0)
		return INGEST_MAGIC_TAR;
	return INGEST_MAGIC_NONE;
}

const char *
ingest_magic_name(enum ingest_magic m)
{
	switch (m) {
	case INGEST_MAGIC_GZIP: return "gzip";
	case INGEST_MAGIC_XZ: return "xz";
	case INGEST_MAGIC_ZIP: return "zip";
	case INGEST_MAGIC_TAR: return "tar";
	case INGEST_MAGIC_BZIP2: return "bzip2";
	case INGEST_MAGIC_ZSTD: return "zstd";
	case INGEST_MAGIC_7Z: return "7z";
	case INGEST_MAGIC_RAR: return "rar";
	case INGEST_MAGIC_EMPTY: return "empty";
	case INGEST_MAGIC_NONE: break;
	}
	return "text";
}

int
ingest_magic_is_archive(enum ingest_magic m)
{
	return m != INGEST_MAGIC_NONE && m != INGEST_MAGIC_EMPTY;
}

int
ingest_fmt_check(enum ingest_fmt f, enum ingest_magic m, char *why, size_t n)
{
	enum ingest_magic want;

	switch (f) {
	case INGEST_FMT_TAR: want = INGEST_MAGIC_TAR; break;
	case INGEST_FMT_TGZ: want = INGEST_MAGIC_GZIP; break;
	case INGEST_FMT_TXZ: want = INGEST_MAGIC_XZ; break;
	case INGEST_FMT_ZIP: want = INGEST_MAGIC_ZIP; break;
	case INGEST_FMT_CSVGZ: want = INGEST_MAGIC_GZIP; break;
	case INGEST_FMT_CSV: want = INGEST_MAGIC_NONE; break;
	default:
		snprintf(why, n, "unsupported file type (want .tar, .tar.gz, "
		    ".tgz, .tar.xz, .txz, .zip, .csv.gz or .csv)");
		return -1;
	}
	if (m == INGEST_MAGIC_EMPTY) {
		snprintf(why, n, "empty file");
		return -1;
	}
	if (m == want)
		return 0;
	if (f == INGEST_FMT_CSV)
		snprintf(why, n, "content is %s data, not the text the name "
		    "'.csv' says", ingest_magic_name(m));
	else
		snprintf(why, n, "content is %s, not the %s the name says",
		    m == INGEST_MAGIC_NONE ? "not compressed (plain text?)"
		    : ingest_magic_name(m), ingest_magic_name(want));
	return -1;
}

static int
in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

int
ingest_valid_programme(const char *s)
{
	return in_list(programmes, s);
}

int
ingest_valid_agency(const char *s)
{
	return in_list(agencies, s);
}

int
ingest_table_known(const char *t)
{
	return in_list(ingest_tables, t);
}

int
ingest_valid_period(const char *s)
{
	if (strlen(s) != 6)
		return 0;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (s[0] != '1' && s[0] != '2')
		return 0;
	if (s[0] == '1' && s[1] != '9')
		return 0;
	return s[4] == 'Q' && s[5] >= '1' && s[5] <= '4';
}

/* Copies s[0..len) upper-cased into dst[n]; -1 when it does not fit. */
static int
copy_upper(char *dst, size_t n, const char *s, size_t len)
{
	if (len == 0 || len >= n)
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		dst[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
	}
	dst[len] = '\0';
	return 0;
}

int
ingest_parse_name(const char *filename, struct ingest_name *out)
{
	enum ingest_fmt f;
	size_t stem = strlen(filename) - ext_len(filename, &f);
	const char *part[4];
	size_t plen[4], np = 0;
	const char *p = filename, *end = filename + stem;

	memset(out, 0, sizeof(*out));
	if (f == INGEST_FMT_UNKNOWN)
		return -1;
	while (p <= end && np < 4) {
		const char *u = memchr(p, '_', (size_t)(end - p));
		if (u == NULL)
			u = end;
		part[np] = p;
		plen[np++] = (size_t)(u - p);
		p = u + 1;
	}
	if (np < 3 ||
	    copy_upper(out->programme, sizeof(out->programme), part[0],
	    plen[0]) != 0 ||
	    copy_upper(out->agency, sizeof(out->agency), part[1], plen[1]) != 0 ||
	    copy_upper(out->period, sizeof(out->period), part[2], plen[2]) != 0 ||
	    !ingest_valid_programme(out->programme) ||
	    !ingest_valid_agency(out->agency) ||
	    !ingest_valid_period(out->period)) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	if (np == 4 && plen[3] < sizeof(out->table)) {
		/* The table is the whole rest only: "x_victims_v2" is no table. */
		size_t rest = (size_t)(end - part[3]);
		if (rest == plen[3]) {
			memcpy(out->table, part[3], plen[3]);
			out->table[plen[3]] = '\0';
			if (!ingest_table_known(out->table))
				out->table[0] = '\0';
		}
	}
	return 0;
}

int
ingest_make_id(char *buf, size_t n, const char *programme, const char *agency,
    const char *period, const char *sha12)
{
	return snprintf(buf, n, "%s-%s-%s-%.12s", programme, agency, period,
	    sha12);
}

int
ingest_parse_id(const char *id, struct ingest_name *out, char sha12[13])
{
	size_t len = strlen(id);
	const char *d3, *d2, *d1;

	memset(out, 0, sizeof(*out));
	sha12[0] = '\0';
	/* From the right: -sha12, -period, -agency; the rest is the programme. */
	if (len < 13 + 7 + 2 + 2 || id[len - 13] != '-')
		goto bad;
	d3 = id + len - 13;
	for (const char *q = d3 + 1; *q != '\0'; q++)
		if (!((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f')))
			goto bad;
	d2 = d3 - 7;
	if (*d2 != '-')
		goto bad;
	d1 = d2;
	while (d1 > id && d1[-1] != '-')
		d1--;
	if (d1 <= id + 1)
		goto bad;
	d1--; /* at the '-' before the agency */
	if ((size_t)(d1 - id) >= sizeof(out->programme) ||
	    (size_t)(d2 - d1 - 1) >= sizeof(out->agency))
		goto bad;
	memcpy(out->programme, id, (size_t)(d1 - id));
	memcpy(out->agency, d1 + 1, (size_t)(d2 - d1 - 1));
	memcpy(out->period, d2 + 1, 6);
	if (!ingest_valid_programme(out->programme) ||
	    !ingest_valid_agency(out->agency) ||
	    !ingest_valid_period(out->period))
		goto bad;
	memcpy(sha12, d3 + 1, 12);
	sha12[12] = '\0';
	return 0;
bad:
	memset(out, 0, sizeof(*out));
	sha12[0] = '\0';
	return -1;
}

int
ingest_member_name(const char *path, char *norm, size_t n, const char **why)
{
	const char *p = path;
	size_t len;

	if (p == NULL || *p == '\0') {
		*why = "entry without a name";
		return -1;
	}
	if (*p == '/') {
		*why = "absolute path";
		return -1;
	}
	if (strchr(p, '\\') != NULL) {
		*why = "backslash in path";
		return -1;
	}
	for (const char *q = p; *q != '\0'; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f) {
			*why = "control character in path";
			return -1;
		}
	/* Drive letters ("C:x") mean an absolute path on Windows. */
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) &&
	    p[1] == ':') {
		*why = "absolute path";
		return -1;
	}
	while (p[0] == '.' && p[1] == '/') {
		p += 2;
		while (*p == '/')
			p++;
	}
	/* Every component: no "..", no empty ones in the middle. */
	for (const char *c = p; *c != '\0';) {
		const char *s = strchr(c, '/');
		size_t cl = s != NULL ? (size_t)(s - c) : strlen(c);
		if (cl == 2 && c[0] == '.' && c[1] == '.') {
			*why = "'..' in path";
			return -1;
		}
		if ((cl == 0 && s != NULL && s[1] != '\0') ||
		    (cl == 1 && c[0] == '.')) {
			*why = "odd path";
			return -1;
		}
		c = s != NULL ? s + 1 : c + cl;
	}
	len = strlen(p);
	if (len == 0) {
		*why = "entry without a name";
		return -1;
	}
	if (len >= n) {
		*why = "path too long";
		return -1;
	}
	memcpy(norm, p, len + 1);
	return 0;
}

int
ingest_name_is_archive(const char *name)
{
	static const char *const arch[] = {
		".zip", ".tar", ".gz", ".tgz", ".xz", ".txz", ".bz2", ".tbz",
		".tbz2", ".7z", ".rar", ".zst", ".lz", ".lzma", ".z", ".cpio",
		".iso", ".jar", NULL,
	};

	for (size_t i = 0; arch[i] != NULL; i++)
		if (ends_with_ci(name, arch[i]))
			return 1;
	return 0;
}
