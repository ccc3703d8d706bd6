/*
 * convert-graph-to-tensor: reading the graph op (attributes, constant
 * operands) and building tensor-level ops by name (docs/lowering.md).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "passes/conversion/graph_to_tensor.h"
#include "tensor/tensor.h"

NlResult
nl_g2t_error(NlG2T *g, const char *fmt, ...)
{
  NlBuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  nl_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  nl_emit_error(g->ctx, g->loc, "convert-graph-to-tensor: %s %s",
                nl_op_name(g->op), b.data ? b.data : "");
  nl_buf_free(&b);
  return nl_failure();
}

/* ---- attributes ---------------------------------------------------------- */

int64_t
nl_g2t_attr_int(NlG2T *g, const char *name, int64_t dflt)
{
  NlAttr *a = nl_op_attr(g->op, name);
  return a && a->kind == NL_ATTR_INTEGER ? nl_attr_integer_value(a, NULL)
                                         : dflt;
}

double
nl_g2t_attr_float(NlG2T *g, const char *name, double dflt)
{
  NlAttr *a = nl_op_attr(g->op, name);
  if (a && a->kind == NL_ATTR_FLOAT)
    return a->flt.value;
  if (a && a->kind == NL_ATTR_INTEGER)
    return (double)nl_attr_integer_value(a, NULL);
  return dflt;
}

const char *
nl_g2t_attr_str(NlG2T *g, const char *name, const char *dflt)
{
  NlAttr *a = nl_op_attr(g->op, name);
  return a && a->kind == NL_ATTR_STRING ? a->str.value->str : dflt;
}

int
nl_g2t_attr_ints(NlG2T *g, const char *name, int64_t *out, int max)
{
  NlAttr *a = nl_op_attr(g->op, name);
  if (!a)
    return -1;
  if (a->kind == NL_ATTR_DENSE_ARRAY &&
      a->dense_array.elem->kind == NL_TYPE_INTEGER &&
      a->dense_array.elem->integer.width == 64) {
    if (a->dense_array.n > (uint32_t)max)
      return -2;
    memcpy(out, a->dense_array.data, a->dense_array.n * sizeof(int64_t));
    return (int)a->dense_array.n;
  }
  if (a->kind != NL_ATTR_ARRAY || a->array.n > (uint32_t)max)
    return -2;
  for (uint32_t i = 0; i < a->array.n; i++) {
    if (a->array.elems[i]->kind != NL_ATTR_INTEGER)
      return -2;
    out[i] = nl_attr_integer_value(a->array.elems[i], NULL);
  }
  return (int)a->array.n;
}

/* ---- operands and constants ---------------------------------------------- */

NlValue *
nl_g2t_operand(NlG2T *g, uint32_t i)
{
  if (i >= g->op->noperands)
    return NULL;
  NlValue *v = nl_op_operand(g->op, i);
  return v->type->kind == NL_TYPE_NONE ? NULL : v;
}

/* The raw data of a constant: element pointer, count, splat. */
static const void *
const_data(NlValue *v, NlAttr **attr, int64_t *n, bool *splat)
{
  NlAttr *a = nl_value_constant(v);
  if (!a || !a->type || a->type->kind != NL_TYPE_TENSOR)
    return NULL;
  *n = nl_type_num_elements(a->type);
  *attr = a;
  size_t es = nl_dense_elem_size(nl_type_element(a->type));
  if (*n < 0 || es == 0)
    return NULL;
  if (a->kind == NL_ATTR_DENSE) {
    *splat = a->dense.splat;
    return a->dense.data;
  }
  if (a->kind == NL_ATTR_DENSE_RESOURCE && a->resource.blob->data &&
      a->resource.blob->size == (size_t)*n * es) {
    *splat = false;
    return a->resource.blob->data;
  }
  return NULL;
}

