/*
 * nl_tensor_structured_info: any structured op as a loop nest (ranges,
 * iterator kinds, one indexing map per operand). The maps of the named ops
 * are the semantics table of docs/tensor.md; a generic's come from its
 * attributes and its ranges from its operand shapes.
 */
#include <stdlib.h>
#include <string.h>

#include "tensor/internal.h"

/* Builds one description; dims are d0.. of the loop nest. */
typedef struct Desc {
  NlContext *ctx;
  NlTensorStructured *s;
} Desc;

static void
desc_init(Desc *d, NlOp *op, NlTensorStructured *s, uint32_t nloops,
          uint32_t nins, uint32_t nouts)
{
  d->ctx = nl_op_context(op);
  d->s = s;
  s->nloops = nloops;
  s->nins = nins;
  s->nouts = nouts;
  s->ranges = nl_xcalloc(nloops + 1, sizeof(*s->ranges));
  s->iterators = nl_xcalloc(nloops + 1, sizeof(*s->iterators));
  s->maps = nl_xcalloc(nins + nouts + 1, sizeof(*s->maps));
}

static NlAffineExpr *
dx(Desc *d, uint32_t i)
{
  return nl_affine_dim(d->ctx, i);
}

/* a * ka + b * kb */
static NlAffineExpr *
lin(Desc *d, uint32_t a, int64_t ka, uint32_t b, int64_t kb)
{
  NlContext *c = d->ctx;
  return nl_affine_add(c, nl_affine_mul(c, dx(d, a), nl_affine_const(c, ka)),
                       nl_affine_mul(c, dx(d, b), nl_affine_const(c, kb)));
}

static void
set_map(Desc *d, uint32_t k, NlAffineExpr *const *es, uint32_t n)
{
  d->s->maps[k] = nl_affine_map(d->ctx, d->s->nloops, 0, es, n);
}

/* Map k = (d[idx[0]], d[idx[1]], ...). */
static void
set_dims(Desc *d, uint32_t k, const uint32_t *idx, uint32_t n)
{
  NlAffineExpr *es[16] = {0};
  NlAffineExpr **e = n <= 16 ? es : nl_xmalloc(n * sizeof(*e));
  for (uint32_t i = 0; i < n; i++)
    e[i] = dx(d, idx[i]);
  set_map(d, k, e, n);
  if (e != es)
    free(e);
}

static void
set_identity(Desc *d, uint32_t k)
{
  d->s->maps[k] = nl_affine_map_identity(d->ctx, d->s->nloops);
}

static const NlType *
ty(NlOp *op, uint32_t i)
{
  return nl_op_operand(op, i)->type;
}

static int64_t
dimof(NlOp *op, uint32_t i, uint32_t j)
{
  return ty(op, i)->shaped.dims[j];
}

/* Loops over out (operand `o`) with all parallel iterators. */
static void
parallel_over(Desc *d, NlOp *op, uint32_t o)
{
  for (uint32_t i = 0; i < d->s->nloops; i++) {
    d->s->ranges[i] = dimof(op, o, i);
    d->s->iterators[i] = NL_TENSOR_PARALLEL;
  }
}

static void
info_matmul(Desc *d, NlOp *op, uint32_t batch)
{
  /* loops: [b,] m, n, k */
  uint32_t m = batch, n = batch + 1, k = batch + 2;
  desc_init(d, op, d->s, 3 + batch, 2, 1);
  if (batch)
    d->s->ranges[0] = dimof(op, 0, 0);
  d->s->ranges[m] = dimof(op, 0, batch);
  d->s->ranges[n] = dimof(op, 1, batch + 1);
  d->s->ranges[k] = dimof(op, 0, batch + 1);
  d->s->iterators[k] = NL_TENSOR_REDUCTION;
  uint32_t a[3] = {0, m, k}, b[3] = {0, k, n}, c[3] = {0, m, n};
  set_dims(d, 0, a + 1 - batch, 2 + batch);
  set_dims(d, 1, b + 1 - batch, 2 + batch);
  set_dims(d, 2, c + 1 - batch, 2 + batch);
}

