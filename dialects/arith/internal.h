/*
 * Private to the arith dialect: opcodes, the op table, how an op's opcode
 * is found, and the entry points of fold.c and canonicalize.c.
 */
#ifndef NULL_DIALECTS_ARITH_INTERNAL_H
#define NULL_DIALECTS_ARITH_INTERNAL_H

#include "arith/common.h"

/* Integer divisions have no side effects but must not be speculated. */
#define NL_DIV NL_NOT_SPECULATABLE

enum {
#define OP(id, ...) ARITH_##id,
#include "arith/ops.def"
#undef OP
  ARITH_NOPS
};

NL_INTERNAL extern const NlOpDef nl_arith_ops[ARITH_NOPS];

/* Every arith op definition carries the interface "arith.kind" first in
 * its list, whose table is its opcode: the opcode of an op is then one
 * pointer comparison away, whichever copy of the table the context made.
 * The name is compared by address. */
NL_INTERNAL extern const char nl_arith_kind_iface[];

static inline int
nl_arith_def_kind(const NlOpDef *def)
{
  const NlOpIface *i = def ? def->ifaces : NULL;
  if (!i || i->name != nl_arith_kind_iface)
    return -1;
  return *(const int *)i->table;
}

/* The opcode of op (ARITH_*), or -1 if op is not an arith op. */
static inline int
nl_arith_kind(const NlOp *op)
{
  return op ? nl_arith_def_kind(op->def) : -1;
}

/* The opcode of v's defining op, or -1. */
static inline int
nl_arith_value_kind(NlValue *v)
{
  return nl_arith_kind(nl_value_defining_op(v));
}

/* The fold hook of every arith op (fold.c). */
NL_INTERNAL NlResult nl_arith_fold(NlOp *op, NlAttr *const *consts,
                                   NlFoldResult *out);

/* The canonicalization patterns, listed in patterns.def and defined in
 * canonicalize.c; the dialect hands them all to the driver. */
enum {
#define PAT(fn, ...) ARITH_PAT_##fn,
#include "arith/patterns.def"
#undef PAT
  ARITH_NPATTERNS
};

NL_INTERNAL extern const NlPattern nl_arith_patterns[ARITH_NPATTERNS];

#endif
