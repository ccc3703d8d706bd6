/*
 * The bufferize pass (docs/lowering.md "Bufferization"): every func.func
 * on tensors becomes one on memrefs in destination-passing style. This
 * file is the driver: it checks the module, rewrites each function's
 * signature into the model ABI (inputs, then one output buffer per
 * result, returning nothing), walks the body op by op (rewrite.c) and
 * stores each returned value into its output, directly when its buffer
 * can become the output and by a copy otherwise.
 */
#include <stdlib.h>
#include <string.h>

#include "func/func.h"
#include "loop/loop.h"
#include "passes/bufferize/internal.h"
#include "passes/passes.h"
#include "tensor/tensor.h"

static bool
is_tensor(const NlType *t)
{
  return t->kind == NL_TYPE_TENSOR || t->kind == NL_TYPE_UNRANKED_TENSOR;
}

/* Whether func is a function on tensors that bufferize rewrites. */
static bool
on_tensors(NlOp *func)
{
  if (nl_region_empty(&func->regions[0]))
    return false; /* a declaration */
  NlType *fn = nl_func_type(func);
  if (!fn)
    return true; /* let the checker complain */
  for (uint32_t i = 0; i < fn->function.ninputs + fn->function.nresults; i++)
    if (is_tensor(fn->function.types[i]))
      return true;
  nl_region_foreach_block(&func->regions[0], b)
  {
    nl_block_foreach_op(b, op)
    {
      if (nl_bz_touches_tensors(op))
        return true;
    }
  }
  return false;
}

typedef struct Funcs {
  NlOp **v;
  uint32_t n, cap;
} Funcs;

static NlWalkResult
collect_func(NlOp *op, void *ud)
{
  Funcs *fs = ud;
  if (!nl_op_is(op, "func.func"))
    return NL_WALK_ADVANCE;
  if (on_tensors(op))
    NL_VEC_PUSH(fs->v, fs->n, fs->cap, op);
  return NL_WALK_SKIP;
}

/* ---- returned values ----------------------------------------------------- */

static bool
our_alloc(Bz *bz, NlOp *op)
{
  return op && ptrmap_has(&bz->allocs, op);
}

/* Stores returned value v into output buffer `out`. When v's buffer is a
 * loop.alloc made here (or a reshape of one), that buffer becomes the
 * output itself: v is then computed in place there. That is safe because
 * the return reads v last, so nothing wrote into the buffer after v was
 * computed. Otherwise v is copied. */
static void
store_result(Bz *bz, NlValue *v, NlValue *out)
{
  NlValue *m = nl_bz_mem(bz, v);
  NlOp *d = nl_value_defining_op(m);
  if (our_alloc(bz, d) && m->type == out->type) {
    nl_bz_replace_mem(bz, m, out);
    nl_bz_erase_made(bz, d);
    return;
  }
  if (d && nl_loop_op_kind(d) == NL_LOOP_RESHAPE) {
    NlValue *src = nl_op_operand(d, 0);
    NlOp *a = nl_value_defining_op(src);
    if (our_alloc(bz, a)) {
      NlBuilder b;
      nl_builder_init(&b, bz->ctx);
      nl_builder_set_before(&b, a);
      NlOp *r = nl_loop_reshape_create(&b, a->loc, out, src->type);
      nl_bz_replace_mem(bz, src, nl_op_result(r, 0));
      nl_bz_erase_made(bz, a);
      return;
    }
  }
  nl_bz_copy(bz, m, out);
}

/* ---- the signature ------------------------------------------------------- */

/* The dictionary of an arg_attrs/res_attrs entry, or an empty one. */
static NlAttr *
attr_dict(NlContext *ctx, NlAttr *array, uint32_t i)
{
  if (array && array->kind == NL_ATTR_ARRAY && i < array->array.n &&
      array->array.elems[i]->kind == NL_ATTR_DICT)
    return array->array.elems[i];
  return nl_attr_dict_empty(ctx);
}

