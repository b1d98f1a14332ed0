/*
 * The chart builders. Each writes out->dat and out->gp for one chart and
 * returns 0 (a chart without data still gets a "no data" panel).
 */
#ifndef CHART_DEFS_H
#define CHART_DEFS_H

#include "chart.h"

int chart_overview(const struct chart_ctx *ctx, struct chart_out *out);
int chart_victims_quarterly(const struct chart_ctx *ctx,
    struct chart_out *out);
int chart_exploitation(const struct chart_ctx *ctx, struct chart_out *out);
int chart_sex_age(const struct chart_ctx *ctx, struct chart_out *out);
int chart_justice_funnel(const struct chart_ctx *ctx, struct chart_out *out);
int chart_sdg_rate(const struct chart_ctx *ctx, struct chart_out *out);
int chart_data_quality(const struct chart_ctx *ctx, struct chart_out *out);

/* Footnote for charts from the aggregates (public or restricted). */
const char *chart_footnote(const struct chart_ctx *ctx);
/* "2010Q1-2011Q4" (or one period) into buf[32]. */
void chart_period_range(int first, int last, char buf[32]);

#endif
