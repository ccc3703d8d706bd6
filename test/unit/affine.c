// RUN: nl-unit-affine 2>&1 | FileCheck %s
//
// Affine expression simplification follows MLIR's AffineExpr operators.
// Each case builds an expression the way the parser does (left to right,
// `a - b` as a + b * -1) and prints its tree as an S-expression; the
// comment gives what mlir-opt-19 prints for the same input.

#include "unit.h"

static NlContext *ctx;

static NlAffineExpr *d0, *d1, *s0;

static NlAffineExpr *
c(int64_t v)
{
  return nl_affine_const(ctx, v);
}
static NlAffineExpr *
add(NlAffineExpr *a, NlAffineExpr *b)
{
  return nl_affine_add(ctx, a, b);
}
static NlAffineExpr *
sub(NlAffineExpr *a, NlAffineExpr *b)
{
  return nl_affine_sub(ctx, a, b);
}
static NlAffineExpr *
mul(NlAffineExpr *a, NlAffineExpr *b)
{
  return nl_affine_mul(ctx, a, b);
}
static NlAffineExpr *
fdiv(NlAffineExpr *a, NlAffineExpr *b)
{
  return nl_affine_floordiv(ctx, a, b);
}
static NlAffineExpr *
cdiv(NlAffineExpr *a, NlAffineExpr *b)
{
  return nl_affine_ceildiv(ctx, a, b);
}
static NlAffineExpr *
mod(NlAffineExpr *a, NlAffineExpr *b)
{
  return nl_affine_mod(ctx, a, b);
}

static void
sexpr(const NlAffineExpr *e, NlBuf *out)
{
  static const char *ops[] = {"+", "*", "mod", "floordiv", "ceildiv"};
  switch ((NlAffineKind)e->kind) {
  case NL_AFFINE_CONST:
    nl_buf_printf(out, "%lld", (long long)e->value);
    return;
  case NL_AFFINE_DIM:
    nl_buf_printf(out, "d%u", e->pos);
    return;
  case NL_AFFINE_SYMBOL:
    nl_buf_printf(out, "s%u", e->pos);
    return;
  default:
    nl_buf_printf(out, "(%s ", ops[e->kind]);
    sexpr(e->bin.lhs, out);
    nl_buf_putc(out, ' ');
    sexpr(e->bin.rhs, out);
    nl_buf_putc(out, ')');
  }
}

static void
expect(NlAffineExpr *e, const char *want, int line)
{
  NlBuf b = {0};
  sexpr(e, &b);
  if (strcmp(b.data, want) != 0) {
    printf("FAIL line %d: got %s, want %s\n", line, b.data, want);
    unit_failures++;
  }
  nl_buf_free(&b);
}
#define EXPECT(e, want) expect((e), (want), __LINE__)

// CHECK: add: ok
static void
test_add(void)
{
  EXPECT(add(c(2), c(3)), "5");
  EXPECT(add(c(4), d0), "(+ d0 4)"); /* d0 + 4 */
  EXPECT(add(s0, d0), "(+ d0 s0)");  /* d0 + s0 */
  EXPECT(add(d0, c(0)), "d0");
  EXPECT(add(add(d0, c(2)), c(3)), "(+ d0 5)");
  EXPECT(add(add(d0, c(2)), d1), "(+ (+ d0 d1) 2)"); /* d0 + d1 + 2 */
  EXPECT(add(d0, d0), "(* d0 2)");
  EXPECT(add(mul(d0, c(2)), mul(d0, c(3))), "(* d0 5)");
  EXPECT(add(mul(d0, c(4)), d0), "(* d0 5)");
  EXPECT(sub(d0, d1), "(+ d0 (* d1 -1))");  /* d0 - d1 */
  EXPECT(sub(c(3), d0), "(+ (* d0 -1) 3)"); /* -d0 + 3 */
  EXPECT(sub(d0, d0), "0");
  /* d0 - (d0 floordiv 4) * 4 -> d0 mod 4 */
  EXPECT(sub(d0, mul(fdiv(d0, c(4)), c(4))), "(mod d0 4)");
  /* d0 - (d0 floordiv s0) * s0 -> d0 mod s0 */
  EXPECT(sub(d0, mul(fdiv(d0, s0), s0)), "(mod d0 s0)");
  /* d0 + (d0 floordiv 4 - 4): stays (mlir: d0 + d0 floordiv 4 - 4) */
  EXPECT(add(d0, sub(fdiv(d0, c(4)), c(4))), "(+ d0 (+ (floordiv d0 4) -4))");
  EXPECT(nl_affine_neg(ctx, add(d0, c(1))), "(* (+ d0 1) -1)");
  /* constant overflow keeps the node; other folds wrap (as in MLIR) */
  EXPECT(add(c(INT64_MAX), c(1)), "(+ 9223372036854775807 1)");
  EXPECT(add(c(1), c(INT64_MAX)), "(+ 1 9223372036854775807)");
  EXPECT(add(add(d0, c(INT64_MAX)), c(1)), "(+ d0 -9223372036854775808)");
  unit_report("add");
}

