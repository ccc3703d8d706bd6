/*
 * inline: inlines func.call of func.func like MLIR's inliner. Functions are
 * visited callees first (strongly connected components of the call graph,
 * Tarjan's algorithm); each component is simplified with the default
 * pipeline (canonicalize), then its calls are inlined, and the two repeat
 * while something was inlined (at most four rounds, as MLIR). A call is not
 * inlined when its callee is recursive (part of a call-graph cycle; MLIR
 * inlines one level of mutual recursion, this pass none), has no body, or
 * has several blocks while the call sits in a single-block region. Inlined
 * ops get call-site locations. At the end, private functions that nothing
 * outside themselves refers to any more are erased.
 */
#include <stdlib.h>
#include <string.h>

#include "null/rewrite.h"
#include "passes.h"
#include "ptrmap.h"

const NlPassOption nl_inline_options[] = {
    {"default-pipeline", NL_OPT_STRING,
     offsetof(NlInlineOptions, default_pipeline),
     "The pipeline run on every function around inlining (nested in "
     "func.func; empty for none)",
     "canonicalize"},
    {"branch-op", NL_OPT_STRING, offsetof(NlInlineOptions, branch_op),
     "Unconditional branch op that replaces the returns of an inlined "
     "callee with several blocks and several returns",
     "cf.br"},
};
const uint32_t nl_inline_noptions =
    sizeof nl_inline_options / sizeof nl_inline_options[0];

enum { MAX_ROUNDS = 4 };

typedef struct Node {
  NlOp *fn;
  uint32_t *succ; /* callee node indices */
  uint32_t nsucc, succ_cap;
  uint32_t index, low; /* Tarjan; index 0 = unvisited */
  bool on_stack;
  bool recursive; /* in a cycle of the call graph */
} Node;

typedef struct Inliner {
  NlContext *ctx;
  NlOp *anchor;
  NlSymbolCache *cache;
  Node *nodes;
  uint32_t nnodes, nodes_cap;
  PtrMap node_of;  /* func op -> node index + 1 */
  uint32_t **sccs; /* node indices of each component, callees first */
  uint32_t *scc_len;
  uint32_t nsccs, sccs_cap;
  const NlOpDef *branch_def; /* NULL: several returns cannot be inlined */
  const char *pipeline;
  NlPassManager *pm; /* for a default pipeline other than canonicalize */
  NlPatternSet canon;
  NlOp **calls; /* worklist of calls of one function */
  size_t ncalls, calls_cap;
} Inliner;

/* ---- small helpers ------------------------------------------------------- */

/* An attribute of op, from its dictionary or its properties (ops read from
 * MLIR's generic form keep inherent attributes there). */
static NlAttr *
op_attr(NlOp *op, const char *name)
{
  NlAttr *a = nl_op_attr(op, name);
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, name);
  return a;
}

static bool
is_private(NlOp *op)
{
  NlAttr *v = op_attr(op, "sym_visibility");
  return v && v->kind == NL_ATTR_STRING && v->str.value->len == 7 &&
         memcmp(v->str.value->str, "private", 7) == 0;
}

static bool
is_func_with_body(NlOp *op)
{
  return nl_op_is(op, "func.func") && op->nregions == 1 && op->regions[0].first;
}

static NlOp *
resolve_callee(Inliner *in, NlOp *call)
{
  NlAttr *ref = op_attr(call, "callee");
  if (!ref || ref->kind != NL_ATTR_SYMBOL_REF)
    return NULL;
  NlOp *f = nl_symbol_cache_lookup_ref(in->cache, call, ref);
  return f && nl_op_is(f, "func.func") ? f : NULL;
}

static Node *
node_of(Inliner *in, NlOp *fn)
{
  uintptr_t i = (uintptr_t)ptrmap_get(&in->node_of, fn);
  return i ? &in->nodes[i - 1] : NULL;
}

/* ---- the call graph ------------------------------------------------------ */

static NlWalkResult
collect_fn(NlOp *op, void *ud)
{
  Inliner *in = ud;
  if (is_func_with_body(op)) {
    NL_VEC_PUSH(in->nodes, in->nnodes, in->nodes_cap, ((Node){.fn = op}));
    ptrmap_put(&in->node_of, op, (void *)(uintptr_t)in->nnodes);
  }
  return NL_WALK_ADVANCE;
}

