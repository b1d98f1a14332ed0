/*
 * libFuzzer harness for the Table Schema loader alone: any bytes given as a
 * schema must load or be refused with a message, never crash, leak or read
 * out of bounds. A schema that loads is asked for its fields back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vschema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct val_schema *s;

	if (size > 1 << 16)
		return 0;
	s = val_schema_parse((const char *)data, size, "fuzz.json", NULL, err,
	    sizeof(err));
	if (s == NULL)
		return 0;
	(void)val_schema_field(s, "case_id", 7);
	(void)val_schema_field(s, "", 0);
	val_schema_free(s);
	return 0;
}
