/*
 * Private to the math dialect: opcodes, the op table, how an op's opcode
 * is found (as in arith: the first interface of each definition is
 * "math.kind" with the opcode as its table) and the folder.
 */
#ifndef NULL_DIALECTS_MATH_INTERNAL_H
#define NULL_DIALECTS_MATH_INTERNAL_H

#include "arith/common.h"
#include "math/math.h"

enum {
#define OP(id, ...) MATH_##id,
#include "math/ops.def"
#undef OP
  MATH_NOPS
};

NL_INTERNAL extern const NlOpDef nl_math_ops[MATH_NOPS];
NL_INTERNAL extern const char nl_math_kind_iface[];

/* The opcode of op (MATH_*), or -1 if op is not a math op. */
static inline int
nl_math_kind(const NlOp *op)
{
  const NlOpIface *i = op ? op->def->ifaces : NULL;
  if (!i || i->name != nl_math_kind_iface)
    return -1;
  return *(const int *)i->table;
}

/* The fold hook of every math op (fold.c). */
NL_INTERNAL NlResult nl_math_fold(NlOp *op, NlAttr *const *consts,
                                  NlFoldResult *out);

#endif