static int64_t
read_int(const void *p, size_t es, int64_t i, bool is_unsigned)
{
  const unsigned char *c = (const unsigned char *)p + (size_t)i * es;
  switch (es) {
  case 1: {
    uint8_t u;
    memcpy(&u, c, 1);
    return is_unsigned ? (int64_t)u : (int64_t)(int8_t)u;
  }
  case 2: {
    uint16_t u;
    memcpy(&u, c, 2);
    return is_unsigned ? (int64_t)u : (int64_t)(int16_t)u;
  }
  case 4: {
    uint32_t u;
    memcpy(&u, c, 4);
    return is_unsigned ? (int64_t)u : (int64_t)(int32_t)u;
  }
  default: {
    int64_t s;
    memcpy(&s, c, 8);
    return s;
  }
  }
}

int64_t *
nl_g2t_const_ints(NlValue *v, int64_t *n)
{
  NlAttr *a;
  bool splat;
  const void *d = const_data(v, &a, n, &splat);
  NlType *e = d ? nl_type_element(a->type) : NULL;
  if (!e || e->kind != NL_TYPE_INTEGER)
    return NULL;
  size_t es = nl_dense_elem_size(e);
  int64_t *out = nl_xmalloc(((size_t)*n + 1) * sizeof(int64_t));
  for (int64_t i = 0; i < *n; i++)
    out[i] =
        read_int(d, es, splat ? 0 : i,
                 e->integer.signedness == NL_UNSIGNED || e->integer.width == 1);
  return out;
}

NlAttr *
nl_g2t_const_scalar(NlValue *v)
{
  NlAttr *a;
  int64_t n;
  bool splat;
  const void *d = const_data(v, &a, &n, &splat);
  if (!d || (!splat && n != 1))
    return NULL;
  NlType *e = nl_type_element(a->type);
  NlContext *ctx = nl_op_context(nl_value_defining_op(v));
  if (e->kind == NL_TYPE_INTEGER && e->integer.width <= 64) {
    int64_t x =
        read_int(d, nl_dense_elem_size(e), 0,
                 e->integer.signedness == NL_UNSIGNED || e->integer.width == 1);
    if (e->integer.signedness != NL_SIGNLESS)
      e = nl_type_integer(ctx, e->integer.width, NL_SIGNLESS);
    return nl_attr_integer(ctx, e, x);
  }
  if (e->kind == NL_TYPE_FLOAT && e->flt.fkind == NL_F32) {
    float f;
    memcpy(&f, d, 4);
    return nl_attr_float(ctx, e, f);
  }
  if (e->kind == NL_TYPE_FLOAT && e->flt.fkind == NL_F64) {
    double f;
    memcpy(&f, d, 8);
    return nl_attr_float(ctx, e, f);
  }
  return NULL;
}

const float *
nl_g2t_const_f32(NlValue *v, bool *splat)
{
  NlAttr *a;
  int64_t n;
  const void *d = const_data(v, &a, &n, splat);
  NlType *e = d ? nl_type_element(a->type) : NULL;
  if (!e || e->kind != NL_TYPE_FLOAT || e->flt.fkind != NL_F32)
    return NULL;
  return d;
}

/* ---- types --------------------------------------------------------------- */

NlType *
nl_g2t_tensor(NlG2T *g, const int64_t *dims, uint32_t rank, NlType *elem)
{
  return nl_type_tensor(g->ctx, dims, rank, elem, NULL);
}

NlAttr *
nl_g2t_i64_array(NlG2T *g, const int64_t *v, uint32_t n)
{
  return nl_attr_dense_array(g->ctx, nl_type_i64(g->ctx), v, n);
}

bool
nl_g2t_is_float(NlType *elem)
{
  return elem->kind == NL_TYPE_FLOAT;
}

bool
nl_g2t_is_unsigned(NlType *elem)
{
  return elem->kind == NL_TYPE_INTEGER &&
         elem->integer.signedness == NL_UNSIGNED;
}

/* ---- op creation --------------------------------------------------------- */

void
nl_g2t_begin(NlG2T *g, NlOpState *st, const char *name)
{
  size_t len = strlen(name);
  const NlOpDef *def = nl_context_lookup_op(g->ctx, name, len);
  if (!def)
    def = nl_context_unregistered_op(g->ctx, name, len);
  nl_op_state_init(st, g->ctx, def, g->loc);
}

