/*
 * convert-graph-to-tensor: Resize and Upsample (modes nearest and linear).
 * Every resized dim gets index tables computed at compile time from the
 * coordinate transformation (half_pixel, pytorch_half_pixel,
 * align_corners, asymmetric, tf_half_pixel_for_nn) and the nearest mode: for
 * nearest one source index per output index, for linear the two neighbours
 * (clamped to the input, as ONNX's edge padding) and the weight of the upper
 * one. One generic over the result reads the tables and extracts the neighbours
 * from the captured input; linear combines the 2^k corners.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "passes/conversion/graph_to_tensor.h"

#define MAX_RESIZED 4

typedef struct Resize {
  NlValue *x;
  uint32_t rank, nres;
  int32_t slot[NL_G2T_MAX_RANK]; /* resized dim -> table slot, or -1 */
  bool linear;
} Resize;

static NlValue *
extract_at(NlG2T *g, NlBuilder *b, Resize *rs, NlValue *const *idx)
{
  return nl_g2t_extract(g, b, rs->x, idx, rs->rank);
}

/* args: per slot lo (i64) [, hi (i64), w (f32)], then the out. */
static void
resize_body(NlG2T *g, NlBuilder *b, NlValue *const *args, NlValue **yields,
            void *ud)
{
  Resize *rs = ud;
  NlType *ix = nl_type_index(g->ctx);
  NlValue *idx[NL_G2T_MAX_RANK], *lo[MAX_RESIZED], *hi[MAX_RESIZED];
  NlValue *w[MAX_RESIZED], *w1[MAX_RESIZED];
  uint32_t per = rs->linear ? 3 : 1;
  NlType *e = nl_type_element(rs->x->type);
  for (uint32_t s = 0; s < rs->nres; s++) {
    lo[s] = nl_g2t_cast_op(g, b, "arith.index_cast", args[s * per], ix);
    if (rs->linear) {
      hi[s] = nl_g2t_cast_op(g, b, "arith.index_cast", args[s * per + 1], ix);
      w[s] = nl_g2t_convert(g, b, args[s * per + 2], e, false);
      w1[s] = nl_g2t_op2(g, b, "arith.subf", nl_g2t_scalar(g, b, e, 1.0), w[s]);
    }
  }
  for (uint32_t d = 0; d < rs->rank; d++)
    idx[d] = rs->slot[d] < 0 ? nl_g2t_index(g, b, d) : lo[rs->slot[d]];
  if (!rs->linear) {
    yields[0] = extract_at(g, b, rs, idx);
    return;
  }
  NlValue *acc = NULL;
  for (uint32_t mask = 0; mask < (1u << rs->nres); mask++) {
    NlValue *weight = NULL;
    for (uint32_t d = 0; d < rs->rank; d++) {
      int32_t s = rs->slot[d];
      if (s < 0)
        continue;
      bool up = mask & (1u << s);
      idx[d] = up ? hi[s] : lo[s];
      NlValue *f = up ? w[s] : w1[s];
      weight = weight ? nl_g2t_op2(g, b, "arith.mulf", weight, f) : f;
    }
    NlValue *v =
        nl_g2t_op2(g, b, "arith.mulf", extract_at(g, b, rs, idx), weight);
    acc = acc ? nl_g2t_op2(g, b, "arith.addf", acc, v) : v;
  }
  yields[0] = acc;
}

/* The source coordinate of output index o; the output length is
 * scale * in, as ONNX defines it (fractional with given scales). */
static double
source_coord(const char *mode, int64_t o, int64_t in, double scale)
{
  double out = scale * (double)in;
  if (strcmp(mode, "align_corners") == 0)
    return out == 1 ? 0.0 : (double)o * (double)(in - 1) / (out - 1);
  if (strcmp(mode, "asymmetric") == 0)
    return (double)o / scale;
  if (strcmp(mode, "tf_half_pixel_for_nn") == 0)
    return ((double)o + 0.5) / scale;
  if (strcmp(mode, "pytorch_half_pixel") == 0)
    return out == 1 ? -0.5 : ((double)o + 0.5) / scale - 0.5;
  return ((double)o + 0.5) / scale - 0.5; /* half_pixel */
}

static int64_t
nearest(const char *mode, double x)
{
  double f = floor(x);
  if (strcmp(mode, "floor") == 0)
    return (int64_t)f;
  if (strcmp(mode, "ceil") == 0)
    return (int64_t)ceil(x);
  if (x - f == 0.5)
    return (int64_t)(strcmp(mode, "round_prefer_ceil") == 0 ? f + 1 : f);
  return (int64_t)floor(x + 0.5);
}

static int64_t
clamp(int64_t v, int64_t n)
{
  return v < 0 ? 0 : v >= n ? n - 1 : v;
}

static NlValue *
table(NlG2T *g, NlType *elem, const void *data, int64_t n)
{
  NlType *t = nl_g2t_tensor(g, &n, 1, elem);
  return nl_g2t_scalar_attr(
      g, NULL, nl_attr_dense(g->ctx, t, false, data, (size_t)n * 8));
}

