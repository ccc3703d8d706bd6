/*
 * Builtin types: construction (interned in the context, so equal types are
 * pointer-equal) and simple queries. Parsing and printing of types live in
 * the asm files; checking that a combination is valid is the verifier's and
 * parser's job, not this file's.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static uint32_t
hash_type(const NlType *t)
{
  uint32_t h = nl_hash_combine(0x7e11u, t->kind);
  switch ((NlTypeKind)t->kind) {
  case NL_TYPE_INTEGER:
    h = nl_hash_combine(h, t->integer.width);
    return nl_hash_combine(h, t->integer.signedness);
  case NL_TYPE_FLOAT:
    return nl_hash_combine(h, t->flt.fkind);
  case NL_TYPE_INDEX:
  case NL_TYPE_NONE:
    return h;
  case NL_TYPE_COMPLEX:
    return nl_hash_combine(h, nl_hash_ptr(t->complex.elem));
  case NL_TYPE_TUPLE:
    h = nl_hash_combine(h, t->tuple.n);
    for (uint32_t i = 0; i < t->tuple.n; i++)
      h = nl_hash_combine(h, nl_hash_ptr(t->tuple.elems[i]));
    return h;
  case NL_TYPE_FUNCTION: {
    h = nl_hash_combine(h, t->function.ninputs);
    h = nl_hash_combine(h, t->function.nresults);
    uint32_t n = t->function.ninputs + t->function.nresults;
    for (uint32_t i = 0; i < n; i++)
      h = nl_hash_combine(h, nl_hash_ptr(t->function.types[i]));
    return h;
  }
  case NL_TYPE_TENSOR:
  case NL_TYPE_UNRANKED_TENSOR:
  case NL_TYPE_MEMREF:
  case NL_TYPE_UNRANKED_MEMREF:
  case NL_TYPE_VECTOR:
    h = nl_hash_combine(h, t->shaped.rank);
    for (uint32_t i = 0; i < t->shaped.rank; i++) {
      h = nl_hash_u64(h, (uint64_t)t->shaped.dims[i]);
      if (t->shaped.scalable)
        h = nl_hash_combine(h, t->shaped.scalable[i]);
    }
    h = nl_hash_combine(h, nl_hash_ptr(t->shaped.elem));
    h = nl_hash_combine(h, nl_hash_ptr(t->shaped.encoding));
    h = nl_hash_combine(h, nl_hash_ptr(t->shaped.layout));
    return nl_hash_combine(h, nl_hash_ptr(t->shaped.space));
  case NL_TYPE_OPAQUE:
    h = nl_hash_combine(h, nl_hash_ptr(t->opaque.dialect));
    h = nl_hash_combine(h, nl_hash_ptr(t->opaque.body));
    return nl_hash_combine(h, t->opaque.pretty);
  }
  return h;
}

static bool
type_eq(const void *item, const void *key)
{
  const NlType *a = item, *b = key;
  if (a->kind != b->kind)
    return false;
  switch ((NlTypeKind)a->kind) {
  case NL_TYPE_INTEGER:
    return a->integer.width == b->integer.width &&
           a->integer.signedness == b->integer.signedness;
  case NL_TYPE_FLOAT:
    return a->flt.fkind == b->flt.fkind;
  case NL_TYPE_INDEX:
  case NL_TYPE_NONE:
    return true;
  case NL_TYPE_COMPLEX:
    return a->complex.elem == b->complex.elem;
  case NL_TYPE_TUPLE:
    return a->tuple.n == b->tuple.n &&
           (a->tuple.n == 0 || memcmp(a->tuple.elems, b->tuple.elems,
                                      a->tuple.n * sizeof(NlType *)) == 0);
  case NL_TYPE_FUNCTION: {
    uint32_t n = a->function.ninputs + a->function.nresults;
    return a->function.ninputs == b->function.ninputs &&
           a->function.nresults == b->function.nresults &&
           (n == 0 || memcmp(a->function.types, b->function.types,
                             n * sizeof(NlType *)) == 0);
  }
  case NL_TYPE_TENSOR:
  case NL_TYPE_UNRANKED_TENSOR:
  case NL_TYPE_MEMREF:
  case NL_TYPE_UNRANKED_MEMREF:
  case NL_TYPE_VECTOR: {
    uint32_t r = a->shaped.rank;
    if (r != b->shaped.rank || a->shaped.elem != b->shaped.elem ||
        a->shaped.encoding != b->shaped.encoding ||
        a->shaped.layout != b->shaped.layout ||
        a->shaped.space != b->shaped.space)
      return false;
    if (r && memcmp(a->shaped.dims, b->shaped.dims, r * sizeof(int64_t)))
      return false;
    if (!a->shaped.scalable || !b->shaped.scalable)
      return a->shaped.scalable == b->shaped.scalable;
    return memcmp(a->shaped.scalable, b->shaped.scalable, r * sizeof(bool)) ==
           0;
  }
  case NL_TYPE_OPAQUE:
    return a->opaque.dialect == b->opaque.dialect &&
           a->opaque.body == b->opaque.body &&
           a->opaque.pretty == b->opaque.pretty;
  }
  return false;
}

/* Empty arrays point here rather than being NULL, so that `types + n`
 * style arithmetic on them is always defined. */