// CHECK: mul: ok
static void
test_mul(void)
{
  EXPECT(mul(c(6), c(7)), "42");
  EXPECT(mul(c(2), d0), "(* d0 2)");
  EXPECT(mul(d0, c(1)), "d0");
  EXPECT(mul(d0, c(0)), "0");
  EXPECT(mul(mul(d0, c(2)), c(3)), "(* d0 6)");
  EXPECT(mul(s0, d0), "(* d0 s0)");                  /* d0 * s0 */
  EXPECT(mul(mul(d0, c(3)), s0), "(* (* d0 s0) 3)"); /* (d0 * s0) * 3 */
  EXPECT(mul(s0, mul(d0, c(3))), "(* (* d0 s0) 3)");
  EXPECT(mul(mul(d0, s0), c(2)), "(* (* d0 s0) 2)");
  EXPECT(mul(add(d0, c(2)), c(3)), "(* (+ d0 2) 3)"); /* not distributed */
  EXPECT(mul(s0, c(2)), "(* s0 2)");
  EXPECT(mul(c(2), s0), "(* s0 2)");
  EXPECT(mul(c(2), c(INT64_MAX)), "(* 2 9223372036854775807)");
  EXPECT(nl_affine_neg(ctx, c(INT64_MIN)), "(* -9223372036854775808 -1)");
  EXPECT(mul(mul(d0, c(INT64_MIN / 2)), c(2)), "(* d0 -9223372036854775808)");
  /* not affine: kept as written, no crash */
  EXPECT(mul(d0, d1), "(* d0 d1)");
  unit_report("mul");
}

