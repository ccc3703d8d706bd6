// RUN: nl-unit-dominance 2>&1 | FileCheck %s
//
// Dominance: a diamond CFG, a loop, unreachable blocks, values used in
// nested regions, graph regions, and single-block regions.

#include "unit.h"

typedef struct Cfg {
  NlOp *f; /* t.op with one region */
  NlBlock *b[8];
  NlOp *def[8]; /* one value-producing op at the start of each block */
} Cfg;

/* Builds a region of n blocks where block i branches to succ[i][...]
 * (-1 terminated; an empty list ends in t.ret). */
static void
build_cfg(NlContext *ctx, Cfg *g, int n, const int succ[][3])
{
  g->f = unit_op(ctx, "t.op", NULL, 0, NULL, 0, 1, NULL, 0);
  for (int i = 0; i < n; i++) {
    g->b[i] = nl_block_create();
    nl_region_append_block(nl_op_region(g->f, 0), g->b[i]);
  }
  for (int i = 0; i < n; i++) {
    g->def[i] = unit_op(ctx, "t.op", NULL, 0, nl_type_i32(ctx), 1, 0, NULL, 0);
    nl_block_append_op(g->b[i], g->def[i]);
    NlBlock *s[3];
    uint32_t k = 0;
    for (; k < 3 && succ[i][k] >= 0; k++)
      s[k] = g->b[succ[i][k]];
    const char *term = k ? "t.br" : "t.ret";
    nl_block_append_op(g->b[i], unit_op(ctx, term, NULL, 0, NULL, 0, 0, s, k));
  }
}

/* A fresh user op of v at the end of block b (before the terminator). */
static NlOp *
use_in(NlContext *ctx, NlBlock *b, NlValue *v)
{
  NlOp *u = unit_op(ctx, "t.op", &v, 1, NULL, 0, 0, NULL, 0);
  nl_block_insert_op_before(b->last, u);
  return u;
}

// CHECK: diamond: ok
static void
test_diamond(NlContext *ctx)
{
  /* 0 -> {1, 2} -> 3 */
  const int succ[][3] = {{1, 2, -1}, {3, -1}, {3, -1}, {-1}};
  Cfg g;
  build_cfg(ctx, &g, 4, succ);
  NlDominance *d = nl_dominance_create(g.f);
  CHECK(nl_dominance_block_dominates(d, g.b[0], g.b[3]));
  CHECK(nl_dominance_block_dominates(d, g.b[0], g.b[1]));
  CHECK(!nl_dominance_block_dominates(d, g.b[1], g.b[3]));
  CHECK(!nl_dominance_block_dominates(d, g.b[2], g.b[3]));
  CHECK(!nl_dominance_block_dominates(d, g.b[3], g.b[0]));
  CHECK(nl_dominance_block_dominates(d, g.b[2], g.b[2]));
  for (int i = 0; i < 4; i++)
    CHECK(nl_dominance_block_reachable(d, g.b[i]));
  NlValue *v0 = nl_op_result(g.def[0], 0), *v1 = nl_op_result(g.def[1], 0);
  NlOp *u3a = use_in(ctx, g.b[3], v0), *u3b = use_in(ctx, g.b[3], v1);
  NlOp *u1 = use_in(ctx, g.b[1], v1);
  CHECK(nl_dominance_value_dominates(d, v0, u3a));
  CHECK(!nl_dominance_value_dominates(d, v1, u3b));
  CHECK(nl_dominance_value_dominates(d, v1, u1));
  CHECK(!nl_dominance_value_dominates(d, v1, g.def[1])); /* itself */
  /* same block: def before use */
  NlOp *early = unit_op(ctx, "t.op", &v1, 1, NULL, 0, 0, NULL, 0);
  nl_block_prepend_op(g.b[1], early);
  CHECK(!nl_dominance_value_dominates(d, v1, early));
  CHECK(nl_dominance_op_dominates(d, g.def[0], u3a));
  CHECK(!nl_dominance_op_dominates(d, g.def[1], u3a));
  CHECK(nl_dominance_op_dominates(d, early, g.def[1]));
  CHECK(!nl_dominance_op_dominates(d, g.def[1], early));
  CHECK(!nl_dominance_op_dominates(d, u1, u1));
  nl_dominance_destroy(d);
  nl_op_destroy(g.f);
  unit_report("diamond");
}

