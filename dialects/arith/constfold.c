/*
 * Constant folding on attributes: float formats as bit patterns (f16,
 * bf16, f32, f64, with correct rounding into the narrow formats), element
 * access on scalar and dense attributes, the elementwise map used by every
 * folder, and matchers for scalar or splat constants. See constfold.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arith/constfold.h"

/* ---- element types ------------------------------------------------------- */

bool
nl_cf_elem(NlType *t, NlCfElem *e)
{
  memset(e, 0, sizeof *e);
  e->type = t;
  if (t->kind == NL_TYPE_INDEX) {
    e->width = 64;
    return true;
  }
  if (t->kind == NL_TYPE_INTEGER) {
    e->width = t->integer.width;
    return e->width >= 1 && e->width <= 64;
  }
  if (t->kind != NL_TYPE_FLOAT)
    return false;
  e->is_float = true;
  e->fkind = t->flt.fkind;
  switch ((NlFloatKind)t->flt.fkind) {
  case NL_F16:
  case NL_BF16:
    e->width = 16;
    return true;
  case NL_F32:
    e->width = 32;
    return true;
  case NL_F64:
    e->width = 64;
    return true;
  default:
    return false;
  }
}

/* ---- float formats ------------------------------------------------------- */

typedef struct Fmt {
  int ebits, mbits; /* exponent and stored mantissa bits */
} Fmt;

static Fmt
fmt_of(const NlCfElem *e)
{
  switch ((NlFloatKind)e->fkind) {
  case NL_F16:
    return (Fmt){5, 10};
  case NL_BF16:
    return (Fmt){8, 7};
  case NL_F32:
    return (Fmt){8, 23};
  default:
    return (Fmt){11, 52};
  }
}

static uint64_t
exp_field(Fmt f, uint64_t b)
{
  return (b >> f.mbits) & nl_cf_mask((uint32_t)f.ebits);
}

static uint64_t
mant_field(Fmt f, uint64_t b)
{
  return b & nl_cf_mask((uint32_t)f.mbits);
}

static uint64_t
sign_bit(Fmt f)
{
  return 1ull << (f.ebits + f.mbits);
}

bool
nl_cf_isnan(const NlCfElem *e, uint64_t b)
{
  Fmt f = fmt_of(e);
  return exp_field(f, b) == nl_cf_mask((uint32_t)f.ebits) &&
         mant_field(f, b) != 0;
}

bool
nl_cf_isinf(const NlCfElem *e, uint64_t b)
{
  Fmt f = fmt_of(e);
  return exp_field(f, b) == nl_cf_mask((uint32_t)f.ebits) &&
         mant_field(f, b) == 0;
}

bool
nl_cf_iszero(const NlCfElem *e, uint64_t b)
{
  Fmt f = fmt_of(e);
  return (b & (sign_bit(f) - 1)) == 0;
}

bool
nl_cf_signbit(const NlCfElem *e, uint64_t b)
{
  return (b & sign_bit(fmt_of(e))) != 0;
}

uint64_t
nl_cf_neg(const NlCfElem *e, uint64_t b)
{
  return b ^ sign_bit(fmt_of(e));
}

uint64_t
nl_cf_abs(const NlCfElem *e, uint64_t b)
{
  return b & ~sign_bit(fmt_of(e));
}

uint64_t
nl_cf_quiet(const NlCfElem *e, uint64_t b)
{
  return b | (1ull << (fmt_of(e).mbits - 1));
}

uint64_t
nl_cf_qnan(const NlCfElem *e)
{
  Fmt f = fmt_of(e);
  return (nl_cf_mask((uint32_t)f.ebits) << f.mbits) | (1ull << (f.mbits - 1));
}

double
nl_cf_to_double(const NlCfElem *e, uint64_t b)
{
  if (e->fkind == NL_F64) {
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
  }
  if (e->fkind == NL_F32) {
    uint32_t w = (uint32_t)b;
    float x;
    memcpy(&x, &w, sizeof x);
    return x;
  }
  Fmt f = fmt_of(e);
  int bias = (1 << (f.ebits - 1)) - 1;
  uint64_t ex = exp_field(f, b), m = mant_field(f, b);
  double v;
  if (ex == nl_cf_mask((uint32_t)f.ebits))
    v = m ? NAN : INFINITY;
  else if (ex == 0)
    v = ldexp((double)m, 1 - bias - f.mbits);
  else
    v = ldexp((double)(m | (1ull << f.mbits)), (int)ex - bias - f.mbits);
  return nl_cf_signbit(e, b) ? -v : v;
}

