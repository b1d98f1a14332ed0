/*
 * Report tables and their two renderings (HTML and CSV). Layout beyond the
 * table element itself belongs to the sections.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "table.h"
#include "tip_csvout.h"
#include "tip_datadir.h"

struct rep_table *
rep_table_new(const char *slug, const char *title, const char *stub,
    size_t ncol)
{
	struct rep_table *t = tip_xcalloc(1, sizeof(*t));

	t->slug = tip_xstrdup(slug);
	t->title = tip_xstrdup(title);
	t->stub = tip_xstrdup(stub);
	t->ncol = ncol;
	t->col = tip_xcalloc(ncol + 1, sizeof(*t->col));
	t->colclass = tip_xcalloc(ncol + 1, sizeof(*t->colclass));
	t->colcolour = tip_xcalloc(ncol + 1, sizeof(*t->colcolour));
	for (size_t i = 0; i < ncol; i++)
		t->col[i] = tip_xstrdup("");
	return t;
}

void
rep_table_free(struct rep_table *t)
{
	if (t == NULL)
		return;
	for (size_t r = 0; r < t->nrow; r++) {
		for (size_t c = 0; c < t->ncol; c++) {
			free(t->row[r].cell[c].text);
			free(t->row[r].cell[c].csv);
		}
		free(t->row[r].cell);
		free(t->row[r].head);
	}
	for (size_t i = 0; i < t->ncol; i++)
		free(t->col[i]);
	free(t->col);
	free(t->colclass);
	free(t->colcolour);
	free(t->row);
	free(t->slug);
	free(t->title);
	free(t->note);
	free(t->stub);
	free(t);
}

void
rep_table_col(struct rep_table *t, size_t i, const char *name)
{
	if (i >= t->ncol)
		return;
	free(t->col[i]);
	t->col[i] = tip_xstrdup(name);
}

void
rep_table_colclass(struct rep_table *t, size_t i, const char *cls)
{
	if (i < t->ncol)
		t->colclass[i] = cls;
}

void
rep_table_colcolour(struct rep_table *t, size_t i, const char *colour)
{
	if (i < t->ncol)
		t->colcolour[i] = colour;
}

void
rep_table_note(struct rep_table *t, const char *note)
{
	free(t->note);
	t->note = note != NULL ? tip_xstrdup(note) : NULL;
}

size_t
rep_table_row(struct rep_table *t, const char *head, const char *colour,
    int total)
{
	if (t->nrow == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->row = tip_xrealloc(t->row, t->cap * sizeof(*t->row));
	}
	struct rep_trow *r = &t->row[t->nrow];
	r->head = tip_xstrdup(head);
	r->colour = colour;
	r->total = total;
	r->cell = tip_xcalloc(t->ncol + 1, sizeof(*r->cell));
	for (size_t c = 0; c < t->ncol; c++)
		r->cell[c].mark = RM_EMPTY;
	return t->nrow++;
}

void
rep_table_set(struct rep_table *t, size_t r, size_t c, const char *text,
    const char *csv, int mark, unsigned style)
{
	if (r >= t->nrow || c >= t->ncol)
		return;
	struct rep_cell *x = &t->row[r].cell[c];
	free(x->text);
	free(x->csv);
	x->text = text != NULL ? tip_xstrdup(text) : NULL;
	x->csv = tip_xstrdup(csv != NULL ? csv : text != NULL ? text : "");
	x->mark = mark;
	x->style = style;
}

int
rep_table_has_mark(const struct rep_table *t, int mark)
{
	for (size_t r = 0; r < t->nrow; r++)
		for (size_t c = 0; c < t->ncol; c++)
			if (t->row[r].cell[c].mark == mark)
				return 1;
	return 0;
}

const char *
rep_mark_symbol(int mark)
{
	switch (mark) {
	case RM_SUPPRESSED:
		return "s";
	case RM_NODATA:
		return "..";
	case RM_ZERODEN:
		return "n/a";
	case RM_OVERFLOW:
		return "!";
	case RM_EMPTY:
		return "";
	default:
		return "";
	}
}

const char *
rep_mark_meaning(int mark)
{
	switch (mark) {
	case RM_SUPPRESSED:
		return "suppressed: too few cases to publish";
	case RM_NODATA:
		return "no data reported";
	case RM_ZERODEN:
		return "not applicable: the denominator is zero";
	case RM_OVERFLOW:
		return "not computed: the count overflowed";
	case RM_EMPTY:
		return "not in the aggregates";
	default:
		return "";
	}
}

static const char *
mark_class(int mark)
{
	switch (mark) {
	case RM_SUPPRESSED:
		return "mk sup";
	case RM_NODATA:
		return "mk nod";
	case RM_ZERODEN:
		return "mk zd";
	case RM_OVERFLOW:
		return "mk ovf";
	default:
		return "mk emp";
	}
}

static void
cell_html(const struct rep_cell *x, FILE *fp)
{
	if (x->mark != RM_VALUE) {
		fprintf(fp, "<td class=\"%s%s\"><abbr title=\"%s\">%s</abbr>"
		    "</td>", mark_class(x->mark), x->style & RS_YEAR ? " yr" : "",
		    rep_mark_meaning(x->mark),
		    x->mark == RM_EMPTY ? "&#8212;" : rep_mark_symbol(x->mark));
		return;
	}
	fputs("<td", fp);
	if (x->style != 0) {
		fputs(" class=\"", fp);
		const char *sep = "";
		static const struct { unsigned bit; const char *cls; } m[] = {
			{RS_NUM, "num"}, {RS_MONO, "mono"}, {RS_ERROR, "bad"},
			{RS_WARN, "warn"}, {RS_OK, "good"}, {RS_MUTED, "muted"},
			{RS_YEAR, "yr"}, {RS_NOWRAP, "nw"},
		};
		for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
			if (x->style & m[i].bit) {
				fprintf(fp, "%s%s", sep, m[i].cls);
				sep = " ";
			}
		fputc('"', fp);
	}
	fputc('>', fp);
	if (x->style & (RS_ERROR | RS_WARN | RS_OK)) {
		fputs("<span class=\"badge\">", fp);
		rep_html_esc(fp, x->text);
		fputs("</span>", fp);
	} else
		rep_html_esc(fp, x->text);
	fputs("</td>", fp);
}

int
rep_table_html(const struct rep_table *t, FILE *fp)
{
	fprintf(fp, "<div class=\"tablewrap\"><table class=\"data\" "
	    "id=\"t-%s\">\n<caption>", t->slug);
	rep_html_esc(fp, t->title);
	fputs("</caption>\n<thead><tr><th scope=\"col\" class=\"stub\">", fp);
	rep_html_esc(fp, t->stub);
	fputs("</th>", fp);
	for (size_t c = 0; c < t->ncol; c++) {
		if (t->colclass[c] != NULL)
			fprintf(fp, "<th scope=\"col\" class=\"%s\">",
			    t->colclass[c]);
		else
			fputs("<th scope=\"col\">", fp);
		if (t->colcolour[c] != NULL)
			fprintf(fp, "<span class=\"sw\" style=\"background:%s\">"
			    "</span>", t->colcolour[c]);
		rep_html_esc(fp, t->col[c]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	size_t shown = t->html_max != 0 && t->html_max < t->nrow ?
	    t->html_max : t->nrow;
	for (size_t r = 0; r < shown; r++) {
		const struct rep_trow *row = &t->row[r];
		fputs(row->total ? "<tr class=\"total\">" : "<tr>", fp);
		fputs("<th scope=\"row\">", fp);
		if (row->colour != NULL)
			fprintf(fp, "<span class=\"sw\" style=\"background:%s\">"
			    "</span>", row->colour);
		rep_html_esc(fp, row->head);
		fputs("</th>", fp);
		for (size_t c = 0; c < t->ncol; c++)
			cell_html(&row->cell[c], fp);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
	if (shown < t->nrow)
		fprintf(fp, "<p class=\"tnote\">The first %zu of %zu rows are "
		    "shown; all are in %s.csv.</p>\n", shown, t->nrow, t->slug);
	if (t->note != NULL) {
		fputs("<p class=\"tnote\">", fp);
		rep_html_esc(fp, t->note);
		fputs("</p>\n", fp);
	}
	return ferror(fp) ? -1 : 0;
}

int
rep_table_csv(const struct rep_table *t, FILE *fp)
{
	tip_csv_puts(fp, t->stub, TIP_CSV_SPREADSHEET);
	for (size_t c = 0; c < t->ncol; c++) {
		fputc(',', fp);
		tip_csv_puts(fp, t->col[c], TIP_CSV_SPREADSHEET);
	}
	fputc('\n', fp);
	for (size_t r = 0; r < t->nrow; r++) {
		const struct rep_trow *row = &t->row[r];
		tip_csv_puts(fp, row->head, TIP_CSV_SPREADSHEET);
		for (size_t c = 0; c < t->ncol; c++) {
			const struct rep_cell *x = &row->cell[c];
			fputc(',', fp);
			tip_csv_puts(fp, x->mark == RM_VALUE ? x->csv :
			    rep_mark_symbol(x->mark), TIP_CSV_SPREADSHEET);
		}
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}
