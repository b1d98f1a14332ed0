/*
 * libFuzzer harness for the indicator catalogue loader: any bytes must give
 * 0 or 78, never a crash, leak or unbounded allocation. Table schemas are
 * read from $TIP_SCHEMAS or ./schemas.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../../stages/aggregate/aggregate.h"
#include "tip_err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct agg_catalogue cat;
	const char *dir = getenv("TIP_SCHEMAS");
	int rc;

	tip_verbosity = 0;
	rc = agg_catalogue_parse(&cat, (const char *)data, size, "fuzz",
	    dir != NULL ? dir : "schemas");
	if (rc != 0 && rc != TIP_EX_CONFIG)
		abort();
	agg_catalogue_release(&cat);
	agg_intern_reset();
	return 0;
}
