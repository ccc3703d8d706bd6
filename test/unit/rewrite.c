// RUN: nl-unit-rewrite 2>&1 | FileCheck %s
//
// Rewriting through its C API: folding (fold hooks, commutative operands,
// constants materialized by the dialect, hoisted and deduplicated), the
// greedy driver (patterns by root and benefit, generic patterns, dead ops,
// bottom-up seeding, rewrite limits, non-convergence), the rewriter's
// operations, the constant table and the side-effect queries. A tiny `r`
// dialect provides the ops.

// CHECK: fold: ok
// CHECK: greedy: ok
// CHECK: benefit: ok
// CHECK: convergence: ok
// CHECK: rewriter: ok
// CHECK: constant table: ok
// CHECK: effects: ok
// CHECK: simplify regions: ok
// CHECK: all checks passed

#include "null/rewrite.h"
#include "unit.h"

/* ---- the `r` dialect ----------------------------------------------------- */

static NlResult
fold_const(NlOp *op, NlAttr *const *consts, NlFoldResult *out)
{
  (void)consts;
  out[0].attr = nl_op_attr(op, "value");
  return out[0].attr ? nl_success() : nl_failure();
}

/* add(c1, c2) -> c1 + c2; add(x, 0) -> x. */
static NlResult
fold_add(NlOp *op, NlAttr *const *consts, NlFoldResult *out)
{
  if (consts[0] && consts[1]) {
    int64_t v = nl_attr_integer_value(consts[0], NULL) +
                nl_attr_integer_value(consts[1], NULL);
    out[0].attr = nl_attr_integer(nl_op_context(op), op->results[0].type, v);
    return nl_success();
  }
  if (consts[1] && nl_attr_integer_value(consts[1], NULL) == 0) {
    out[0].value = op->operands[0].value;
    return nl_success();
  }
  return nl_failure();
}

static NlBuf trace;

/* neg(neg(x)) -> x */
static NlResult
neg_neg(NlOp *op, NlRewriter *rw)
{
  NlOp *inner = nl_value_defining_op(op->operands[0].value);
  if (!inner || !nl_op_is(inner, "r.neg"))
    return nl_failure();
  nl_buf_puts(&trace, "neg-neg ");
  NlValue *x = inner->operands[0].value;
  nl_rewriter_replace_op(rw, op, &x, 1);
  return nl_success();
}

/* Lower benefit than neg-neg: must never run first on neg(neg(x)). */
static NlResult
neg_low(NlOp *op, NlRewriter *rw)
{
  (void)op;
  (void)rw;
  nl_buf_puts(&trace, "neg-low ");
  return nl_failure();
}

/* A generic pattern: counts the ops it is offered. */
static int generic_calls;
static NlResult
count_any(NlOp *op, NlRewriter *rw)
{
  (void)op;
  (void)rw;
  generic_calls++;
  return nl_failure();
}

/* Never converges: toggles an attribute on r.flip. */
static NlResult
flip(NlOp *op, NlRewriter *rw)
{
  NlAttr *s = nl_op_attr(op, "on");
  nl_rewriter_modify_start(rw, op);
  nl_op_set_attr(op, "on", s ? NULL : nl_attr_unit(nl_rewriter_context(rw)));
  nl_rewriter_modify_end(rw, op);
  return nl_success();
}

static const NlPattern neg_patterns[] = {
    {"r.neg", 1, "neg-low", neg_low},
    {"r.neg", 5, "neg-neg", neg_neg},
};

static NlOp *
materialize(NlBuilder *b, NlAttr *value, NlType *type, NlLoc *loc)
{
  NlOpState st;
  nl_op_state_init(&st, b->ctx, nl_context_lookup_op(b->ctx, "r.const", 7),
                   loc);
  nl_op_state_add_attr(&st, "value", value);
  nl_op_state_add_result(&st, type);
  NlOp *op = nl_builder_insert(b, &st);
  nl_op_state_fini(&st);
  return op;
}

