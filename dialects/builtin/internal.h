/* Private to the builtin dialect: its opcodes and op table. */
#ifndef NULL_DIALECTS_BUILTIN_INTERNAL_H
#define NULL_DIALECTS_BUILTIN_INTERNAL_H

#include "null/null.h"

enum {
#define OP(id, ...) BUILTIN_##id,
#include "builtin/ops.def"
#undef OP
  BUILTIN_NOPS
};

extern const NlOpDef nl_builtin_ops[BUILTIN_NOPS];

#endif