static void
info_conv2d(Desc *d, NlOp *op)
{
  int64_t st[2], dl[2], g = nl_tensor_groups(op);
  (void)nl_tensor_hw(op, "strides", st);
  (void)nl_tensor_hw(op, "dilations", dl);
  int64_t f = dimof(op, 1, 0), cg = dimof(op, 1, 1), fg = f / g;
  NlAffineExpr *x[4], *w[4], *y[4];
  if (g == 1) {
    /* loops: n, f, oh, ow | c, kh, kw */
    desc_init(d, op, d->s, 7, 2, 1);
    int64_t r[7] = {dimof(op, 2, 0), f,  dimof(op, 2, 2),
                    dimof(op, 2, 3), cg, dimof(op, 1, 2),
                    dimof(op, 1, 3)};
    memcpy(d->s->ranges, r, sizeof(r));
    for (uint32_t i = 4; i < 7; i++)
      d->s->iterators[i] = NL_TENSOR_REDUCTION;
    x[0] = dx(d, 0), x[1] = dx(d, 4), x[2] = lin(d, 2, st[0], 5, dl[0]),
    x[3] = lin(d, 3, st[1], 6, dl[1]);
    w[0] = dx(d, 1), w[1] = dx(d, 4), w[2] = dx(d, 5), w[3] = dx(d, 6);
    y[0] = dx(d, 0), y[1] = dx(d, 1), y[2] = dx(d, 2), y[3] = dx(d, 3);
  } else {
    /* loops: n, g, fg, oh, ow | c, kh, kw; filter f = g * Fg + fg reads
     * channels g * Cg + c. */
    desc_init(d, op, d->s, 8, 2, 1);
    int64_t r[8] = {dimof(op, 2, 0),
                    g,
                    fg,
                    dimof(op, 2, 2),
                    dimof(op, 2, 3),
                    cg,
                    dimof(op, 1, 2),
                    dimof(op, 1, 3)};
    memcpy(d->s->ranges, r, sizeof(r));
    for (uint32_t i = 5; i < 8; i++)
      d->s->iterators[i] = NL_TENSOR_REDUCTION;
    NlAffineExpr *fidx = lin(d, 1, fg, 2, 1);
    x[0] = dx(d, 0), x[1] = lin(d, 1, cg, 5, 1),
    x[2] = lin(d, 3, st[0], 6, dl[0]), x[3] = lin(d, 4, st[1], 7, dl[1]);
    w[0] = fidx, w[1] = dx(d, 5), w[2] = dx(d, 6), w[3] = dx(d, 7);
    y[0] = dx(d, 0), y[1] = fidx, y[2] = dx(d, 3), y[3] = dx(d, 4);
  }
  set_map(d, 0, x, 4);
  set_map(d, 1, w, 4);
  set_map(d, 2, y, 4);
}

static void
info_pool(Desc *d, NlOp *op)
{
  int64_t st[2], dl[2];
  const int64_t *k;
  uint32_t nk;
  (void)nl_tensor_hw(op, "strides", st);
  (void)nl_tensor_hw(op, "dilations", dl);
  (void)nl_tensor_i64_array(nl_tensor_attr(op, "kernel"), &k, &nk);
  /* loops: n, c, oh, ow | kh, kw */
  desc_init(d, op, d->s, 6, 1, 1);
  int64_t r[6] = {dimof(op, 1, 0),
                  dimof(op, 1, 1),
                  dimof(op, 1, 2),
                  dimof(op, 1, 3),
                  k[0],
                  k[1]};
  memcpy(d->s->ranges, r, sizeof(r));
  d->s->iterators[4] = d->s->iterators[5] = NL_TENSOR_REDUCTION;
  NlAffineExpr *x[4] = {dx(d, 0), dx(d, 1), lin(d, 2, st[0], 4, dl[0]),
                        lin(d, 3, st[1], 5, dl[1])};
  set_map(d, 0, x, 4);
  uint32_t y[4] = {0, 1, 2, 3};
  set_dims(d, 1, y, 4);
}

/* reduce: loops over the in, `dimensions` reduced; broadcast: loops over
 * the out, the in lacks `dimensions`. */