NlOp *
nl_g2t_finish(NlG2T *g, NlBuilder *b, NlOpState *st)
{
  NlOp *op = nl_builder_insert(b ? b : &g->b, st);
  nl_op_state_fini(st);
  return op;
}

NlValue *
nl_g2t_scalar_attr(NlG2T *g, NlBuilder *b, NlAttr *value)
{
  NlOpState st;
  nl_g2t_begin(g, &st, "arith.constant");
  nl_op_state_add_attr(&st, "value", value);
  nl_op_state_add_result(&st, value->type);
  return nl_op_result(nl_g2t_finish(g, b, &st), 0);
}

NlValue *
nl_g2t_scalar(NlG2T *g, NlBuilder *b, NlType *type, double v)
{
  NlAttr *a = type->kind == NL_TYPE_FLOAT
                  ? nl_attr_float(g->ctx, type, v)
                  : nl_attr_integer(g->ctx, type, (int64_t)v);
  return nl_g2t_scalar_attr(g, b, a);
}

NlValue *
nl_g2t_lowest(NlG2T *g, NlBuilder *b, NlType *elem)
{
  if (elem->kind == NL_TYPE_FLOAT)
    return nl_g2t_scalar(g, b, elem, -INFINITY);
  uint32_t w = elem->integer.width;
  if (nl_g2t_is_unsigned(elem) || w == 1)
    return nl_g2t_scalar_attr(g, b, nl_attr_integer(g->ctx, elem, 0));
  return nl_g2t_scalar_attr(
      g, b,
      nl_attr_integer(g->ctx, elem,
                      w >= 64 ? INT64_MIN : -((int64_t)1 << (w - 1))));
}

NlValue *
nl_g2t_highest(NlG2T *g, NlBuilder *b, NlType *elem)
{
  if (elem->kind == NL_TYPE_FLOAT)
    return nl_g2t_scalar(g, b, elem, INFINITY);
  uint32_t w = elem->integer.width;
  if (nl_g2t_is_unsigned(elem) || w == 1)
    return nl_g2t_scalar_attr(g, b, nl_attr_integer(g->ctx, elem, -1));
  return nl_g2t_scalar_attr(
      g, b,
      nl_attr_integer(g->ctx, elem,
                      w >= 64 ? INT64_MAX : ((int64_t)1 << (w - 1)) - 1));
}

NlValue *
nl_g2t_empty(NlG2T *g, NlType *t)
{
  NlOpState st;
  nl_g2t_begin(g, &st, "tensor.empty");
  nl_op_state_add_result(&st, t);
  return nl_op_result(nl_g2t_finish(g, NULL, &st), 0);
}

NlValue *
nl_g2t_structured(NlG2T *g, const char *name, NlValue *const *ins,
                  uint32_t nins, NlValue *out, const NlNamedAttr *attrs,
                  uint32_t nattrs)
{
  NlOp *op = nl_tensor_structured_create(&g->b, g->loc, name, ins, nins, &out,
                                         1, attrs, nattrs);
  if (op)
    return nl_op_result(op, 0);
  /* The dialect does not define it (yet): by name, with the same form. */
  NlOpState st;
  int32_t seg[2] = {(int32_t)nins, 1};
  nl_g2t_begin(g, &st, name);
  nl_op_state_add_operands(&st, ins, nins);
  nl_op_state_add_operand(&st, out);
  nl_op_state_add_attr(
      &st, "operandSegmentSizes",
      nl_attr_dense_array(g->ctx, nl_type_i32(g->ctx), seg, 2));
  for (uint32_t i = 0; i < nattrs; i++)
    nl_op_state_add_attr_ident(&st, attrs[i].name, attrs[i].value);
  nl_op_state_add_result(&st, out->type);
  return nl_op_result(nl_g2t_finish(g, NULL, &st), 0);
}

NlValue *
nl_g2t_fill(NlG2T *g, NlType *t, NlValue *scalar)
{
  NlValue *e = nl_g2t_empty(g, t);
  return nl_g2t_structured(g, "tensor.fill", &scalar, 1, e, NULL, 0);
}

