/*
 * The `test` dialect: ops that exercise the IR core (region kinds,
 * isolation, symbol tables, terminators and successors, op counts, a
 * custom form that uses most of the parser and printer API, a verify hook).
 * Linked into null-opt like MLIR's test dialect; not part of libnull.
 */
#ifndef NULL_TEST_DIALECT_H
#define NULL_TEST_DIALECT_H

#include "null/null.h"

NL_API NL_NODISCARD NlResult nl_test_register(NlContext *ctx);

#endif