// CHECK: loop: ok
static void
test_loop(NlContext *ctx)
{
  /* 0 -> 1; 1 -> {2, 3}; 2 -> 1 (back edge); 3 exit.  Layout puts the
   * exit before the body to make layout order differ from RPO. */
  const int succ[][3] = {{1, -1}, {3, 2, -1}, {1, -1}, {-1}};
  Cfg g;
  build_cfg(ctx, &g, 4, succ);
  NlDominance *d = nl_dominance_create(g.f);
  CHECK(nl_dominance_block_dominates(d, g.b[1], g.b[2]));
  CHECK(nl_dominance_block_dominates(d, g.b[1], g.b[3]));
  CHECK(!nl_dominance_block_dominates(d, g.b[2], g.b[1]));
  CHECK(!nl_dominance_block_dominates(d, g.b[2], g.b[3]));
  NlValue *v2 = nl_op_result(g.def[2], 0), *v1 = nl_op_result(g.def[1], 0);
  CHECK(!nl_dominance_value_dominates(d, v2, use_in(ctx, g.b[1], v2)));
  CHECK(nl_dominance_value_dominates(d, v1, use_in(ctx, g.b[2], v1)));
  /* block arguments dominate their whole block (and dominated blocks) */
  NlValue *arg = nl_block_add_arg(g.b[1], nl_type_i32(ctx), NULL);
  NlOp *first = unit_op(ctx, "t.op", &arg, 1, NULL, 0, 0, NULL, 0);
  nl_block_prepend_op(g.b[1], first);
  CHECK(nl_dominance_value_dominates(d, arg, first));
  CHECK(nl_dominance_value_dominates(d, arg, use_in(ctx, g.b[3], arg)));
  CHECK(!nl_dominance_value_dominates(d, arg, use_in(ctx, g.b[0], arg)));
  nl_dominance_destroy(d);
  nl_op_destroy(g.f);
  unit_report("loop");
}

// CHECK: unreachable: ok
static void
test_unreachable(NlContext *ctx)
{
  /* 0 -> 2; 1 -> 2 but nothing reaches 1; 3 -> 3 unreachable */
  const int succ[][3] = {{2, -1}, {2, -1}, {-1}, {3, -1}};
  Cfg g;
  build_cfg(ctx, &g, 4, succ);
  NlDominance *d = nl_dominance_create(g.f);
  CHECK(nl_dominance_block_reachable(d, g.b[0]));
  CHECK(!nl_dominance_block_reachable(d, g.b[1]));
  CHECK(nl_dominance_block_reachable(d, g.b[2]));
  CHECK(!nl_dominance_block_reachable(d, g.b[3]));
  CHECK(nl_dominance_block_dominates(d, g.b[0], g.b[2]));
  /* the unreachable predecessor does not break 0 dom 2 */
  CHECK(!nl_dominance_block_dominates(d, g.b[1], g.b[2]));
  /* anything dominates an unreachable block */
  CHECK(nl_dominance_block_dominates(d, g.b[2], g.b[1]));
  CHECK(nl_dominance_block_dominates(d, g.b[1], g.b[3]));
  NlValue *v2 = nl_op_result(g.def[2], 0);
  CHECK(nl_dominance_value_dominates(d, v2, use_in(ctx, g.b[3], v2)));
  NlValue *v1 = nl_op_result(g.def[1], 0);
  CHECK(!nl_dominance_value_dominates(d, v1, use_in(ctx, g.b[2], v1)));
  nl_dominance_destroy(d);
  nl_op_destroy(g.f);
  unit_report("unreachable");
}

