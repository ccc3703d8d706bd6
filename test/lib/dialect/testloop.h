/*
 * The `testloop` dialect (testloop.c): loop, branch and effect ops that the
 * pass tests use (a "loop-like" loop for LICM, "branch" terminators for
 * SCCP and DCE, an op with effects, a never-converging pattern). Loaded
 * together with the `test` dialect by nl_test_register.
 */
#ifndef NULL_TESTLOOP_DIALECT_H
#define NULL_TESTLOOP_DIALECT_H

#include "null/null.h"

NL_API NL_NODISCARD NlResult nl_testloop_register(NlContext *ctx);

#endif
