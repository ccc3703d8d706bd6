/*
 * graph-fuse: fusions on the graph dialect, as greedy patterns.
 *  - BatchNormalization (inference) of a Conv whose weight, bias and BN
 *    parameters are f32 constants is folded into the Conv's weight and
 *    bias: s = scale / sqrt(var + eps), W' = W * s (per output channel),
 *    B' = (B - mean) * s + bias.
 *  - Add(MatMul(A, B), C) with 2-D A and B and C broadcastable to the
 *    result becomes Gemm(A, B, C).
 *  - Relu, Sigmoid, Tanh and LeakyRelu applied to the only use of a Conv,
 *    Gemm or MatMul are attached to it as `activation = "relu"` (and
 *    `activation_alpha` for LeakyRelu): the op's result is then the
 *    activation of what it computes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"
#include "passes.h"

/* ---- constants ------------------------------------------------------------
 */

/* The f32 elements of a constant value (dense or dense_resource), n of
 * them, or NULL. *splat tells whether one element stands for all. */
static const float *
const_f32(NlValue *v, int64_t *n, bool *splat)
{
  NlAttr *a = nl_value_constant(v);
  NlType *e = a && a->type ? nl_type_element(a->type) : NULL;
  if (!e || e->kind != NL_TYPE_FLOAT || e->flt.fkind != NL_F32)
    return NULL;
  *n = nl_type_num_elements(a->type);
  if (*n < 0)
    return NULL;
  if (a->kind == NL_ATTR_DENSE) {
    *splat = a->dense.splat;
    return a->dense.data;
  }
  if (a->kind == NL_ATTR_DENSE_RESOURCE && a->resource.blob->data &&
      a->resource.blob->size == (size_t)*n * 4) {
    *splat = false;
    return a->resource.blob->data;
  }
  return NULL;
}

static float
at(const float *p, bool splat, int64_t i)
{
  float f;
  memcpy(&f, p + (splat ? 0 : i), 4);
  return f;
}

static NlValue *
make_constant(NlRewriter *rw, NlType *t, const float *data, int64_t n,
              bool as_resource, NlLoc *loc)
{
  NlContext *ctx = nl_rewriter_context(rw);
  const NlOpDef *def = nl_context_lookup_op(ctx, "graph.constant", 14);
  NlAttr *value;
  if (as_resource) {
    NlResource *r = nl_resource_create_unique(ctx, "fused");
    nl_resource_set(ctx, r, data, (size_t)n * 4, 16);
    value = nl_attr_dense_resource(ctx, t, r);
  } else {
    value = nl_attr_dense(ctx, t, false, data, (size_t)n * 4);
  }
  NlOpState st;
  nl_op_state_init(&st, ctx, def, loc);
  nl_op_state_add_attr(&st, "value", value);
  nl_op_state_add_result(&st, t);
  NlOp *op = nl_rewriter_create(rw, &st);
  nl_op_state_fini(&st);
  return nl_op_result(op, 0);
}

static bool
single_use_of(NlValue *v, const char *name)
{
  NlOp *d = nl_value_defining_op(v);
  return d && nl_op_is(d, name) && d->nresults == 1 && nl_value_has_one_use(v);
}

/* ---- Conv + BatchNormalization ------------------------------------------ */