static NlType *const no_types[1];
static const int64_t no_dims[1];

/* Returns the interned copy of *key, copying its arrays into the arena on
 * first use. */
static NlType *
intern(NlContext *ctx, NlType *key)
{
  uint32_t h = hash_type(key);
  key->hash = h;
  NlType *t = nl_hashset_find(&ctx->types, h, type_eq, key);
  if (t)
    return t;
  NlArena *a = &ctx->arena;
  t = nl_arena_dup(a, key, sizeof *key, _Alignof(NlType));
  switch ((NlTypeKind)key->kind) {
  case NL_TYPE_TUPLE:
    if (key->tuple.n)
      t->tuple.elems =
          nl_arena_dup(a, key->tuple.elems, key->tuple.n * sizeof(NlType *),
                       _Alignof(NlType *));
    else
      t->tuple.elems = no_types;
    break;
  case NL_TYPE_FUNCTION: {
    uint32_t n = key->function.ninputs + key->function.nresults;
    t->function.types =
        n ? nl_arena_dup(a, key->function.types, n * sizeof(NlType *),
                         _Alignof(NlType *))
          : no_types;
    break;
  }
  case NL_TYPE_TENSOR:
  case NL_TYPE_MEMREF:
  case NL_TYPE_VECTOR: {
    uint32_t r = key->shaped.rank;
    t->shaped.dims = r ? nl_arena_dup(a, key->shaped.dims, r * sizeof(int64_t),
                                      _Alignof(int64_t))
                       : no_dims;
    if (key->shaped.scalable)
      t->shaped.scalable =
          nl_arena_dup(a, key->shaped.scalable, r * sizeof(bool), 1);
    break;
  }
  default:
    break;
  }
  nl_hashset_insert(&ctx->types, h, t);
  return t;
}

/* ---- constructors -------------------------------------------------------- */

NlType *
nl_type_integer(NlContext *ctx, uint32_t width, NlSignedness s)
{
  NlType **slot = NULL;
  if (width <= 64 && (unsigned)s < 3) {
    slot = &ctx->int_types[s][width];
    if (*slot)
      return *slot;
  }
  NlType key = {.kind = NL_TYPE_INTEGER,
                .integer = {.width = width, .signedness = (uint8_t)s}};
  NlType *t = intern(ctx, &key);
  if (slot)
    *slot = t;
  return t;
}

NlType *
nl_type_index(NlContext *ctx)
{
  if (!ctx->index_type) {
    NlType key = {.kind = NL_TYPE_INDEX};
    ctx->index_type = intern(ctx, &key);
  }
  return ctx->index_type;
}

NlType *
nl_type_float(NlContext *ctx, NlFloatKind k)
{
  nl_assert((unsigned)k < NL_NUM_FLOAT_KINDS);
  if (!ctx->float_types[k]) {
    NlType key = {.kind = NL_TYPE_FLOAT, .flt = {.fkind = (uint8_t)k}};
    ctx->float_types[k] = intern(ctx, &key);
  }
  return ctx->float_types[k];
}

NlType *
nl_type_none(NlContext *ctx)
{
  if (!ctx->none_type) {
    NlType key = {.kind = NL_TYPE_NONE};
    ctx->none_type = intern(ctx, &key);
  }
  return ctx->none_type;
}

NlType *
nl_type_complex(NlContext *ctx, NlType *elem)
{
  NlType key = {.kind = NL_TYPE_COMPLEX, .complex = {.elem = elem}};
  return intern(ctx, &key);
}