typedef struct EdgeWalk {
  Inliner *in;
  uint32_t from;
} EdgeWalk;

static NlWalkResult
collect_edge(NlOp *op, void *ud)
{
  EdgeWalk *w = ud;
  if (!nl_op_is(op, "func.call"))
    return NL_WALK_ADVANCE;
  NlOp *callee = resolve_callee(w->in, op);
  Node *to = callee ? node_of(w->in, callee) : NULL;
  if (to) {
    Node *n = &w->in->nodes[w->from];
    NL_VEC_PUSH(n->succ, n->nsucc, n->succ_cap, (uint32_t)(to - w->in->nodes));
  }
  return NL_WALK_ADVANCE;
}

/* Tarjan's algorithm, iteratively: components come out callees first. */
static void
compute_sccs(Inliner *in)
{
  typedef struct Frame {
    uint32_t v, next;
  } Frame;
  Frame *cs = NULL;
  size_t ncs = 0, ccap = 0;
  uint32_t *stack = NULL;
  size_t ns = 0, scap = 0;
  uint32_t counter = 0;
  for (uint32_t root = 0; root < in->nnodes; root++) {
    if (in->nodes[root].index)
      continue;
    NL_VEC_PUSH(cs, ncs, ccap, ((Frame){root, 0}));
    in->nodes[root].index = in->nodes[root].low = ++counter;
    in->nodes[root].on_stack = true;
    NL_VEC_PUSH(stack, ns, scap, root);
    while (ncs) {
      Frame *f = &cs[ncs - 1];
      Node *v = &in->nodes[f->v];
      if (f->next < v->nsucc) {
        uint32_t w = v->succ[f->next++];
        Node *nw = &in->nodes[w];
        if (w == f->v)
          v->recursive = true;
        if (!nw->index) {
          nw->index = nw->low = ++counter;
          nw->on_stack = true;
          NL_VEC_PUSH(stack, ns, scap, w);
          NL_VEC_PUSH(cs, ncs, ccap, ((Frame){w, 0}));
        } else if (nw->on_stack && nw->index < v->low) {
          v->low = nw->index;
        }
        continue;
      }
      if (v->low == v->index) {
        uint32_t len = 0;
        while (stack[ns - 1 - len] != f->v)
          len++;
        len++;
        uint32_t *scc = nl_xmalloc(len * sizeof *scc);
        for (uint32_t i = 0; i < len; i++) {
          scc[i] = stack[ns - len + i];
          in->nodes[scc[i]].on_stack = false;
          if (len > 1)
            in->nodes[scc[i]].recursive = true;
        }
        ns -= len;
        if (in->nsccs == in->sccs_cap) {
          in->sccs_cap = in->sccs_cap ? in->sccs_cap * 2 : 8;
          in->sccs = nl_xrealloc(in->sccs, in->sccs_cap * sizeof *in->sccs);
          in->scc_len =
              nl_xrealloc(in->scc_len, in->sccs_cap * sizeof *in->scc_len);
        }
        in->sccs[in->nsccs] = scc;
        in->scc_len[in->nsccs++] = len;
      }
      uint32_t low = v->low;
      ncs--;
      if (ncs) {
        Node *parent = &in->nodes[cs[ncs - 1].v];
        if (low < parent->low)
          parent->low = low;
      }
    }
  }
  free(cs);
  free(stack);
}

/* ---- inlining one call --------------------------------------------------- */

static NlWalkResult
collect_call(NlOp *op, void *ud)
{
  Inliner *in = ud;
  if (nl_op_is(op, "func.call"))
    NL_VEC_PUSH(in->calls, in->ncalls, in->calls_cap, op);
  return NL_WALK_ADVANCE;
}

/* The return-like terminators of the callee's blocks. */
static uint32_t
count_returns(NlRegion *body, NlBlock **last_ret_block)
{
  uint32_t n = 0;
  nl_region_foreach_block(body, b)
  {
    NlOp *t = b->last;
    if (t && (t->def->traits & NL_RETURN_LIKE)) {
      n++;
      *last_ret_block = b;
    }
  }
  return n;
}

