/*
 * Folding: running an op's fold hook with the constant values of its
 * operands, and reading the value of constant-like ops. This is the
 * counterpart of MLIR's Operation::fold and m_Constant; the greedy driver
 * (greedy.c) and SCCP build on it. Creating constant ops for folded values
 * is the dialect's job (NlDialect.materialize_constant), not done here.
 */
#include <stdlib.h>
#include <string.h>

#include "null/rewrite.h"

/* Operand constants live on the stack for ops with few operands. */
enum { SMALL = 8 };

NlAttr *
nl_op_constant_value(NlOp *op)
{
  if (!op || !(op->def->traits & NL_CONSTANT_LIKE))
    return NULL;
  if (!op->def->fold || op->nresults != 1) {
    /* A constant-like op without a fold hook: the conventional `value`
     * attribute is its value. */
    return op->nresults == 1 ? nl_op_attr(op, "value") : NULL;
  }
  NlAttr *small[SMALL] = {0};
  NlAttr **consts = small;
  if (op->noperands > SMALL)
    consts = nl_xcalloc(op->noperands, sizeof *consts);
  NlFoldResult res = {0};
  NlResult r = op->def->fold(op, consts, &res);
  if (consts != small)
    free(consts);
  return nl_succeeded(r) ? res.attr : NULL;
}

NlAttr *
nl_value_constant(NlValue *v)
{
  if (!v || v->kind != NL_VALUE_RESULT)
    return NULL;
  return nl_op_constant_value((NlOp *)v->owner);
}

/* MLIR's IsCommutative trait folding: moves constant operands after the
 * others, keeping both groups in order. Returns whether anything moved. */
static bool
move_constants_right(NlOp *op, NlAttr **consts)
{
  uint32_t n = op->noperands;
  uint32_t first_const = n;
  bool need = false;
  for (uint32_t i = 0; i < n; i++) {
    if (consts[i] && first_const == n)
      first_const = i;
    else if (!consts[i] && first_const != n)
      need = true;
  }
  if (!need)
    return false;
  NlValue *small_vals[SMALL];
  NlAttr *small_attrs[SMALL];
  NlValue **vals = n > SMALL ? nl_xmalloc(n * sizeof *vals) : small_vals;
  NlAttr **attrs = n > SMALL ? nl_xmalloc(n * sizeof *attrs) : small_attrs;
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++)
    if (!consts[i]) {
      vals[k] = op->operands[i].value;
      attrs[k++] = NULL;
    }
  for (uint32_t i = 0; i < n; i++)
    if (consts[i]) {
      vals[k] = op->operands[i].value;
      attrs[k++] = consts[i];
    }
  for (uint32_t i = 0; i < n; i++) {
    if (op->operands[i].value != vals[i])
      nl_use_set(&op->operands[i], vals[i]);
    consts[i] = attrs[i];
  }
  if (vals != small_vals) {
    free(vals);
    free(attrs);
  }
  return true;
}

/* Checks what a fold hook returned: each result is an attribute or a value
 * of the result's type, or the fold was in place. A hook that breaks the
 * contract is treated as not having folded. */
static bool
valid_fold(NlOp *op, NlFoldResult *results, bool *in_place)
{
  bool all_self = true, any_own = false;
  for (uint32_t i = 0; i < op->nresults; i++) {
    NlFoldResult *r = &results[i];
    if (!r->attr && !r->value)
      return false;
    if (r->value && r->value->type != op->results[i].type)
      return false;
    if (r->value != &op->results[i])
      all_self = false;
    if (r->value && r->value->kind == NL_VALUE_RESULT && r->value->owner == op)
      any_own = true;
  }
  /* Replacing some results by results of the op itself would leave uses
   * of an op about to be erased. */
  if (any_own && !all_self)
    return false;
  *in_place = all_self;
  return true;
}

NlResult
nl_op_fold(NlOp *op, NlFoldResult *results)
{
  uint32_t n = op->noperands;
  bool commutative = (op->def->traits & NL_COMMUTATIVE) && n >= 2;
  if (!op->def->fold && !commutative)
    return nl_failure();
  NlAttr *small[SMALL] = {0};
  NlAttr **consts = n > SMALL ? nl_xmalloc(n * sizeof *consts) : small;
  for (uint32_t i = 0; i < n; i++)
    consts[i] = nl_value_constant(op->operands[i].value);
  for (uint32_t i = 0; i < op->nresults; i++)
    results[i] = (NlFoldResult){0};

  bool folded = false, in_place = false;
  if (op->def->fold && nl_succeeded(op->def->fold(op, consts, results))) {
    if (valid_fold(op, results, &in_place))
      folded = true;
    else
      for (uint32_t i = 0; i < op->nresults; i++)
        results[i] = (NlFoldResult){0};
  }
  /* An in-place fold may have changed the operands: read them again so the
   * trait fold below sees the op as it is now. */
  if (folded && in_place)
    for (uint32_t i = 0; i < n; i++)
      consts[i] = nl_value_constant(op->operands[i].value);
  /* As in MLIR, trait folding runs when the hook failed or folded in place. */
  if ((!folded || in_place) && commutative &&
      move_constants_right(op, consts)) {
    for (uint32_t i = 0; i < op->nresults; i++)
      results[i] = (NlFoldResult){.value = &op->results[i]};
    folded = true;
  }
  if (consts != small)
    free(consts);
  return folded ? nl_success() : nl_failure();
}