NlValue *
nl_g2t_reshape(NlG2T *g, NlValue *v, NlType *t)
{
  if (v->type == t)
    return v;
  NlOpState st;
  nl_g2t_begin(g, &st, "tensor.reshape");
  nl_op_state_add_operand(&st, v);
  nl_op_state_add_result(&st, t);
  return nl_op_result(nl_g2t_finish(g, NULL, &st), 0);
}

NlValue *
nl_g2t_transpose(NlG2T *g, NlValue *v, const int64_t *perm)
{
  uint32_t r = nl_g2t_rank(v);
  int64_t dims[NL_G2T_MAX_RANK];
  bool identity = true;
  for (uint32_t k = 0; k < r; k++) {
    dims[k] = nl_g2t_dims(v)[perm[k]];
    identity = identity && perm[k] == (int64_t)k;
  }
  if (identity)
    return v;
  NlValue *out =
      nl_g2t_empty(g, nl_g2t_tensor(g, dims, r, nl_type_element(v->type)));
  NlNamedAttr a = {nl_ident_cstr(g->ctx, "permutation"),
                   nl_g2t_i64_array(g, perm, r)};
  return nl_g2t_structured(g, "tensor.transpose", &v, 1, out, &a, 1);
}

static void
add_slice_attrs(NlG2T *g, NlOpState *st, uint32_t r, const int64_t *offsets,
                const int64_t *sizes, const int64_t *strides)
{
  nl_op_state_add_attr(st, "static_offsets", nl_g2t_i64_array(g, offsets, r));
  nl_op_state_add_attr(st, "static_sizes", nl_g2t_i64_array(g, sizes, r));
  nl_op_state_add_attr(st, "static_strides", nl_g2t_i64_array(g, strides, r));
}

NlValue *
nl_g2t_extract_slice(NlG2T *g, NlValue *src, const int64_t *offsets,
                     const int64_t *sizes, const int64_t *strides)
{
  uint32_t r = nl_g2t_rank(src);
  bool whole = true;
  for (uint32_t i = 0; i < r; i++)
    whole = whole && offsets[i] == 0 && sizes[i] == nl_g2t_dims(src)[i] &&
            strides[i] == 1;
  if (whole)
    return src;
  NlOpState st;
  nl_g2t_begin(g, &st, "tensor.extract_slice");
  nl_op_state_add_operand(&st, src);
  add_slice_attrs(g, &st, r, offsets, sizes, strides);
  nl_op_state_add_result(
      &st, nl_g2t_tensor(g, sizes, r, nl_type_element(src->type)));
  return nl_op_result(nl_g2t_finish(g, NULL, &st), 0);
}

NlValue *
nl_g2t_insert_slice(NlG2T *g, NlValue *src, NlValue *dest,
                    const int64_t *offsets, const int64_t *sizes,
                    const int64_t *strides)
{
  NlOpState st;
  nl_g2t_begin(g, &st, "tensor.insert_slice");
  nl_op_state_add_operand(&st, src);
  nl_op_state_add_operand(&st, dest);
  add_slice_attrs(g, &st, nl_g2t_rank(dest), offsets, sizes, strides);
  nl_op_state_add_result(&st, dest->type);
  return nl_op_result(nl_g2t_finish(g, NULL, &st), 0);
}

NlValue *
nl_g2t_pad(NlG2T *g, NlValue *v, const int64_t *low, const int64_t *high,
           NlValue *scalar)
{
  uint32_t r = nl_g2t_rank(v);
  int64_t dims[NL_G2T_MAX_RANK];
  bool none = true;
  for (uint32_t i = 0; i < r; i++) {
    dims[i] = nl_g2t_dims(v)[i] + low[i] + high[i];
    none = none && low[i] == 0 && high[i] == 0;
  }
  if (none)
    return v;
  NlOpState st;
  nl_g2t_begin(g, &st, "tensor.pad");
  nl_op_state_add_operand(&st, v);
  nl_op_state_add_operand(&st, scalar);
  nl_op_state_add_attr(&st, "low", nl_g2t_i64_array(g, low, r));
  nl_op_state_add_attr(&st, "high", nl_g2t_i64_array(g, high, r));
  nl_op_state_add_result(&st,
                         nl_g2t_tensor(g, dims, r, nl_type_element(v->type)));
  return nl_op_result(nl_g2t_finish(g, NULL, &st), 0);
}