static const NlOpDef r_ops[] = {
    {.name = "r.const",
     .noperands = 0,
     .nresults = 1,
     .traits = NL_PURE | NL_CONSTANT_LIKE,
     .fold = fold_const},
    {.name = "r.add",
     .noperands = 2,
     .nresults = 1,
     .traits = NL_PURE | NL_COMMUTATIVE,
     .fold = fold_add},
    {.name = "r.neg",
     .noperands = 1,
     .nresults = 1,
     .traits = NL_PURE,
     .canonical = neg_patterns,
     .ncanonical = 2},
    {.name = "r.sink", .noperands = NL_VARIADIC, .nresults = 0},
    {.name = "r.func",
     .noperands = 0,
     .nresults = 0,
     .nregions = 1,
     .traits = NL_ISOLATED_FROM_ABOVE | NL_NO_TERMINATOR},
    {.name = "r.scope",
     .noperands = 0,
     .nresults = NL_VARIADIC,
     .nregions = 1,
     .traits = NL_RECURSIVE_EFFECTS | NL_NO_TERMINATOR},
    {.name = "r.yield",
     .noperands = NL_VARIADIC,
     .nresults = 0,
     .traits = NL_TERMINATOR | NL_RETURN_LIKE},
    {.name = "r.flip", .noperands = 0, .nresults = 0},
    {.name = "r.br",
     .noperands = NL_VARIADIC,
     .nresults = 0,
     .nsuccessors = 1,
     .traits = NL_TERMINATOR},
};

static const NlDialect r_dialect = {
    .name = "r",
    .ops = r_ops,
    .nops = sizeof r_ops / sizeof r_ops[0],
    .materialize_constant = materialize,
};

/* ---- helpers ------------------------------------------------------------- */

static NlContext *
context(void)
{
  NlContext *ctx = nl_context_create();
  nl_context_set_allow_unregistered(ctx, true);
  if (nl_failed(nl_context_load_dialect(ctx, &r_dialect))) {
    printf("FAIL: cannot load the r dialect\n");
    exit(1);
  }
  return ctx;
}

static NlOp *
parse(NlContext *ctx, const char *src)
{
  NlOp *m = nl_parse_source(ctx, "test", src, strlen(src), NULL);
  if (!m) {
    printf("FAIL: cannot parse:\n%s\n", src);
    exit(1);
  }
  return m;
}

/* The ops of the first r.func's body as "name name ...", with constant
 * values ("r.const=3") and the index of each operand's defining op in
 * the body ("r.add(0,1)"), or 'a' for block arguments. */
static char *
shape(NlOp *module)
{
  NlOp *fn = module->regions[0].first->first;
  NlBlock *b = fn->regions[0].first;
  NlBuf out = {0};
  nl_block_foreach_op(b, op)
  {
    nl_buf_puts(&out, op->def->name);
    NlAttr *v = nl_op_attr(op, "value");
    if (v)
      nl_buf_printf(&out, "=%lld", (long long)nl_attr_integer_value(v, NULL));
    if (op->noperands) {
      nl_buf_putc(&out, '(');
      for (uint32_t i = 0; i < op->noperands; i++) {
        NlValue *x = op->operands[i].value;
        if (i)
          nl_buf_putc(&out, ',');
        NlOp *d = nl_value_defining_op(x);
        if (!d || d->parent != b) {
          nl_buf_putc(&out, 'a');
          continue;
        }
        int k = 0;
        for (NlOp *o = b->first; o != d; o = o->next)
          k++;
        nl_buf_printf(&out, "%d", k);
      }
      nl_buf_putc(&out, ')');
    }
    nl_buf_putc(&out, ' ');
  }
  return nl_buf_take(&out);
}

static NlResult
canonicalize(NlOp *m, const NlGreedyConfig *cfg, bool *changed)
{
  NlPatternSet s;
  nl_pattern_set_init(&s);
  nl_pattern_set_add_canonical(&s, nl_op_context(m));
  NlResult r = nl_apply_patterns_greedily(m, &s, cfg, changed);
  nl_pattern_set_fini(&s);
  return r;
}

