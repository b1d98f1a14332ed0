/*
 * The parts every chart script and data file share: the fixed palette,
 * the preamble that picks terminals and output names, titles, footers,
 * marker keys, and writing .dat fields. The look of all charts is set here;
 * what each chart shows is in chart_defs.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "tip_datadir.h"
#include "tip_palette.h"

/* Colours and names are tip_palette's: the same in tip-report. */
const char *
chart_programme_colour(const char *code)
{
	const char *c = tip_programme_colour(code);

	return c != NULL ? c : "#7F7F7F";
}

const char *
chart_programme_name(const char *code)
{
	return tip_programme_name(code);
}

const char *
chart_pillar_colour(const char *pillar)
{
	const char *c = tip_pillar_colour(pillar);

	return c != NULL ? c : "#000000";
}

void
chart_gp_str(struct chart_out *out, const char *text)
{
	char *q = chart_gp_quote(text, strlen(text));

	fputs(q != NULL ? q : "'?'", out->gp);
	free(q);
}

void
chart_gp_begin(struct chart_out *out, const char *what)
{
	FILE *gp = out->gp;
	const char *s = out->stem;

	fprintf(gp,
	    "# %s.gp: %s\n"
	    "# Written by tip-chart; the data is in %s.dat (tab-separated,\n"
	    "# blocks of one series each, first line of a block = its names).\n"
	    "# Render by hand with: gnuplot -d %s.gp\n"
	    "# Text from the data is read from %s.dat only, never from here.\n"
	    "set encoding utf8\n"
	    "if (!exists(\"tip_formats\")) tip_formats = 'png svg'\n"
	    "if (!exists(\"tip_png\")) tip_png = '%s.png'\n"
	    "if (!exists(\"tip_svg\")) tip_svg = '%s.svg'\n"
	    "if (!exists(\"tip_pdf\")) tip_pdf = '%s.pdf'\n",
	    s, what, s, s, s, s, s, s);
}

void
chart_gp_frame_begin(struct chart_out *out)
{
	fputs("do for [tip_fmt in tip_formats] {\n"
	    "reset\n"
	    "if (tip_fmt eq 'png') {\n"
	    "  set terminal pngcairo size 1000,600 noenhanced font "
	    "'DejaVu Sans,10' linewidth 1.2\n"
	    "  set output tip_png\n"
	    "}\n"
	    "if (tip_fmt eq 'svg') {\n"
	    "  set terminal svg size 1000,600 noenhanced font 'DejaVu Sans,10' "
	    "background rgb 'white'\n"
	    "  set output tip_svg\n"
	    "}\n"
	    "if (tip_fmt eq 'pdf') {\n"
	    "  set terminal pdfcairo size 10in,6in noenhanced font "
	    "'DejaVu Sans,9'\n"
	    "  set output tip_pdf\n"
	    "}\n"
	    "set termoption noenhanced\n"
	    "set datafile separator \"\\t\"\n"
	    "set datafile commentschars \"\"\n"
	    "set border 3 lc rgb '#555555'\n"
	    "set tics nomirror textcolor rgb '#333333'\n"
	    "set grid ytics lc rgb '#dddddd' lt 1\n"
	    "set style fill solid 0.9 border rgb '#ffffff'\n"
	    "set lmargin at screen 0.09\n"
	    "set rmargin at screen 0.77\n"
	    "set tmargin at screen 0.85\n"
	    "set bmargin at screen 0.17\n"
	    "set key outside right top vertical Left reverse "
	    "autotitle columnheader samplen 2 spacing 1.3 width 1\n"
	    "set key at screen 0.80, screen 0.85 left top maxrows 20\n",
	    out->gp);
}

void
chart_gp_frame_end(struct chart_out *out)
{
	fputs("unset output\n}\n", out->gp);
}

void
chart_gp_titles(struct chart_out *out, const char *title, const char *period,
    const char *as_of, const char *footnote)
{
	FILE *gp = out->gp;
	char *sub;

	fputs("set label 100 ", gp);
	chart_gp_str(out, title);
	fputs(" at screen 0.5, screen 0.955 center font ',15'\n", gp);
	if (period != NULL)
		sub = tip_strdupf("%s  \xc2\xb7  data as of %s", period, as_of);
	else
		sub = tip_strdupf("data as of %s", as_of);
	fputs("set label 101 ", gp);
	chart_gp_str(out, sub);
	fputs(" at screen 0.5, screen 0.905 center font ',10' "
	    "textcolor rgb '#444444'\n", gp);
	free(sub);
	fputs("set label 102 ", gp);
	chart_gp_str(out, footnote);
	fputs(" at screen 0.01, screen 0.03 left font ',8' "
	    "textcolor rgb '#555555'\n", gp);
}

void
chart_gp_colours(struct chart_out *out, const char *const *col, size_t n)
{
	fprintf(out->gp, "array tip_col[%zu]\n", n > 0 ? n : 1);
	for (size_t i = 0; i < n; i++) {
		fprintf(out->gp, "tip_col[%zu] = ", i + 1);
		chart_gp_str(out, col[i]);
		fputc('\n', out->gp);
	}
	if (n == 0)
		fputs("tip_col[1] = '#7F7F7F'\n", out->gp);
}

void
chart_gp_marker_keys(struct chart_out *out)
{
	fputs("NaN with points pt 6 ps 1.4 lw 1.5 lc rgb '#555555' "
	    "title 'suppressed', "
	    "NaN with points pt 2 ps 1.2 lw 1.5 lc rgb '#555555' "
	    "title 'no data'", out->gp);
}

void
chart_gp_empty_plot(struct chart_out *out, const char *why)
{
	fputs("unset key\nunset xtics\nunset ytics\nunset grid\n"
	    "set xrange [0:1]\nset yrange [0:1]\nset border 0\n"
	    "set label 103 ", out->gp);
	chart_gp_str(out, why);
	fputs(" at graph 0.5, graph 0.5 center font ',13' "
	    "textcolor rgb '#777777'\nplot NaN notitle\n", out->gp);
}

void
chart_dat_str(FILE *fp, const char *s)
{
	char *l = chart_dat_label(s, strlen(s));

	fputs(l, fp);
	free(l);
}

void
chart_dat_num(FILE *fp, double v, int ok)
{
	if (!ok || !isfinite(v))
		fputs("NaN", fp);
	else if (v == floor(v) && fabs(v) < 1e15)
		fprintf(fp, "%.0f", v);
	else
		fprintf(fp, "%.4f", v);
}
