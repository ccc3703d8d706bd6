/*
 * Shared helpers of the C unit tests: CHECK macros that report failures
 * loudly (so the FileCheck'ed "<group>: ok" lines do not appear), and a tiny
 * dialect `t` whose ops exercise the traits the core looks at. Header-only:
 * each test is a single program.
 */
#ifndef NULL_TEST_UNIT_H
#define NULL_TEST_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "null/null.h"

static int unit_failures;
static int unit_group_start;

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c)) {                                                                \
      printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);                      \
      unit_failures++;                                                         \
    }                                                                          \
  } while (0)

#define CHECK_STR(got, want)                                                   \
  do {                                                                         \
    const char *g_ = (got), *w_ = (want);                                      \
    if (strcmp(g_, w_) != 0) {                                                 \
      printf("FAIL %s:%d: got '%s', want '%s'\n", __FILE__, __LINE__, g_, w_); \
      unit_failures++;                                                         \
    }                                                                          \
  } while (0)

/* Ends a check group: prints "<name>: ok" or "<name>: FAILED". */
static inline void
unit_report(const char *name)
{
  printf("%s: %s\n", name, unit_failures == unit_group_start ? "ok" : "FAILED");
  unit_group_start = unit_failures;
  fflush(stdout);
}

static inline int
unit_finish(void)
{
  printf("%s\n", unit_failures ? "SOME CHECKS FAILED" : "all checks passed");
  return unit_failures != 0;
}

/* ---- the `t` dialect ----------------------------------------------------- */

static const NlOpDef unit_ops[] = {
    {.name = "t.op",
     .noperands = NL_VARIADIC,
     .nresults = NL_VARIADIC,
     .nregions = NL_VARIADIC,
     .nsuccessors = 0},
    {.name = "t.br",
     .noperands = NL_VARIADIC,
     .nresults = 0,
     .nregions = 0,
     .nsuccessors = NL_VARIADIC,
     .traits = NL_TERMINATOR},
    {.name = "t.ret",
     .noperands = NL_VARIADIC,
     .nresults = 0,
     .nregions = 0,
     .nsuccessors = 0,
     .traits = NL_TERMINATOR | NL_RETURN_LIKE},
    {.name = "t.module",
     .noperands = 0,
     .nresults = 0,
     .nregions = 1,
     .nsuccessors = 0,
     .traits = NL_SYMBOL_TABLE | NL_NO_TERMINATOR | NL_SINGLE_BLOCK |
               NL_ISOLATED_FROM_ABOVE},
    {.name = "t.func",
     .noperands = 0,
     .nresults = 0,
     .nregions = 1,
     .nsuccessors = 0,
     .traits = NL_SYMBOL | NL_ISOLATED_FROM_ABOVE},
    {.name = "t.graph",
     .noperands = NL_VARIADIC,
     .nresults = NL_VARIADIC,
     .nregions = 1,
     .nsuccessors = 0,
     .traits = NL_GRAPH_REGION | NL_NO_TERMINATOR},
};

static const NlDialect unit_dialect = {
    .name = "t",
    .ops = unit_ops,
    .nops = sizeof unit_ops / sizeof unit_ops[0],
    .summary = "unit test ops",
};

static inline NlContext *
unit_context(void)
{
  NlContext *ctx = nl_context_create();
  if (nl_failed(nl_context_load_dialect(ctx, &unit_dialect))) {
    printf("FAIL: cannot load the unit dialect\n");
    exit(1);
  }
  return ctx;
}

static inline const NlOpDef *
unit_def(NlContext *ctx, const char *name)
{
  const NlOpDef *d = nl_context_lookup_op(ctx, name, strlen(name));
  if (!d) {
    printf("FAIL: no op %s\n", name);
    exit(1);
  }
  return d;
}

/* Creates a detached `name` op with the given operands, nres results of type
 * t, nregions regions (each with one empty block when with_blocks) and
 * successors. */
static inline NlOp *
unit_op(NlContext *ctx, const char *name, NlValue *const *operands,
        uint32_t nops, NlType *t, uint32_t nres, uint32_t nregions,
        NlBlock *const *succs, uint32_t nsuccs)
{
  NlOpState st;
  nl_op_state_init(&st, ctx, unit_def(ctx, name), nl_loc_unknown(ctx));
  nl_op_state_add_operands(&st, operands, nops);
  for (uint32_t i = 0; i < nres; i++)
    nl_op_state_add_result(&st, t);
  for (uint32_t i = 0; i < nregions; i++)
    nl_op_state_add_region(&st);
  for (uint32_t i = 0; i < nsuccs; i++)
    nl_op_state_add_successor(&st, succs[i]);
  NlOp *op = nl_op_create(&st);
  nl_op_state_fini(&st);
  return op;
}

#endif