static void
info_drop(Desc *d, NlOp *op, bool reduce)
{
  const int64_t *dims;
  uint32_t n;
  uint32_t full = reduce ? 0 : 1;
  uint32_t rank = ty(op, full)->shaped.rank;
  (void)nl_tensor_i64_array(nl_tensor_attr(op, "dimensions"), &dims, &n);
  desc_init(d, op, d->s, rank, 1, 1);
  parallel_over(d, op, full);
  uint32_t *kept = nl_xmalloc((rank + 1) * sizeof(*kept)), nk = 0, j = 0;
  for (uint32_t i = 0; i < rank; i++) {
    if (j < n && dims[j] == (int64_t)i) {
      j++;
      if (reduce)
        d->s->iterators[i] = NL_TENSOR_REDUCTION;
      continue;
    }
    kept[nk++] = i;
  }
  set_identity(d, full);
  set_dims(d, 1 - full, kept, nk);
  free(kept);
}

static void
info_transpose(Desc *d, NlOp *op)
{
  const int64_t *p;
  uint32_t n;
  (void)nl_tensor_i64_array(nl_tensor_attr(op, "permutation"), &p, &n);
  desc_init(d, op, d->s, n, 1, 1);
  parallel_over(d, op, 1);
  /* Out dim k is in dim p[k]: the in's dim p[k] is indexed by d_k. */
  uint32_t *inv = nl_xmalloc((n + 1) * sizeof(*inv));
  for (uint32_t k = 0; k < n; k++)
    inv[p[k]] = k;
  set_dims(d, 0, inv, n);
  set_identity(d, 1);
  free(inv);
}

static void
info_generic(Desc *d, NlOp *op, uint32_t nins, uint32_t nouts)
{
  NlAttr *it = nl_tensor_attr(op, "iterator_types");
  uint32_t nloops = it->array.n;
  desc_init(d, op, d->s, nloops, nins, nouts);
  (void)nl_tensor_generic_maps(op, d->s->maps, &nloops);
  nl_tensor_generic_ranges(op, d->s->maps, nloops, d->s->ranges);
  for (uint32_t i = 0; i < nloops; i++)
    d->s->iterators[i] =
        strcmp(it->array.elems[i]->str.value->str, "reduction") == 0
            ? NL_TENSOR_REDUCTION
            : NL_TENSOR_PARALLEL;
}

NlResult
nl_tensor_structured_info(NlOp *op, NlTensorStructured *out)
{
  uint32_t nins, nouts;
  memset(out, 0, sizeof(*out));
  if (!nl_tensor_is_structured(op)) {
    nl_op_emit_error(op, "is not a structured tensor op");
    return nl_failure();
  }
  if (nl_failed(nl_tensor_verify_STRUCT(op)))
    return nl_failure();
  (void)nl_tensor_split(op, &nins, &nouts);
  for (uint32_t i = 0; i < op->noperands; i++) {
    const NlType *t = ty(op, i);
    if ((t->kind == NL_TYPE_TENSOR || t->kind == NL_TYPE_MEMREF) &&
        !nl_type_has_static_shape(t)) {
      NlBuf b = {0};
      nl_type_print(t, &b);
      nl_op_emit_error(op,
                       "needs static shapes to become loops (operand #%u is "
                       "%s)",
                       i, b.data);
      nl_buf_free(&b);
      return nl_failure();
    }
  }
  Desc d = {.s = out};
  switch (nl_tensor_kind(op)) {
  case TENSOR_FILL:
  case TENSOR_COPY: {
    uint32_t rank = ty(op, 1)->shaped.rank;
    desc_init(&d, op, out, rank, 1, 1);
    parallel_over(&d, op, 1);
    if (nl_tensor_kind(op) == TENSOR_FILL)
      set_map(&d, 0, NULL, 0);
    else
      set_identity(&d, 0);
    set_identity(&d, 1);
    break;
  }
  case TENSOR_MATMUL:
    info_matmul(&d, op, 0);
    break;
  case TENSOR_BATCH_MATMUL:
    info_matmul(&d, op, 1);
    break;
  case TENSOR_CONV2D:
    info_conv2d(&d, op);
    break;
  case TENSOR_POOL:
    info_pool(&d, op);
    break;
  case TENSOR_REDUCE:
    info_drop(&d, op, true);
    break;
  case TENSOR_BROADCAST:
    info_drop(&d, op, false);
    break;
  case TENSOR_TRANSPOSE:
    info_transpose(&d, op);
    break;
  default:
    info_generic(&d, op, nins, nouts);
    break;
  }
  return nl_success();
}

void
nl_tensor_structured_fini(NlTensorStructured *s)
{
  free(s->ranges);
  free(s->iterators);
  free(s->maps);
  memset(s, 0, sizeof(*s));
}
