// RUN: nl-unit-ir 2>&1 | FileCheck %s
//
// The mutable IR: use-lists and replace-all-uses, operand lists, block
// arguments, builder insertion points, op order, splicing, cloning, and
// erasing ops while walking.

#include "unit.h"

static NlOp *
mk(NlContext *ctx, NlValue *const *ops, uint32_t n, uint32_t nres)
{
  return unit_op(ctx, "t.op", ops, n, nl_type_i32(ctx), nres, 0, NULL, 0);
}

/* Whether every op in owners uses v. */
static bool
used_by_all(NlValue *v, NlOp *const *owners, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    bool found = false;
    nl_value_foreach_use(v, u) found |= u->owner == owners[i];
    if (!found)
      return false;
  }
  return true;
}

// CHECK: rauw: ok
static void
test_rauw(NlContext *ctx)
{
  NlBlock *b = nl_block_create();
  NlOp *a = mk(ctx, NULL, 0, 1), *c = mk(ctx, NULL, 0, 1);
  nl_block_append_op(b, a);
  nl_block_append_op(b, c);
  NlValue *va = nl_op_result(a, 0), *vc = nl_op_result(c, 0);
  NlValue *two[] = {va, va};
  NlOp *u1 = mk(ctx, two, 2, 1);
  NlOp *u2 = mk(ctx, &va, 1, 0);
  nl_block_append_op(b, u1);
  nl_block_append_op(b, u2);
  CHECK(nl_value_num_uses(va) == 3 && !nl_value_has_one_use(va));
  CHECK(!nl_value_has_uses(vc));
  nl_value_replace_all_uses(va, vc);
  CHECK(!nl_value_has_uses(va) && nl_value_num_uses(vc) == 3);
  CHECK(nl_op_operand(u1, 0) == vc && nl_op_operand(u1, 1) == vc &&
        nl_op_operand(u2, 0) == vc);
  /* RAUW onto a value that already has uses keeps both lists intact */
  NlOp *u3 = mk(ctx, &va, 1, 0);
  nl_block_append_op(b, u3);
  nl_value_replace_all_uses(vc, va);
  NlOp *all[] = {u1, u2, u3};
  CHECK(used_by_all(va, all, 3) && nl_value_num_uses(va) == 4);
  /* except */
  nl_value_replace_all_uses_except(va, vc, u1);
  CHECK(nl_op_operand(u1, 0) == va && nl_op_operand(u1, 1) == va);
  CHECK(nl_op_operand(u2, 0) == vc && nl_op_operand(u3, 0) == vc);
  CHECK(nl_value_num_uses(va) == 2 && nl_value_num_uses(vc) == 2);
  /* set one operand, then the whole list with a different length */
  nl_op_set_operand(u2, 0, va);
  CHECK(nl_value_num_uses(va) == 3 && nl_value_has_one_use(vc));
  NlValue *three[] = {vc, vc, va};
  nl_op_set_operands(u1, three, 3);
  CHECK(u1->noperands == 3 && nl_value_num_uses(vc) == 3);
  CHECK(nl_value_num_uses(va) == 2);
  nl_op_set_operands(u1, NULL, 0);
  CHECK(u1->noperands == 0 && nl_value_has_one_use(vc));
  nl_value_foreach_use(va, u) CHECK(u->value == va);
  CHECK(nl_value_defining_op(va) == a && nl_value_parent_block(va) == b);
  nl_block_destroy(b);
  unit_report("rauw");
}

