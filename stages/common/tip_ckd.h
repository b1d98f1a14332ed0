/*
 * Checked integer arithmetic for counts and sums: every operation reports
 * overflow instead of wrapping. Header only.
 */
#ifndef TIP_CKD_H
#define TIP_CKD_H

#include <stdint.h>

/* *r = a + b; returns 1 on overflow (then *r is unspecified). */
static inline int
tip_ckd_add(int64_t *r, int64_t a, int64_t b)
{
	return __builtin_add_overflow(a, b, r);
}

static inline int
tip_ckd_sub(int64_t *r, int64_t a, int64_t b)
{
	return __builtin_sub_overflow(a, b, r);
}

static inline int
tip_ckd_mul(int64_t *r, int64_t a, int64_t b)
{
	return __builtin_mul_overflow(a, b, r);
}

#endif
