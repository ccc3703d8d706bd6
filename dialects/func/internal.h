/* Private to the func dialect: its opcodes and op table. */
#ifndef NULL_DIALECTS_FUNC_INTERNAL_H
#define NULL_DIALECTS_FUNC_INTERNAL_H

#include "null/null.h"

enum {
#define OP(id, ...) FUNC_##id,
#include "func/ops.def"
#undef OP
  FUNC_NOPS
};

extern const NlOpDef nl_func_ops[FUNC_NOPS];

#endif