// CHECK: block args: ok
static void
test_block_args(NlContext *ctx)
{
  NlBlock *b = nl_block_create();
  NlType *i32 = nl_type_i32(ctx), *f32 = nl_type_f32(ctx);
  NlValue *a0 = nl_block_add_arg(b, i32, NULL);
  NlValue *a1 = nl_block_add_arg(b, f32, NULL);
  NlValue *mid = nl_block_insert_arg(b, 1, i32, nl_loc_unknown(ctx));
  CHECK(b->nargs == 3 && b->args[1] == mid && b->args[2] == a1);
  CHECK(mid->index == 1 && a1->index == 2 && a0->index == 0);
  CHECK(mid->kind == NL_VALUE_BLOCK_ARG && nl_value_owner_block(mid) == b);
  NlValue *first = nl_block_insert_arg(b, 0, f32, NULL);
  CHECK(first->index == 0 && a0->index == 1 && a1->index == 3);
  NlOp *user = mk(ctx, &a1, 1, 0);
  nl_block_append_op(b, user);
  nl_block_erase_arg(b, 2); /* mid */
  CHECK(b->nargs == 3 && b->args[2] == a1 && a1->index == 2);
  nl_block_erase_arg(b, 0);
  CHECK(b->args[0] == a0 && a0->index == 0 && a1->index == 1);
  CHECK(nl_op_operand(user, 0) == a1);
  nl_block_destroy(b); /* the arg's use is inside the block: fine */
  unit_report("block args");
}

// CHECK: builder: ok
static void
test_builder(NlContext *ctx)
{
  NlBlock *b = nl_block_create();
  NlBuilder bld;
  nl_builder_init(&bld, ctx);
  NlOpState st;
  nl_op_state_init(&st, ctx, unit_def(ctx, "t.op"), NULL);
  NlOp *detached = nl_builder_insert(&bld, &st);
  CHECK(detached->parent == NULL && detached->loc == nl_loc_unknown(ctx));
  nl_op_destroy(detached);

  nl_builder_set_end(&bld, b);
  NlOp *o1 = nl_builder_insert(&bld, &st);
  NlOp *o2 = nl_builder_insert(&bld, &st);
  nl_builder_set_start(&bld, b);
  NlOp *o0 = nl_builder_insert(&bld, &st);
  nl_builder_set_before(&bld, o2);
  NlOp *o15 = nl_builder_insert(&bld, &st);
  nl_builder_set_after(&bld, o2);
  NlOp *o3 = nl_builder_insert(&bld, &st);
  nl_builder_set_after(&bld, o0);
  NlOp *o05 = nl_builder_insert(&bld, &st);
  nl_op_state_fini(&st);
  NlOp *want[] = {o0, o05, o1, o15, o2, o3};
  int i = 0;
  bool order_ok = true;
  nl_block_foreach_op(b, op) order_ok &= i < 6 && op == want[i++];
  CHECK(order_ok && i == 6 && b->last == o3);
  CHECK(nl_op_is_before_in_block(o0, o3) && !nl_op_is_before_in_block(o3, o0));
  CHECK(nl_op_is_before_in_block(o05, o1) && nl_op_is_before_in_block(o15, o2));
  CHECK(!nl_op_is_before_in_block(o1, o1));
  nl_block_destroy(b);
  unit_report("builder");
}

// CHECK: order: ok
static void
test_order(NlContext *ctx)
{
  /* Alternate insertions in the middle with order queries: must stay
   * correct (and fast, thanks to gaps in the numbering). */
  NlBlock *b = nl_block_create();
  enum { N = 2000 };
  NlOp **ops = malloc(N * sizeof *ops);
  ops[0] = mk(ctx, NULL, 0, 0);
  nl_block_append_op(b, ops[0]);
  NlOp *last = mk(ctx, NULL, 0, 0);
  nl_block_append_op(b, last);
  bool ok = true;
  for (int i = 1; i < N; i++) {
    ops[i] = mk(ctx, NULL, 0, 0);
    nl_block_insert_op_after(ops[i - 1], ops[i]);
    ok &= nl_op_is_before_in_block(ops[i - 1], ops[i]);
    ok &= nl_op_is_before_in_block(ops[i], last);
    ok &= !nl_op_is_before_in_block(last, ops[i]);
  }
  for (int i = 0; i + 7 < N; i += 7)
    ok &= nl_op_is_before_in_block(ops[i], ops[i + 7]);
  CHECK(ok);
  /* removal keeps the rest ordered */
  nl_op_erase(ops[10]);
  CHECK(nl_op_is_before_in_block(ops[9], ops[11]));
  nl_block_prepend_op(b, mk(ctx, NULL, 0, 0));
  CHECK(nl_op_is_before_in_block(b->first, ops[0]));
  free(ops);
  nl_block_destroy(b);
  unit_report("order");
}

