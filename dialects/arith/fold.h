/*
 * Private to the arith folders (fold.c, fold_float.c): how a folder states
 * its result, operand access and constant matchers shared by both files.
 */
#ifndef NULL_DIALECTS_ARITH_FOLD_H
#define NULL_DIALECTS_ARITH_FOLD_H

#include "arith/constfold.h"
#include "arith/internal.h"

/* Kernels take every NlCfFn argument; most use only some. */
#define UNUSED_KERNEL_ARGS                                                     \
  (void)in;                                                                    \
  (void)out;                                                                   \
  (void)ud

/* ---- results ------------------------------------------------------------- */

static inline NlResult
to_value(NlFoldResult *out, NlValue *v)
{
  out->attr = NULL;
  out->value = v;
  return nl_success();
}

static inline NlResult
to_attr(NlFoldResult *out, NlAttr *a)
{
  if (!a)
    return nl_failure();
  out->attr = a;
  out->value = NULL;
  return nl_success();
}

/* The op was changed in place: its result stands for itself. */
static inline NlResult
in_place(NlOp *op, NlFoldResult *out)
{
  for (uint32_t i = 0; i < op->nresults; i++)
    to_value(&out[i], nl_op_result(op, i));
  return nl_success();
}

static inline NlValue *
lhs(NlOp *op)
{
  return nl_op_operand(op, 0);
}

static inline NlValue *
rhs(NlOp *op)
{
  return nl_op_operand(op, 1);
}

static inline NlType *
rtype(NlOp *op)
{
  return nl_op_result(op, 0)->type;
}

static inline NlAttr *
apply1(NlOp *op, NlAttr *const *c, NlCfFn fn)
{
  return nl_cf_apply(nl_op_context(op), rtype(op), c, 1, fn, op);
}

static inline NlAttr *
apply2(NlOp *op, NlAttr *const *c, NlCfFn fn)
{
  if (!c[0] || !c[1])
    return NULL;
  return nl_cf_apply(nl_op_context(op), rtype(op), c, 2, fn, op);
}

/* ---- matchers ------------------------------------------------------------ */

static inline bool
is_zero(NlAttr *a)
{
  return nl_cf_is_int(a, 0);
}

static inline bool
is_one(NlAttr *a)
{
  return nl_cf_is_int(a, 1);
}

/* The defining op of v if it is an arith op of kind `kind`, else NULL. */
static inline NlOp *
def_of(NlValue *v, int kind)
{
  NlOp *d = nl_value_defining_op(v);
  return nl_arith_kind(d) == kind ? d : NULL;
}

/* The folders of the float ops, float comparisons and the casts to, from
 * and between floats (fold_float.c); fails for other ops. */
NL_INTERNAL NlResult nl_arith_fold_float(NlOp *op, NlAttr *const *c,
                                         NlFoldResult *out);

#endif