static bool
can_inline(Inliner *in, NlOp *call, NlOp *callee)
{
  Node *n = node_of(in, callee);
  if (!n || n->recursive || nl_op_is_ancestor(callee, call))
    return false;
  NlRegion *body = &callee->regions[0];
  NlBlock *entry = body->first;
  if (entry->nargs != call->noperands)
    return false;
  for (uint32_t i = 0; i < entry->nargs; i++)
    if (entry->args[i]->type != call->operands[i].value->type)
      return false;
  NlBlock *rb = NULL;
  uint32_t nret = count_returns(body, &rb);
  /* Every return must hand back one value per call result. */
  nl_region_foreach_block(body, b)
  {
    NlOp *t = b->last;
    if (t && (t->def->traits & NL_RETURN_LIKE)) {
      if (t->noperands != call->nresults)
        return false;
      for (uint32_t i = 0; i < t->noperands; i++)
        if (t->operands[i].value->type != call->results[i].type)
          return false;
    }
  }
  if (!entry->next)
    return nret == 1;
  /* Several blocks: the caller's region must allow them. */
  NlOp *parent = nl_op_parent_op(call);
  if (!parent ||
      ((parent->def->traits & NL_SINGLE_BLOCK) && parent->def != callee->def))
    return false;
  return nret <= 1 || in->branch_def;
}

static NlWalkResult
remap_loc(NlOp *op, void *ud)
{
  NlOp *call = ud;
  op->loc = nl_loc_callsite(nl_op_context(op), op->loc, call->loc);
  return NL_WALK_ADVANCE;
}

/* Moves the ops of block src, except its terminator `stop` (may be NULL:
 * all of them), to just before `pos`. */
static void
move_ops_before(NlBlock *src, NlOp *stop, NlOp *pos)
{
  NlOp *op = src->first;
  while (op && op != stop) {
    NlOp *next = op->next;
    nl_op_remove(op);
    nl_block_insert_op_before(pos, op);
    op = next;
  }
}

/* Replaces return `ret` by a branch to `dest` forwarding its operands. */
static void
return_to_branch(Inliner *in, NlOp *ret, NlBlock *dest)
{
  NlOpState st;
  nl_op_state_init(&st, in->ctx, in->branch_def, ret->loc);
  for (uint32_t i = 0; i < ret->noperands; i++)
    nl_op_state_add_operand(&st, ret->operands[i].value);
  nl_op_state_add_successor(&st, dest);
  NlOp *br = nl_op_create(&st);
  nl_op_state_fini(&st);
  nl_block_insert_op_before(ret, br);
  nl_op_erase(ret);
}

static void
inline_call(Inliner *in, NlOp *call, NlOp *callee)
{
  NlOp *clone = nl_op_clone(callee);
  NlRegion *body = &clone->regions[0];
  NlBlock *entry = body->first;
  for (NlBlock *b = entry; b; b = b->next)
    nl_block_foreach_op(b, op) nl_op_walk(op, NL_WALK_PRE, remap_loc, call);
  /* Calls brought in are inlined in turn (inline_in's list). */
  for (NlBlock *b = entry; b; b = b->next)
    nl_block_foreach_op(b, op) nl_op_walk(op, NL_WALK_PRE, collect_call, in);
  for (uint32_t i = 0; i < entry->nargs; i++)
    nl_value_replace_all_uses(entry->args[i], call->operands[i].value);

  NlBlock *rb = NULL;
  uint32_t nret = count_returns(body, &rb);
  NlBlock *cb = call->parent;
  if (nret == 1 && rb == entry) {
    /* The entry block returns (any other block is unreachable). */
    NlOp *ret = entry->last;
    for (uint32_t i = 0; i < call->nresults; i++)
      nl_value_replace_all_uses(&call->results[i], ret->operands[i].value);
    move_ops_before(entry, ret, call);
    NlBlock *pos = cb->next;
    while (entry->next) {
      NlBlock *b = entry->next;
      nl_region_remove_block(body, b);
      nl_region_insert_block_before(cb->parent, pos, b);
    }
  } else {
    /* Blocks after the entry go after the call's block; the entry's ops
     * join the call's block; the ops after the call continue where the
     * callee returns. */
    NlRegion *region = cb->parent;
    NlBlock *pos = cb->next;
    NlBlock *cont;
    if (nret == 1) {
      cont = rb;
    } else {
      cont = nl_block_create();
      for (uint32_t i = 0; i < call->nresults; i++)
        nl_block_add_arg(cont, call->results[i].type, call->loc);
    }
    while (entry->next) {
      NlBlock *b = entry->next;
      nl_region_remove_block(body, b);
      nl_region_insert_block_before(region, pos, b);
    }
    if (nret != 1)
      nl_region_insert_block_before(region, pos, cont);
    NlOp *ret = nret == 1 ? rb->last : NULL;
    /* The call's results. */
    for (uint32_t i = 0; i < call->nresults; i++)
      nl_value_replace_all_uses(&call->results[i],
                                ret ? ret->operands[i].value : cont->args[i]);
    /* The ops after the call move to the continuation. */
    if (call->next)
      nl_block_splice(cont, call->next, NULL);
    if (ret) {
      /* Put the return last again, then drop it. */
      nl_op_remove(ret);
      nl_op_destroy(ret);
    }
    move_ops_before(entry, NULL, call);
    if (nret > 1) {
      for (NlBlock *b = cb; b && b != cont; b = b->next) {
        NlOp *t = b->last;
        if (t && (t->def->traits & NL_RETURN_LIKE) && b != cb)
          return_to_branch(in, t, cont);
      }
      /* The entry's own return, now at the end of the call's block
       * (before the call, which is about to go). */
      NlOp *t = call->prev;
      if (t && (t->def->traits & NL_RETURN_LIKE))
        return_to_branch(in, t, cont);
    }
  }
  nl_op_erase(call);
  nl_op_destroy(clone);
}

