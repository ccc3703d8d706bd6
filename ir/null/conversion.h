/*
 * Dialect conversion, the helper that lowering passes use (MLIR's
 * DialectConversion): a target says which ops are legal, a type converter
 * maps types and makes casts between the old and the new types, and
 * conversion patterns rewrite illegal ops given operands already remapped
 * to the converted values. Full conversion requires every op to end up
 * legal; partial conversion only the ops explicitly marked illegal.
 *
 * Unlike MLIR, a failed conversion is not rolled back: the IR is left
 * partly converted (still valid IR, bridged by casts) and the caller is
 * expected to fail its pass, as lowering passes do anyway.
 */
#ifndef NULL_CONVERSION_H
#define NULL_CONVERSION_H

#include "null/rewrite.h"

/* ---- conversion target --------------------------------------------------- */

typedef struct NlConversionTarget NlConversionTarget;

/* Decides the legality of one op; `ud` is the pointer given with it. */
typedef bool (*NlLegalityFn)(NlOp *op, void *ud);

NL_API NlConversionTarget *nl_conversion_target_create(NlContext *ctx);
NL_API void nl_conversion_target_destroy(NlConversionTarget *t);
/* Names are full op names ("arith.addi") or dialect names ("arith"). A
 * setting for an op overrides one for its dialect, which overrides the
 * setting for unknown ops; a later setting for the same name replaces an
 * earlier one. */
NL_API void nl_conversion_target_add_legal_op(NlConversionTarget *t,
                                              const char *op);
NL_API void nl_conversion_target_add_illegal_op(NlConversionTarget *t,
                                                const char *op);
NL_API void nl_conversion_target_add_dynamic_op(NlConversionTarget *t,
                                                const char *op, NlLegalityFn fn,
                                                void *ud);
NL_API void nl_conversion_target_add_legal_dialect(NlConversionTarget *t,
                                                   const char *dialect);
NL_API void nl_conversion_target_add_illegal_dialect(NlConversionTarget *t,
                                                     const char *dialect);
NL_API void nl_conversion_target_add_dynamic_dialect(NlConversionTarget *t,
                                                     const char *dialect,
                                                     NlLegalityFn fn, void *ud);
/* Legality of ops with no setting of their own or their dialect's: by
 * default unknown (fine for a partial conversion, an error for a full
 * one). fn NULL makes them all legal. */
NL_API void nl_conversion_target_set_unknown_legal(NlConversionTarget *t,
                                                   NlLegalityFn fn, void *ud);

typedef enum NlLegality {
  NL_LEGALITY_UNKNOWN,
  NL_LEGALITY_LEGAL,
  NL_LEGALITY_ILLEGAL,
} NlLegality;

/* The legality of op under t (dynamic callbacks are called). */
NL_API NlLegality nl_conversion_target_legality(const NlConversionTarget *t,
                                                NlOp *op);

/* ---- type converter ------------------------------------------------------ */

typedef struct NlTypeConverter NlTypeConverter;

/* Converts t: returns the converted type (t itself when t is legal as is),
 * or NULL when this callback does not handle t so that the next one is
 * tried. Setting *reject makes t unconvertible. */
typedef NlType *(*NlTypeConvertFn)(NlType *t, void *ud, bool *reject);
/* Makes a value of type `to` from `from` at the builder's insertion point;
 * NULL when it cannot. */
typedef NlValue *(*NlCastMaterializeFn)(NlBuilder *b, NlType *to, NlValue *from,
                                        NlLoc *loc, void *ud);

NL_API NlTypeConverter *nl_type_converter_create(NlContext *ctx);
NL_API void nl_type_converter_destroy(NlTypeConverter *tc);
/* Callbacks are tried last added first (as in MLIR). */
NL_API void nl_type_converter_add(NlTypeConverter *tc, NlTypeConvertFn fn,
                                  void *ud);
