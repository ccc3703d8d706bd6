/*
 * The per-op rewrites of bufferize: each tensor-level op of a function body
 * gets its memref-level replacement, built before it; the tensor op itself
 * stays (for the alias analysis) until the whole function is done. See
 * docs/lowering.md "Bufferization".
 */
#include <stdlib.h>
#include <string.h>

#include "loop/loop.h"
#include "passes/bufferize/internal.h"
#include "tensor/tensor.h"

static bool
is_tensor(const NlType *t)
{
  return t->kind == NL_TYPE_TENSOR;
}

NlType *
nl_bz_memref_of(NlContext *ctx, NlType *t)
{
  return nl_type_memref(ctx, t->shaped.dims, t->shaped.rank, t->shaped.elem,
                        NULL, NULL);
}

static void
made(Bz *bz, NlOp *op)
{
  NL_VEC_PUSH(bz->made, bz->nmade, bz->made_cap, op);
}

NlValue *
nl_bz_alloc(Bz *bz, NlType *t)
{
  NlOp *a =
      nl_loop_alloc_create(&bz->b, bz->cur->loc, nl_bz_memref_of(bz->ctx, t));
  uintptr_t pos = (uintptr_t)ptrmap_get(&bz->pos, bz->cur);
  ptrmap_put(&bz->allocs, a, (void *)(pos ? pos : 1));
  made(bz, a);
  return nl_op_result(a, 0);
}

void
nl_bz_copy(Bz *bz, NlValue *src, NlValue *dst)
{
  NlOp *c = nl_tensor_structured_create(&bz->b, bz->cur->loc, "tensor.copy",
                                        &src, 1, &dst, 1, NULL, 0);
  nl_assert(c);
}

static bool
identity_layout(const NlValue *m)
{
  return m->type->shaped.layout == NULL;
}

static NlValue *
subview(Bz *bz, NlValue *m, const int64_t *offs, const int64_t *sizes,
        const int64_t *strides)
{
  NlOp *s = nl_loop_subview_create(&bz->b, bz->cur->loc, m, offs, NULL, 0,
                                   sizes, strides);
  made(bz, s);
  return nl_op_result(s, 0);
}

static NlValue *
reshape(Bz *bz, NlValue *m, NlType *t)
{
  NlOp *r = nl_loop_reshape_create(&bz->b, bz->cur->loc, m, t);
  made(bz, r);
  return nl_op_result(r, 0);
}

/* The i64 array attribute `name` of op with n entries, or NULL after a
 * diagnostic. */
static const int64_t *
i64_array(NlOp *op, const char *name, uint32_t n)
{
  NlAttr *a = nl_op_attr(op, name);
  if (!a || a->kind != NL_ATTR_DENSE_ARRAY || a->dense_array.n != n ||
      !nl_type_is_integer(a->dense_array.elem, 64)) {
    nl_op_emit_error(op, "bufferize: expected attribute '%s' of %u i64", name,
                     n);
    return NULL;
  }
  return a->dense_array.data;
}

/* The static_offsets, static_sizes and static_strides of a slice op, rank
 * entries each; false after a diagnostic for each malformed one. */
static bool
slice_arrays(NlOp *op, uint32_t rank, const int64_t **offs,
             const int64_t **sizes, const int64_t **strides)
{
  *offs = i64_array(op, "static_offsets", rank);
  *sizes = i64_array(op, "static_sizes", rank);
  *strides = i64_array(op, "static_strides", rank);
  return *offs && *sizes && *strides;
}

/* ---- structured ops ------------------------------------------------------ */

/* For a tensor.generic whose loops are all parallel: which operands are
 * accessed at the identity (point i of the iteration space is element i of
 * the operand). Each point reads such an in and writes such an out at the
 * same element, and no other point touches that element, so the out may
 * live in the in's buffer. NULL for other ops (caller frees). */