/* ---- tensor.generic ------------------------------------------------------ */

/* Builds the body at the end of blk and ends it with tensor.yield. */
static void
fill_body(NlG2T *g, const NlG2TGeneric *gen, NlBlock *blk, NlG2TBodyFn body,
          void *ud)
{
  NlBuilder bb;
  nl_builder_init(&bb, g->ctx);
  nl_builder_set_end(&bb, blk);
  NlValue *yields[8] = {0};
  body(g, &bb, blk->args, yields, ud);
  NlOpState ys;
  nl_g2t_begin(g, &ys, "tensor.yield");
  nl_op_state_add_operands(&ys, yields, gen->nouts);
  nl_g2t_finish(g, &bb, &ys);
}

NlOp *
nl_g2t_generic(NlG2T *g, const NlG2TGeneric *gen, NlG2TBodyFn body, void *ud)
{
  NlContext *ctx = g->ctx;
  uint32_t n = gen->nins + gen->nouts;
  NlAffineMap *all[2 * NL_G2T_MAX_RANK + 8];
  NlTensorIterator its[NL_G2T_MAX_RANK];
  if (n <= sizeof all / sizeof all[0]) {
    for (uint32_t i = 0; i < n; i++)
      all[i] = i < gen->nins ? gen->in_maps[i] : gen->out_maps[i - gen->nins];
    for (uint32_t d = 0; d < gen->ndims; d++)
      its[d] = gen->reduction[d] ? NL_TENSOR_REDUCTION : NL_TENSOR_PARALLEL;
    NlOp *op =
        nl_tensor_generic_create(&g->b, g->loc, gen->ins, gen->nins, gen->outs,
                                 gen->nouts, all, its, gen->ndims, NULL, 0);
    if (op) {
      fill_body(g, gen, nl_tensor_generic_body(op), body, ud);
      return op;
    }
  }
  /* The dialect does not define it (yet): by name, with the same form. */
  NlAttr **maps = nl_xmalloc(n * sizeof(NlAttr *));
  for (uint32_t i = 0; i < gen->nins; i++)
    maps[i] = nl_attr_affine_map(ctx, gen->in_maps[i]);
  for (uint32_t i = 0; i < gen->nouts; i++)
    maps[gen->nins + i] = nl_attr_affine_map(ctx, gen->out_maps[i]);
  NlAttr *iters[NL_G2T_MAX_RANK];
  for (uint32_t d = 0; d < gen->ndims; d++)
    iters[d] =
        nl_attr_string_cstr(ctx, gen->reduction[d] ? "reduction" : "parallel");
  NlOpState st;
  nl_g2t_begin(g, &st, "tensor.generic");
  nl_op_state_add_operands(&st, gen->ins, gen->nins);
  nl_op_state_add_operands(&st, gen->outs, gen->nouts);
  nl_op_state_add_attr(&st, "indexing_maps", nl_attr_array(ctx, maps, n));
  nl_op_state_add_attr(&st, "iterator_types",
                       nl_attr_array(ctx, iters, gen->ndims));
  int32_t seg[2] = {(int32_t)gen->nins, (int32_t)gen->nouts};
  nl_op_state_add_attr(&st, "operandSegmentSizes",
                       nl_attr_dense_array(ctx, nl_type_i32(ctx), seg, 2));
  for (uint32_t i = 0; i < gen->nouts; i++)
    nl_op_state_add_result(&st, gen->outs[i]->type);
  free(maps);

  NlBlock *blk = nl_block_create();
  for (uint32_t i = 0; i < n; i++) {
    NlValue *v = i < gen->nins ? gen->ins[i] : gen->outs[i - gen->nins];
    nl_block_add_arg(blk, nl_type_element(v->type), g->loc);
  }
  fill_body(g, gen, blk, body, ud);
  NlRegion *r = nl_op_state_add_region(&st);
  nl_region_append_block(r, blk);
  return nl_g2t_finish(g, NULL, &st);
}