/* d with graph.name replaced by `key` = the name (or "<dflt>_<i>"). */
static NlAttr *
abi_dict(NlContext *ctx, NlAttr *d, const char *key, const char *dflt,
         uint32_t i)
{
  NlIdent *gname = nl_ident_cstr(ctx, "graph.name");
  NlAttr *name = nl_attr_dict_get_ident(d, gname);
  if (!name || name->kind != NL_ATTR_STRING) {
    char buf[64];
    snprintf(buf, sizeof buf, "%s_%u", dflt, i);
    name = nl_attr_string_cstr(ctx, buf);
  } else if (name->type) {
    name =
        nl_attr_string(ctx, name->str.value->str, name->str.value->len, NULL);
  }
  d = nl_attr_dict_set(ctx, d, gname, NULL);
  return nl_attr_dict_set(ctx, d, nl_ident_cstr(ctx, key), name);
}

/* Rewrites the signature once the body is done: entry->args are the
 * inputs then the outputs. */
static void
set_signature(Bz *bz, NlType *old, NlAttr *arg_attrs, NlAttr *res_attrs)
{
  NlContext *ctx = bz->ctx;
  NlBlock *entry = bz->body;
  uint32_t nin = old->function.ninputs, nres = old->function.nresults;
  NlType **types = nl_xmalloc((entry->nargs + 1) * sizeof *types);
  NlAttr **dicts = nl_xmalloc((entry->nargs + 1) * sizeof *dicts);
  bool any = false;
  for (uint32_t i = 0; i < entry->nargs; i++) {
    types[i] = entry->args[i]->type;
    if (i < nin) {
      dicts[i] = attr_dict(ctx, arg_attrs, i);
      if (is_tensor(old->function.types[i]))
        dicts[i] = abi_dict(ctx, dicts[i], "null.input", "input", i);
    } else {
      dicts[i] = abi_dict(ctx, attr_dict(ctx, res_attrs, i - nin),
                          "null.output", "output", i - nin);
    }
    any = any || dicts[i]->dict.n;
  }
  nl_assert(entry->nargs == nin + nres);
  NlType *fn = nl_type_function(ctx, types, entry->nargs, NULL, 0);
  nl_op_set_attr(bz->func, "function_type", nl_attr_type(ctx, fn));
  nl_op_set_attr(bz->func, "arg_attrs",
                 any ? nl_attr_array(ctx, dicts, entry->nargs) : NULL);
  nl_op_set_attr(bz->func, "res_attrs", NULL);
  free(types);
  free(dicts);
}

/* ---- one function -------------------------------------------------------- */

static void
bz_fini(Bz *bz)
{
  for (uint32_t i = 0; i < bz->nroots; i++)
    free(bz->roots[i].members);
  free(bz->roots);
  free(bz->infos);
  free(bz->dead);
  free(bz->made);
  ptrmap_free(&bz->pos);
  ptrmap_free(&bz->info);
  ptrmap_free(&bz->allocs);
}

