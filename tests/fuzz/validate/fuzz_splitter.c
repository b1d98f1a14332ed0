/*
 * libFuzzer harness: tip_csv's fast path against libcsv. The first byte
 * picks a chunk size and the caps; the rest is CSV, read once with the
 * fast path off and once with each of its scanners (AVX2 where the CPU
 * has it, SSE2). Any difference in the events (fields, raw bytes, row
 * numbers, offsets, flags, final status and error) aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tip_csv.h"

#include "../../csv_events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tip_csv_opts small = {.max_field = 10,
	    .max_record = 64, .max_fields = 4};
	const struct tip_csv_opts *o;
	size_t step, la, lb;
	uint64_t stop;
	char *a, *b;

	if (size == 0)
		return 0;
	o = (data[0] & 0x80) ? &small : NULL;
	stop = (data[0] & 0x40) ? 3 : 0;
	step = data[0] & 0x3F;
	data++;
	size--;
	if (step == 0 || step > size)
		step = size > 0 ? size : 1;
	a = csv_events(data, size, step, o, 0, stop, &la);
	/* The best scanner here (AVX2) and the baseline one (SSE2). */
	for (int fast = 1; fast <= 2; fast++) {
		b = csv_events(data, size, step, o, fast, stop, &lb);
		if (la != lb || memcmp(a, b, la) != 0) {
			fprintf(stderr, "libcsv:\n%.*s---\nfast path %d:\n%.*s",
			    (int)la, a, fast, (int)lb, b);
			abort();
		}
		free(b);
	}
	free(a);
	return 0;
}
