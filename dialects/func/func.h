/*
 * The func dialect: functions (`func.func`), returns, direct and indirect
 * calls and function constants, with MLIR's syntax, attributes
 * (sym_name, function_type, sym_visibility, arg_attrs, res_attrs) and
 * verifiers.
 */
#ifndef NULL_DIALECTS_FUNC_H
#define NULL_DIALECTS_FUNC_H

#include "null/null.h"

/* The dialect table; load it with nl_context_load_dialect or
 * nl_func_register. */
extern const NlDialect nl_func_dialect;

NL_API NL_NODISCARD NlResult nl_func_register(NlContext *ctx);

/* Creates a detached public `func.func @name` of function type fntype.
 * Unless `declaration`, the body gets an entry block whose arguments match
 * the inputs (located at loc) and no terminator yet; a declaration is made
 * private, as MLIR requires. NULL (no diagnostic) if the dialect is not
 * loaded or fntype is not a function type. */
NL_API NlOp *nl_func_create(NlContext *ctx, NlLoc *loc, const char *name,
                            NlType *fntype, bool declaration);
/* The function type of a func.func, or NULL when its attribute is broken. */
NL_API NlType *nl_func_type(const NlOp *func);
/* The entry block of a func.func, or NULL for a declaration. */
NL_API NlBlock *nl_func_entry(NlOp *func);

#endif
