/*
 * Helpers shared by the arith and math dialects, not exported from them:
 * MLIR's type constraints (`signless-integer-like`, ...) with MLIR's
 * diagnostics, the enum-like attributes of arith (fastmath and overflow
 * flags, comparison predicates, rounding modes) and their custom syntax,
 * and access to inherent attributes that may sit in the attribute
 * dictionary or, for MLIR's generic form, in the properties.
 */
#ifndef NULL_DIALECTS_ARITH_COMMON_H
#define NULL_DIALECTS_ARITH_COMMON_H

#include "arith/arith.h"

/* ---- type constraints ---------------------------------------------------- */

/* MLIR's type constraints of arith and math operands and results. "-like"
 * means the type itself, or a vector or (ranked or unranked) tensor of it. */
typedef enum NlArithTC {
  NL_TC_ANY,        /* any type */
  NL_TC_INT,        /* signless integer or index, -like */
  NL_TC_FIXED_INT,  /* signless integer (not index), -like */
  NL_TC_FLOAT,      /* float, -like */
  NL_TC_BOOL,       /* i1, -like */
  NL_TC_INDEX_CAST, /* NL_TC_INT, or memref of signless integer or index */
  NL_TC_BITCAST,    /* signless integer or float -like, or memref of them */
} NlArithTC;

NL_INTERNAL bool nl_arith_type_ok(const NlType *t, NlArithTC tc);
/* Checks operand or result i against tc, reporting MLIR's "operand #0 must
 * be signless-integer-like, but got 'f32'" on failure. */
NL_INTERNAL NlResult nl_arith_check_operand(NlOp *op, uint32_t i, NlArithTC tc);
NL_INTERNAL NlResult nl_arith_check_result(NlOp *op, uint32_t i, NlArithTC tc);
/* Requires every operand and result to have exactly one type. */
NL_INTERNAL NlResult nl_arith_check_same_type(NlOp *op);
/* Whether a and b have the same shape: both scalars, or both vectors or
 * both tensors (ranked: same dims; unranked: both unranked). */
NL_INTERNAL bool nl_arith_same_shape(const NlType *a, const NlType *b);
/* t with its element type replaced by elem (scalars: elem itself). */
NL_INTERNAL NlType *nl_arith_with_elem(NlContext *ctx, NlType *t, NlType *elem);
/* A type as MLIR streams it into a diagnostic; lives in b until reused. */
NL_INTERNAL const char *nl_arith_type_str(NlBuf *b, const NlType *t);

/* Custom forms assume the operand and result counts that the verifier
 * checks. An op printed before verification (IR dumped after a failing
 * pass) may break them: this prints a neutral ` %a, %b <malformed>` and
 * returns true for such an op, so that the print hook returns at once. */
NL_INTERNAL bool nl_arith_print_malformed(NlPrinter *p, NlOp *op);

/* ---- inherent attributes ------------------------------------------------- */

/* The attribute `name` from op's dictionary, else from its properties. */
NL_INTERNAL NlAttr *nl_arith_inherent(const NlOp *op, const char *name);
/* Sets (or with NULL removes) an inherent attribute in the dictionary,
 * dropping any copy in the properties. */
NL_INTERNAL void nl_arith_set_inherent(NlOp *op, const char *name,
                                       NlAttr *value);

/* ---- fastmath and overflow flags ----------------------------------------- */

/* Decodes `#arith.fastmath<...>`; false when a is not one. */
NL_INTERNAL bool nl_arith_decode_fastmath(const NlAttr *a, uint32_t *flags);
NL_INTERNAL bool nl_arith_decode_overflow(const NlAttr *a, uint32_t *flags);
/* `#arith.overflow<nsw, nuw>`, or NULL for none. */
NL_INTERNAL NlAttr *nl_arith_overflow_attr(NlContext *ctx, uint32_t flags);
/* The overflow flags of op (0 when absent or malformed). */
NL_INTERNAL uint32_t nl_arith_overflow(const NlOp *op);

/* Verifies the optional `fastmath` attribute of op. */
NL_INTERNAL NlResult nl_arith_verify_fastmath(NlOp *op);
/* Custom syntax: an optional `fastmath<flags>`, added to st as attribute
 * `fastmath` unless the flags are none. */
NL_INTERNAL NlResult nl_arith_parse_optional_fastmath(NlParser *p,
                                                      NlOpState *st);
/* Prints ` fastmath<flags>` unless the flags are none. */
NL_INTERNAL void nl_arith_print_optional_fastmath(NlPrinter *p, NlOp *op);
/* The same for `overflow<flags>` (attribute `overflowFlags`). */
NL_INTERNAL NlResult nl_arith_parse_optional_overflow(NlParser *p,
                                                      NlOpState *st);
NL_INTERNAL void nl_arith_print_optional_overflow(NlPrinter *p, NlOp *op);

/* ---- predicates and rounding modes --------------------------------------- */

enum {
  NL_CMPI_EQ,
  NL_CMPI_NE,
  NL_CMPI_SLT,
  NL_CMPI_SLE,
  NL_CMPI_SGT,
  NL_CMPI_SGE,
  NL_CMPI_ULT,
  NL_CMPI_ULE,
  NL_CMPI_UGT,
  NL_CMPI_UGE,
  NL_CMPI_COUNT
};
enum {
  NL_CMPF_FALSE,
  NL_CMPF_OEQ,
  NL_CMPF_OGT,
  NL_CMPF_OGE,
  NL_CMPF_OLT,
  NL_CMPF_OLE,
  NL_CMPF_ONE,
  NL_CMPF_ORD,
  NL_CMPF_UEQ,
  NL_CMPF_UGT,
  NL_CMPF_UGE,
  NL_CMPF_ULT,
  NL_CMPF_ULE,
  NL_CMPF_UNE,
  NL_CMPF_UNO,
  NL_CMPF_TRUE,
  NL_CMPF_COUNT
};
enum {
  NL_ROUND_TO_NEAREST_EVEN,
  NL_ROUND_DOWNWARD,
  NL_ROUND_UPWARD,
  NL_ROUND_TOWARD_ZERO,
  NL_ROUND_TO_NEAREST_AWAY,
  NL_ROUND_COUNT
};

NL_INTERNAL extern const char *const nl_cmpi_names[NL_CMPI_COUNT];
NL_INTERNAL extern const char *const nl_cmpf_names[NL_CMPF_COUNT];
NL_INTERNAL extern const char *const nl_round_names[NL_ROUND_COUNT];

/* The predicate of a cmpi/cmpf (its `predicate` attribute), or -1 when
 * missing or out of range for n predicates. */
NL_INTERNAL int nl_arith_predicate(const NlOp *op, int n);
/* The rounding mode of a truncf, or -1 when absent or invalid. */
NL_INTERNAL int nl_arith_roundingmode(const NlOp *op);

#endif