static NlResult
bufferize_func(Bz *bz)
{
  NlContext *ctx = bz->ctx;
  NlOp *func = bz->func;
  NlBlock *entry = bz->body;
  NlType *fn = nl_func_type(func);
  NlAttr *arg_attrs = nl_op_attr(func, "arg_attrs");
  NlAttr *res_attrs = nl_op_attr(func, "res_attrs");
  uint32_t nin = fn->function.ninputs, nres = fn->function.nresults;
  uint32_t pos = 0;
  nl_block_foreach_op(entry, op)
  {
    ptrmap_put(&bz->pos, op, (void *)(uintptr_t)++pos);
  }

  /* New arguments: the inputs as memrefs, then one output per result. The
   * old ones go once nothing uses them. */
  for (uint32_t i = 0; i < nin; i++) {
    NlValue *a = entry->args[i];
    if (!is_tensor(a->type)) {
      nl_value_replace_all_uses(a, nl_block_add_arg(entry, a->type, a->loc));
      continue;
    }
    NlValue *na =
        nl_block_add_arg(entry, nl_bz_memref_of(ctx, a->type), a->loc);
    nl_bz_map(bz, a, na, nl_bz_new_root(bz, na, BZ_ARG), false);
  }
  NlValue **outs = nl_xmalloc((nres + 1) * sizeof *outs);
  for (uint32_t i = 0; i < nres; i++)
    outs[i] = nl_block_add_arg(
        entry, nl_bz_memref_of(ctx, fn->function.types[nin + i]), func->loc);

  NlResult r = nl_success();
  nl_builder_init(&bz->b, ctx);
  for (NlOp *op = entry->first, *next; op && nl_succeeded(r); op = next) {
    next = op->next;
    nl_builder_set_before(&bz->b, op);
    bz->cur = op;
    if (!nl_op_is(op, "func.return")) {
      r = nl_bz_rewrite_op(bz, op);
      continue;
    }
    for (uint32_t i = 0; i < op->noperands && i < nres; i++)
      store_result(bz, nl_op_operand(op, i), outs[i]);
    nl_op_set_operands(op, NULL, 0);
  }
  free(outs);
  if (nl_failed(r))
    return r; /* internal: the checker let something through */

  for (uint32_t i = 0; i < bz->ndead; i++)
    nl_op_drop_all_uses_of_operands(bz->dead[i]);
  for (uint32_t i = bz->ndead; i-- > 0;)
    nl_op_erase(bz->dead[i]);
  for (uint32_t i = bz->nmade; i-- > 0;)
    if (bz->made[i] && !nl_value_has_uses(nl_op_result(bz->made[i], 0)))
      nl_op_erase(bz->made[i]);
  for (uint32_t i = nin; i-- > 0;)
    nl_block_erase_arg(entry, i);
  set_signature(bz, fn, arg_attrs, res_attrs);
  return nl_success();
}

NlResult
nl_bufferize_run(NlOp *module, NlPassState *ps)
{
  (void)ps;
  NlContext *ctx = nl_op_context(module);
  Funcs fs = {0};
  for (uint32_t r = 0; r < module->nregions; r++)
    nl_region_foreach_block(&module->regions[r], b)
    {
      nl_block_foreach_op(b, op)
      {
        nl_op_walk(op, NL_WALK_PRE, collect_func, &fs);
      }
    }
  bool ok = true;
  for (uint32_t i = 0; i < fs.n; i++)
    if (nl_failed(nl_bz_check_func(fs.v[i])))
      ok = false;
  if (ok && fs.n &&
      (!nl_context_lookup_op(ctx, "loop.alloc", 10) ||
       !nl_context_lookup_op(ctx, "tensor.copy", 11))) {
    nl_op_emit_error(module, "bufferize: the loop and tensor dialects must "
                             "be loaded");
    ok = false;
  }
  if (!ok) {
    free(fs.v);
    return nl_failure();
  }
  PtrMap globals = {0};
  NlSymbolTable *symbols = NULL;
  NlOp *last_global = NULL;
  NlResult res = nl_success();
  for (uint32_t i = 0; i < fs.n && nl_succeeded(res); i++) {
    NlOp *table = nl_op_parent_op(fs.v[i]);
    if (i && table != nl_op_parent_op(fs.v[i - 1])) {
      ptrmap_clear(&globals); /* globals are per symbol table */
      last_global = NULL;
    }
    if (symbols)
      nl_symbol_table_destroy(symbols);
    symbols = nl_symbol_table_create(table);
    Bz bz = {.ctx = ctx,
             .func = fs.v[i],
             .body = fs.v[i]->regions[0].first,
             .globals = &globals,
             .symbols = symbols,
             .last_global = &last_global};
    res = bufferize_func(&bz);
    bz_fini(&bz);
  }
  if (symbols)
    nl_symbol_table_destroy(symbols);
  ptrmap_free(&globals);
  free(fs.v);
  return res;
}