#define CHECK_SHAPE(m, want)                                                   \
  do {                                                                         \
    char *s_ = shape(m);                                                       \
    CHECK_STR(s_, want);                                                       \
    free(s_);                                                                  \
  } while (0)

/* ---- tests --------------------------------------------------------------- */

static void
test_fold(void)
{
  NlContext *ctx = context();
  NlOp *m;
  m = parse(ctx, "\"r.func\"() ({\n"
                 "^bb0(%a: i32):\n"
                 "  \"r.sink\"() : () -> ()\n"
                 "  %1 = \"r.const\"() {value = 1 : i32} : () -> i32\n"
                 "  %2 = \"r.const\"() {value = 2 : i32} : () -> i32\n"
                 "  %3 = \"r.add\"(%1, %2) : (i32, i32) -> i32\n"
                 "  %4 = \"r.add\"(%3, %a) : (i32, i32) -> i32\n"
                 "  %5 = \"r.const\"() {value = 0 : i32} : () -> i32\n"
                 "  %6 = \"r.add\"(%4, %5) : (i32, i32) -> i32\n"
                 "  %7 = \"r.const\"() {value = 3 : i32} : () -> i32\n"
                 "  \"r.sink\"(%6, %7) : (i32, i32) -> ()\n"
                 "}) : () -> ()\n");
  bool changed = false;
  CHECK(nl_succeeded(canonicalize(m, NULL, &changed)));
  CHECK(changed);
  /* 1 + 2 folded to 3, which is the same constant as %7: one constant at
   * the top; add(x, 0) -> x; the constant moved right of the add. */
  CHECK_SHAPE(m, "r.const=3 r.sink r.add(a,0) r.sink(2,0) ");
  CHECK(nl_succeeded(nl_op_verify(m)));

  /* A second run changes nothing. */
  changed = true;
  CHECK(nl_succeeded(canonicalize(m, NULL, &changed)));
  CHECK(!changed);

  /* nl_op_fold and the constant queries directly. */
  NlOp *fn = m->regions[0].first->first;
  NlOp *c = fn->regions[0].first->first;
  CHECK(nl_op_constant_value(c) == nl_attr_integer(ctx, nl_type_i32(ctx), 3));
  CHECK(nl_value_constant(&c->results[0]) == nl_op_constant_value(c));
  NlOp *add = c->next->next;
  CHECK(nl_op_constant_value(add) == NULL);
  NlFoldResult fr;
  CHECK(nl_failed(nl_op_fold(add, &fr)));
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("fold");
}