/* Rounds a finite or infinite double to a narrow binary format (f16,
 * bf16), to nearest even, handling subnormals and overflow to infinity. */
static uint64_t
pack_narrow(Fmt f, double d)
{
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  uint64_t s = (b >> 63) ? sign_bit(f) : 0;
  uint64_t emax = nl_cf_mask((uint32_t)f.ebits);
  int e = (int)((b >> 52) & 0x7ff);
  uint64_t m = b & nl_cf_mask(52);
  if (e == 0x7ff)
    return s | (emax << f.mbits);
  if (e == 0 && m == 0)
    return s;
  /* value = M * 2^E with M an integer of at most 53 bits */
  uint64_t M = e ? m | (1ull << 52) : m;
  int E = e ? e - 1075 : -1074;
  int top = 63 - __builtin_clzll(M);
  int bias = (1 << (f.ebits - 1)) - 1;
  int et = E + top - f.mbits; /* exponent of the result's last bit */
  int etmin = 1 - bias - f.mbits;
  if (et < etmin)
    et = etmin;
  int shift = et - E;
  uint64_t T;
  if (shift <= 0) {
    T = M << -shift;
  } else if (shift >= 64) {
    T = 0; /* far below half of the smallest subnormal */
  } else {
    uint64_t rem = M & nl_cf_mask((uint32_t)shift);
    uint64_t half = 1ull << (shift - 1);
    T = M >> shift;
    if (rem > half || (rem == half && (T & 1)))
      T++;
  }
  if (T >> (f.mbits + 1)) { /* rounding carried into a new bit */
    T >>= 1;
    et++;
  }
  uint64_t field = T >> f.mbits ? (uint64_t)(et + f.mbits + bias) : 0;
  if (field >= emax)
    return s | (emax << f.mbits);
  return s | (field << f.mbits) | mant_field(f, T);
}

uint64_t
nl_cf_from_double(const NlCfElem *e, double v)
{
  if (isnan(v))
    return nl_cf_qnan(e);
  if (e->fkind == NL_F64) {
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
  }
  if (e->fkind == NL_F32) {
    float x = (float)v;
    uint32_t w;
    memcpy(&w, &x, sizeof w);
    return w;
  }
  return pack_narrow(fmt_of(e), v);
}

bool
nl_cf_convert_exact(const NlCfElem *from, uint64_t b, const NlCfElem *to,
                    uint64_t *out)
{
  if (nl_cf_isnan(from, b)) {
    Fmt ff = fmt_of(from), ft = fmt_of(to);
    uint64_t m = mant_field(ff, b);
    if (!(m >> (ff.mbits - 1)))
      return false; /* signaling: APFloat reports an invalid operation */
    int shift = ff.mbits - ft.mbits;
    if (shift > 0 && (m & nl_cf_mask((uint32_t)shift)))
      return false; /* payload bits lost */
    m = shift > 0 ? m >> shift : m << -shift;
    *out = (nl_cf_signbit(from, b) ? sign_bit(ft) : 0) |
           (nl_cf_mask((uint32_t)ft.ebits) << ft.mbits) | m;
    return true;
  }
  double v = nl_cf_to_double(from, b);
  uint64_t r = nl_cf_from_double(to, v);
  if (nl_cf_to_double(to, r) != v)
    return false;
  *out = r;
  return true;
}

uint64_t
nl_cf_from_int(const NlCfElem *e, uint64_t v, uint32_t width, bool is_signed)
{
  bool neg = false;
  v &= nl_cf_mask(width);
  if (is_signed && nl_cf_sext(v, width) < 0) {
    neg = true;
    v = (uint64_t)0 - (uint64_t)nl_cf_sext(v, width);
  }
  double d;
  if (e->fkind == NL_F32) {
    float f = (float)v; /* one rounding, to nearest even */
    d = f;
  } else if (e->fkind == NL_F64 || v < (1ull << 53)) {
    d = (double)v; /* f64: one rounding; narrow formats: exact here */
  } else {
    /* Keep a sticky bit so that the rounding to a narrow format, which
     * keeps far fewer than 53 bits, happens once. */
    int drop = 64 - __builtin_clzll(v) - 53;
    uint64_t kept = v >> drop;
    if (v & nl_cf_mask((uint32_t)drop))
      kept |= 1;
    d = ldexp((double)kept, drop);
  }
  return nl_cf_from_double(e, neg ? -d : d);
}

