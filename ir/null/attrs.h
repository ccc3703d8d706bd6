/*
 * Builtin attributes, affine expressions and maps, resource blobs and
 * locations. All are interned in the context (pointer equality is value
 * equality, including the attribute's type) and immutable.
 */
#ifndef NULL_ATTRS_H
#define NULL_ATTRS_H

#include "null/types.h"

typedef struct NlAffineExpr NlAffineExpr;
typedef struct NlAffineMap NlAffineMap;
typedef struct NlResource NlResource;
typedef struct NlLoc NlLoc;

typedef enum NlAttrKind {
  NL_ATTR_UNIT,        /* unit */
  NL_ATTR_INTEGER,     /* 42 : i32, true (i1), -1 : i128; index too */
  NL_ATTR_FLOAT,       /* 1.0 : f32, 0x7FC00000 : f32 */
  NL_ATTR_STRING,      /* "text" with escapes, optional ": type" */
  NL_ATTR_TYPE,        /* i32 used as an attribute */
  NL_ATTR_ARRAY,       /* [a, b] */
  NL_ATTR_DICT,        /* {a = 1, b} sorted by name */
  NL_ATTR_SYMBOL_REF,  /* @a::@b::@c */
  NL_ATTR_DENSE,       /* dense<...> : tensor<..>|vector<..> */
  NL_ATTR_DENSE_RESOURCE, /* dense_resource<name> : tensor<..> */
  NL_ATTR_DENSE_ARRAY, /* array<i64: 1, 2> */
  NL_ATTR_AFFINE_MAP,  /* affine_map<(d0)[s0] -> (d0 + s0)> */
  NL_ATTR_STRIDED,     /* strided<[4, 1], offset: ?> */
  NL_ATTR_OPAQUE,      /* #dialect.body / #dialect<body>, kept as text */
  NL_ATTR_LOC,         /* a location used as an attribute value */
} NlAttrKind;

typedef struct NlNamedAttr {
  NlIdent *name;
  NlAttr *value;
} NlNamedAttr;

struct NlAttr {
  uint8_t kind; /* NlAttrKind */
  uint32_t hash;
  NlType *type; /* integer/float/dense/resource; string when typed; else NULL */
  union {
    struct {
      uint32_t nwords;       /* ceil(width / 64), at least 1 */
      const uint64_t *words; /* two's complement, little-endian words; bits
                                above the width are zero */
    } integer;
    struct {
      uint64_t bits[2]; /* exact bit pattern in the type's format (f80 and
                           f128 use both words) */
      double value;     /* the value widened to double (exact up to f64) */
    } flt;
    struct {
      NlIdent *value; /* may contain NUL bytes */
    } str;
    struct {
      NlType *value;
    } type_attr;
    struct {
      uint32_t n;
      NlAttr *const *elems;
    } array;
    struct {
      uint32_t n;
      const NlNamedAttr *entries; /* sorted by strcmp of the names, unique */
    } dict;
    struct {
      NlIdent *root;
      uint32_t nnested;
      NlIdent *const *nested;
    } symref;
    struct {
      bool splat;       /* data holds one element */
      size_t nbytes;
      const void *data; /* packed elements in row-major order; see below */
    } dense;
    struct {
      NlResource *blob;
    } resource;
    struct {
      NlType *elem;     /* i1, i8, i16, i32, i64, f32 or f64 */
      uint32_t n;
      const void *data; /* n elements, natural C layout (i1 as one byte) */
    } dense_array;
    struct {
      NlAffineMap *map;
    } affine;
    struct {
      int64_t offset; /* NL_DYNAMIC for ? */
      uint32_t n;
      const int64_t *strides;
    } strided;
    struct {
      NlIdent *dialect;
      NlIdent *body;
      bool pretty;
    } opaque;
    struct {
      NlLoc *value;
    } loc;
  };
};

/*
 * Dense element storage: each element takes nl_dense_elem_size(elem type)
 * bytes, little-endian: i1 -> 1 byte (0 or 1), iN -> the smallest of 1, 2,
 * 4, 8 bytes that holds N bits (N <= 64), index -> 8, f16/bf16 -> 2, f32 ->
 * 4, f64 -> 8, complex<T> -> two T. Wider integers are not supported in
 * dense attributes.
 */
NL_API size_t nl_dense_elem_size(const NlType *elem);

/* ---- constructors (all interned) ---------------------------------------- */

NL_API NlAttr *nl_attr_unit(NlContext *ctx);
NL_API NlAttr *nl_attr_bool(NlContext *ctx, bool v);
/* type: integer or index. The value is truncated to the type's width. */
NL_API NlAttr *nl_attr_integer(NlContext *ctx, NlType *type, int64_t v);
/* Arbitrary width: nwords little-endian words, truncated to the width. */
NL_API NlAttr *nl_attr_integer_words(NlContext *ctx, NlType *type,
                                     const uint64_t *words, uint32_t nwords);