/* Materializations: `source` turns a converted value back into its
 * original type (for users not converted yet), `target` turns an original
 * value into its converted type (for operands handed to patterns). Both
 * default to builtin.unrealized_conversion_cast, which the driver erases
 * again when the two sides meet (cast(cast(x)) with x of the final type). */
NL_API void nl_type_converter_set_source_materialization(NlTypeConverter *tc,
                                                         NlCastMaterializeFn fn,
                                                         void *ud);
NL_API void nl_type_converter_set_target_materialization(NlTypeConverter *tc,
                                                         NlCastMaterializeFn fn,
                                                         void *ud);
/* The converted type, or NULL when t cannot be converted. */
NL_API NlType *nl_type_converter_convert(const NlTypeConverter *tc, NlType *t);
/* Whether t converts to itself. */
NL_API bool nl_type_converter_is_legal(const NlTypeConverter *tc, NlType *t);
/* Whether every operand and result type of op is legal. */
NL_API bool nl_type_converter_is_legal_op(const NlTypeConverter *tc, NlOp *op);
/* Converts every type of a function type; NULL when one cannot be. */
NL_API NlType *nl_type_converter_convert_function(const NlTypeConverter *tc,
                                                  NlType *fn);

/* ---- conversion patterns ------------------------------------------------- */

/* Rewrites op through rw. operands[i] is op's operand i as converted so
 * far (the new value when its definition was already converted, with the
 * converted type when a type converter is in use). Returns success if it
 * rewrote op (replaced or erased it, or updated it in place); on failure
 * the IR must be unchanged. */
typedef NlResult (*NlConversionFn)(NlOp *op, NlValue *const *operands,
                                   NlRewriter *rw);

typedef struct NlConversionPattern {
  const char *root; /* op name, or NULL for every op */
  uint16_t benefit; /* higher is tried first */
  const char *name;
  NlConversionFn match_and_rewrite;
} NlConversionPattern;

typedef struct NlConversionPatternSet {
  const NlConversionPattern **patterns;
  uint32_t n, cap;
} NlConversionPatternSet;

NL_API void nl_conversion_pattern_set_init(NlConversionPatternSet *s);
NL_API void nl_conversion_pattern_set_add(NlConversionPatternSet *s,
                                          const NlConversionPattern *ps,
                                          uint32_t n);
NL_API void nl_conversion_pattern_set_fini(NlConversionPatternSet *s);

/* Inside a conversion pattern: the conversion's type converter (or NULL)
 * and the user pointer given to the driver. */
NL_API const NlTypeConverter *nl_rewriter_type_converter(NlRewriter *rw);
NL_API void *nl_rewriter_user_data(NlRewriter *rw);
/* Converts the types of the arguments of every block of r with the
 * conversion's type converter; uses that are not converted yet see the old
 * type through a source materialization. Fails, with a diagnostic, when a
 * type cannot be converted. */
NL_API NL_NODISCARD NlResult nl_rewriter_convert_region_types(NlRewriter *rw,
                                                              NlRegion *r);

/* ---- drivers ------------------------------------------------------------- */

typedef struct NlConversionConfig {
  const NlTypeConverter *types; /* may be NULL */
  void *user_data;              /* nl_rewriter_user_data */
} NlConversionConfig;

/* Converts every op nested in root (not root itself) so that all of them
 * are legal. Reports "failed to legalize operation 'x'" for the first op
 * that stays illegal or unknown, and fails. */
NL_API NL_NODISCARD NlResult nl_apply_full_conversion(
    NlOp *root, const NlConversionTarget *target,
    const NlConversionPatternSet *patterns, const NlConversionConfig *config);
/* Converts what it can; fails only for ops explicitly illegal that no
 * pattern converts ("failed to legalize operation 'x' that was explicitly
 * marked illegal"). */
NL_API NL_NODISCARD NlResult nl_apply_partial_conversion(
    NlOp *root, const NlConversionTarget *target,
    const NlConversionPatternSet *patterns, const NlConversionConfig *config);

#endif
