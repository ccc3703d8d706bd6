/*
 * The memory-plan pass (docs/lowering.md "Memory plan"): in each function,
 * every loop.alloc becomes a loop.view at a fixed byte offset of one arena,
 * a new last argument `memref<Nxi8> {null.workspace}`. Buffers whose live
 * ranges (first to last use, through views) overlap get disjoint bytes;
 * placement is first-fit by decreasing size, offsets 64-aligned. The report
 * (option `print`) is plan_report.c.
 */
#include <stdlib.h>
#include <string.h>

#include "func/func.h"
#include "loop/loop.h"
#include "passes/bufferize/memory_plan.h"
#include "passes/passes.h"
#include "passes/ptrmap.h"

const NlPassOption nl_memory_plan_options[] = {
    {"print", NL_OPT_BOOL, offsetof(NlMemoryPlanOptions, print),
     "Write the plan of each function to stderr", "false"},
};
const uint32_t nl_memory_plan_noptions =
    sizeof nl_memory_plan_options / sizeof nl_memory_plan_options[0];

enum { ALIGN = 64 };

static int64_t
align_up(int64_t x)
{
  return (x + ALIGN - 1) / ALIGN * ALIGN;
}

/* The position of the op of `body` that contains op. */
static int64_t
top_pos(PtrMap *pos, NlBlock *body, NlOp *op)
{
  while (op && op->parent != body)
    op = nl_op_parent_op(op);
  uintptr_t p = op ? (uintptr_t)ptrmap_get(pos, op) : 0;
  return p ? (int64_t)p - 1 : -1;
}

static bool
is_memref(const NlType *t)
{
  return t->kind == NL_TYPE_MEMREF || t->kind == NL_TYPE_UNRANKED_MEMREF;
}

/* Fills b->start/end with the first and last use of b's alloc, following
 * every memref an op derives from it (views, reshapes, subviews). Fails
 * when the buffer escapes through a return. */
static NlResult
live_range(PtrMap *pos, NlBlock *body, NlMpBuffer *b)
{
  NlValue **work = NULL;
  uint32_t nwork = 0, cap = 0;
  PtrMap seen = {0};
  NL_VEC_PUSH(work, nwork, cap, nl_op_result(b->alloc, 0));
  b->start = INT64_MAX;
  b->end = -1;
  NlResult r = nl_success();
  while (nwork && nl_succeeded(r)) {
    NlValue *v = work[--nwork];
    nl_value_foreach_use(v, u)
    {
      NlOp *user = u->owner;
      if (nl_op_has_trait(user, NL_RETURN_LIKE) &&
          nl_op_is(nl_op_parent_op(user), "func.func")) {
        NlDiag *d = nl_op_emit_error(b->alloc, "memory-plan: buffer escapes "
                                               "through a return");
        nl_diag_note(d, user->loc, "returned here");
        r = nl_failure();
        break;
      }
      int64_t p = top_pos(pos, body, user);
      b->start = p < b->start ? p : b->start;
      b->end = p > b->end ? p : b->end;
      /* Memrefs derived from it: the user's results, and those of the op
       * around a terminator that yields it (a loop carrying it). */
      NlOp *from = user;
      if (nl_op_has_trait(user, NL_TERMINATOR) && nl_op_parent_op(user))
        from = nl_op_parent_op(user);
      for (uint32_t i = 0; i < from->nresults; i++) {
        NlValue *res = nl_op_result(from, i);
        if (is_memref(res->type) && !ptrmap_has(&seen, res)) {
          ptrmap_put(&seen, res, (void *)1);
          NL_VEC_PUSH(work, nwork, cap, res);
        }
      }
    }
  }
  free(work);
  ptrmap_free(&seen);
  return r;
}