NlType *
nl_type_tuple(NlContext *ctx, NlType *const *elems, uint32_t n)
{
  NlType key = {.kind = NL_TYPE_TUPLE, .tuple = {.n = n, .elems = elems}};
  return intern(ctx, &key);
}

NlType *
nl_type_function(NlContext *ctx, NlType *const *inputs, uint32_t ninputs,
                 NlType *const *results, uint32_t nresults)
{
  uint32_t n = ninputs + nresults;
  NlType *small[16];
  NlType **all = n <= 16 ? small : nl_xmalloc(n * sizeof *all);
  if (ninputs)
    memcpy(all, inputs, ninputs * sizeof *all);
  if (nresults)
    memcpy(all + ninputs, results, nresults * sizeof *all);
  NlType key = {
      .kind = NL_TYPE_FUNCTION,
      .function = {.ninputs = ninputs, .nresults = nresults, .types = all}};
  NlType *t = intern(ctx, &key);
  if (all != small)
    free(all);
  return t;
}

NlType *
nl_type_tensor(NlContext *ctx, const int64_t *dims, uint32_t rank, NlType *elem,
               NlAttr *encoding)
{
  NlType key = {
      .kind = NL_TYPE_TENSOR,
      .shaped = {
          .rank = rank, .dims = dims, .elem = elem, .encoding = encoding}};
  return intern(ctx, &key);
}

NlType *
nl_type_unranked_tensor(NlContext *ctx, NlType *elem)
{
  NlType key = {.kind = NL_TYPE_UNRANKED_TENSOR, .shaped = {.elem = elem}};
  return intern(ctx, &key);
}

/* MLIR drops the default memory space (integer 0) so that `memref<4xf32, 0>`
 * and `memref<4xf32>` are the same type. */
static NlAttr *
canonical_space(NlAttr *space)
{
  if (space && space->kind == NL_ATTR_INTEGER) {
    bool fits;
    if (nl_attr_integer_value(space, &fits) == 0 && fits)
      return NULL;
  }
  return space;
}

/* An identity affine map layout is the same as no layout (as in MLIR). */
static bool
is_identity_layout(const NlAttr *layout, uint32_t rank)
{
  if (!layout || layout->kind != NL_ATTR_AFFINE_MAP)
    return false;
  const NlAffineMap *m = layout->affine.map;
  if (m->ndims != rank || m->nsyms != 0 || m->nresults != rank)
    return false;
  for (uint32_t i = 0; i < rank; i++) {
    const NlAffineExpr *e = m->results[i];
    if (e->kind != NL_AFFINE_DIM || e->pos != i)
      return false;
  }
  return true;
}

NlType *
nl_type_memref(NlContext *ctx, const int64_t *dims, uint32_t rank, NlType *elem,
               NlAttr *layout, NlAttr *space)
{
  if (is_identity_layout(layout, rank))
    layout = NULL;
  NlType key = {.kind = NL_TYPE_MEMREF,
                .shaped = {.rank = rank,
                           .dims = dims,
                           .elem = elem,
                           .layout = layout,
                           .space = canonical_space(space)}};
  return intern(ctx, &key);
}

NlType *
nl_type_unranked_memref(NlContext *ctx, NlType *elem, NlAttr *space)
{
  NlType key = {.kind = NL_TYPE_UNRANKED_MEMREF,
                .shaped = {.elem = elem, .space = canonical_space(space)}};
  return intern(ctx, &key);
}

NlType *
nl_type_vector(NlContext *ctx, const int64_t *dims, uint32_t rank,
               const bool *scalable, NlType *elem)
{
  bool any = false;
  for (uint32_t i = 0; scalable && i < rank; i++)
    any |= scalable[i];
  NlType key = {.kind = NL_TYPE_VECTOR,
                .shaped = {.rank = rank,
                           .dims = dims,
                           .scalable = any ? scalable : NULL,
                           .elem = elem}};
  return intern(ctx, &key);
}

NlType *
nl_type_opaque(NlContext *ctx, const char *dialect, size_t dlen,
               const char *body, size_t blen, bool pretty)
{
  NlType key = {.kind = NL_TYPE_OPAQUE,
                .opaque = {.dialect = nl_ident_get(ctx, dialect, dlen),
                           .body = nl_ident_get(ctx, body, blen),
                           .pretty = pretty}};
  return intern(ctx, &key);
}

