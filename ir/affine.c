/*
 * Affine expressions and maps, interned in the context. The binary
 * constructors apply the same local simplifications as MLIR's AffineExpr
 * operators (simplifyAdd, simplifyMul, simplifyFloorDiv, simplifyCeilDiv,
 * simplifyMod), so a map parsed here prints exactly as mlir-opt prints it.
 * This is not the flattening simplifier (simplifyAffineExpr).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- interning ----------------------------------------------------------- */

static uint32_t
hash_expr(const NlAffineExpr *e)
{
  uint32_t h = nl_hash_combine(0xaff1u, e->kind);
  switch ((NlAffineKind)e->kind) {
  case NL_AFFINE_CONST:
    return nl_hash_u64(h, (uint64_t)e->value);
  case NL_AFFINE_DIM:
  case NL_AFFINE_SYMBOL:
    return nl_hash_combine(h, e->pos);
  default:
    h = nl_hash_combine(h, nl_hash_ptr(e->bin.lhs));
    return nl_hash_combine(h, nl_hash_ptr(e->bin.rhs));
  }
}

static bool
expr_eq(const void *item, const void *key)
{
  const NlAffineExpr *a = item, *b = key;
  if (a->kind != b->kind)
    return false;
  switch ((NlAffineKind)a->kind) {
  case NL_AFFINE_CONST:
    return a->value == b->value;
  case NL_AFFINE_DIM:
  case NL_AFFINE_SYMBOL:
    return a->pos == b->pos;
  default:
    return a->bin.lhs == b->bin.lhs && a->bin.rhs == b->bin.rhs;
  }
}

static NlAffineExpr *
intern(NlContext *ctx, NlAffineExpr *key)
{
  uint32_t h = hash_expr(key);
  key->hash = h;
  NlAffineExpr *e = nl_hashset_find(&ctx->affine_exprs, h, expr_eq, key);
  if (e)
    return e;
  e = nl_arena_dup(&ctx->arena, key, sizeof *key, _Alignof(NlAffineExpr));
  nl_hashset_insert(&ctx->affine_exprs, h, e);
  return e;
}

/* The binary node itself, without simplification. */
static NlAffineExpr *
get_bin(NlContext *ctx, NlAffineKind kind, NlAffineExpr *lhs, NlAffineExpr *rhs)
{
  NlAffineExpr key = {.kind = (uint8_t)kind, .bin = {lhs, rhs}};
  return intern(ctx, &key);
}

NlAffineExpr *
nl_affine_dim(NlContext *ctx, uint32_t pos)
{
  NlAffineExpr key = {.kind = NL_AFFINE_DIM, .pos = pos};
  return intern(ctx, &key);
}

NlAffineExpr *
nl_affine_symbol(NlContext *ctx, uint32_t pos)
{
  NlAffineExpr key = {.kind = NL_AFFINE_SYMBOL, .pos = pos};
  return intern(ctx, &key);
}

NlAffineExpr *
nl_affine_const(NlContext *ctx, int64_t v)
{
  NlAffineExpr key = {.kind = NL_AFFINE_CONST, .value = v};
  return intern(ctx, &key);
}

/* ---- helpers ------------------------------------------------------------- */

/* Wrapping arithmetic: MLIR folds with int64_t and two's complement wrap in
 * practice; C would call signed overflow undefined. */
static int64_t
wrap_add(int64_t a, int64_t b)
{
  return (int64_t)((uint64_t)a + (uint64_t)b);
}

static int64_t
wrap_mul(int64_t a, int64_t b)
{
  return (int64_t)((uint64_t)a * (uint64_t)b);
}

/* Remainder that is safe for INT64_MIN % -1 (which is 0). */
static int64_t
safe_rem(int64_t a, int64_t b)
{
  return b == -1 ? 0 : a % b;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
  int64_t q = a / b, r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? q - 1 : q;
}

static int64_t
ceil_div(int64_t a, int64_t b)
{
  int64_t q = a / b, r = a % b;
  return (r != 0 && ((r < 0) == (b < 0))) ? q + 1 : q;
}