// CHECK: div and mod: ok
static void
test_div_mod(void)
{
  EXPECT(fdiv(c(7), c(2)), "3");
  EXPECT(fdiv(c(-7), c(2)), "-4");
  EXPECT(cdiv(c(7), c(2)), "4");
  EXPECT(cdiv(c(-7), c(2)), "-3");
  EXPECT(mod(c(-7), c(3)), "2");
  EXPECT(fdiv(d0, c(1)), "d0");
  EXPECT(cdiv(d0, c(1)), "d0");
  EXPECT(mod(d0, c(1)), "0");
  EXPECT(fdiv(mul(d0, c(4)), c(2)), "(* d0 2)");
  EXPECT(cdiv(mul(d0, c(128)), c(64)), "(* d0 2)");
  EXPECT(cdiv(mul(d0, c(6)), c(4)), "(ceildiv (* d0 6) 4)");
  EXPECT(mod(mul(d0, c(128)), c(64)), "0");
  /* (d0 + 4) floordiv 4 -> d0 floordiv 4 + 1 */
  EXPECT(fdiv(add(d0, c(4)), c(4)), "(+ (floordiv d0 4) 1)");
  /* (d0 * 4 + d1) mod 4 -> d1 mod 4 */
  EXPECT(mod(add(mul(d0, c(4)), d1), c(4)), "(mod d1 4)");
  EXPECT(mod(add(d1, mul(d0, c(4))), c(4)), "(mod d1 4)");
  /* (d0 mod 8) mod 4 -> d0 mod 4, but (d0 mod 4) mod 8 stays */
  EXPECT(mod(mod(d0, c(8)), c(4)), "(mod d0 4)");
  EXPECT(mod(mod(d0, c(4)), c(8)), "(mod (mod d0 4) 8)");
  EXPECT(fdiv(fdiv(d0, c(2)), c(3)), "(floordiv (floordiv d0 2) 3)");
  EXPECT(mod(mul(d0, c(-2)), c(4)), "(mod (* d0 -2) 4)");
  /* non-positive divisors are left alone */
  EXPECT(fdiv(d0, c(0)), "(floordiv d0 0)");
  EXPECT(mod(c(5), c(-2)), "(mod 5 -2)");
  EXPECT(fdiv(c(INT64_MIN), c(-1)), "(floordiv -9223372036854775808 -1)");
  /* negative divisors fold like MLIR's (but mod does not) */
  EXPECT(fdiv(c(5), c(-2)), "-3");
  EXPECT(cdiv(c(-5), c(-2)), "3");
  EXPECT(fdiv(mul(d0, c(4)), c(-2)), "(* d0 -2)");
  EXPECT(fdiv(add(d0, c(4)), c(-2)), "(+ (floordiv d0 -2) -2)");
  EXPECT(cdiv(add(d0, c(4)), c(-2)), "(ceildiv (+ d0 4) -2)");
  EXPECT(fdiv(d0, c(-1)), "(floordiv d0 -1)");
  EXPECT(fdiv(d0, s0), "(floordiv d0 s0)");
  unit_report("div and mod");
}

// CHECK: interning: ok
static void
test_interning(void)
{
  CHECK(nl_affine_dim(ctx, 0) == d0 && d0 != s0);
  CHECK(add(d0, c(1)) == add(c(1), d0));
  CHECK(nl_affine_symbol(ctx, 0) != nl_affine_dim(ctx, 0));
  NlAffineExpr *r1[] = {d0, add(d1, c(1))};
  NlAffineExpr *r2[] = {d0, add(c(1), d1)};
  NlAffineMap *m = nl_affine_map(ctx, 2, 0, r1, 2);
  CHECK(m == nl_affine_map(ctx, 2, 0, r2, 2));
  CHECK(m != nl_affine_map(ctx, 2, 1, r2, 2));
  CHECK(m->results != r1 && m->nresults == 2);
  NlAffineMap *id = nl_affine_map_identity(ctx, 2);
  NlAffineExpr *r3[] = {d0, d1};
  CHECK(id == nl_affine_map(ctx, 2, 0, r3, 2));
  CHECK(nl_affine_map(ctx, 0, 0, NULL, 0) == nl_affine_map_identity(ctx, 0));
  CHECK(nl_affine_expr_in_range(add(d1, s0), 2, 1));
  CHECK(!nl_affine_expr_in_range(add(d1, s0), 1, 1));
  CHECK(!nl_affine_expr_in_range(add(d1, s0), 2, 0));
  int64_t dims[] = {7, 3}, syms[] = {5};
  int64_t out = 0;
  CHECK(
      nl_affine_expr_eval(add(mul(d0, c(2)), mod(d1, s0)), dims, syms, &out) &&
      out == 17);
  CHECK(nl_affine_expr_eval(fdiv(sub(d1, d0), c(3)), dims, syms, &out) &&
        out == -2);
  CHECK(nl_affine_expr_eval(cdiv(d0, c(2)), dims, syms, &out) && out == 4);
  CHECK(!nl_affine_expr_eval(fdiv(d0, sub(d1, c(3))), dims, syms, &out));
  unit_report("interning");
}

int
main(void)
{
  ctx = nl_context_create();
  d0 = nl_affine_dim(ctx, 0);
  d1 = nl_affine_dim(ctx, 1);
  s0 = nl_affine_symbol(ctx, 0);
  test_add();
  test_mul();
  test_div_mod();
  test_interning();
  nl_context_destroy(ctx);
  // CHECK: all checks passed
  return unit_finish();
}