static void
test_greedy(void)
{
  NlContext *ctx = context();
  /* Dead pure ops go (also in cycles through the worklist), ops with
   * effects stay; neg(neg(x)) -> x. */
  NlOp *m = parse(ctx, "\"r.func\"() ({\n"
                       "^bb0(%a: i32):\n"
                       "  %0 = \"r.neg\"(%a) : (i32) -> i32\n"
                       "  %1 = \"r.neg\"(%0) : (i32) -> i32\n"
                       "  %2 = \"r.add\"(%1, %1) : (i32, i32) -> i32\n"
                       "  %3 = \"r.neg\"(%2) : (i32) -> i32\n"
                       "  \"r.sink\"(%2) : (i32) -> ()\n"
                       "}) : () -> ()\n");
  CHECK(nl_succeeded(canonicalize(m, NULL, NULL)));
  CHECK_SHAPE(m, "r.add(a,a) r.sink(0) ");

  /* Bottom-up seeding and a bounded number of rewrites. */
  NlGreedyConfig cfg;
  nl_greedy_config_init(&cfg);
  CHECK(cfg.max_iterations == 10 && cfg.fold && cfg.top_down &&
        cfg.region_simplify && cfg.max_rewrites == 0);
  nl_op_destroy(m);
  m = parse(ctx, "\"r.func\"() ({\n"
                 "^bb0(%a: i32):\n"
                 "  %0 = \"r.neg\"(%a) : (i32) -> i32\n"
                 "  %1 = \"r.neg\"(%0) : (i32) -> i32\n"
                 "  %2 = \"r.neg\"(%1) : (i32) -> i32\n"
                 "  %3 = \"r.neg\"(%2) : (i32) -> i32\n"
                 "  \"r.sink\"(%3) : (i32) -> ()\n"
                 "}) : () -> ()\n");
  cfg.top_down = false;
  CHECK(nl_succeeded(canonicalize(m, &cfg, NULL)));
  CHECK_SHAPE(m, "r.sink(a) ");

  /* Without folding, constants stay where they are. */
  nl_op_destroy(m);
  m = parse(ctx, "\"r.func\"() ({\n"
                 "^bb0(%a: i32):\n"
                 "  %1 = \"r.const\"() {value = 1 : i32} : () -> i32\n"
                 "  %2 = \"r.add\"(%1, %1) : (i32, i32) -> i32\n"
                 "  \"r.sink\"(%2) : (i32) -> ()\n"
                 "}) : () -> ()\n");
  nl_greedy_config_init(&cfg);
  cfg.fold = false;
  CHECK(nl_succeeded(canonicalize(m, &cfg, NULL)));
  CHECK_SHAPE(m, "r.const=1 r.add(0,0) r.sink(1) ");

  /* Generic patterns are offered every op. */
  static const NlPattern any[] = {{NULL, 1, "count-any", count_any}};
  NlPatternSet s;
  nl_pattern_set_init(&s);
  nl_pattern_set_add(&s, any, 1);
  generic_calls = 0;
  CHECK(nl_succeeded(nl_apply_patterns_greedily(m, &s, NULL, NULL)));
  CHECK(generic_calls >= 4); /* func, const, add, sink */
  nl_pattern_set_fini(&s);
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("greedy");
}

static void
test_benefit(void)
{
  NlContext *ctx = context();
  NlOp *m = parse(ctx, "\"r.func\"() ({\n"
                       "^bb0(%a: i32):\n"
                       "  %0 = \"r.neg\"(%a) : (i32) -> i32\n"
                       "  %1 = \"r.neg\"(%0) : (i32) -> i32\n"
                       "  \"r.sink\"(%1) : (i32) -> ()\n"
                       "}) : () -> ()\n");
  trace.len = 0;
  CHECK(nl_succeeded(canonicalize(m, NULL, NULL)));
  /* %0 = neg(a): neg-neg fails first, then neg-low; %1: neg-neg wins. */
  char *t = nl_buf_take(&trace);
  CHECK_STR(t ? t : "", "neg-low neg-neg ");
  free(t);
  CHECK_SHAPE(m, "r.sink(a) ");
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("benefit");
}

static NlBuf diags;
static void
collect(const NlDiag *d, void *ud)
{
  (void)ud;
  nl_buf_printf(&diags, "%s\n", d->msg);
}

static void
test_convergence(void)
{
  NlContext *ctx = context();
  nl_context_set_diag_handler(ctx, collect, NULL);
  NlOp *m = parse(ctx, "\"r.func\"() ({\n"
                       "  \"r.flip\"() : () -> ()\n"
                       "}) : () -> ()\n");
  static const NlPattern flips[] = {{"r.flip", 1, "flip", flip}};
  NlPatternSet s;
  nl_pattern_set_init(&s);
  nl_pattern_set_add(&s, flips, 1);
  NlGreedyConfig cfg;
  nl_greedy_config_init(&cfg);
  cfg.max_iterations = 4;
  bool changed = false;
  diags.len = 0;
  CHECK(nl_failed(nl_apply_patterns_greedily(m, &s, &cfg, &changed)));
  CHECK(changed);
  nl_diag_flush(ctx);
  char *d = nl_buf_take(&diags);
  CHECK_STR(d ? d : "", "'builtin.module' op pattern application did not "
                        "converge after 4 iterations\n");
  free(d);
  /* A rewrite limit per sweep does not make it converge either. */
  cfg.max_rewrites = 3;
  CHECK(nl_failed(nl_apply_patterns_greedily(m, &s, &cfg, NULL)));
  nl_diag_flush(ctx);
  free(nl_buf_take(&diags));
  nl_pattern_set_fini(&s);
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("convergence");
}