static bool *
identity_operands(NlOp *op)
{
  if (!nl_tensor_is_generic(op))
    return NULL;
  NlAttr *it = nl_op_attr(op, "iterator_types");
  NlAttr *maps = nl_op_attr(op, "indexing_maps");
  if (!it || it->kind != NL_ATTR_ARRAY || !maps ||
      maps->kind != NL_ATTR_ARRAY || maps->array.n != op->noperands)
    return NULL;
  for (uint32_t i = 0; i < it->array.n; i++) {
    NlAttr *s = it->array.elems[i];
    if (s->kind != NL_ATTR_STRING || strcmp(s->str.value->str, "parallel"))
      return NULL;
  }
  NlAffineMap *id = nl_affine_map_identity(nl_op_context(op), it->array.n);
  bool *ids = nl_xcalloc(op->noperands + 1, sizeof *ids);
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlAttr *m = maps->array.elems[i];
    ids[i] = nl_type_is_shaped(nl_op_operand(op, i)->type) &&
             m->kind == NL_ATTR_AFFINE_MAP && m->affine.map == id;
  }
  return ids;
}

/* Whether the op reads the initial value of out j. */
static bool
reads_out(NlOp *op, uint32_t nins, uint32_t j)
{
  if (nl_tensor_is_generic(op)) {
    NlBlock *body = nl_tensor_generic_body(op);
    return !body || nins + j >= body->nargs ||
           nl_value_has_uses(body->args[nins + j]);
  }
  static const char *const overwrite[] = {
      "tensor.fill", "tensor.copy", "tensor.transpose", "tensor.broadcast"};
  for (size_t i = 0; i < sizeof overwrite / sizeof overwrite[0]; i++)
    if (nl_op_is(op, overwrite[i]))
      return false;
  return true; /* accumulates: matmul, conv2d, pool, reduce */
}

static bool
has_root(const uint32_t *roots, uint32_t n, uint32_t r)
{
  for (uint32_t i = 0; i < n; i++)
    if (roots[i] == r)
      return true;
  return false;
}

/* Walks the ops nested in op (not op itself), pre-order. */
static void
walk_nested(NlOp *op, NlWalkFn fn, void *ud)
{
  for (uint32_t r = 0; r < op->nregions; r++) {
    nl_region_foreach_block(&op->regions[r], b)
    {
      nl_block_foreach_op(b, inner) { nl_op_walk(inner, NL_WALK_PRE, fn, ud); }
    }
  }
}

static NlWalkResult
materialize_nested(NlOp *op, void *ud)
{
  Bz *bz = ud;
  for (uint32_t i = 0; i < op->noperands; i++)
    if (nl_bz_info(bz, nl_op_operand(op, i)))
      (void)nl_bz_mem(bz, nl_op_operand(op, i));
  return NL_WALK_ADVANCE;
}

static NlWalkResult
replace_nested(NlOp *op, void *ud)
{
  Bz *bz = ud;
  for (uint32_t i = 0; i < op->noperands; i++) {
    BzInfo *in = nl_bz_info(bz, nl_op_operand(op, i));
    if (in)
      nl_op_set_operand(op, i, in->mem);
  }
  return NL_WALK_ADVANCE;
}

/* Picks the buffer out j of op writes: for a generic that does not read
 * the out, the buffer of an input of the same type accessed like the out
 * at the identity (ids, see identity_operands) that nothing needs any
 * more; else the out's buffer when nothing still needs its contents; else
 * a new buffer (a copy of the out when the op reads it). written: the
 * roots the op's previous outs write. */
static NlValue *
out_buffer(Bz *bz, NlOp *op, uint32_t nins, uint32_t j, NlValue *const *ins,
           const bool *ids, uint32_t *written, uint32_t nwritten,
           uint32_t *root)
{
  NlValue *o = nl_op_operand(op, nins + j);
  NlValue *r = nl_op_result(op, j);
  bool reads = reads_out(op, nins, j);
  const bool *same = ids && ids[nins + j] ? ids : NULL;
  if (same && !reads) {
    for (uint32_t i = 0; i < nins; i++) {
      NlValue *v = nl_op_operand(op, i);
      if (!same[i] || v->type != r->type || !identity_layout(ins[i]))
        continue;
      BzInfo *vi = nl_bz_info(bz, v);
      if (has_root(written, nwritten, vi->root) ||
          !nl_bz_can_write(bz, vi->root, op, ins[i], same, -1))
        continue;
      *root = vi->root;
      return ins[i];
    }
  }
  NlValue *om = nl_bz_mem(bz, o);
  BzInfo *oi = nl_bz_info(bz, o);
  if (!has_root(written, nwritten, oi->root) &&
      nl_bz_can_write(bz, oi->root, op, om, same, (int64_t)(nins + j))) {
    *root = oi->root;
    return om;
  }
  NlValue *n = nl_bz_alloc(bz, o->type);
  if (reads && !oi->undef)
    nl_bz_copy(bz, om, n);
  *root = nl_bz_new_root(bz, n, BZ_ALLOC);
  return n;
}