static NlResult
fold_batch_norm(NlOp *bn, NlRewriter *rw)
{
  if (bn->noperands != 5 || !single_use_of(nl_op_operand(bn, 0), "graph.conv"))
    return nl_failure();
  for (uint32_t i = 1; i < bn->nresults; i++)
    if (nl_value_has_uses(nl_op_result(bn, i)))
      return nl_failure();
  NlAttr *tm = nl_op_attr(bn, "training_mode");
  if (tm && tm->kind == NL_ATTR_INTEGER && nl_attr_integer_value(tm, NULL))
    return nl_failure();
  NlOp *conv = nl_value_defining_op(nl_op_operand(bn, 0));
  if (conv->noperands < 2 || conv->noperands > 3 ||
      nl_op_result(conv, 0)->type != nl_op_result(bn, 0)->type)
    return nl_failure();
  NlType *wt = nl_op_operand(conv, 1)->type;
  if (wt->kind != NL_TYPE_TENSOR || wt->shaped.rank < 3 ||
      !nl_type_has_static_shape(wt))
    return nl_failure();
  int64_t m = wt->shaped.dims[0], nw, nb = m, n[4];
  bool sw, sb = true, s[4];
  const float *w = const_f32(nl_op_operand(conv, 1), &nw, &sw);
  static const float zero = 0.0f;
  const float *b = &zero;
  if (conv->noperands == 3) {
    NlType *bt = nl_op_operand(conv, 2)->type;
    if (bt->kind == NL_TYPE_NONE)
      b = &zero;
    else if (!(b = const_f32(nl_op_operand(conv, 2), &nb, &sb)))
      return nl_failure();
  }
  const float *p[4];
  for (int i = 0; i < 4; i++)
    if (!(p[i] = const_f32(nl_op_operand(bn, 1 + i), &n[i], &s[i])) ||
        n[i] != m)
      return nl_failure();
  if (!w || nb != m || m <= 0)
    return nl_failure();
  double eps = 1e-5;
  NlAttr *ea = nl_op_attr(bn, "epsilon");
  if (ea && ea->kind == NL_ATTR_FLOAT)
    eps = ea->flt.value;
  int64_t per = nw / m;
  float *nwd = nl_xmalloc((size_t)nw * 4 + 4);
  float *nbd = nl_xmalloc((size_t)m * 4 + 4);
  for (int64_t c = 0; c < m; c++) {
    double sc = at(p[0], s[0], c) / sqrt((double)at(p[3], s[3], c) + eps);
    for (int64_t k = 0; k < per; k++)
      nwd[c * per + k] = (float)(at(w, sw, c * per + k) * sc);
    nbd[c] =
        (float)((at(b, sb, c) - at(p[2], s[2], c)) * sc + at(p[1], s[1], c));
  }
  NlContext *ctx = nl_rewriter_context(rw);
  NlAttr *wa = nl_value_constant(nl_op_operand(conv, 1));
  NlValue *nw_v = make_constant(rw, wt, nwd, nw,
                                wa->kind == NL_ATTR_DENSE_RESOURCE, conv->loc);
  NlType *btype = nl_type_tensor(ctx, &m, 1, nl_type_f32(ctx), NULL);
  NlValue *nb_v = make_constant(rw, btype, nbd, m, false, conv->loc);
  free(nwd);
  free(nbd);
  NlOpState st;
  NlLoc *locs[2] = {conv->loc, bn->loc};
  nl_op_state_init(&st, ctx, conv->def, nl_loc_fused(ctx, locs, 2, NULL));
  nl_op_state_add_operand(&st, nl_op_operand(conv, 0));
  nl_op_state_add_operand(&st, nw_v);
  nl_op_state_add_operand(&st, nb_v);
  for (uint32_t i = 0; i < conv->attrs->dict.n; i++)
    nl_op_state_add_attr_ident(&st, conv->attrs->dict.entries[i].name,
                               conv->attrs->dict.entries[i].value);
  nl_op_state_add_result(&st, nl_op_result(conv, 0)->type);
  NlOp *nc = nl_rewriter_create(rw, &st);
  nl_op_state_fini(&st);
  NlValue *vals[3];
  for (uint32_t i = 0; i < bn->nresults && i < 3; i++)
    vals[i] = nl_op_result(nc, 0);
  nl_rewriter_replace_op(rw, bn, vals, bn->nresults);
  nl_rewriter_erase_op(rw, conv);
  return nl_success();
}

/* ---- MatMul + Add -> Gemm --------------------------------------------------
 */

static bool
is_2d(NlType *t)
{
  return t->kind == NL_TYPE_TENSOR && t->shaped.rank == 2;
}

/* Whether c broadcasts unidirectionally to the 2-D static-or-dynamic
 * result type r. */
static bool
broadcasts_to(NlType *c, NlType *r)
{
  if (c->kind != NL_TYPE_TENSOR || c->shaped.rank > 2 ||
      nl_type_element(c) != nl_type_element(r))
    return false;
  for (uint32_t i = 0; i < c->shaped.rank; i++) {
    int64_t d = c->shaped.dims[i];
    int64_t t = r->shaped.dims[2 - c->shaped.rank + i];
    if (d != 1 && (d == NL_DYNAMIC || d != t))
      return false;
  }
  return true;
}