static int64_t
pos_mod(int64_t a, int64_t b)
{
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

static bool
is_const(const NlAffineExpr *e)
{
  return e->kind == NL_AFFINE_CONST;
}

static bool
is_bin(const NlAffineExpr *e)
{
  return e->kind <= NL_AFFINE_CEILDIV;
}

static bool
is_const_value(const NlAffineExpr *e, int64_t v)
{
  return e->kind == NL_AFFINE_CONST && e->value == v;
}

/* Made of symbols and constants only (no dims). */
static bool
is_symbolic(const NlAffineExpr *e)
{
  while (is_bin(e)) {
    if (!is_symbolic(e->bin.rhs))
      return false;
    e = e->bin.lhs;
  }
  return e->kind != NL_AFFINE_DIM;
}

static uint64_t
gcd_u64(uint64_t a, uint64_t b)
{
  while (b) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* MLIR's AffineExpr::getLargestKnownDivisor. */
static int64_t
largest_known_divisor(const NlAffineExpr *e)
{
  switch ((NlAffineKind)e->kind) {
  case NL_AFFINE_DIM:
  case NL_AFFINE_SYMBOL:
    return 1;
  case NL_AFFINE_CONST:
    return e->value < 0 ? (int64_t)(0 - (uint64_t)e->value) : e->value;
  case NL_AFFINE_FLOORDIV:
  case NL_AFFINE_CEILDIV: {
    const NlAffineExpr *rhs = e->bin.rhs;
    if (is_const(rhs) && rhs->value != 0) {
      int64_t l = largest_known_divisor(e->bin.lhs);
      if (safe_rem(l, rhs->value) == 0)
        return rhs->value == -1 ? wrap_mul(l, -1) : l / rhs->value;
    }
    return 1;
  }
  case NL_AFFINE_MUL:
    return wrap_mul(largest_known_divisor(e->bin.lhs),
                    largest_known_divisor(e->bin.rhs));
  case NL_AFFINE_ADD:
  case NL_AFFINE_MOD:
    return (int64_t)gcd_u64((uint64_t)largest_known_divisor(e->bin.lhs),
                            (uint64_t)largest_known_divisor(e->bin.rhs));
  }
  return 1;
}

/* ---- simplification (each returns NULL when nothing applies) ------------- */

static NlAffineExpr *
simplify_add(NlContext *ctx, NlAffineExpr *lhs, NlAffineExpr *rhs)
{
  /* Constants fold unless the sum overflows; then the node is kept as
   * written (MLIR does the same). Other folds below wrap. */
  if (is_const(lhs) && is_const(rhs)) {
    int64_t sum;
    if (__builtin_add_overflow(lhs->value, rhs->value, &sum))
      return NULL;
    return nl_affine_const(ctx, sum);
  }

  /* Only the RHS may be constant (4 + d0 -> d0 + 4); if only one side is
   * symbolic, it goes to the right. */
  if (is_const(lhs) || (is_symbolic(lhs) && !is_symbolic(rhs)))
    return nl_affine_add(ctx, rhs, lhs);

  if (is_const_value(rhs, 0))
    return lhs;

  /* (d0 + 2) + 3 -> d0 + 5 */
  if (lhs->kind == NL_AFFINE_ADD && is_const(rhs) && is_const(lhs->bin.rhs))
    return nl_affine_add(
        ctx, lhs->bin.lhs,
        nl_affine_const(ctx, wrap_add(lhs->bin.rhs->value, rhs->value)));

  /* c1 * e + c2 * e -> (c1 + c2) * e */
  int64_t c1 = 1, c2 = 1;
  NlAffineExpr *first = lhs, *second = rhs;
  if (lhs->kind == NL_AFFINE_MUL && is_const(lhs->bin.rhs)) {
    c1 = lhs->bin.rhs->value;
    first = lhs->bin.lhs;
  }
  if (rhs->kind == NL_AFFINE_MUL && is_const(rhs->bin.rhs)) {
    c2 = rhs->bin.rhs->value;
    second = rhs->bin.lhs;
  }
  if (first == second)
    return nl_affine_mul(ctx, first, nl_affine_const(ctx, wrap_add(c1, c2)));

  /* (d0 + 2) + d1 -> (d0 + d1) + 2 */
  if (lhs->kind == NL_AFFINE_ADD && is_const(lhs->bin.rhs))
    return nl_affine_add(ctx, nl_affine_add(ctx, lhs->bin.lhs, rhs),
                         lhs->bin.rhs);

  /* e - q * (e floordiv q) -> e mod q, in the two shapes the operators
   * produce: ((e floordiv q) * q) * -1 and (e floordiv c) * -c. */
  if (rhs->kind != NL_AFFINE_MUL)
    return NULL;
  NlAffineExpr *lrhs = rhs->bin.lhs, *rrhs = rhs->bin.rhs;
  if (is_const_value(rrhs, -1) && lrhs->kind == NL_AFFINE_MUL) {
    NlAffineExpr *llrhs = lrhs->bin.lhs, *rlrhs = lrhs->bin.rhs;
    if (llrhs->kind != NL_AFFINE_FLOORDIV)
      return NULL;
    if (llrhs->bin.rhs == rlrhs && lhs == llrhs->bin.lhs)
      return nl_affine_mod(ctx, lhs, rlrhs);
  }
  if (lrhs->kind != NL_AFFINE_FLOORDIV)
    return NULL;
  if (lhs == lrhs->bin.lhs && lrhs->bin.rhs == nl_affine_neg(ctx, rrhs))
    return nl_affine_mod(ctx, lhs, lrhs->bin.rhs);
  return NULL;
}

static NlAffineExpr *
simplify_mul(NlContext *ctx, NlAffineExpr *lhs, NlAffineExpr *rhs)
{
  if (is_const(lhs) && is_const(rhs)) {
    int64_t prod;
    if (__builtin_mul_overflow(lhs->value, rhs->value, &prod))
      return NULL;
    return nl_affine_const(ctx, prod);
  }

  /* Not affine (d0 * d1): MLIR asserts; we keep the product as written and
   * let the parser or verifier reject it. */
  bool lsym = is_symbolic(lhs), rsym = is_symbolic(rhs);
  if (!lsym && !rsym)
    return NULL;

  /* The constant/symbolic factor goes to the right. */
  if (!rsym || is_const(lhs))
    return nl_affine_mul(ctx, rhs, lhs);

  if (is_const(rhs)) {
    if (rhs->value == 1)
      return lhs;
    if (rhs->value == 0)
      return rhs;
  }

  if (lhs->kind == NL_AFFINE_MUL && is_const(lhs->bin.rhs)) {
    /* (d0 * 2) * 3 -> d0 * 6 */
    if (is_const(rhs))
      return nl_affine_mul(
          ctx, lhs->bin.lhs,
          nl_affine_const(ctx, wrap_mul(lhs->bin.rhs->value, rhs->value)));
    /* (d0 * 2) * s0 -> (d0 * s0) * 2 */
    return nl_affine_mul(ctx, nl_affine_mul(ctx, lhs->bin.lhs, rhs),
                         lhs->bin.rhs);
  }
  return NULL;
}

/* (e * c1) floordiv|ceildiv c2 -> e * (c1 / c2) when c2 divides c1. */
static NlAffineExpr *
div_of_scaled(NlContext *ctx, NlAffineExpr *lhs, int64_t c)
{
  if (lhs->kind != NL_AFFINE_MUL || !is_const(lhs->bin.rhs))
    return NULL;
  int64_t m = lhs->bin.rhs->value;
  if (safe_rem(m, c) != 0 || (m == INT64_MIN && c == -1))
    return NULL;
  return nl_affine_mul(ctx, lhs->bin.lhs, nl_affine_const(ctx, m / c));
}

/* Division folds for any nonzero constant divisor (MLIR folds negative
 * divisors too), except when the quotient overflows. */
static bool
div_folds(int64_t a, int64_t c)
{
  return !(a == INT64_MIN && c == -1);
}

static NlAffineExpr *
simplify_floordiv(NlContext *ctx, NlAffineExpr *lhs, NlAffineExpr *rhs)
{
  /* Division by zero is undefined: keep it. */
  if (!is_const(rhs) || rhs->value == 0)
    return NULL;
  int64_t c = rhs->value;
  if (is_const(lhs))
    return div_folds(lhs->value, c)
               ? nl_affine_const(ctx, floor_div(lhs->value, c))
               : NULL;
  if (c == 1)
    return lhs;
  NlAffineExpr *r = div_of_scaled(ctx, lhs, c);
  if (r)
    return r;
  /* (e1 + e2) floordiv c when either term is a multiple of c. */
  if (lhs->kind == NL_AFFINE_ADD) {
    int64_t ld = largest_known_divisor(lhs->bin.lhs);
    int64_t rd = largest_known_divisor(lhs->bin.rhs);
    if (safe_rem(ld, c) == 0 || safe_rem(rd, c) == 0)
      return nl_affine_add(ctx, nl_affine_floordiv(ctx, lhs->bin.lhs, rhs),
                           nl_affine_floordiv(ctx, lhs->bin.rhs, rhs));
  }
  return NULL;
}

static NlAffineExpr *
simplify_ceildiv(NlContext *ctx, NlAffineExpr *lhs, NlAffineExpr *rhs)
{
  if (!is_const(rhs) || rhs->value == 0)
    return NULL;
  int64_t c = rhs->value;
  if (is_const(lhs))
    return div_folds(lhs->value, c)
               ? nl_affine_const(ctx, ceil_div(lhs->value, c))
               : NULL;
  if (c == 1)
    return lhs;
  return div_of_scaled(ctx, lhs, c);
}

static NlAffineExpr *
simplify_mod(NlContext *ctx, NlAffineExpr *lhs, NlAffineExpr *rhs)
{
  if (!is_const(rhs) || rhs->value < 1)
    return NULL;
  int64_t c = rhs->value;
  if (is_const(lhs))
    return nl_affine_const(ctx, pos_mod(lhs->value, c));
  /* A known multiple of c: (d0 * 128) mod 64 -> 0. */
  if (largest_known_divisor(lhs) % c == 0)
    return nl_affine_const(ctx, 0);
  /* (e1 + e2) mod c when either term is a multiple of c. */
  if (lhs->kind == NL_AFFINE_ADD) {
    if (largest_known_divisor(lhs->bin.lhs) % c == 0)
      return nl_affine_mod(ctx, lhs->bin.rhs, rhs);
    if (largest_known_divisor(lhs->bin.rhs) % c == 0)
      return nl_affine_mod(ctx, lhs->bin.lhs, rhs);
  }
  /* (e mod a) mod b -> e mod b when b divides a. */
  if (lhs->kind == NL_AFFINE_MOD && is_const(lhs->bin.rhs) &&
      lhs->bin.rhs->value >= 1 && pos_mod(lhs->bin.rhs->value, c) == 0)
    return nl_affine_mod(ctx, lhs->bin.lhs, rhs);
  return NULL;
}

/* ---- public constructors ------------------------------------------------- */

NlAffineExpr *
nl_affine_add(NlContext *ctx, NlAffineExpr *a, NlAffineExpr *b)
{
  NlAffineExpr *s = simplify_add(ctx, a, b);
  return s ? s : get_bin(ctx, NL_AFFINE_ADD, a, b);
}

NlAffineExpr *
nl_affine_mul(NlContext *ctx, NlAffineExpr *a, NlAffineExpr *b)
{
  NlAffineExpr *s = simplify_mul(ctx, a, b);
  return s ? s : get_bin(ctx, NL_AFFINE_MUL, a, b);
}

NlAffineExpr *
nl_affine_mod(NlContext *ctx, NlAffineExpr *a, NlAffineExpr *b)
{
  NlAffineExpr *s = simplify_mod(ctx, a, b);
  return s ? s : get_bin(ctx, NL_AFFINE_MOD, a, b);
}

NlAffineExpr *
nl_affine_floordiv(NlContext *ctx, NlAffineExpr *a, NlAffineExpr *b)
{
  NlAffineExpr *s = simplify_floordiv(ctx, a, b);
  return s ? s : get_bin(ctx, NL_AFFINE_FLOORDIV, a, b);
}

NlAffineExpr *
nl_affine_ceildiv(NlContext *ctx, NlAffineExpr *a, NlAffineExpr *b)
{
  NlAffineExpr *s = simplify_ceildiv(ctx, a, b);
  return s ? s : get_bin(ctx, NL_AFFINE_CEILDIV, a, b);
}

NlAffineExpr *
nl_affine_neg(NlContext *ctx, NlAffineExpr *a)
{
  return nl_affine_mul(ctx, a, nl_affine_const(ctx, -1));
}

NlAffineExpr *
nl_affine_sub(NlContext *ctx, NlAffineExpr *a, NlAffineExpr *b)
{
  return nl_affine_add(ctx, a, nl_affine_neg(ctx, b));
}

/* ---- maps ---------------------------------------------------------------- */

static uint32_t
hash_map(const NlAffineMap *m)
{
  uint32_t h = nl_hash_combine(0x3a9u, m->ndims);
  h = nl_hash_combine(h, m->nsyms);
  h = nl_hash_combine(h, m->nresults);
  for (uint32_t i = 0; i < m->nresults; i++)
    h = nl_hash_combine(h, nl_hash_ptr(m->results[i]));
  return h;
}

static bool
map_eq(const void *item, const void *key)
{
  const NlAffineMap *a = item, *b = key;
  return a->ndims == b->ndims && a->nsyms == b->nsyms &&
         a->nresults == b->nresults &&
         (a->nresults == 0 ||
          memcmp(a->results, b->results,
                 a->nresults * sizeof(NlAffineExpr *)) == 0);
}

NlAffineMap *
nl_affine_map(NlContext *ctx, uint32_t ndims, uint32_t nsyms,
              NlAffineExpr *const *results, uint32_t nresults)
{
  NlAffineMap key = {
      .ndims = ndims, .nsyms = nsyms, .nresults = nresults, .results = results};
  uint32_t h = hash_map(&key);
  key.hash = h;
  NlAffineMap *m = nl_hashset_find(&ctx->affine_maps, h, map_eq, &key);
  if (m)
    return m;
  m = nl_arena_dup(&ctx->arena, &key, sizeof key, _Alignof(NlAffineMap));
  static NlAffineExpr *const no_results[1];
  m->results = nresults ? nl_arena_dup(&ctx->arena, results,
                                       nresults * sizeof(NlAffineExpr *),
                                       _Alignof(NlAffineExpr *))
                        : no_results;
  nl_hashset_insert(&ctx->affine_maps, h, m);
  return m;
}

NlAffineMap *
nl_affine_map_identity(NlContext *ctx, uint32_t ndims)
{
  NlAffineExpr *small[8] = {0};
  NlAffineExpr **rs = ndims <= 8 ? small : nl_xmalloc(ndims * sizeof *rs);
  for (uint32_t i = 0; i < ndims; i++)
    rs[i] = nl_affine_dim(ctx, i);
  NlAffineMap *m = nl_affine_map(ctx, ndims, 0, rs, ndims);
  if (rs != small)
    free(rs);
  return m;
}

bool
nl_affine_expr_in_range(const NlAffineExpr *e, uint32_t ndims, uint32_t nsyms)
{
  switch ((NlAffineKind)e->kind) {
  case NL_AFFINE_CONST:
    return true;
  case NL_AFFINE_DIM:
    return e->pos < ndims;
  case NL_AFFINE_SYMBOL:
    return e->pos < nsyms;
  default:
    return nl_affine_expr_in_range(e->bin.lhs, ndims, nsyms) &&
           nl_affine_expr_in_range(e->bin.rhs, ndims, nsyms);
  }
}

bool
nl_affine_expr_eval(const NlAffineExpr *e, const int64_t *dims,
                    const int64_t *syms, int64_t *out)
{
  switch ((NlAffineKind)e->kind) {
  case NL_AFFINE_CONST:
    *out = e->value;
    return true;
  case NL_AFFINE_DIM:
    *out = dims[e->pos];
    return true;
  case NL_AFFINE_SYMBOL:
    *out = syms[e->pos];
    return true;
  default:
    break;
  }
  int64_t l, r;
  if (!nl_affine_expr_eval(e->bin.lhs, dims, syms, &l) ||
      !nl_affine_expr_eval(e->bin.rhs, dims, syms, &r))
    return false;
  switch ((NlAffineKind)e->kind) {
  case NL_AFFINE_ADD:
    *out = wrap_add(l, r);
    return true;
  case NL_AFFINE_MUL:
    *out = wrap_mul(l, r);
    return true;
  default:
    break;
  }
  if (r < 1)
    return false;
  switch ((NlAffineKind)e->kind) {
  case NL_AFFINE_MOD:
    *out = pos_mod(l, r);
    return true;
  case NL_AFFINE_FLOORDIV:
    *out = floor_div(l, r);
    return true;
  case NL_AFFINE_CEILDIV:
    *out = ceil_div(l, r);
    return true;
  default:
    return false;
  }
}