NlType *
nl_type_i1(NlContext *ctx)
{
  return nl_type_integer(ctx, 1, NL_SIGNLESS);
}

NlType *
nl_type_i32(NlContext *ctx)
{
  return nl_type_integer(ctx, 32, NL_SIGNLESS);
}

NlType *
nl_type_i64(NlContext *ctx)
{
  return nl_type_integer(ctx, 64, NL_SIGNLESS);
}

NlType *
nl_type_f32(NlContext *ctx)
{
  return nl_type_float(ctx, NL_F32);
}

NlType *
nl_type_f64(NlContext *ctx)
{
  return nl_type_float(ctx, NL_F64);
}

/* ---- queries ------------------------------------------------------------- */

bool
nl_type_is_integer(const NlType *t, uint32_t width)
{
  return t->kind == NL_TYPE_INTEGER &&
         (width == 0 || t->integer.width == width);
}

bool
nl_type_is_signless_integer(const NlType *t)
{
  return t->kind == NL_TYPE_INTEGER && t->integer.signedness == NL_SIGNLESS;
}

bool
nl_type_is_int_or_index(const NlType *t)
{
  return t->kind == NL_TYPE_INTEGER || t->kind == NL_TYPE_INDEX;
}

bool
nl_type_is_float(const NlType *t)
{
  return t->kind == NL_TYPE_FLOAT;
}

bool
nl_type_is_shaped(const NlType *t)
{
  switch ((NlTypeKind)t->kind) {
  case NL_TYPE_TENSOR:
  case NL_TYPE_UNRANKED_TENSOR:
  case NL_TYPE_MEMREF:
  case NL_TYPE_UNRANKED_MEMREF:
  case NL_TYPE_VECTOR:
    return true;
  default:
    return false;
  }
}

bool
nl_type_is_ranked_shaped(const NlType *t)
{
  return t->kind == NL_TYPE_TENSOR || t->kind == NL_TYPE_MEMREF ||
         t->kind == NL_TYPE_VECTOR;
}

bool
nl_type_has_static_shape(const NlType *t)
{
  if (!nl_type_is_ranked_shaped(t))
    return false;
  for (uint32_t i = 0; i < t->shaped.rank; i++)
    if (t->shaped.dims[i] == NL_DYNAMIC)
      return false;
  return true;
}

NlType *
nl_type_element(NlType *t)
{
  if (nl_type_is_shaped(t))
    return t->shaped.elem;
  if (t->kind == NL_TYPE_COMPLEX)
    return t->complex.elem;
  return t;
}

int64_t
nl_type_num_elements(const NlType *t)
{
  if (!nl_type_has_static_shape(t))
    return -1;
  int64_t n = 1;
  for (uint32_t i = 0; i < t->shaped.rank; i++) {
    int64_t d = t->shaped.dims[i];
    if (d < 0 || __builtin_mul_overflow(n, d, &n))
      return -1;
  }
  return n;
}

uint32_t
nl_type_bitwidth(const NlType *t)
{
  static const uint32_t float_bits[NL_NUM_FLOAT_KINDS] = {
      [NL_F16] = 16,   [NL_BF16] = 16,  [NL_F32] = 32,
      [NL_F64] = 64,   [NL_TF32] = 19,  [NL_F80] = 80,
      [NL_F128] = 128, [NL_F8E5M2] = 8, [NL_F8E4M3FN] = 8,
  };
  switch ((NlTypeKind)t->kind) {
  case NL_TYPE_INTEGER:
    return t->integer.width;
  case NL_TYPE_INDEX:
    return 64;
  case NL_TYPE_FLOAT:
    return t->flt.fkind < NL_NUM_FLOAT_KINDS ? float_bits[t->flt.fkind] : 0;
  default:
    return 0;
  }
}

const char *
nl_float_kind_name(NlFloatKind k)
{
  static const char *const names[NL_NUM_FLOAT_KINDS] = {
      [NL_F16] = "f16",   [NL_BF16] = "bf16",     [NL_F32] = "f32",
      [NL_F64] = "f64",   [NL_TF32] = "tf32",     [NL_F80] = "f80",
      [NL_F128] = "f128", [NL_F8E5M2] = "f8E5M2", [NL_F8E4M3FN] = "f8E4M3FN",
  };
  return (unsigned)k < NL_NUM_FLOAT_KINDS ? names[k] : "<invalid float>";
}