static NlResult
matmul_add_to_gemm(NlOp *add, NlRewriter *rw)
{
  if (add->noperands != 2)
    return nl_failure();
  for (uint32_t k = 0; k < 2; k++) {
    NlValue *mv = nl_op_operand(add, k), *c = nl_op_operand(add, 1 - k);
    if (!single_use_of(mv, "graph.matmul"))
      continue;
    NlOp *mm = nl_value_defining_op(mv);
    NlType *rt = nl_op_result(add, 0)->type;
    if (mm->noperands != 2 || !is_2d(nl_op_operand(mm, 0)->type) ||
        !is_2d(nl_op_operand(mm, 1)->type) || mv->type != rt ||
        !broadcasts_to(c->type, rt) || nl_op_attr(mm, "activation"))
      continue;
    NlContext *ctx = nl_rewriter_context(rw);
    const NlOpDef *def = nl_context_lookup_op(ctx, "graph.gemm", 10);
    NlOpState st;
    NlLoc *locs[2] = {mm->loc, add->loc};
    nl_op_state_init(&st, ctx, def, nl_loc_fused(ctx, locs, 2, NULL));
    nl_op_state_add_operand(&st, nl_op_operand(mm, 0));
    nl_op_state_add_operand(&st, nl_op_operand(mm, 1));
    nl_op_state_add_operand(&st, c);
    nl_op_state_add_result(&st, rt);
    NlOp *g = nl_rewriter_create(rw, &st);
    nl_op_state_fini(&st);
    NlValue *r = nl_op_result(g, 0);
    nl_rewriter_replace_op(rw, add, &r, 1);
    nl_rewriter_erase_op(rw, mm);
    return nl_success();
  }
  return nl_failure();
}

/* ---- activation attachment ----------------------------------------------- */

static NlResult
attach_activation(NlOp *act, NlRewriter *rw)
{
  if (act->noperands != 1 || act->nresults != 1)
    return nl_failure();
  NlValue *v = nl_op_operand(act, 0);
  NlOp *p = nl_value_defining_op(v);
  if (!p ||
      (!single_use_of(v, "graph.conv") && !single_use_of(v, "graph.gemm") &&
       !single_use_of(v, "graph.matmul")) ||
      nl_op_attr(p, "activation") || v->type != nl_op_result(act, 0)->type)
    return nl_failure();
  NlContext *ctx = nl_rewriter_context(rw);
  const char *name = nl_op_name(act) + strlen("graph.");
  nl_rewriter_modify_start(rw, p);
  nl_op_set_attr(p, "activation", nl_attr_string_cstr(ctx, name));
  if (nl_op_is(act, "graph.leaky_relu")) {
    NlAttr *alpha = nl_op_attr(act, "alpha");
    nl_op_set_attr(p, "activation_alpha",
                   alpha ? alpha : nl_attr_float(ctx, nl_type_f32(ctx), 0.01));
  }
  nl_rewriter_modify_end(rw, p);
  nl_rewriter_replace_op(rw, act, &v, 1);
  return nl_success();
}

static const NlPattern fusion_patterns[] = {
    {"graph.batch_normalization", 2, "graph-fold-batch-norm", fold_batch_norm},
    {"graph.add", 1, "graph-matmul-add-to-gemm", matmul_add_to_gemm},
    {"graph.relu", 1, "graph-attach-relu", attach_activation},
    {"graph.sigmoid", 1, "graph-attach-sigmoid", attach_activation},
    {"graph.tanh", 1, "graph-attach-tanh", attach_activation},
    {"graph.leaky_relu", 1, "graph-attach-leaky-relu", attach_activation},
};

NlResult
nl_graph_fuse_run(NlOp *anchor, NlPassState *ps)
{
  NlPatternSet set;
  nl_pattern_set_init(&set);
  nl_pattern_set_add(&set, fusion_patterns,
                     sizeof fusion_patterns / sizeof fusion_patterns[0]);
  NlGreedyConfig c;
  nl_greedy_config_init(&c);
  c.fold = false;
  c.region_simplify = false;
  bool changed = false;
  NlResult r = nl_apply_patterns_greedily(anchor, &set, &c, &changed);
  nl_pattern_set_fini(&set);
  if (!changed)
    nl_pass_mark_unchanged(ps);
  return r;
}