static void
copy_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
          void *ud)
{
  (void)g, (void)b, (void)ud;
  yields[0] = args[0];
}

NlValue *
nl_g2t_parallel_generic(NlG2T *g, NlType *t, NlValue *const *ins,
                        NlAffineMap *const *in_maps, uint32_t nins,
                        NlG2TBodyFn body, void *ud)
{
  uint32_t rank = t->shaped.rank;
  NlAffineMap *id = nl_g2t_map_identity(g, rank);
  NlValue *out = nl_g2t_empty(g, t);
  NlG2TGeneric gen = {.ndims = rank,
                      .nins = nins,
                      .nouts = 1,
                      .ins = ins,
                      .in_maps = in_maps,
                      .outs = &out,
                      .out_maps = &id};
  return nl_op_result(nl_g2t_generic(g, &gen, body, ud), 0);
}

NlValue *
nl_g2t_remap(NlG2T *g, NlType *t, NlValue *x, NlAffineMap *map)
{
  return nl_g2t_parallel_generic(g, t, &x, &map, 1, copy_body, NULL);
}

NlAffineMap *
nl_g2t_map_identity(NlG2T *g, uint32_t ndims)
{
  return nl_affine_map_identity(g->ctx, ndims);
}

NlAffineMap *
nl_g2t_map_broadcast(NlG2T *g, NlType *t, const int64_t *out_dims,
                     uint32_t ndims)
{
  uint32_t r = t->shaped.rank;
  NlAffineExpr *e[NL_G2T_MAX_RANK];
  for (uint32_t j = 0; j < r; j++) {
    uint32_t d = ndims - r + j;
    if (t->shaped.dims[j] == 1 && out_dims[d] != 1)
      e[j] = nl_affine_const(g->ctx, 0);
    else
      e[j] = nl_affine_dim(g->ctx, d);
  }
  return nl_affine_map(g->ctx, ndims, 0, e, r);
}

NlAffineMap *
nl_g2t_map_select(NlG2T *g, uint32_t ndims, const bool *keep)
{
  NlAffineExpr *e[NL_G2T_MAX_RANK];
  uint32_t n = 0;
  for (uint32_t d = 0; d < ndims; d++)
    if (keep[d])
      e[n++] = nl_affine_dim(g->ctx, d);
  return nl_affine_map(g->ctx, ndims, 0, e, n);
}

/* ---- scalar ops ---------------------------------------------------------- */

NlValue *
nl_g2t_op1(NlG2T *g, NlBuilder *b, const char *name, NlValue *x)
{
  return nl_g2t_cast_op(g, b, name, x, x->type);
}

NlValue *
nl_g2t_op2(NlG2T *g, NlBuilder *b, const char *name, NlValue *x, NlValue *y)
{
  NlOpState st;
  nl_g2t_begin(g, &st, name);
  nl_op_state_add_operand(&st, x);
  nl_op_state_add_operand(&st, y);
  nl_op_state_add_result(&st, x->type);
  return nl_op_result(nl_g2t_finish(g, b, &st), 0);
}

NlValue *
nl_g2t_cast_op(NlG2T *g, NlBuilder *b, const char *name, NlValue *x, NlType *to)
{
  NlOpState st;
  nl_g2t_begin(g, &st, name);
  nl_op_state_add_operand(&st, x);
  nl_op_state_add_result(&st, to);
  return nl_op_result(nl_g2t_finish(g, b, &st), 0);
}

NlValue *
nl_g2t_cmp(NlG2T *g, NlBuilder *b, bool fp, int pred, NlValue *x, NlValue *y)
{
  NlOpState st;
  nl_g2t_begin(g, &st, fp ? "arith.cmpf" : "arith.cmpi");
  nl_op_state_add_operand(&st, x);
  nl_op_state_add_operand(&st, y);
  nl_op_state_add_attr(&st, "predicate",
                       nl_attr_integer(g->ctx, nl_type_i64(g->ctx), pred));
  nl_op_state_add_result(&st, nl_type_i1(g->ctx));
  return nl_op_result(nl_g2t_finish(g, b, &st), 0);
}