// CHECK: nested: ok
static void
test_nested(NlContext *ctx)
{
  /* 0 -> {1, 2}; block 1 holds an op with a region using values */
  const int succ[][3] = {{1, 2, -1}, {-1}, {-1}};
  Cfg g;
  build_cfg(ctx, &g, 3, succ);
  NlOp *outer = unit_op(ctx, "t.op", NULL, 0, nl_type_i32(ctx), 1, 1, NULL, 0);
  nl_block_insert_op_before(g.b[1]->last, outer);
  NlBlock *ib = nl_block_create();
  nl_region_append_block(nl_op_region(outer, 0), ib);
  NlValue *ia = nl_block_add_arg(ib, nl_type_i32(ctx), NULL);
  NlValue *vs[] = {nl_op_result(g.def[0], 0), nl_op_result(g.def[1], 0),
                   nl_op_result(g.def[2], 0), nl_op_result(outer, 0), ia};
  NlOp *u[5];
  for (int i = 0; i < 5; i++) {
    u[i] = unit_op(ctx, "t.op", &vs[i], 1, NULL, 0, 0, NULL, 0);
    nl_block_append_op(ib, u[i]);
  }
  NlDominance *d = nl_dominance_create(g.f);
  CHECK(nl_dominance_value_dominates(d, vs[0], u[0]));
  CHECK(nl_dominance_value_dominates(d, vs[1], u[1]));
  CHECK(!nl_dominance_value_dominates(d, vs[2], u[2]));
  CHECK(!nl_dominance_value_dominates(d, vs[3], u[3])); /* own result */
  CHECK(nl_dominance_value_dominates(d, vs[4], u[4]));
  /* inner values do not dominate outer ops */
  CHECK(!nl_dominance_value_dominates(d, ia, g.def[1]));
  CHECK(nl_dominance_block_dominates(d, g.b[0], ib)); /* lifted to b1 */
  CHECK(!nl_dominance_block_dominates(d, g.b[2], ib));
  CHECK(nl_dominance_op_dominates(d, outer, u[0])); /* enclosing op */
  CHECK(nl_dominance_op_dominates(d, g.def[1], u[0]));
  CHECK(nl_dominance_block_reachable(d, ib));
  nl_dominance_destroy(d);
  nl_op_destroy(g.f);
  unit_report("nested");
}

// CHECK: graph: ok
static void
test_graph(NlContext *ctx)
{
  NlOp *gop = unit_op(ctx, "t.graph", NULL, 0, NULL, 0, 1, NULL, 0);
  NlBlock *b = nl_block_create();
  nl_region_append_block(nl_op_region(gop, 0), b);
  NlOp *late = unit_op(ctx, "t.op", NULL, 0, nl_type_i32(ctx), 1, 0, NULL, 0);
  NlValue *v = nl_op_result(late, 0);
  NlOp *early = unit_op(ctx, "t.op", &v, 1, NULL, 0, 0, NULL, 0);
  nl_block_append_op(b, early);
  nl_block_append_op(b, late);
  /* an op may use its own result in a graph region */
  NlOp *self = unit_op(ctx, "t.op", NULL, 0, nl_type_i32(ctx), 1, 0, NULL, 0);
  nl_block_append_op(b, self);
  nl_op_set_operands(self, (NlValue *[]){nl_op_result(self, 0)}, 1);
  NlDominance *d = nl_dominance_create(gop);
  CHECK(nl_dominance_value_dominates(d, v, early)); /* use before def ok */
  CHECK(nl_dominance_op_dominates(d, late, early));
  CHECK(nl_dominance_op_dominates(d, late, late));
  CHECK(nl_dominance_value_dominates(d, nl_op_result(self, 0), self));
  nl_dominance_destroy(d);
  nl_op_set_operands(self, NULL, 0);
  nl_op_destroy(gop);

  /* Unregistered ops: a single-block region is a graph region (as in
   * MLIR), a region with several blocks is not. */
  const NlOpDef *unreg = nl_context_unregistered_op(ctx, "x.region", 8);
  NlOpState st;
  nl_op_state_init(&st, ctx, unreg, NULL);
  nl_op_state_add_region(&st);
  NlOp *u = nl_op_create(&st);
  nl_op_state_fini(&st);
  NlBlock *ub = nl_block_create();
  nl_region_append_block(nl_op_region(u, 0), ub);
  late = unit_op(ctx, "t.op", NULL, 0, nl_type_i32(ctx), 1, 0, NULL, 0);
  v = nl_op_result(late, 0);
  early = unit_op(ctx, "t.op", &v, 1, NULL, 0, 0, NULL, 0);
  nl_block_append_op(ub, early);
  nl_block_append_op(ub, late);
  d = nl_dominance_create(u);
  CHECK(nl_dominance_value_dominates(d, v, early));
  nl_dominance_destroy(d);
  nl_region_append_block(nl_op_region(u, 0), nl_block_create());
  d = nl_dominance_create(u);
  CHECK(!nl_dominance_value_dominates(d, v, early));
  CHECK(!nl_dominance_op_dominates(d, late, late));
  nl_dominance_destroy(d);
  nl_op_destroy(u);
  unit_report("graph");
}

int
main(void)
{
  NlContext *ctx = unit_context();
  test_diamond(ctx);
  test_loop(ctx);
  test_unreachable(ctx);
  test_nested(ctx);
  test_graph(ctx);
  nl_context_destroy(ctx);
  // CHECK: all checks passed
  return unit_finish();
}
