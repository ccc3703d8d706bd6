/*
 * The textual format: MLIR syntax. Parsing a buffer into ops, printing ops,
 * and the small parser/printer API that custom-form hooks (NlOpDef.parse
 * and .print) use, the counterpart of MLIR's OpAsmParser/OpAsmPrinter.
 */
#ifndef NULL_ASM_H
#define NULL_ASM_H

#include "null/diag.h"

/* ---- whole-buffer parsing ------------------------------------------------- */

typedef struct NlParseConfig {
  uint32_t first_line; /* line number of the buffer's first line (>= 1) */
} NlParseConfig;

/* Parses a whole buffer named `name` (used in locations). Returns the top
 * op: the buffer's single builtin.module, or an implicit module wrapping
 * the top-level ops. Returns NULL after reporting a diagnostic. The buffer
 * is registered with nl_context_add_source. config may be NULL. */
NL_API NlOp *nl_parse_source(NlContext *ctx, const char *name, const char *buf,
                             size_t len, const NlParseConfig *config);

/* Parses a single type or attribute from a string (for tools and tests).
 * NULL after a diagnostic. */
NL_API NlType *nl_parse_type_str(NlContext *ctx, const char *s);
NL_API NlAttr *nl_parse_attr_str(NlContext *ctx, const char *s);

/* ---- printing ------------------------------------------------------------- */

typedef struct NlPrintFlags {
  bool generic;           /* --mlir-print-op-generic */
  bool debuginfo;         /* --mlir-print-debuginfo: print loc(...) */
  bool elide_large;       /* --elide-large-constants */
  size_t elide_limit;     /* elements; 0 means 16 */
  bool local_scope;       /* don't print aliases or the resource section */
} NlPrintFlags;

/* Prints op (normally the top-level module) with aliases first and the
 * `{-# dialect_resources ... #-}` section last, followed by a newline. */
NL_API void nl_op_print(NlOp *op, FILE *out, const NlPrintFlags *flags);
/* Same into a buffer. */
NL_API void nl_op_print_buf(NlOp *op, NlBuf *out, const NlPrintFlags *flags);
NL_API void nl_type_print(const NlType *t, NlBuf *out);
NL_API void nl_attr_print(const NlAttr *a, NlBuf *out);
NL_API void nl_loc_print(const NlLoc *l, NlBuf *out);
NL_API void nl_affine_expr_print(const NlAffineExpr *e, NlBuf *out);
NL_API void nl_affine_map_print(const NlAffineMap *m, NlBuf *out);

/* ---- custom-form parse API ---------------------------------------------------- */

/* An operand reference read before its type is known: %name or %name#3. */
typedef struct NlUnresolvedOperand {
  NlIdent *name; /* without the % */
  uint32_t number;
  NlLoc *loc;
} NlUnresolvedOperand;

/* A region entry argument spelled in a custom form: %x: type {attrs} loc. */
typedef struct NlArgument {
  NlUnresolvedOperand ssa;
  NlType *type;
  NlAttr *attrs; /* dictionary or NULL */
  NlLoc *loc;    /* explicit loc(...) or the argument's own location */
} NlArgument;

NL_API NlContext *nl_parser_context(NlParser *p);
/* Location of the next token. */
NL_API NlLoc *nl_parser_loc(NlParser *p);
/* Error at the next token. Returns the diagnostic for notes. */
NL_API NlDiag *nl_parser_error(NlParser *p, const char *fmt, ...)
    NL_PRINTF(2, 3);

/* Punctuation: one of ( ) [ ] { } < > , : = -> ? * + - ... :: */
NL_API bool nl_parser_accept(NlParser *p, const char *punct);
NL_API NL_NODISCARD NlResult nl_parser_expect(NlParser *p, const char *punct);
/* Bare keyword (identifier) equal to kw. */
NL_API bool nl_parser_accept_keyword(NlParser *p, const char *kw);
NL_API NL_NODISCARD NlResult nl_parser_parse_keyword(NlParser *p, NlStr *out);
/* @name or @"quoted", returned as a string attribute. */
NL_API bool nl_parser_peek_symbol(NlParser *p);
NL_API NL_NODISCARD NlResult nl_parser_parse_symbol_name(NlParser *p,
                                                         NlAttr **out);
NL_API NL_NODISCARD NlResult nl_parser_parse_string(NlParser *p, NlBuf *out);
NL_API NL_NODISCARD NlResult nl_parser_parse_integer(NlParser *p,
                                                     int64_t *out);
NL_API NL_NODISCARD NlResult nl_parser_parse_type(NlParser *p, NlType **out);
/* A type list: `()` `type` or `(type, type)`; used for results. */
NL_API NL_NODISCARD NlResult nl_parser_parse_type_list(NlParser *p,
                                                       NlType ***out,
                                                       uint32_t *n);
