/*
 * Constant folding on attributes, shared by the arith and math folders (not
 * exported). Values are handled element by element as raw bits: integers
 * up to 64 bits (index counts as 64) zero-extended in a uint64_t, floats
 * of f16, bf16, f32 and f64 as their bit patterns. Kernels compute on one
 * element; nl_cf_apply maps them over scalars, splats and dense elements.
 * Other element types (wider integers, f8, f80, ...) are not folded.
 */
#ifndef NULL_DIALECTS_ARITH_CONSTFOLD_H
#define NULL_DIALECTS_ARITH_CONSTFOLD_H

#include "null/null.h"

/* An element type the folders compute on. */
typedef struct NlCfElem {
  NlType *type;   /* the element type */
  uint32_t width; /* bit width; 64 for index */
  bool is_float;
  uint8_t fkind; /* NlFloatKind when is_float */
} NlCfElem;

/* Describes element type t; false when t is not foldable. */
NL_INTERNAL bool nl_cf_elem(NlType *t, NlCfElem *e);

/* ---- integers ------------------------------------------------------------ */

static inline uint64_t
nl_cf_mask(uint32_t w)
{
  return w >= 64 ? ~0ull : (1ull << w) - 1;
}

/* v (the low w bits) sign-extended. */
static inline int64_t
nl_cf_sext(uint64_t v, uint32_t w)
{
  if (w >= 64)
    return (int64_t)v;
  uint64_t sign = 1ull << (w - 1);
  v &= nl_cf_mask(w);
  return (int64_t)((v ^ sign) - sign);
}

/* ---- floats -------------------------------------------------------------- */

NL_INTERNAL bool nl_cf_isnan(const NlCfElem *e, uint64_t b);
NL_INTERNAL bool nl_cf_isinf(const NlCfElem *e, uint64_t b);
NL_INTERNAL bool nl_cf_iszero(const NlCfElem *e, uint64_t b);
NL_INTERNAL bool nl_cf_signbit(const NlCfElem *e, uint64_t b);
/* b with the sign bit flipped or cleared. */
NL_INTERNAL uint64_t nl_cf_neg(const NlCfElem *e, uint64_t b);
NL_INTERNAL uint64_t nl_cf_abs(const NlCfElem *e, uint64_t b);
/* A NaN b made quiet (payload kept), and the default quiet NaN (positive,
 * no payload), which APFloat produces for invalid operations. */
NL_INTERNAL uint64_t nl_cf_quiet(const NlCfElem *e, uint64_t b);
NL_INTERNAL uint64_t nl_cf_qnan(const NlCfElem *e);
/* The value (exact; NaN payloads are dropped). */
NL_INTERNAL double nl_cf_to_double(const NlCfElem *e, uint64_t b);
/* v rounded to the format, to nearest even; a NaN becomes the default
 * quiet NaN. */
NL_INTERNAL uint64_t nl_cf_from_double(const NlCfElem *e, double v);
/* Converts b from one float format to another when that loses nothing
 * (APFloat::convert without losesInfo and with status opOK): false for an
 * inexact or overflowing value, a signaling NaN or NaN payload bits that
 * do not fit. */
NL_INTERNAL bool nl_cf_convert_exact(const NlCfElem *from, uint64_t b,
                                     const NlCfElem *to, uint64_t *out);
/* An integer of `width` bits (sign-extended when is_signed) converted to
 * the float format of e, rounded once to nearest even (convertFromAPInt). */
NL_INTERNAL uint64_t nl_cf_from_int(const NlCfElem *e, uint64_t v,
                                    uint32_t width, bool is_signed);
/* A float converted to an integer of `width` bits, rounded toward zero
 * (convertToInteger); false for NaN, infinities and values out of range. */
NL_INTERNAL bool nl_cf_to_int(const NlCfElem *e, uint64_t b, uint32_t width,
                              bool is_signed, uint64_t *out);
/* Whether the element's arithmetic is done in double (f64) rather than
 * float (f32, f16, bf16: exact in float, then rounded once). */
static inline bool
nl_cf_is_f64(const NlCfElem *e)
{
  return e->width == 64;
}

/* ---- mapping kernels over constants -------------------------------------- */

/* Computes one result element from one element of each operand (x[i]
 * described by in[i]). Returns false to decline folding. */
typedef bool (*NlCfFn)(const NlCfElem *in, const uint64_t *x,
                       const NlCfElem *out, uint64_t *r, void *ud);

/* Applies fn elementwise to the constant operands ins[0..n) (scalar
 * integer/float attributes, or dense elements of one static shape) and
 * returns the result as an attribute of type rtype (a scalar, or a splat
 * when every operand is a splat). NULL when an operand is NULL or not
 * foldable, rtype is not a static shape of a foldable type, or fn
 * declines. */
NL_INTERNAL NlAttr *nl_cf_apply(NlContext *ctx, NlType *rtype,
                                NlAttr *const *ins, uint32_t n, NlCfFn fn,
                                void *ud);

/* ---- matching constants -------------------------------------------------- */

/* The value of a scalar attribute or of a splat (m_Constant in MLIR's
 * matchers); false otherwise. */
NL_INTERNAL bool nl_cf_splat_value(const NlAttr *a, NlCfElem *e,
                                   uint64_t *bits);
/* An integer scalar or splat equal to v (masked to the width; scalars wider
 * than 64 bits compare with v sign-extended). */
NL_INTERNAL bool nl_cf_is_int(const NlAttr *a, uint64_t v);
/* An integer scalar or splat with all bits set (-1). */
NL_INTERNAL bool nl_cf_is_all_ones(const NlAttr *a);
/* A float scalar or splat with exactly these bits for its format;
 * `what` picks the value: */
enum {
  NL_CF_POS_ZERO,
  NL_CF_NEG_ZERO,
  NL_CF_ONE,
  NL_CF_NAN,
  NL_CF_POS_INF,
  NL_CF_NEG_INF
};
NL_INTERNAL bool nl_cf_is_float(const NlAttr *a, int what);

/* A scalar attribute of type t or a splat of the shaped type t holding
 * bits (for scalar integers wider than 64 bits: bits sign-extended); NULL
 * when t is not static or its element type is not foldable. */
NL_INTERNAL NlAttr *nl_cf_splat_attr(NlContext *ctx, NlType *t, uint64_t bits);

#endif
