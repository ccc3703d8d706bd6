/*
 * Builtin types, spelled as MLIR spells them. Types are interned in the
 * context: equal types are pointer-equal and immutable.
 */
#ifndef NULL_TYPES_H
#define NULL_TYPES_H

#include "null/context.h"

typedef struct NlType NlType;
typedef struct NlAttr NlAttr;

/* A dynamic dimension (`?`), also a dynamic stride or offset. */
#define NL_DYNAMIC INT64_MIN

typedef enum NlTypeKind {
  NL_TYPE_INTEGER,   /* i32, si8, ui64, i1, i<any width up to 2^24> */
  NL_TYPE_INDEX,     /* index */
  NL_TYPE_FLOAT,     /* f16 bf16 f32 f64 ... (see NlFloatKind) */
  NL_TYPE_NONE,      /* none */
  NL_TYPE_COMPLEX,   /* complex<f32> */
  NL_TYPE_TUPLE,     /* tuple<i32, f32> */
  NL_TYPE_FUNCTION,  /* (i32) -> (f32, f32) */
  NL_TYPE_TENSOR,    /* tensor<4x?xf32, #enc> */
  NL_TYPE_UNRANKED_TENSOR, /* tensor<*xf32> */
  NL_TYPE_MEMREF,    /* memref<4x4xf32, strided<[4, 1]>, 1> */
  NL_TYPE_UNRANKED_MEMREF, /* memref<*xf32, 1> */
  NL_TYPE_VECTOR,    /* vector<4x[8]xf32> */
  NL_TYPE_OPAQUE,    /* !dialect.body or !dialect<body>, kept as text */
} NlTypeKind;

typedef enum NlSignedness { NL_SIGNLESS, NL_SIGNED, NL_UNSIGNED } NlSignedness;

typedef enum NlFloatKind {
  NL_F16,
  NL_BF16,
  NL_F32,
  NL_F64,
  NL_TF32,
  NL_F80,
  NL_F128,
  NL_F8E5M2,
  NL_F8E4M3FN,
} NlFloatKind;

struct NlType {
  uint8_t kind; /* NlTypeKind */
  uint32_t hash;
  union {
    struct {
      uint32_t width;
      uint8_t signedness; /* NlSignedness */
    } integer;
    struct {
      uint8_t fkind; /* NlFloatKind */
    } flt;
    struct {
      NlType *elem;
    } complex;
    struct {
      uint32_t n;
      NlType *const *elems;
    } tuple;
    struct {
      uint32_t ninputs;
      uint32_t nresults;
      NlType *const *types; /* ninputs inputs, then nresults results */
    } function;
    /* NL_TYPE_TENSOR, NL_TYPE_MEMREF, NL_TYPE_VECTOR and the unranked
     * kinds share this layout (rank 0 and dims NULL when unranked). */
    struct {
      uint32_t rank;
      const int64_t *dims;   /* NL_DYNAMIC for `?` */
      const bool *scalable;  /* vector only; NULL when no dim is scalable */
      NlType *elem;
      NlAttr *encoding;      /* tensor only; NULL when absent */
      NlAttr *layout;        /* memref only; NULL = identity */
      NlAttr *space;         /* memref only; NULL = default space */
    } shaped;
    struct {
      NlIdent *dialect;
      NlIdent *body; /* text between < and >, or after the dot */
      bool pretty;   /* spelled !dialect.body rather than !dialect<body> */
    } opaque;
  };
};

/* Constructors. All return interned types and never fail except where
 * noted; invalid combinations are rejected by the parser and verifiers, not
 * here (callers must pass valid element types). */
NL_API NlType *nl_type_integer(NlContext *ctx, uint32_t width,
                               NlSignedness s);
NL_API NlType *nl_type_index(NlContext *ctx);
NL_API NlType *nl_type_float(NlContext *ctx, NlFloatKind k);
NL_API NlType *nl_type_none(NlContext *ctx);
NL_API NlType *nl_type_complex(NlContext *ctx, NlType *elem);
NL_API NlType *nl_type_tuple(NlContext *ctx, NlType *const *elems, uint32_t n);
NL_API NlType *nl_type_function(NlContext *ctx, NlType *const *inputs,
                                uint32_t ninputs, NlType *const *results,
                                uint32_t nresults);
NL_API NlType *nl_type_tensor(NlContext *ctx, const int64_t *dims,
                              uint32_t rank, NlType *elem, NlAttr *encoding);
NL_API NlType *nl_type_unranked_tensor(NlContext *ctx, NlType *elem);
NL_API NlType *nl_type_memref(NlContext *ctx, const int64_t *dims,
                              uint32_t rank, NlType *elem, NlAttr *layout,
                              NlAttr *space);
NL_API NlType *nl_type_unranked_memref(NlContext *ctx, NlType *elem,
                                       NlAttr *space);
/* scalable may be NULL (no scalable dims). */
NL_API NlType *nl_type_vector(NlContext *ctx, const int64_t *dims,
                              uint32_t rank, const bool *scalable,
                              NlType *elem);
NL_API NlType *nl_type_opaque(NlContext *ctx, const char *dialect,
                              size_t dlen, const char *body, size_t blen,
                              bool pretty);

/* Shorthands. */
NL_API NlType *nl_type_i1(NlContext *ctx);
NL_API NlType *nl_type_i32(NlContext *ctx);
NL_API NlType *nl_type_i64(NlContext *ctx);
NL_API NlType *nl_type_f32(NlContext *ctx);
NL_API NlType *nl_type_f64(NlContext *ctx);

/* Queries. */
NL_API bool nl_type_is_integer(const NlType *t, uint32_t width); /* 0: any */
NL_API bool nl_type_is_signless_integer(const NlType *t);
NL_API bool nl_type_is_int_or_index(const NlType *t);
NL_API bool nl_type_is_float(const NlType *t);
NL_API bool nl_type_is_shaped(const NlType *t); /* tensor, memref, vector */
NL_API bool nl_type_is_ranked_shaped(const NlType *t);
NL_API bool nl_type_has_static_shape(const NlType *t);
/* Element type of a shaped or complex type, else the type itself. */
NL_API NlType *nl_type_element(NlType *t);
/* Number of elements of a static shaped type, -1 if dynamic/unranked. */
NL_API int64_t nl_type_num_elements(const NlType *t);
/* Bit width of an integer, index (64) or float type; 0 otherwise. */
NL_API uint32_t nl_type_bitwidth(const NlType *t);
/* MLIR's spelling of a float kind, e.g. "bf16". */
NL_API const char *nl_float_kind_name(NlFloatKind k);

#endif