// CHECK: splice: ok
static void
test_splice(NlContext *ctx)
{
  NlBlock *src = nl_block_create(), *dst = nl_block_create();
  NlOp *o[5];
  for (int i = 0; i < 5; i++) {
    o[i] = mk(ctx, NULL, 0, 0);
    nl_block_append_op(src, o[i]);
  }
  NlOp *d0 = mk(ctx, NULL, 0, 0);
  nl_block_append_op(dst, d0);
  nl_block_splice(dst, o[1], o[3]);
  CHECK(src->first == o[0] && o[0]->next == o[3] && o[3]->prev == o[0]);
  CHECK(dst->first == d0 && d0->next == o[1] && o[2]->next == NULL);
  CHECK(dst->last == o[2] && o[1]->parent == dst && o[2]->parent == dst);
  CHECK(nl_op_is_before_in_block(d0, o[2]));
  nl_block_splice(dst, o[3], NULL);
  CHECK(src->first == o[0] && src->last == o[0] && o[0]->next == NULL);
  CHECK(dst->last == o[4] && o[4]->parent == dst);
  nl_op_remove(o[0]);
  CHECK(src->first == NULL && src->last == NULL && o[0]->parent == NULL);
  nl_block_append_op(dst, o[0]);
  CHECK(dst->last == o[0]);
  nl_block_destroy(src);
  nl_block_destroy(dst);
  unit_report("splice");
}

/* A function-like op: region with two blocks, the second using the first's
 * results and arguments; the first branching to the second. */
static NlOp *
build_nested(NlContext *ctx, NlValue *outside)
{
  NlOp *f = unit_op(ctx, "t.op", NULL, 0, NULL, 0, 1, NULL, 0);
  NlRegion *r = nl_op_region(f, 0);
  NlBlock *entry = nl_block_create(), *next = nl_block_create();
  nl_region_append_block(r, entry);
  nl_region_append_block(r, next);
  NlValue *arg = nl_block_add_arg(entry, nl_type_i32(ctx), NULL);
  NlValue *arg2 = nl_block_add_arg(next, nl_type_i32(ctx), NULL);
  NlValue *ops[] = {arg, outside};
  NlOp *x = mk(ctx, ops, 2, 1);
  nl_block_append_op(entry, x);
  NlValue *xr = nl_op_result(x, 0);
  NlOp *br = unit_op(ctx, "t.br", &xr, 1, NULL, 0, 0, &next, 1);
  nl_block_append_op(entry, br);
  /* an inner region op that uses values from both enclosing blocks */
  NlOp *inner = unit_op(ctx, "t.op", NULL, 0, nl_type_i32(ctx), 1, 1, NULL, 0);
  NlBlock *ib = nl_block_create();
  nl_region_append_block(nl_op_region(inner, 0), ib);
  NlValue *iops[] = {xr, arg2, outside};
  nl_block_append_op(ib, mk(ctx, iops, 3, 0));
  nl_block_append_op(next, inner);
  NlValue *ir = nl_op_result(inner, 0);
  nl_block_append_op(next, unit_op(ctx, "t.ret", &ir, 1, NULL, 0, 0, NULL, 0));
  nl_op_set_attr(f, "name", nl_attr_string_cstr(ctx, "f"));
  return f;
}