/* type: a float type; v is rounded to the type's format (round to nearest
 * even). */
NL_API NlAttr *nl_attr_float(NlContext *ctx, NlType *type, double v);
/* Exact bit pattern in the type's format. */
NL_API NlAttr *nl_attr_float_bits(NlContext *ctx, NlType *type,
                                  const uint64_t bits[2]);
/* type may be NULL (untyped string). */
NL_API NlAttr *nl_attr_string(NlContext *ctx, const char *s, size_t len,
                              NlType *type);
NL_API NlAttr *nl_attr_string_cstr(NlContext *ctx, const char *s);
NL_API NlAttr *nl_attr_type(NlContext *ctx, NlType *t);
NL_API NlAttr *nl_attr_array(NlContext *ctx, NlAttr *const *elems, uint32_t n);
/* Sorts the entries by name. Duplicate names are an internal error: the
 * parser reports them before calling this. */
NL_API NlAttr *nl_attr_dict(NlContext *ctx, const NlNamedAttr *entries,
                            uint32_t n);
NL_API NlAttr *nl_attr_dict_empty(NlContext *ctx);
NL_API NlAttr *nl_attr_symref(NlContext *ctx, NlIdent *root,
                              NlIdent *const *nested, uint32_t nnested);
/* type: ranked static tensor or vector. data holds one element when splat,
 * else num_elements elements (layout above). Copied. */
NL_API NlAttr *nl_attr_dense(NlContext *ctx, NlType *type, bool splat,
                             const void *data, size_t nbytes);
NL_API NlAttr *nl_attr_dense_resource(NlContext *ctx, NlType *type,
                                      NlResource *blob);
NL_API NlAttr *nl_attr_dense_array(NlContext *ctx, NlType *elem,
                                   const void *data, uint32_t n);
NL_API NlAttr *nl_attr_affine_map(NlContext *ctx, NlAffineMap *map);
NL_API NlAttr *nl_attr_strided(NlContext *ctx, int64_t offset,
                               const int64_t *strides, uint32_t n);
NL_API NlAttr *nl_attr_opaque(NlContext *ctx, const char *dialect, size_t dlen,
                              const char *body, size_t blen, bool pretty,
                              NlType *type);
NL_API NlAttr *nl_attr_loc(NlContext *ctx, NlLoc *loc);

/* ---- queries ------------------------------------------------------------- */

/* Integer value sign-extended (signless/signed) or zero-extended (unsigned)
 * to 64 bits; *fits (may be NULL) tells whether it was exact. */
NL_API int64_t nl_attr_integer_value(const NlAttr *a, bool *fits);
NL_API bool nl_attr_is_bool(const NlAttr *a);
/* Dictionary lookup; NULL when absent. */
NL_API NlAttr *nl_attr_dict_get(const NlAttr *dict, const char *name);
NL_API NlAttr *nl_attr_dict_get_ident(const NlAttr *dict, NlIdent *name);
/* Returns a dictionary with `name` set to value (removed if value is NULL). */
NL_API NlAttr *nl_attr_dict_set(NlContext *ctx, NlAttr *dict, NlIdent *name,
                                NlAttr *value);

/* ---- resources ----------------------------------------------------------- */

/* A named blob in the `{-# dialect_resources: { builtin: {...} } #-}`
 * section. Owned by the context; the key is unique per context. */
struct NlResource {
  NlIdent *key;
  uint32_t alignment; /* power of two */
  size_t size;
  void *data; /* NULL until the blob is set (forward references) */
};

/* Returns the resource named `key`, creating an empty one if needed. */
NL_API NlResource *nl_resource_get(NlContext *ctx, const char *key, size_t len);
/* Creates a resource with a fresh key derived from `hint` ("hint",
 * "hint_1", ...). */
NL_API NlResource *nl_resource_create_unique(NlContext *ctx, const char *hint);
/* Sets (copies) the blob data. */
NL_API void nl_resource_set(NlContext *ctx, NlResource *r, const void *data,
                            size_t size, uint32_t alignment);

/* ---- affine expressions and maps ---------------------------------------- */

typedef enum NlAffineKind {
  NL_AFFINE_ADD,
  NL_AFFINE_MUL,
  NL_AFFINE_MOD,
  NL_AFFINE_FLOORDIV,
  NL_AFFINE_CEILDIV,
  NL_AFFINE_CONST,
  NL_AFFINE_DIM,
  NL_AFFINE_SYMBOL,
} NlAffineKind;

struct NlAffineExpr {
  uint8_t kind; /* NlAffineKind */
  uint32_t hash;
  union {
    int64_t value; /* CONST */
    uint32_t pos;  /* DIM, SYMBOL */
    struct {
      NlAffineExpr *lhs, *rhs;
    } bin;
  };
};