bool
nl_cf_to_int(const NlCfElem *e, uint64_t b, uint32_t width, bool is_signed,
             uint64_t *out)
{
  double v = nl_cf_to_double(e, b);
  if (isnan(v) || isinf(v))
    return false;
  v = trunc(v);
  double lo = is_signed ? -ldexp(1.0, (int)width - 1) : 0.0;
  double hi = ldexp(1.0, is_signed ? (int)width - 1 : (int)width);
  if (v < lo || v >= hi)
    return false;
  *out = (v < 0 ? (uint64_t)(int64_t)v : (uint64_t)v) & nl_cf_mask(width);
  return true;
}

/* ---- views of constant attributes ---------------------------------------- */

typedef struct View {
  NlCfElem e;
  bool scalar;
  bool splat;   /* one element for every index */
  int64_t n;    /* elements (1 for scalars) */
  size_t esize; /* bytes per dense element */
  const unsigned char *data;
  uint64_t bits; /* the scalar's bits */
  NlType *shape; /* shaped type of a dense attribute */
} View;

static bool
view_of(const NlAttr *a, View *v)
{
  memset(v, 0, sizeof *v);
  if (!a || !a->type)
    return false;
  switch ((NlAttrKind)a->kind) {
  case NL_ATTR_INTEGER:
    if (!nl_cf_elem(a->type, &v->e) || v->e.is_float)
      return false;
    v->scalar = v->splat = true;
    v->n = 1;
    v->bits = a->integer.words[0] & nl_cf_mask(v->e.width);
    return true;
  case NL_ATTR_FLOAT:
    if (!nl_cf_elem(a->type, &v->e) || !v->e.is_float)
      return false;
    v->scalar = v->splat = true;
    v->n = 1;
    v->bits = a->flt.bits[0] & nl_cf_mask(v->e.width);
    return true;
  case NL_ATTR_DENSE:
    if (!nl_cf_elem(a->type->shaped.elem, &v->e))
      return false;
    v->shape = a->type;
    v->n = nl_type_num_elements(a->type);
    v->splat = a->dense.splat;
    v->esize = nl_dense_elem_size(v->e.type);
    v->data = a->dense.data;
    return v->n >= 0 && v->esize > 0 && v->esize <= 8;
  default:
    return false;
  }
}

static uint64_t
view_get(const View *v, int64_t i)
{
  if (v->scalar)
    return v->bits;
  uint64_t x = 0;
  memcpy(&x, v->data + (v->splat ? 0 : (size_t)i * v->esize), v->esize);
  return x & nl_cf_mask(v->e.width); /* little-endian host */
}

static NlAttr *
scalar_attr(NlContext *ctx, const NlCfElem *e, uint64_t bits)
{
  if (e->is_float) {
    uint64_t w[2] = {bits & nl_cf_mask(e->width), 0};
    return nl_attr_float_bits(ctx, e->type, w);
  }
  return nl_attr_integer(ctx, e->type, (int64_t)(bits & nl_cf_mask(e->width)));
}

static void
store(unsigned char *p, size_t esize, const NlCfElem *e, uint64_t bits)
{
  bits &= nl_cf_mask(e->width);
  memcpy(p, &bits, esize); /* little-endian host; the core normalizes */
}

NlAttr *
nl_cf_splat_attr(NlContext *ctx, NlType *t, uint64_t bits)
{
  NlCfElem e;
  if (t->kind == NL_TYPE_INTEGER && t->integer.width > 64)
    return nl_attr_integer(ctx, t, (int64_t)bits); /* sign-extended */
  if (!nl_type_is_shaped(t))
    return nl_cf_elem(t, &e) ? scalar_attr(ctx, &e, bits) : NULL;
  if (t->kind == NL_TYPE_MEMREF || !nl_type_has_static_shape(t) ||
      !nl_cf_elem(t->shaped.elem, &e))
    return NULL;
  size_t esize = nl_dense_elem_size(e.type);
  unsigned char buf[8];
  store(buf, esize, &e, bits);
  return nl_attr_dense(ctx, t, true, buf, esize);
}

/* ---- the elementwise map ------------------------------------------------- */

#define MAX_INS 4