NlResult
nl_g2t_lower_resize(NlG2T *g, NlValue **res)
{
  NlValue *x = nl_g2t_operand(g, 0), *r = nl_op_result(g->op, 0);
  bool upsample = nl_op_is(g->op, "graph.upsample");
  uint32_t rank = nl_g2t_rank(x);
  NlType *e = nl_type_element(x->type);
  const char *mode = nl_g2t_attr_str(g, "mode", "nearest");
  bool old = upsample || g->opset < 11;
  const char *ctm =
      old ? "asymmetric"
          : nl_g2t_attr_str(g, "coordinate_transformation_mode", "half_pixel");
  const char *nm =
      old ? "floor" : nl_g2t_attr_str(g, "nearest_mode", "round_prefer_floor");
  bool linear = strcmp(mode, "linear") == 0 || strcmp(mode, "bilinear") == 0;
  if (!linear && strcmp(mode, "nearest") != 0)
    return nl_g2t_error(g, "mode \"%s\" is not supported yet", mode);
  if (linear && !nl_g2t_is_float(e))
    return nl_g2t_error(g, "linear mode needs float elements");
  if (strcmp(ctm, "half_pixel") && strcmp(ctm, "pytorch_half_pixel") &&
      strcmp(ctm, "tf_half_pixel_for_nn") && strcmp(ctm, "align_corners") &&
      strcmp(ctm, "asymmetric"))
    return nl_g2t_error(g,
                        "coordinate_transformation_mode \"%s\" is not "
                        "supported yet",
                        ctm);
  if (strcmp(nm, "round_prefer_floor") && strcmp(nm, "round_prefer_ceil") &&
      strcmp(nm, "floor") && strcmp(nm, "ceil"))
    return nl_g2t_error(g, "nearest_mode \"%s\" is not supported", nm);
  if (nl_g2t_rank(r) != rank)
    return nl_g2t_error(g, "needs a result of the input's rank");
  /* Scales, when given, define the transformation; else out / in. */
  double scales[NL_G2T_MAX_RANK];
  NlValue *sv = nl_g2t_operand(g, upsample ? 1 : 2);
  bool has_scales = false;
  if (sv && nl_type_num_elements(sv->type) > 0) {
    bool splat;
    const float *p = nl_g2t_const_f32(sv, &splat);
    if (!p || nl_type_num_elements(sv->type) != rank)
      return nl_g2t_error(g, "needs constant scales with one entry per dim");
    for (uint32_t d = 0; d < rank; d++) {
      float f;
      memcpy(&f, p + (splat ? 0 : d), 4);
      scales[d] = f;
      if (!(f > 0))
        return nl_g2t_error(g, "needs positive scales");
    }
    has_scales = true;
  }
  Resize rs = {.x = x, .rank = rank, .linear = linear};
  NlValue *ins[3 * MAX_RESIZED];
  NlAffineMap *maps[3 * MAX_RESIZED + 1];
  uint32_t nins = 0;
  for (uint32_t d = 0; d < rank; d++) {
    int64_t in = nl_g2t_dims(x)[d], out = nl_g2t_dims(r)[d];
    double scale = has_scales ? scales[d] : (double)out / (double)in;
    rs.slot[d] = -1;
    if (in == out && scale == 1.0)
      continue;
    if (in == 0 || rs.nres == MAX_RESIZED)
      return nl_g2t_error(g, "resizes more than %d dims or an empty one",
                          MAX_RESIZED);
    rs.slot[d] = (int32_t)rs.nres++;
    int64_t *lo = nl_xmalloc((size_t)out * 8 + 8);
    int64_t *hi = nl_xmalloc((size_t)out * 8 + 8);
    double *w = nl_xmalloc((size_t)out * 8 + 8);
    for (int64_t o = 0; o < out; o++) {
      double c = source_coord(ctm, o, in, scale);
      if (linear) {
        double f = floor(c);
        lo[o] = clamp((int64_t)f, in);
        hi[o] = clamp((int64_t)f + 1, in);
        w[o] = c - f;
      } else {
        lo[o] = clamp(nearest(nm, c), in);
      }
    }
    bool keep[NL_G2T_MAX_RANK] = {0};
    keep[d] = true;
    NlAffineMap *m = nl_g2t_map_select(g, rank, keep);
    ins[nins] = table(g, nl_type_i64(g->ctx), lo, out);
    maps[nins++] = m;
    if (linear) {
      ins[nins] = table(g, nl_type_i64(g->ctx), hi, out);
      maps[nins++] = m;
      ins[nins] = table(g, nl_type_f64(g->ctx), w, out);
      maps[nins++] = m;
    }
    free(lo);
    free(hi);
    free(w);
  }
  if (rs.nres == 0) {
    res[0] = x;
    return nl_success();
  }
  res[0] = nl_g2t_parallel_generic(g, r->type, ins, maps, nins, resize_body,
                                   &rs);
  return nl_success();
}