// CHECK: clone: ok
static void
test_clone(NlContext *ctx)
{
  NlBlock *top = nl_block_create();
  NlOp *def = mk(ctx, NULL, 0, 1);
  nl_block_append_op(top, def);
  NlValue *outside = nl_op_result(def, 0);
  NlOp *f = build_nested(ctx, outside);
  nl_block_append_op(top, f);
  CHECK(nl_value_num_uses(outside) == 2);

  NlOp *c = nl_op_clone(f);
  CHECK(c != f && c->parent == NULL && c->attrs == f->attrs);
  CHECK(nl_value_num_uses(outside) == 4);
  NlRegion *r = nl_op_region(c, 0);
  CHECK(nl_region_num_blocks(r) == 2);
  NlBlock *entry = r->first, *next = r->last;
  CHECK(entry != nl_op_region(f, 0)->first);
  NlOp *x = entry->first, *br = entry->last;
  CHECK(nl_op_operand(x, 0) == entry->args[0]);
  CHECK(nl_op_operand(x, 1) == outside);
  CHECK(br->successors[0] == next);
  CHECK(nl_op_operand(br, 0) == nl_op_result(x, 0));
  NlOp *inner = next->first;
  NlOp *iu = nl_op_region(inner, 0)->first->first;
  CHECK(nl_op_operand(iu, 0) == nl_op_result(x, 0));
  CHECK(nl_op_operand(iu, 1) == next->args[0]);
  CHECK(nl_op_operand(iu, 2) == outside);
  CHECK(nl_op_operand(next->last, 0) == nl_op_result(inner, 0));
  CHECK(nl_op_context(c) == ctx);
  CHECK(nl_op_parent_op(iu) == inner && nl_op_is_ancestor(c, iu));
  CHECK(!nl_op_is_ancestor(f, iu) && nl_op_is_ancestor(iu, iu));

  /* A use laid out before its definition (block order differs from
   * dominance order) is remapped too. */
  NlOp *g = unit_op(ctx, "t.op", NULL, 0, NULL, 0, 1, NULL, 0);
  NlBlock *gb0 = nl_block_create(), *gb2 = nl_block_create(),
          *gb1 = nl_block_create();
  nl_region_append_block(nl_op_region(g, 0), gb0);
  nl_region_append_block(nl_op_region(g, 0), gb2);
  nl_region_append_block(nl_op_region(g, 0), gb1);
  NlOp *gdef = mk(ctx, NULL, 0, 1);
  nl_block_append_op(gb1, gdef);
  NlValue *gv = nl_op_result(gdef, 0);
  nl_block_append_op(gb2, mk(ctx, &gv, 1, 0));
  NlOp *gc = nl_op_clone(g);
  NlBlock *cb2 = nl_op_region(gc, 0)->first->next;
  NlBlock *cb1 = nl_op_region(gc, 0)->last;
  CHECK(nl_op_operand(cb2->first, 0) == nl_op_result(cb1->first, 0));
  CHECK(nl_value_has_one_use(gv));
  nl_op_destroy(gc);
  nl_op_destroy(g);

  nl_op_destroy(c);
  CHECK(nl_value_num_uses(outside) == 2);
  nl_block_destroy(top);
  unit_report("clone");
}

static NlWalkResult
count_fn(NlOp *op, void *ud)
{
  (void)op;
  ++*(int *)ud;
  return NL_WALK_ADVANCE;
}

static NlWalkResult
erase_post(NlOp *op, void *ud)
{
  /* Erase every op except the root (which is detached). */
  if (op->parent) {
    for (uint32_t i = 0; i < op->nresults; i++)
      nl_value_replace_all_uses(nl_op_result(op, i), (NlValue *)ud);
    nl_op_erase(op);
  }
  return NL_WALK_ADVANCE;
}

typedef struct PreState {
  int visited;
  NlValue *repl;
} PreState;

static NlWalkResult
erase_pre_skip(NlOp *op, void *ud)
{
  PreState *ps = ud;
  ps->visited++;
  if (op->parent && op->nregions > 0) {
    for (uint32_t i = 0; i < op->nresults; i++)
      nl_value_replace_all_uses(nl_op_result(op, i), ps->repl);
    nl_op_erase(op);
    return NL_WALK_SKIP;
  }
  return NL_WALK_ADVANCE;
}

static NlWalkResult
interrupt_at_ret(NlOp *op, void *ud)
{
  ++*(int *)ud;
  return nl_op_is(op, "t.ret") ? NL_WALK_INTERRUPT : NL_WALK_ADVANCE;
}