NlAttr *
nl_cf_apply(NlContext *ctx, NlType *rtype, NlAttr *const *ins, uint32_t n,
            NlCfFn fn, void *ud)
{
  View v[MAX_INS];
  NlCfElem in[MAX_INS], out;
  nl_assert(n >= 1 && n <= MAX_INS);
  bool all_splat = true, any_scalar = false, any_shaped = false;
  for (uint32_t i = 0; i < n; i++) {
    if (!view_of(ins[i], &v[i]))
      return NULL;
    in[i] = v[i].e;
    all_splat &= v[i].splat;
    any_scalar |= v[i].scalar;
    any_shaped |= !v[i].scalar;
  }
  if (any_scalar && any_shaped)
    return NULL;
  uint64_t x[MAX_INS], r;
  if (any_scalar) {
    if (nl_type_is_shaped(rtype) || !nl_cf_elem(rtype, &out))
      return NULL;
    for (uint32_t i = 0; i < n; i++)
      x[i] = v[i].bits;
    if (!fn(in, x, &out, &r, ud))
      return NULL;
    return scalar_attr(ctx, &out, r);
  }
  if (rtype->kind != NL_TYPE_VECTOR && rtype->kind != NL_TYPE_TENSOR)
    return NULL;
  int64_t count = nl_type_num_elements(rtype);
  if (count < 0 || !nl_cf_elem(rtype->shaped.elem, &out))
    return NULL;
  for (uint32_t i = 0; i < n; i++)
    if (v[i].n != count)
      return NULL;
  size_t esize = nl_dense_elem_size(out.type);
  if (all_splat || count == 0) {
    for (uint32_t i = 0; i < n; i++)
      x[i] = view_get(&v[i], 0);
    if (count && !fn(in, x, &out, &r, ud))
      return NULL;
    if (!count)
      return nl_attr_dense(ctx, rtype, false, NULL, 0);
    unsigned char buf[8];
    store(buf, esize, &out, r);
    return nl_attr_dense(ctx, rtype, true, buf, esize);
  }
  unsigned char *buf = nl_xmalloc((size_t)count * esize);
  for (int64_t k = 0; k < count; k++) {
    for (uint32_t i = 0; i < n; i++)
      x[i] = view_get(&v[i], k);
    if (!fn(in, x, &out, &r, ud)) {
      free(buf);
      return NULL;
    }
    store(buf + (size_t)k * esize, esize, &out, r);
  }
  NlAttr *a = nl_attr_dense(ctx, rtype, false, buf, (size_t)count * esize);
  free(buf);
  return a;
}

/* ---- matchers ------------------------------------------------------------ */

bool
nl_cf_splat_value(const NlAttr *a, NlCfElem *e, uint64_t *bits)
{
  View v;
  if (!view_of(a, &v) || !v.splat || (!v.scalar && v.n == 0))
    return false;
  *e = v.e;
  *bits = view_get(&v, 0);
  return true;
}

/* A scalar integer wider than 64 bits equal to want sign-extended. */
static bool
wide_int_is(const NlAttr *a, uint64_t want)
{
  uint32_t width = nl_type_bitwidth(a->type), n = a->integer.nwords;
  uint64_t fill = (int64_t)want < 0 ? ~0ull : 0;
  if (a->integer.words[0] != want)
    return false;
  for (uint32_t i = 1; i < n; i++) {
    uint64_t w = fill;
    if (i == n - 1 && width % 64)
      w &= nl_cf_mask(width % 64);
    if (a->integer.words[i] != w)
      return false;
  }
  return true;
}

bool
nl_cf_is_int(const NlAttr *a, uint64_t want)
{
  NlCfElem e;
  uint64_t b;
  if (a && a->kind == NL_ATTR_INTEGER && a->integer.nwords > 1)
    return wide_int_is(a, want);
  return nl_cf_splat_value(a, &e, &b) && !e.is_float &&
         b == (want & nl_cf_mask(e.width));
}

bool
nl_cf_is_all_ones(const NlAttr *a)
{
  return nl_cf_is_int(a, ~0ull);
}

bool
nl_cf_is_float(const NlAttr *a, int what)
{
  NlCfElem e;
  uint64_t b;
  if (!nl_cf_splat_value(a, &e, &b) || !e.is_float)
    return false;
  switch (what) {
  case NL_CF_POS_ZERO:
    return b == 0;
  case NL_CF_NEG_ZERO:
    return b == nl_cf_neg(&e, 0);
  case NL_CF_ONE:
    return b == nl_cf_from_double(&e, 1.0);
  case NL_CF_NAN:
    return nl_cf_isnan(&e, b);
  case NL_CF_POS_INF:
    return nl_cf_isinf(&e, b) && !nl_cf_signbit(&e, b);
  case NL_CF_NEG_INF:
    return nl_cf_isinf(&e, b) && nl_cf_signbit(&e, b);
  }
  return false;
}