NlValue *
nl_g2t_index(NlG2T *g, NlBuilder *b, uint32_t dim)
{
  NlOpState st;
  nl_g2t_begin(g, &st, "tensor.index");
  nl_op_state_add_attr(&st, "dim",
                       nl_attr_integer(g->ctx, nl_type_i64(g->ctx), dim));
  nl_op_state_add_result(&st, nl_type_index(g->ctx));
  return nl_op_result(nl_g2t_finish(g, b, &st), 0);
}

NlValue *
nl_g2t_extract(NlG2T *g, NlBuilder *b, NlValue *t, NlValue *const *idx,
               uint32_t n)
{
  NlOpState st;
  nl_g2t_begin(g, &st, "tensor.extract");
  nl_op_state_add_operand(&st, t);
  nl_op_state_add_operands(&st, idx, n);
  nl_op_state_add_result(&st, nl_type_element(t->type));
  return nl_op_result(nl_g2t_finish(g, b, &st), 0);
}

NlValue *
nl_g2t_wrap_index(NlG2T *g, NlBuilder *b, NlValue *x, int64_t size)
{
  NlType *ix = nl_type_index(g->ctx);
  NlValue *i = nl_g2t_cast_op(g, b, "arith.index_cast", x, ix);
  NlValue *neg =
      nl_g2t_cmp(g, b, false, NL_G2T_SLT, i, nl_g2t_scalar(g, b, ix, 0));
  NlValue *wrapped =
      nl_g2t_op2(g, b, "arith.addi", i, nl_g2t_scalar(g, b, ix, size));
  return nl_g2t_select(g, b, neg, wrapped, i);
}

NlValue *
nl_g2t_select(NlG2T *g, NlBuilder *b, NlValue *c, NlValue *x, NlValue *y)
{
  NlOpState st;
  nl_g2t_begin(g, &st, "arith.select");
  nl_op_state_add_operand(&st, c);
  nl_op_state_add_operand(&st, x);
  nl_op_state_add_operand(&st, y);
  nl_op_state_add_result(&st, x->type);
  return nl_op_result(nl_g2t_finish(g, b, &st), 0);
}

NlValue *
nl_g2t_convert(NlG2T *g, NlBuilder *b, NlValue *x, NlType *to,
               bool from_unsigned)
{
  NlType *from = x->type;
  if (from == to)
    return x;
  bool ff = from->kind == NL_TYPE_FLOAT, tf = to->kind == NL_TYPE_FLOAT;
  uint32_t fw = nl_type_bitwidth(from), tw = nl_type_bitwidth(to);
  if (ff && tf)
    return nl_g2t_cast_op(g, b, fw < tw ? "arith.extf" : "arith.truncf", x, to);
  if (!tf && to->kind == NL_TYPE_INTEGER && tw == 1) { /* x != 0 */
    NlValue *zero = nl_g2t_scalar(g, b, from, 0);
    return ff ? nl_g2t_cmp(g, b, true, NL_G2T_UNE, x, zero)
              : nl_g2t_cmp(g, b, false, NL_G2T_NE, x, zero);
  }
  bool uns_from = from_unsigned || fw == 1;
  if (!ff && tf)
    return nl_g2t_cast_op(g, b, uns_from ? "arith.uitofp" : "arith.sitofp", x,
                          to);
  if (ff && !tf)
    return nl_g2t_cast_op(
        g, b, nl_g2t_is_unsigned(to) ? "arith.fptoui" : "arith.fptosi", x, to);
  if (fw == tw)
    return nl_g2t_cast_op(g, b, "arith.bitcast", x, to);
  if (fw > tw)
    return nl_g2t_cast_op(g, b, "arith.trunci", x, to);
  return nl_g2t_cast_op(g, b, uns_from ? "arith.extui" : "arith.extsi", x, to);
}