static int
cmp_place_order(const void *pa, const void *pb)
{
  const NlMpBuffer *a = *(NlMpBuffer *const *)pa, *b = *(NlMpBuffer *const *)pb;
  if (a->size != b->size)
    return a->size > b->size ? -1 : 1;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

static int
cmp_offset(const void *pa, const void *pb)
{
  const NlMpBuffer *a = *(NlMpBuffer *const *)pa, *b = *(NlMpBuffer *const *)pb;
  if (a->offset != b->offset)
    return a->offset < b->offset ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

static bool
interferes(const NlMpBuffer *a, const NlMpBuffer *b)
{
  return a->start <= b->end && b->start <= a->end;
}

void
nl_mp_place(NlMpPlan *plan)
{
  uint32_t n = plan->nbuffers;
  NlMpBuffer **order = nl_xmalloc((n + 1) * sizeof *order);
  NlMpBuffer **live = nl_xmalloc((n + 1) * sizeof *live);
  for (uint32_t i = 0; i < n; i++)
    order[i] = &plan->buffers[i];
  qsort(order, n, sizeof *order, cmp_place_order);
  plan->arena = 0;
  for (uint32_t k = 0; k < n; k++) {
    NlMpBuffer *b = order[k];
    /* The placed buffers live at the same time, by offset; the first gap
     * that holds b wins. */
    uint32_t nlive = 0;
    for (uint32_t j = 0; j < k; j++)
      if (order[j]->size && interferes(order[j], b))
        live[nlive++] = order[j];
    qsort(live, nlive, sizeof *live, cmp_offset);
    int64_t off = 0;
    for (uint32_t j = 0; j < nlive && b->size; j++) {
      if (off + b->size <= live[j]->offset)
        break;
      int64_t next = align_up(live[j]->offset + live[j]->size);
      off = next > off ? next : off;
    }
    b->offset = off;
    if (off + b->size > plan->arena)
      plan->arena = off + b->size;
  }
  /* The lower bound: the most bytes live at one point. */
  plan->lower_bound = 0;
  for (int64_t p = 0; p < plan->nops; p++) {
    int64_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
      if (plan->buffers[i].start <= p && p <= plan->buffers[i].end)
        sum += plan->buffers[i].size;
    plan->lower_bound = sum > plan->lower_bound ? sum : plan->lower_bound;
  }
  free(order);
  free(live);
}

/* ---- one function -------------------------------------------------------- */

typedef struct Allocs {
  NlOp **v;
  uint32_t n, cap;
} Allocs;

static NlWalkResult
collect_alloc(NlOp *op, void *ud)
{
  Allocs *as = ud;
  if (nl_loop_op_kind(op) == NL_LOOP_ALLOC)
    NL_VEC_PUSH(as->v, as->n, as->cap, op);
  return NL_WALK_ADVANCE;
}

/* The buffer's size in bytes, or -1 after a diagnostic. */
static int64_t
alloc_size(NlOp *alloc)
{
  NlType *t = alloc->nresults == 1 ? alloc->results[0].type : NULL;
  if (!t || t->kind != NL_TYPE_MEMREF || !nl_type_has_static_shape(t) ||
      t->shaped.layout || !nl_loop_elem_bytes(t->shaped.elem)) {
    nl_op_emit_error(alloc, "memory-plan: expected a static memref with the "
                            "identity layout and scalar elements");
    return -1;
  }
  return nl_type_num_elements(t) * nl_loop_elem_bytes(t->shaped.elem);
}

/* Whether func should get a workspace: it allocates, or it is a
 * bufferized model function (an argument has null.input/null.output). */
static bool
wants_plan(NlOp *func, const Allocs *as)
{
  if (as->n)
    return true;
  NlAttr *aa = nl_op_attr(func, "arg_attrs");
  if (!aa || aa->kind != NL_ATTR_ARRAY)
    return false;
  for (uint32_t i = 0; i < aa->array.n; i++) {
    NlAttr *d = aa->array.elems[i];
    if (d->kind == NL_ATTR_DICT && (nl_attr_dict_get(d, "null.input") ||
                                    nl_attr_dict_get(d, "null.output")))
      return true;
  }
  return false;
}

/* Adds the arena argument, its attribute and null.workspace_size. */
static NlValue *
add_arena(NlOp *func, int64_t size)
{
  NlContext *ctx = nl_op_context(func);
  NlBlock *entry = nl_func_entry(func);
  NlType *fn = nl_func_type(func);
  int64_t dim = size;
  NlType *at = nl_type_memref(ctx, &dim, 1,
                              nl_type_integer(ctx, 8, NL_SIGNLESS), NULL, NULL);
  NlValue *arena = nl_block_add_arg(entry, at, func->loc);
  uint32_t nin = fn->function.ninputs;
  NlType **ins = nl_xmalloc((nin + 1) * sizeof *ins);
  NlAttr **dicts = nl_xmalloc((nin + 1) * sizeof *dicts);
  NlAttr *aa = nl_op_attr(func, "arg_attrs");
  for (uint32_t i = 0; i < nin; i++) {
    ins[i] = fn->function.types[i];
    dicts[i] = aa && aa->kind == NL_ATTR_ARRAY && i < aa->array.n
                   ? aa->array.elems[i]
                   : nl_attr_dict_empty(ctx);
  }
  ins[nin] = at;
  NlNamedAttr ws = {nl_ident_cstr(ctx, "null.workspace"), nl_attr_unit(ctx)};
  dicts[nin] = nl_attr_dict(ctx, &ws, 1);
  NlType *nfn = nl_type_function(ctx, ins, nin + 1, fn->function.types + nin,
                                 fn->function.nresults);
  nl_op_set_attr(func, "function_type", nl_attr_type(ctx, nfn));
  nl_op_set_attr(func, "arg_attrs", nl_attr_array(ctx, dicts, nin + 1));
  nl_op_set_attr(func, "null.workspace_size",
                 nl_attr_integer(ctx, nl_type_i64(ctx), size));
  free(ins);
  free(dicts);
  return arena;
}

static NlResult
plan_func(NlOp *func, bool print)
{
  NlBlock *body = nl_func_entry(func);
  Allocs as = {0};
  nl_op_walk(func, NL_WALK_PRE, collect_alloc, &as);
  if (!wants_plan(func, &as)) {
    free(as.v);
    return nl_success();
  }
  if (nl_op_attr(func, "null.workspace_size")) {
    nl_op_emit_error(func, "memory-plan: the function already has a "
                           "workspace (null.workspace_size)");
    free(as.v);
    return nl_failure();
  }
  if (nl_region_num_blocks(&func->regions[0]) > 1 && as.n) {
    nl_op_emit_error(func, "memory-plan: functions with several blocks are "
                           "not supported");
    free(as.v);
    return nl_failure();
  }
  PtrMap pos = {0};
  int64_t nops = 0;
  nl_block_foreach_op(body, op)
  {
    ptrmap_put(&pos, op, (void *)(uintptr_t)++nops);
  }

  NlMpPlan plan = {.func = func, .nops = nops};
  plan.buffers = nl_xcalloc(as.n + 1, sizeof *plan.buffers);
  bool ok = true;
  for (uint32_t i = 0; i < as.n; i++) {
    NlOp *a = as.v[i];
    if (!nl_value_has_uses(nl_op_result(a, 0))) {
      nl_op_erase(a); /* never used: needs no bytes */
      continue;
    }
    NlMpBuffer *b = &plan.buffers[plan.nbuffers];
    *b = (NlMpBuffer){.alloc = a, .index = plan.nbuffers};
    b->size = alloc_size(a);
    if (b->size < 0 || nl_failed(live_range(&pos, body, b))) {
      ok = false;
      continue;
    }
    plan.nbuffers++;
  }
  ptrmap_free(&pos);
  free(as.v);
  if (!ok) {
    free(plan.buffers);
    return nl_failure();
  }
  nl_mp_place(&plan);
  if (print)
    nl_mp_report(&plan, stderr);

  NlValue *arena = add_arena(func, plan.arena);
  NlBuilder b;
  nl_builder_init(&b, nl_op_context(func));
  for (uint32_t i = 0; i < plan.nbuffers; i++) {
    NlOp *a = plan.buffers[i].alloc;
    nl_builder_set_before(&b, a);
    NlOp *v = nl_loop_view_create(&b, a->loc, arena, plan.buffers[i].offset,
                                  a->results[0].type);
    nl_value_replace_all_uses(nl_op_result(a, 0), nl_op_result(v, 0));
    nl_op_erase(a);
  }
  free(plan.buffers);
  return nl_success();
}

/* Collects the functions of the module and the names func.call uses. */
typedef struct Scan {
  NlOp **funcs;
  uint32_t nfuncs, cap;
  PtrMap called; /* NlIdent of a callee -> the func.call */
} Scan;

static NlWalkResult
scan_op(NlOp *op, void *ud)
{
  Scan *s = ud;
  if (nl_op_is(op, "func.func") && !nl_region_empty(&op->regions[0]))
    NL_VEC_PUSH(s->funcs, s->nfuncs, s->cap, op);
  NlAttr *c = nl_op_is(op, "func.call") ? nl_op_attr(op, "callee") : NULL;
  if (c && c->kind == NL_ATTR_SYMBOL_REF)
    ptrmap_put(&s->called, c->symref.root, op);
  return NL_WALK_ADVANCE;
}

NlResult
nl_memory_plan_run(NlOp *module, NlPassState *ps)
{
  const NlMemoryPlanOptions *opts = nl_pass_options(ps);
  Scan s = {0};
  for (uint32_t r = 0; r < module->nregions; r++)
    nl_region_foreach_block(&module->regions[r], b)
    {
      nl_block_foreach_op(b, op) { nl_op_walk(op, NL_WALK_PRE, scan_op, &s); }
    }
  NlResult res = nl_success();
  for (uint32_t i = 0; i < s.nfuncs; i++) {
    NlOp *f = s.funcs[i];
    if (!nl_func_type(f)) {
      nl_op_emit_error(f, "memory-plan: expected a function type");
      res = nl_failure();
      continue;
    }
    NlOp *call = ptrmap_get(&s.called, nl_symbol_name(f));
    Allocs as = {0};
    nl_op_walk(f, NL_WALK_PRE, collect_alloc, &as);
    bool wants = wants_plan(f, &as);
    free(as.v);
    if (call && wants) {
      NlDiag *d = nl_op_emit_error(f, "memory-plan: cannot add a workspace "
                                      "to a function that is called");
      nl_diag_note(d, call->loc, "called here");
      res = nl_failure();
      continue;
    }
    if (nl_failed(plan_func(f, opts && opts->print)))
      res = nl_failure();
  }
  free(s.funcs);
  ptrmap_free(&s.called);
  return res;
}