/* An attribute; type may give the expected type of an untyped literal. */
NL_API NL_NODISCARD NlResult nl_parser_parse_attr(NlParser *p, NlType *type,
                                                  NlAttr **out);
/* Optional `{...}` added to st's attributes. */
NL_API NL_NODISCARD NlResult nl_parser_parse_optional_attr_dict(NlParser *p,
                                                                NlOpState *st);
/* Optional `attributes {...}`. */
NL_API NL_NODISCARD NlResult
nl_parser_parse_optional_attr_dict_with_keyword(NlParser *p, NlOpState *st);
NL_API bool nl_parser_peek_operand(NlParser *p);
NL_API NL_NODISCARD NlResult nl_parser_parse_operand(NlParser *p,
                                                     NlUnresolvedOperand *out);
/* Comma-separated operands (possibly none) until a token that is not %. */
NL_API NL_NODISCARD NlResult nl_parser_parse_operand_list(
    NlParser *p, NlUnresolvedOperand **out, uint32_t *n);
/* Looks the operand up (or creates a forward reference) with type t. */
NL_API NL_NODISCARD NlResult nl_parser_resolve_operand(
    NlParser *p, const NlUnresolvedOperand *o, NlType *t, NlValue **out);
NL_API NL_NODISCARD NlResult nl_parser_resolve_operands(
    NlParser *p, const NlUnresolvedOperand *os, uint32_t n, NlType *const *ts,
    uint32_t nts, NlLoc *loc, NlOpState *st);
/* `%x: type {attrs}? loc(...)?`; with_type false reads only `%x`. */
NL_API NL_NODISCARD NlResult nl_parser_parse_argument(NlParser *p,
                                                      bool with_type,
                                                      NlArgument *out);
/* Optional trailing loc(...); *out unchanged when absent. */
NL_API NL_NODISCARD NlResult nl_parser_parse_optional_loc(NlParser *p,
                                                          NlLoc **out);
/* `{ blocks }` into r. args (may be empty) become the entry block's
 * arguments, named in the region's scope. With enable_name_shadowing false
 * (always, for now) redefining a name is an error. */
NL_API NL_NODISCARD NlResult nl_parser_parse_region(NlParser *p, NlRegion *r,
                                                    const NlArgument *args,
                                                    uint32_t nargs);
NL_API bool nl_parser_peek(NlParser *p, const char *punct);

/* ---- custom-form print API ---------------------------------------------------- */

NL_API const NlPrintFlags *nl_printer_flags(NlPrinter *p);
NL_API void nl_printer_puts(NlPrinter *p, const char *s);
NL_API void nl_printer_printf(NlPrinter *p, const char *fmt, ...)
    NL_PRINTF(2, 3);
NL_API void nl_printer_print_type(NlPrinter *p, const NlType *t);
NL_API void nl_printer_print_attr(NlPrinter *p, const NlAttr *a);
/* Prints an attribute without its `: type` suffix when the type is the
 * default one (i64 for integers, f64 for floats) or elided by the caller. */
NL_API void nl_printer_print_attr_no_type(NlPrinter *p, const NlAttr *a);
NL_API void nl_printer_print_value(NlPrinter *p, NlValue *v);
/* `%a, %b` */
NL_API void nl_printer_print_operands(NlPrinter *p, NlOp *op);
NL_API void nl_printer_print_symbol_name(NlPrinter *p, NlIdent *name);
/* `i32, f32` (no parens) */
NL_API void nl_printer_print_type_list(NlPrinter *p, NlType *const *ts,
                                       uint32_t n);
/* ` {a = 1}` omitting the listed names; nothing if empty. */
NL_API void nl_printer_print_attr_dict(NlPrinter *p, NlAttr *dict,
                                       const char *const *elided,
                                       uint32_t nelided);
/* ` attributes {a = 1}` omitting the listed names. */
NL_API void nl_printer_print_attr_dict_with_keyword(NlPrinter *p,
                                                    NlAttr *dict,
                                                    const char *const *elided,
                                                    uint32_t nelided);
/* A block argument as `%arg0: type {attrs} loc(...)` (loc only with
 * debuginfo). attrs may be NULL. */
NL_API void nl_printer_print_argument(NlPrinter *p, NlValue *arg,
                                      NlAttr *attrs);
/* ` loc(...)` when debuginfo is on. */
NL_API void nl_printer_print_optional_loc(NlPrinter *p, NlLoc *loc);
/* `{ ... }`. print_entry_args false hides the entry block's header (its
 * arguments were printed by the op, e.g. func.func). */
NL_API void nl_printer_print_region(NlPrinter *p, NlRegion *r,
                                    bool print_entry_args,
                                    bool print_empty_block);

#endif