/* Records the listener-visible effects of the rewriter API by running a
 * pattern that uses it. */
static NlResult
use_api(NlOp *op, NlRewriter *rw)
{
  if (!nl_op_is(op, "r.neg"))
    return nl_failure();
  NlContext *ctx = nl_rewriter_context(rw);
  /* Insertion point: before op. */
  NlBuilder *b = nl_rewriter_builder(rw);
  CHECK(b->before == op);
  NlOpState st;
  nl_op_state_init(&st, ctx, nl_context_lookup_op(ctx, "r.add", 5), op->loc);
  nl_op_state_add_operand(&st, op->operands[0].value);
  nl_op_state_add_operand(&st, op->operands[0].value);
  nl_op_state_add_result(&st, op->results[0].type);
  NlOp *add = nl_rewriter_create(rw, &st);
  nl_op_state_fini(&st);
  CHECK(add->next == op);
  nl_rewriter_replace_op_with_op(rw, op, add);
  return nl_success();
}

/* scope { ops; yield x } -> ops, with uses of the scope's result
 * replaced by x (inline_block_before), and a sink moved before the first
 * inlined op (move_op_before). */
static NlResult
inline_scope(NlOp *op, NlRewriter *rw)
{
  NlBlock *body = op->regions[0].first;
  if (!body || !body->last || !nl_op_is(body->last, "r.yield") ||
      body->last->noperands != op->nresults)
    return nl_failure();
  NlOp *yield = body->last;
  for (uint32_t i = 0; i < op->nresults; i++)
    nl_rewriter_replace_all_uses(rw, &op->results[i], yield->operands[i].value);
  nl_rewriter_erase_op(rw, yield);
  NlOp *first = body->first;
  nl_rewriter_inline_block_before(rw, body, op, NULL);
  nl_rewriter_erase_op(rw, op);
  /* Move a sink that follows to the front of the inlined ops. */
  NlOp *sink = first;
  while (sink && !nl_op_is(sink, "r.sink"))
    sink = sink->next;
  if (sink && first && sink != first)
    nl_rewriter_move_op_before(rw, sink, first);
  return nl_success();
}

/* func with several blocks -> func without its last block. */
static NlResult
drop_last_block(NlOp *op, NlRewriter *rw)
{
  NlRegion *r = &op->regions[0];
  if (!r->first || !r->first->next)
    return nl_failure();
  nl_rewriter_erase_block(rw, r->last);
  return nl_success();
}