/* ---- driving ------------------------------------------------------------- */

/* Inlines the calls in fn, and the calls that inlining brings in. */
static bool
inline_in(Inliner *in, NlOp *fn)
{
  in->ncalls = 0;
  nl_op_walk(fn, NL_WALK_PRE, collect_call, in);
  bool any = false;
  /* FIFO over a growing list: calls brought in are appended. */
  for (size_t i = 0; i < in->ncalls; i++) {
    NlOp *call = in->calls[i];
    NlOp *callee = resolve_callee(in, call);
    if (!callee || callee == fn || !can_inline(in, call, callee))
      continue;
    inline_call(in, call, callee);
    any = true;
  }
  return any;
}

static NlResult
simplify(Inliner *in, NlOp *fn)
{
  if (!in->pipeline || !*in->pipeline)
    return nl_success();
  if (in->pm)
    return nl_pass_manager_run(in->pm, fn);
  NlGreedyConfig cfg;
  nl_greedy_config_init(&cfg);
  return nl_apply_patterns_greedily(fn, &in->canon, &cfg, NULL);
}

static NlResult
run_scc(Inliner *in, uint32_t *scc, uint32_t len, bool *changed)
{
  for (uint32_t round = 0; round < MAX_ROUNDS; round++) {
    for (uint32_t i = 0; i < len; i++)
      if (nl_failed(simplify(in, in->nodes[scc[i]].fn)))
        return nl_failure();
    bool any = false;
    for (uint32_t i = 0; i < len; i++)
      any |= inline_in(in, in->nodes[scc[i]].fn);
    if (!any)
      break;
    *changed = true;
  }
  return nl_success();
}

/* ---- dead callees -------------------------------------------------------- */

typedef struct Uses {
  Inliner *in;
  PtrMap count; /* private func -> uses from outside itself */
  NlOp *owner;  /* the function whose body is walked, or NULL */
  int delta;
  NlOp **dead;
  size_t ndead, dead_cap;
} Uses;

static bool
candidate(NlOp *op)
{
  return is_func_with_body(op) && is_private(op);
}

static void
count_attr(Uses *u, NlOp *at, NlAttr *a)
{
  if (!a)
    return;
  if (a->kind == NL_ATTR_ARRAY) {
    for (uint32_t i = 0; i < a->array.n; i++)
      count_attr(u, at, a->array.elems[i]);
    return;
  }
  if (a->kind == NL_ATTR_DICT) {
    for (uint32_t i = 0; i < a->dict.n; i++)
      count_attr(u, at, a->dict.entries[i].value);
    return;
  }
  if (a->kind != NL_ATTR_SYMBOL_REF)
    return;
  NlAttr *root = nl_attr_symref(u->in->ctx, a->symref.root, NULL, 0);
  NlOp *target = nl_symbol_cache_lookup_ref(u->in->cache, at, root);
  if (!target || target == u->owner || !candidate(target))
    return;
  intptr_t c = (intptr_t)ptrmap_get(&u->count, target) + u->delta;
  ptrmap_put(&u->count, target, (void *)c);
  if (c == 0 && u->delta < 0)
    NL_VEC_PUSH(u->dead, u->ndead, u->dead_cap, target);
}