struct NlAffineMap {
  uint32_t hash;
  uint32_t ndims, nsyms, nresults;
  NlAffineExpr *const *results;
};

NL_API NlAffineExpr *nl_affine_dim(NlContext *ctx, uint32_t pos);
NL_API NlAffineExpr *nl_affine_symbol(NlContext *ctx, uint32_t pos);
NL_API NlAffineExpr *nl_affine_const(NlContext *ctx, int64_t v);
/* Binary constructors simplify the way MLIR's do (constant folding,
 * constants moved to the right, `d0 + d0` -> `d0 * 2`, `d0 * 2 * 3` ->
 * `d0 * 6`, `x mod 1` -> 0, ...), so equal expressions print equally.
 * Division by zero and mod by a non-positive constant are left
 * unsimplified; the parser rejects a non-constant right-hand side of
 * mul/mod/div when neither side is constant (not semi-affine unless
 * symbols). */
NL_API NlAffineExpr *nl_affine_add(NlContext *ctx, NlAffineExpr *a,
                                   NlAffineExpr *b);
NL_API NlAffineExpr *nl_affine_mul(NlContext *ctx, NlAffineExpr *a,
                                   NlAffineExpr *b);
NL_API NlAffineExpr *nl_affine_mod(NlContext *ctx, NlAffineExpr *a,
                                   NlAffineExpr *b);
NL_API NlAffineExpr *nl_affine_floordiv(NlContext *ctx, NlAffineExpr *a,
                                        NlAffineExpr *b);
NL_API NlAffineExpr *nl_affine_ceildiv(NlContext *ctx, NlAffineExpr *a,
                                       NlAffineExpr *b);
NL_API NlAffineExpr *nl_affine_neg(NlContext *ctx, NlAffineExpr *a);
NL_API NlAffineExpr *nl_affine_sub(NlContext *ctx, NlAffineExpr *a,
                                   NlAffineExpr *b);
NL_API NlAffineMap *nl_affine_map(NlContext *ctx, uint32_t ndims,
                                  uint32_t nsyms, NlAffineExpr *const *results,
                                  uint32_t nresults);
NL_API NlAffineMap *nl_affine_map_identity(NlContext *ctx, uint32_t ndims);
/* True if expr only uses dims < ndims and symbols < nsyms. */
NL_API bool nl_affine_expr_in_range(const NlAffineExpr *e, uint32_t ndims,
                                    uint32_t nsyms);
/* Evaluates with the given dim and symbol values; false on division by
 * zero or a non-positive divisor. */
NL_API bool nl_affine_expr_eval(const NlAffineExpr *e, const int64_t *dims,
                                const int64_t *syms, int64_t *out);

/* ---- locations ------------------------------------------------------------ */

typedef enum NlLocKind {
  NL_LOC_UNKNOWN,  /* loc(unknown) */
  NL_LOC_FILE,     /* loc("file.nir":3:7) */
  NL_LOC_NAME,     /* loc("Conv_12") or loc("Conv_12"(child)) */
  NL_LOC_FUSED,    /* loc(fused[a, b]) or loc(fused<#meta>[a, b]) */
  NL_LOC_CALLSITE, /* loc(callsite(callee at caller)) */
} NlLocKind;

struct NlLoc {
  uint8_t kind; /* NlLocKind */
  uint32_t hash;
  union {
    struct {
      NlIdent *file;
      uint32_t line, col;
    } file;
    struct {
      NlIdent *name;
      NlLoc *child; /* NL_LOC_UNKNOWN when none was written */
    } name;
    struct {
      uint32_t n;
      NlLoc *const *locs;
      NlAttr *metadata; /* NULL when none */
    } fused;
    struct {
      NlLoc *callee, *caller;
    } callsite;
  };
};

NL_API NlLoc *nl_loc_unknown(NlContext *ctx);
NL_API NlLoc *nl_loc_file(NlContext *ctx, const char *file, uint32_t line,
                          uint32_t col);
/* Same with an interned file name (no string hashing: the parser's path). */
NL_API NlLoc *nl_loc_file_ident(NlContext *ctx, NlIdent *file, uint32_t line,
                                uint32_t col);
NL_API NlLoc *nl_loc_name(NlContext *ctx, const char *name, NlLoc *child);
NL_API NlLoc *nl_loc_fused(NlContext *ctx, NlLoc *const *locs, uint32_t n,
                           NlAttr *metadata);
NL_API NlLoc *nl_loc_callsite(NlContext *ctx, NlLoc *callee, NlLoc *caller);
/* The first file:line:col location inside loc (depth-first), or NULL. */
NL_API const NlLoc *nl_loc_find_file(const NlLoc *loc);

#endif