// CHECK: walk: ok
static void
test_walk(NlContext *ctx)
{
  NlOp *root = mk(ctx, NULL, 0, 1);
  NlValue *repl = nl_op_result(root, 0);
  NlOp *f = build_nested(ctx, repl);
  int n = 0;
  CHECK(nl_op_walk(f, NL_WALK_PRE, count_fn, &n) == NL_WALK_ADVANCE);
  CHECK(n == 6); /* f, x, br, inner, inner use, ret */
  n = 0;
  CHECK(nl_op_walk(f, NL_WALK_POST, interrupt_at_ret, &n) == NL_WALK_INTERRUPT);
  CHECK(n == 5); /* x, br, inner use, inner, ret */

  /* pre-order: erase ops with regions and skip them */
  NlOp *g = nl_op_clone(f);
  PreState ps = {0, repl};
  nl_op_walk(g, NL_WALK_PRE, erase_pre_skip, &ps);
  CHECK(ps.visited == 5); /* g, x, br, inner (erased, skipped), ret */
  CHECK(nl_op_region(g, 0)->last->first->next == NULL);
  nl_op_destroy(g);

  /* post-order: erase everything nested */
  nl_op_walk(f, NL_WALK_POST, erase_post, repl);
  NlRegion *r = nl_op_region(f, 0);
  CHECK(r->first->first == NULL && r->last->first == NULL);
  CHECK(!nl_value_has_uses(repl));
  nl_op_destroy(f);
  nl_op_destroy(root);
  unit_report("walk");
}

// CHECK: attrs on ops: ok
static void
test_op_attrs(NlContext *ctx)
{
  NlOpState st;
  nl_op_state_init(&st, ctx, unit_def(ctx, "t.op"), nl_loc_unknown(ctx));
  NlAttr *one = nl_attr_integer(ctx, nl_type_i32(ctx), 1);
  NlAttr *two = nl_attr_integer(ctx, nl_type_i32(ctx), 2);
  nl_op_state_add_attr(&st, "b", one);
  nl_op_state_add_attr(&st, "a", one);
  nl_op_state_add_attr(&st, "b", two); /* last duplicate wins */
  NlOp *op = nl_op_create(&st);
  nl_op_state_fini(&st);
  CHECK(op->attrs->dict.n == 2 && nl_op_attr(op, "b") == two);
  CHECK(op->attrs->dict.entries[0].name == nl_ident_cstr(ctx, "a"));
  nl_op_set_attr(op, "a", NULL);
  CHECK(nl_op_attr(op, "a") == NULL && op->attrs->dict.n == 1);
  nl_op_set_attr(op, "c", one);
  CHECK(nl_op_attr(op, "c") == one);
  nl_op_set_attrs(op, NULL);
  CHECK(op->attrs == nl_attr_dict_empty(ctx));
  CHECK(nl_op_is(op, "t.op") && strcmp(nl_op_name(op), "t.op") == 0);
  CHECK(!nl_op_has_trait(op, NL_TERMINATOR));
  nl_op_destroy(op);

  /* op state with a region: blocks move into the op */
  nl_op_state_init(&st, ctx, unit_def(ctx, "t.op"), NULL);
  NlRegion *r = nl_op_state_add_region(&st);
  NlBlock *b = nl_block_create();
  nl_region_append_block(r, b);
  op = nl_op_create(&st);
  nl_op_state_fini(&st);
  CHECK(nl_op_region(op, 0)->first == b && b->parent == nl_op_region(op, 0));
  CHECK(nl_block_parent_op(b) == op && nl_block_is_entry(b));
  CHECK(nl_block_terminator(b) == NULL);
  nl_block_append_op(b, unit_op(ctx, "t.ret", NULL, 0, NULL, 0, 0, NULL, 0));
  CHECK(nl_block_terminator(b) == b->last);
  nl_region_clear(nl_op_region(op, 0));
  CHECK(nl_region_empty(nl_op_region(op, 0)));
  nl_op_destroy(op);
  unit_report("attrs on ops");
}

int
main(void)
{
  NlContext *ctx = unit_context();
  test_rauw(ctx);
  test_block_args(ctx);
  test_builder(ctx);
  test_order(ctx);
  test_splice(ctx);
  test_clone(ctx);
  test_walk(ctx);
  test_op_attrs(ctx);
  nl_context_destroy(ctx);
  // CHECK: all checks passed
  return unit_finish();
}