static NlResult
rewrite_structured(Bz *bz, NlOp *op)
{
  uint32_t nins = nl_tensor_op_ins(op, NULL);
  uint32_t nouts = op->nresults;
  uint32_t nops = nins + nouts;
  NlValue **vals = nl_xmalloc((nops + 1) * sizeof *vals);
  uint32_t *roots = nl_xmalloc((nouts + 1) * sizeof *roots);
  for (uint32_t i = 0; i < nins; i++) {
    NlValue *v = nl_op_operand(op, i);
    vals[i] = is_tensor(v->type) ? nl_bz_mem(bz, v) : v;
  }
  bool *ids = identity_operands(op);
  for (uint32_t j = 0; j < nouts; j++)
    vals[nins + j] =
        out_buffer(bz, op, nins, j, vals, ids, roots, j, &roots[j]);
  free(ids);
  /* Tensors read inside the body (tensor.extract) need their buffers
   * before the new op. */
  walk_nested(op, materialize_nested, bz);

  /* The same op on memrefs, with the same attributes. */
  NlAttr *dict = op->attrs;
  NlNamedAttr *attrs = nl_xmalloc((dict->dict.n + 1) * sizeof *attrs);
  uint32_t nattrs = 0;
  for (uint32_t i = 0; i < dict->dict.n; i++)
    if (strcmp(dict->dict.entries[i].name->str, "operandSegmentSizes"))
      attrs[nattrs++] = dict->dict.entries[i];
  NlOp *n =
      nl_tensor_structured_create(&bz->b, op->loc, nl_op_name(op), vals, nins,
                                  vals + nins, nouts, attrs, nattrs);
  free(attrs);
  nl_assert(n && n->nregions == op->nregions);
  for (uint32_t r = 0; r < op->nregions; r++) {
    nl_region_clear(&n->regions[r]);
    nl_region_take_body(&n->regions[r], &op->regions[r]);
  }
  walk_nested(n, replace_nested, bz);
  for (uint32_t j = 0; j < nouts; j++)
    nl_bz_map(bz, nl_op_result(op, j), vals[nins + j], roots[j], false);
  free(vals);
  free(roots);
  return nl_success();
}

/* ---- constants ----------------------------------------------------------- */