static NlWalkResult
count_op(NlOp *op, void *ud)
{
  Uses *u = ud;
  count_attr(u, op, op->attrs);
  count_attr(u, op, op->props);
  return NL_WALK_ADVANCE;
}

static NlWalkResult
count_top(NlOp *op, void *ud)
{
  Uses *u = ud;
  if (op->def->traits & NL_SYMBOL && nl_op_is(op, "func.func")) {
    u->owner = op;
    nl_op_walk(op, NL_WALK_PRE, count_op, u);
    u->owner = NULL;
    return NL_WALK_SKIP;
  }
  count_op(op, u);
  return NL_WALK_ADVANCE;
}

static bool
erase_dead_callees(Inliner *in)
{
  Uses u = {.in = in, .delta = 1};
  for (uint32_t i = 0; i < in->anchor->nregions; i++)
    nl_region_foreach_block(&in->anchor->regions[i], b)
    {
      nl_block_foreach_op(b, op) nl_op_walk(op, NL_WALK_PRE, count_top, &u);
    }
  for (uint32_t i = 0; i < in->nnodes; i++) {
    NlOp *fn = in->nodes[i].fn;
    if (candidate(fn) && !ptrmap_get(&u.count, fn))
      NL_VEC_PUSH(u.dead, u.ndead, u.dead_cap, fn);
  }
  bool any = u.ndead != 0;
  u.delta = -1;
  while (u.ndead) {
    NlOp *fn = u.dead[--u.ndead];
    /* Its references go away with it. */
    u.owner = fn;
    nl_op_walk(fn, NL_WALK_PRE, count_op, &u);
    ptrmap_del(&in->node_of, fn);
    nl_op_erase(fn);
  }
  free(u.dead);
  ptrmap_free(&u.count);
  return any;
}

NlResult
nl_inline_run(NlOp *anchor, NlPassState *ps)
{
  const NlInlineOptions *o = nl_pass_options(ps);
  Inliner in = {.ctx = nl_pass_context(ps), .anchor = anchor};
  in.pipeline = o ? o->default_pipeline : "canonicalize";
  const char *br = o ? o->branch_op : "cf.br";
  if (br && *br)
    in.branch_def = nl_context_lookup_op(in.ctx, br, strlen(br));
  if (in.pipeline && *in.pipeline && strcmp(in.pipeline, "canonicalize")) {
    NlPassManagerConfig cfg;
    nl_pass_manager_config_init(&cfg);
    cfg.verify_each = false;
    in.pm = nl_pass_manager_create(in.ctx, "func.func", &cfg);
    if (nl_failed(nl_pass_manager_parse(in.pm, in.pipeline))) {
      nl_pass_manager_destroy(in.pm);
      return nl_failure();
    }
  }
  nl_pattern_set_init(&in.canon);
  nl_pattern_set_add_canonical(&in.canon, in.ctx);
  in.cache = nl_symbol_cache_create();

  nl_op_walk(anchor, NL_WALK_PRE, collect_fn, &in);
  for (uint32_t i = 0; i < in.nnodes; i++) {
    EdgeWalk w = {&in, i};
    nl_op_walk(in.nodes[i].fn, NL_WALK_PRE, collect_edge, &w);
  }
  compute_sccs(&in);

  bool changed = false;
  NlResult r = nl_success();
  for (uint32_t i = 0; i < in.nsccs && nl_succeeded(r); i++)
    r = run_scc(&in, in.sccs[i], in.scc_len[i], &changed);
  if (nl_succeeded(r))
    changed |= erase_dead_callees(&in);
  /* Simplification counts as a change too; only a run that did nothing at
   * all is unchanged, and that cannot be told cheaply. */
  (void)changed;

  for (uint32_t i = 0; i < in.nsccs; i++)
    free(in.sccs[i]);
  free(in.sccs);
  free(in.scc_len);
  for (uint32_t i = 0; i < in.nnodes; i++)
    free(in.nodes[i].succ);
  free(in.nodes);
  free(in.calls);
  ptrmap_free(&in.node_of);
  nl_pattern_set_fini(&in.canon);
  nl_symbol_cache_destroy(in.cache);
  if (in.pm)
    nl_pass_manager_destroy(in.pm);
  return r;
}