static void
test_rewriter(void)
{
  NlContext *ctx = context();
  NlOp *m = parse(ctx, "\"r.func\"() ({\n"
                       "^bb0(%a: i32):\n"
                       "  %0 = \"r.neg\"(%a) : (i32) -> i32\n"
                       "  \"r.sink\"(%0) : (i32) -> ()\n"
                       "}) : () -> ()\n");
  static const NlPattern api[] = {{"r.neg", 1, "api", use_api}};
  NlPatternSet s;
  nl_pattern_set_init(&s);
  nl_pattern_set_add(&s, api, 1);
  CHECK(nl_succeeded(nl_apply_patterns_greedily(m, &s, NULL, NULL)));
  CHECK_SHAPE(m, "r.add(a,a) r.sink(0) ");
  nl_pattern_set_fini(&s);
  nl_op_destroy(m);

  /* Inlining a region's block, moving ops, erasing blocks. */
  m = parse(ctx, "\"r.func\"() ({\n"
                 "^bb0(%a: i32):\n"
                 "  %0 = \"r.scope\"() ({\n"
                 "    %x = \"r.neg\"(%a) : (i32) -> i32\n"
                 "    \"r.sink\"() : () -> ()\n"
                 "    \"r.yield\"(%x) : (i32) -> ()\n"
                 "  }) : () -> i32\n"
                 "  \"r.sink\"(%0) : (i32) -> ()\n"
                 "}) : () -> ()\n");
  static const NlPattern scopes[] = {{"r.scope", 1, "inline", inline_scope}};
  nl_pattern_set_init(&s);
  nl_pattern_set_add(&s, scopes, 1);
  CHECK(nl_succeeded(nl_apply_patterns_greedily(m, &s, NULL, NULL)));
  CHECK_SHAPE(m, "r.sink r.neg(a) r.sink(1) ");
  CHECK(nl_succeeded(nl_op_verify(m)));
  nl_pattern_set_fini(&s);

  /* Erasing a block through the rewriter: its ops leave the worklist. */
  nl_op_destroy(m);
  m = parse(ctx, "\"r.func\"() ({\n"
                 "^bb0(%a: i32):\n"
                 "  \"r.sink\"(%a) : (i32) -> ()\n"
                 "^bb1(%b: i32):\n"
                 "  %0 = \"r.neg\"(%b) : (i32) -> i32\n"
                 "  %1 = \"r.neg\"(%0) : (i32) -> i32\n"
                 "  \"r.sink\"(%1) : (i32) -> ()\n"
                 "}) : () -> ()\n");
  static const NlPattern blocks[] = {{"r.func", 1, "drop", drop_last_block}};
  nl_pattern_set_init(&s);
  nl_pattern_set_add(&s, blocks, 1);
  NlGreedyConfig cfg;
  nl_greedy_config_init(&cfg);
  cfg.region_simplify = false; /* the pattern does the work */
  CHECK(nl_succeeded(nl_apply_patterns_greedily(m, &s, &cfg, NULL)));
  NlOp *fn = m->regions[0].first->first;
  CHECK(nl_region_num_blocks(&fn->regions[0]) == 1);
  CHECK_SHAPE(m, "r.sink(a) ");
  nl_pattern_set_fini(&s);
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("rewriter");
}

static void
test_constant_table(void)
{
  NlContext *ctx = context();
  NlOp *m = parse(ctx, "\"r.func\"() ({\n"
                       "^bb0(%a: i32):\n"
                       "  \"r.sink\"(%a) : (i32) -> ()\n"
                       "  %s = \"r.scope\"() ({\n"
                       "    \"r.sink\"(%a) : (i32) -> ()\n"
                       "  }) : () -> i32\n"
                       "}) : () -> ()\n");
  NlOp *fn = m->regions[0].first->first;
  NlBlock *entry = fn->regions[0].first;
  NlOp *scope = entry->first->next;
  NlBlock *inner = scope->regions[0].first;
  const NlDialect *r = nl_context_lookup_dialect(ctx, "r", 1);
  NlType *i32 = nl_type_i32(ctx);
  NlAttr *seven = nl_attr_integer(ctx, i32, 7);
  NlConstantTable *t = nl_constant_table_create(ctx);
  /* Asked for in a nested block, made at the top of the function. */
  NlValue *c =
      nl_constant_table_get(t, inner, r, seven, i32, nl_loc_unknown(ctx));
  CHECK(c && nl_value_defining_op(c) == entry->first);
  CHECK(nl_constant_table_get(t, entry, r, seven, i32, nl_loc_unknown(ctx)) ==
        c);
  /* Another value: another op, again first. */
  NlValue *d = nl_constant_table_get(t, entry, r, nl_attr_integer(ctx, i32, 8),
                                     i32, nl_loc_unknown(ctx));
  CHECK(d && d != c && nl_value_defining_op(d) == entry->first);
  /* Forgotten ops are made again. */
  nl_constant_table_forget(t, nl_value_defining_op(c));
  NlValue *e =
      nl_constant_table_get(t, entry, r, seven, i32, nl_loc_unknown(ctx));
  CHECK(e && e != c);
  /* No dialect hook: no constant. */
  const NlDialect *none = nl_context_lookup_dialect(ctx, "builtin", 7);
  CHECK(!none || !nl_constant_table_get(t, entry, none, seven, i32,
                                        nl_loc_unknown(ctx)));
  nl_constant_table_destroy(t);
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("constant table");
}