/* A C-identifier-like symbol name for constant attribute a. */
static void
global_name(NlAttr *a, NlBuf *out)
{
  if (a->kind == NL_ATTR_DENSE_RESOURCE) {
    NlIdent *k = a->resource.blob->key;
    for (uint32_t i = 0; i < k->len; i++) {
      char c = k->str[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '_';
      nl_buf_putc(out, ok ? c : '_');
    }
    if (k->len)
      return;
  }
  /* MLIR's spelling: __constant_4x8xf32. */
  nl_buf_puts(out, "__constant_");
  NlType *t = a->type;
  for (uint32_t i = 0; i < t->shaped.rank; i++)
    nl_buf_printf(out, "%lldx", (long long)t->shaped.dims[i]);
  nl_type_print(t->shaped.elem, out);
}

static NlResult
rewrite_constant(Bz *bz, NlOp *op)
{
  NlAttr *a = nl_op_attr(op, "value");
  NlValue *r = nl_op_result(op, 0);
  NlType *mt = nl_bz_memref_of(bz->ctx, r->type);
  NlOp *g = ptrmap_get(bz->globals, a);
  if (!g) {
    NlBuf name = {0};
    global_name(a, &name);
    NlBuilder gb;
    nl_builder_init(&gb, bz->ctx); /* detached */
    g = nl_loop_global_create(&gb, op->loc, name.data, mt, a, 64);
    nl_buf_free(&name);
    (void)nl_symbol_table_insert(bz->symbols, g); /* renames on a clash */
    /* Globals go first in the module, in the order they were made. */
    nl_op_remove(g);
    if (*bz->last_global)
      nl_block_insert_op_after(*bz->last_global, g);
    else
      nl_block_prepend_op(bz->func->parent, g);
    *bz->last_global = g;
    ptrmap_put(bz->globals, a, g);
  }
  NlOp *gg = nl_loop_get_global_create(&bz->b, op->loc,
                                       nl_loop_global_name(g)->str, mt);
  made(bz, gg);
  NlValue *m = nl_op_result(gg, 0);
  nl_bz_map(bz, r, m, nl_bz_new_root(bz, m, BZ_CONST), false);
  return nl_success();
}

/* ---- slices, pad, reshape, extract --------------------------------------- */

static NlResult
rewrite_extract_slice(Bz *bz, NlOp *op)
{
  NlValue *src = nl_op_operand(op, 0);
  NlValue *res = nl_op_result(op, 0);
  uint32_t rank = src->type->shaped.rank;
  const int64_t *offs, *sizes, *strides;
  if (!slice_arrays(op, rank, &offs, &sizes, &strides))
    return nl_failure();
  BzInfo si = *nl_bz_info(bz, src);
  NlValue *sub = subview(bz, nl_bz_mem(bz, src), offs, sizes, strides);
  if (res->type->shaped.rank == rank) {
    nl_bz_map(bz, res, sub, si.root, si.undef);
    /* The slice is all the view reaches (see BzInfo.box). */
    BzInfo *ri = nl_bz_info(bz, res);
    if (si.box_off) {
      ri->box_off = si.box_off;
      ri->box_size = si.box_size;
      ri->box_stride = si.box_stride;
    } else if (si.mem == bz->roots[si.root].mem) {
      ri->box_off = offs;
      ri->box_size = sizes;
      ri->box_stride = strides;
    }
    return nl_success();
  }
  /* Rank-reducing: a contiguous copy of the slice, reshaped. */
  NlType *full =
      nl_type_memref(bz->ctx, sizes, rank, res->type->shaped.elem, NULL, NULL);
  NlValue *n = nl_bz_alloc(bz, full);
  nl_bz_copy(bz, sub, n);
  uint32_t root = nl_bz_new_root(bz, n, BZ_ALLOC);
  nl_bz_map(bz, res, reshape(bz, n, nl_bz_memref_of(bz->ctx, res->type)), root,
            false);
  return nl_success();
}

/* The buffer a destination-style op that overwrites part of `dest` (operand
 * `idx` of op) writes: dest's own when nothing reads it later, else a
 * copy. */
static NlValue *
dest_buffer(Bz *bz, NlOp *op, NlValue *dest, uint32_t idx, uint32_t *root,
            bool *copied)
{
  NlValue *dm = nl_bz_mem(bz, dest);
  BzInfo *di = nl_bz_info(bz, dest);
  *copied = false;
  if (nl_bz_can_write(bz, di->root, op, dm, NULL, idx)) {
    *root = di->root;
    return dm;
  }
  NlValue *n = nl_bz_alloc(bz, dest->type);
  *copied = !di->undef;
  if (*copied)
    nl_bz_copy(bz, dm, n);
  *root = nl_bz_new_root(bz, n, BZ_ALLOC);
  return n;
}

/* A contiguous memref of type t holding the contents of m (m itself when
 * it already is one). */
static NlValue *
contiguous(Bz *bz, NlValue *m)
{
  if (identity_layout(m))
    return m;
  NlValue *n = nl_bz_alloc(bz, m->type);
  nl_bz_copy(bz, m, n);
  return n;
}

/* Whether every use of memref m is by a structured op or a tensor.extract
 * (ops that take any layout, so m may become a strided subview). */
static bool
layout_agnostic_uses(NlValue *m)
{
  nl_value_foreach_use(m, u)
  {
    if (!nl_tensor_is_structured(u->owner) &&
        !nl_op_is(u->owner, "tensor.extract"))
      return false;
  }
  return true;
}

/* Concatenation without copies: when the source of insert_slice `op` was
 * computed in a buffer of its own (a loop.alloc of the pass, used only by
 * structured ops and extracts) that nothing reads after the insert, and
 * nothing touches the slice of the destination's buffer `dm` from the
 * source's allocation on, that buffer becomes the slice itself: the
 * source is computed in place and needs no copy. Returns whether it did. */
/* The loop.alloc of the buffer src (operand 0 of op) was computed in,
 * when that buffer may become part of another one: it was made by the
 * pass (*apos: the position it was made at), src is all of it, only
 * structured ops and extracts use it and nothing reads it after op.
 * NULL otherwise. */
static NlOp *
movable_source(Bz *bz, NlOp *op, NlValue *src, int64_t *apos)
{
  BzInfo *si = nl_bz_info(bz, src);
  BzRoot *rs = &bz->roots[si->root];
  if (rs->kind != BZ_ALLOC || !rs->mem || si->mem != rs->mem)
    return NULL;
  NlOp *a = nl_value_defining_op(rs->mem);
  *apos = a ? nl_bz_alloc_pos(bz, a) : -1;
  if (*apos < 0 || !layout_agnostic_uses(rs->mem) ||
      !nl_bz_can_write(bz, si->root, op, NULL, NULL, 0))
    return NULL;
  return a;
}

static bool
source_in_slice(Bz *bz, NlOp *op, NlValue *src, NlValue *dm, uint32_t droot,
                const int64_t *offs, const int64_t *sizes,
                const int64_t *strides)
{
  uint32_t sroot = nl_bz_info(bz, src)->root;
  BzRoot *rs = &bz->roots[sroot];
  int64_t apos;
  int64_t xpos = (int64_t)(uintptr_t)ptrmap_get(&bz->pos, op) - 1;
  if (sroot == droot || dm != bz->roots[droot].mem || xpos < 0)
    return false;
  NlOp *a = movable_source(bz, op, src, &apos);
  if (!a || nl_bz_read_between(bz, droot, apos, xpos, offs, sizes, strides))
    return false;
  /* dm must exist where the source's buffer is made: a fresh loop.alloc
   * of the pass may move up to there. */
  NlOp *d = nl_value_defining_op(dm);
  if (d && !nl_op_is_before_in_block(d, a)) {
    if (nl_bz_alloc_pos(bz, d) < 0)
      return false;
    nl_op_remove(d);
    nl_block_insert_op_before(a, d);
    /* Its buffer is written from there on. */
    ptrmap_put(&bz->allocs, d, (void *)(uintptr_t)(apos + 1));
  }
  NlBuilder b;
  nl_builder_init(&b, bz->ctx);
  nl_builder_set_before(&b, a);
  NlOp *sv =
      nl_loop_subview_create(&b, op->loc, dm, offs, NULL, 0, sizes, strides);
  nl_bz_replace_mem(bz, rs->mem, nl_op_result(sv, 0));
  nl_bz_erase_made(bz, a);
  /* The source's values now live in the destination's buffer. */
  for (uint32_t m = 0; m < rs->nmembers; m++) {
    BzRoot *rd = &bz->roots[droot];
    BzInfo *in = nl_bz_info(bz, rs->members[m]);
    NL_VEC_PUSH(rd->members, rd->nmembers, rd->members_cap, rs->members[m]);
    in->root = droot;
    in->box_off = offs;
    in->box_size = sizes;
    in->box_stride = strides;
  }
  bz->roots[sroot].nmembers = 0;
  return true;
}

static NlResult
rewrite_insert_slice(Bz *bz, NlOp *op)
{
  NlValue *src = nl_op_operand(op, 0);
  NlValue *dest = nl_op_operand(op, 1);
  uint32_t rank = dest->type->shaped.rank;
  const int64_t *offs, *sizes, *strides;
  if (!slice_arrays(op, rank, &offs, &sizes, &strides))
    return nl_failure();
  NlValue *sm = nl_bz_mem(bz, src);
  uint32_t root;
  bool copied;
  NlValue *dm = dest_buffer(bz, op, dest, 1, &root, &copied);
  /* (Not into a copy of the dest: the copy would overwrite the slice.) */
  if (!copied && src->type->shaped.rank == rank &&
      source_in_slice(bz, op, src, dm, root, offs, sizes, strides)) {
    nl_bz_map(bz, nl_op_result(op, 0), dm, root, false);
    return nl_success();
  }
  NlValue *sub = subview(bz, dm, offs, sizes, strides);
  if (src->type->shaped.rank != rank) /* rank-reducing */
    sm = reshape(bz, contiguous(bz, sm),
                 nl_type_memref(bz->ctx, sizes, rank, src->type->shaped.elem,
                                NULL, NULL));
  nl_bz_copy(bz, sm, sub);
  nl_bz_map(bz, nl_op_result(op, 0), dm, root, false);
  return nl_success();
}

static NlResult
rewrite_reshape(Bz *bz, NlOp *op)
{
  NlValue *src = nl_op_operand(op, 0);
  NlValue *res = nl_op_result(op, 0);
  BzInfo si = *nl_bz_info(bz, src);
  NlValue *m = nl_bz_mem(bz, src);
  if (!identity_layout(m)) {
    m = contiguous(bz, m);
    si.root = nl_bz_new_root(bz, m, BZ_ALLOC);
    si.undef = false;
  }
  NlValue *v = reshape(bz, m, nl_bz_memref_of(bz->ctx, res->type));
  nl_bz_map(bz, res, v, si.root, si.undef);
  return nl_success();
}

/* tensor.pad without a copy: when the source's own buffer may become
 * part of another one (movable_source) and the pad value exists by then,
 * the padded buffer is made and filled where the source's buffer was made,
 * and the source is computed in its interior. Returns the padded buffer,
 * or NULL. */
static NlValue *
source_in_pad(Bz *bz, NlOp *op, NlValue *src, NlValue *val, const int64_t *low,
              uint32_t *root)
{
  int64_t apos;
  NlOp *a = movable_source(bz, op, src, &apos);
  NlOp *vd = nl_value_defining_op(val);
  if (!a ||
      (vd && (vd->parent != a->parent || !nl_op_is_before_in_block(vd, a))))
    return NULL;
  uint32_t rank = src->type->shaped.rank;
  int64_t *ones = nl_xmalloc((rank + 1) * sizeof *ones);
  for (uint32_t d = 0; d < rank; d++)
    ones[d] = 1;
  NlBuilder saved = bz->b;
  nl_builder_set_before(&bz->b, a);
  NlValue *n = nl_bz_alloc(bz, nl_op_result(op, 0)->type);
  ptrmap_put(&bz->allocs, nl_value_defining_op(n),
             (void *)(uintptr_t)(apos + 1));
  NlOp *f = nl_tensor_structured_create(&bz->b, op->loc, "tensor.fill", &val, 1,
                                        &n, 1, NULL, 0);
  nl_assert(f);
  NlValue *sub = subview(bz, n, low, src->type->shaped.dims, ones);
  bz->b = saved;
  free(ones);
  uint32_t sroot = nl_bz_info(bz, src)->root;
  BzRoot *rs = &bz->roots[sroot];
  nl_bz_replace_mem(bz, rs->mem, sub);
  nl_bz_erase_made(bz, a);
  *root = nl_bz_new_root(bz, n, BZ_ALLOC);
  rs = &bz->roots[sroot]; /* roots may have moved */
  for (uint32_t m = 0; m < rs->nmembers; m++) {
    BzRoot *rn = &bz->roots[*root];
    NL_VEC_PUSH(rn->members, rn->nmembers, rn->members_cap, rs->members[m]);
    nl_bz_info(bz, rs->members[m])->root = *root;
  }
  rs->nmembers = 0;
  return n;
}

/* tensor.pad: a new buffer filled with the value, the source copied into
 * its interior (negative pads crop the source), or computed there
 * (source_in_pad). */
static NlResult
rewrite_pad(Bz *bz, NlOp *op)
{
  NlValue *src = nl_op_operand(op, 0);
  NlValue *val = nl_op_operand(op, 1);
  NlValue *res = nl_op_result(op, 0);
  uint32_t rank = src->type->shaped.rank;
  const int64_t *low = i64_array(op, "low", rank);
  const int64_t *high = i64_array(op, "high", rank);
  if (!low || !high)
    return nl_failure();
  bool cropped = false;
  for (uint32_t d = 0; d < rank; d++)
    cropped = cropped || low[d] < 0 || high[d] < 0;
  uint32_t root;
  NlValue *n = cropped ? NULL : source_in_pad(bz, op, src, val, low, &root);
  if (n) {
    nl_bz_map(bz, res, n, root, false);
    return nl_success();
  }
  n = nl_bz_alloc(bz, res->type);
  NlOp *f = nl_tensor_structured_create(&bz->b, op->loc, "tensor.fill", &val, 1,
                                        &n, 1, NULL, 0);
  nl_assert(f);
  int64_t *buf = nl_xmalloc((4 * rank + 1) * sizeof *buf);
  int64_t *soff = buf, *doff = buf + rank, *size = buf + 2 * rank,
          *ones = buf + 3 * rank;
  bool empty = false, whole = true;
  for (uint32_t d = 0; d < rank; d++) {
    int64_t sd = src->type->shaped.dims[d];
    soff[d] = low[d] < 0 ? -low[d] : 0;
    doff[d] = low[d] > 0 ? low[d] : 0;
    size[d] = sd - soff[d] - (high[d] < 0 ? -high[d] : 0);
    ones[d] = 1;
    empty = empty || size[d] <= 0;
    whole = whole && size[d] == sd;
  }
  if (!empty) {
    NlValue *sm = nl_bz_mem(bz, src);
    if (!whole)
      sm = subview(bz, sm, soff, size, ones);
    nl_bz_copy(bz, sm, subview(bz, n, doff, size, ones));
  }
  free(buf);
  nl_bz_map(bz, res, n, nl_bz_new_root(bz, n, BZ_ALLOC), false);
  return nl_success();
}

/* A top-level tensor.extract: the same op on the buffer. */
static NlResult
rewrite_extract(Bz *bz, NlOp *op)
{
  NlOpState st;
  nl_op_state_init(&st, bz->ctx, op->def, op->loc);
  nl_op_state_add_operand(&st, nl_bz_mem(bz, nl_op_operand(op, 0)));
  for (uint32_t i = 1; i < op->noperands; i++)
    nl_op_state_add_operand(&st, nl_op_operand(op, i));
  nl_op_state_add_result(&st, op->results[0].type);
  NlOp *n = nl_builder_insert(&bz->b, &st);
  nl_op_state_fini(&st);
  nl_value_replace_all_uses(nl_op_result(op, 0), nl_op_result(n, 0));
  return nl_success();
}

/* A structured op already on memrefs that reads tensors: it reads their
 * buffers instead. */
static void
read_buffers(Bz *bz, NlOp *op)
{
  for (uint32_t i = 0; i < op->noperands; i++)
    if (nl_bz_info(bz, nl_op_operand(op, i)))
      nl_op_set_operand(op, i, nl_bz_mem(bz, nl_op_operand(op, i)));
  walk_nested(op, materialize_nested, bz);
  walk_nested(op, replace_nested, bz);
}

NlResult
nl_bz_rewrite_op(Bz *bz, NlOp *op)
{
  if (!nl_bz_touches_tensors(op))
    return nl_success();
  if (nl_tensor_is_structured(op) && nl_tensor_op_on_memrefs(op)) {
    read_buffers(bz, op);
    return nl_success();
  }
  NlResult r = nl_success();
  if (nl_op_is(op, "tensor.empty")) {
    uint32_t root = nl_bz_new_root(bz, NULL, BZ_ALLOC);
    nl_bz_map(bz, nl_op_result(op, 0), NULL, root, true);
  } else if (nl_op_is(op, "arith.constant")) {
    r = rewrite_constant(bz, op);
  } else if (nl_tensor_is_structured(op)) {
    r = rewrite_structured(bz, op);
  } else if (nl_op_is(op, "tensor.extract_slice")) {
    r = rewrite_extract_slice(bz, op);
  } else if (nl_op_is(op, "tensor.insert_slice")) {
    r = rewrite_insert_slice(bz, op);
  } else if (nl_op_is(op, "tensor.reshape")) {
    r = rewrite_reshape(bz, op);
  } else if (nl_op_is(op, "tensor.pad")) {
    r = rewrite_pad(bz, op);
  } else if (nl_op_is(op, "tensor.extract")) {
    r = rewrite_extract(bz, op);
  } else {
    nl_op_emit_error(op, "bufferize: op on tensors is not supported");
    return nl_failure();
  }
  NL_VEC_PUSH(bz->dead, bz->ndead, bz->dead_cap, op);
  return r;
}