static void
test_effects(void)
{
  NlContext *ctx = context();
  NlOp *m =
      parse(ctx, "\"r.func\"() ({\n"
                 "^bb0(%a: i32):\n"
                 "  %0 = \"r.neg\"(%a) : (i32) -> i32\n"
                 "  %1 = \"r.scope\"() ({\n"
                 "    %x = \"r.neg\"(%a) : (i32) -> i32\n"
                 "    \"r.yield\"(%x) : (i32) -> ()\n"
                 "  }) : () -> i32\n"
                 "  %2 = \"r.scope\"() ({\n"
                 "    \"r.sink\"(%a) : (i32) -> ()\n"
                 "    \"r.yield\"(%a) : (i32) -> ()\n"
                 "  }) : () -> i32\n"
                 "  %3 = \"x.unknown\"() : () -> i32\n"
                 "  \"r.sink\"(%0, %1, %2, %3) : (i32, i32, i32, i32) -> ()\n"
                 "}) : () -> ()\n");
  NlOp *fn = m->regions[0].first->first;
  NlOp *neg = fn->regions[0].first->first;
  NlOp *pure_scope = neg->next, *effect_scope = pure_scope->next;
  NlOp *unknown = effect_scope->next, *sink = unknown->next;
  CHECK(nl_op_is_effect_free(neg));
  CHECK(nl_op_is_effect_free(pure_scope));
  CHECK(!nl_op_is_effect_free(effect_scope));
  CHECK(!nl_op_is_effect_free(unknown));
  CHECK(!nl_op_is_effect_free(sink));
  CHECK(nl_op_would_be_trivially_dead(neg));
  CHECK(!nl_op_is_trivially_dead(neg));      /* used by the sink */
  CHECK(!nl_op_would_be_trivially_dead(fn)); /* has effects inside */
  nl_op_erase(sink);
  CHECK(nl_op_is_trivially_dead(neg));
  CHECK(nl_op_is_trivially_dead(pure_scope));
  CHECK(!nl_op_is_trivially_dead(effect_scope));
  CHECK(!nl_op_is_trivially_dead(unknown));
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("effects");
}

static void
test_simplify(void)
{
  NlContext *ctx = context();
  /* Unreachable blocks and dead ops; a dead value cycling through a block
   * argument of a terminator without the branch interface stays (the
   * argument cannot be removed). */
  NlOp *m = parse(ctx, "\"r.func\"() ({\n"
                       "^bb0(%a: i32):\n"
                       "  %0 = \"r.neg\"(%a) : (i32) -> i32\n"
                       "  \"r.br\"(%0)[^bb1] : (i32) -> ()\n"
                       "^bb1(%x: i32):\n"
                       "  %1 = \"r.neg\"(%a) : (i32) -> i32\n"
                       "  \"r.sink\"() : () -> ()\n"
                       "  \"r.br\"(%x)[^bb1] : (i32) -> ()\n"
                       "^bb2:\n"
                       "  \"r.sink\"() : () -> ()\n"
                       "  \"r.br\"()[^bb1] : () -> ()\n"
                       "}) : () -> ()\n");
  NlOp *fn = m->regions[0].first->first;
  CHECK(nl_op_simplify_regions(m));
  NlRegion *r = &fn->regions[0];
  CHECK(nl_region_num_blocks(r) == 2);
  CHECK(r->first->first && nl_op_is(r->first->first, "r.neg"));
  NlBlock *b1 = r->first->next;
  CHECK(b1->nargs == 1 && nl_op_is(b1->first, "r.sink"));
  CHECK(!nl_op_simplify_regions(m));
  CHECK(nl_succeeded(nl_op_verify(m)));
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("simplify regions");
}

int
main(void)
{
  test_fold();
  test_greedy();
  test_benefit();
  test_convergence();
  test_rewriter();
  test_constant_table();
  test_effects();
  test_simplify();
  nl_buf_free(&trace);
  nl_buf_free(&diags);
  return unit_finish();
}
