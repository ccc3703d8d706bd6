/*
 * Number formatting for the printer: floats the way MLIR prints them
 * (APFloat::toString with 6 digits when that reads back bit-exactly, else
 * the shortest default form, else the hexadecimal bit pattern) and
 * arbitrary-width integers in decimal. Exact big-integer arithmetic, no
 * libc float formatting, so every format (f16 ... f128, f8) behaves alike;
 * only the read-back check of f32 and f64 uses hardware floats and libc's
 * exact strtof/strtod.
 */
#include <errno.h>
#include <float.h>
#include <stdlib.h>

#include "printer.h"

/* ---- a fixed-capacity big integer ------------------------------------------
 * BIG_WORDS is enough for the largest intermediate: an f128 subnormal times
 * 5^16494 (about 38,400 bits) plus headroom for the read-back division.
 * Formats of up to 64 bits never need more than SMALL_WORDS (an f64
 * subnormal times 5^1074 is about 2,550 bits), which fit on the stack. */
enum { BIG_WORDS = 1300, SMALL_WORDS = 96 };

typedef struct Big {
  uint32_t n;   /* used words; w[n-1] != 0 unless n == 0 */
  uint32_t cap; /* words available in w */
  uint32_t *w;
} Big;

static void
big_trim(Big *b)
{
  while (b->n && b->w[b->n - 1] == 0)
    b->n--;
}

static void
big_set_u128(Big *b, uint64_t lo, uint64_t hi)
{
  b->w[0] = (uint32_t)lo;
  b->w[1] = (uint32_t)(lo >> 32);
  b->w[2] = (uint32_t)hi;
  b->w[3] = (uint32_t)(hi >> 32);
  b->n = 4;
  big_trim(b);
}

static uint32_t
big_bits(const Big *b)
{
  if (!b->n)
    return 0;
  uint32_t top = b->w[b->n - 1];
  return (b->n - 1) * 32 + (32 - (uint32_t)__builtin_clz(top));
}

static bool
big_bit(const Big *b, uint32_t i)
{
  return i / 32 < b->n && ((b->w[i / 32] >> (i % 32)) & 1);
}

/* Whether any of the bits [0, k) is set. */
static bool
big_low_nonzero(const Big *b, uint32_t k)
{
  for (uint32_t i = 0; i < k / 32 && i < b->n; i++)
    if (b->w[i])
      return true;
  if (k % 32 && k / 32 < b->n)
    return (b->w[k / 32] & ((1u << (k % 32)) - 1)) != 0;
  return false;
}

static uint32_t
big_ctz(const Big *b)
{
  for (uint32_t i = 0; i < b->n; i++)
    if (b->w[i])
      return i * 32 + (uint32_t)__builtin_ctz(b->w[i]);
  return 0;
}

static void
big_shl(Big *b, uint32_t s)
{
  if (!b->n || !s)
    return;
  uint32_t ws = s / 32, bs = s % 32;
  nl_assert(b->n + ws + 1 <= b->cap);
  b->w[b->n + ws] = 0;
  for (uint32_t i = b->n; i-- > 0;) {
    uint64_t v = (uint64_t)b->w[i] << bs;
    b->w[i + ws + 1] |= (uint32_t)(v >> 32);
    b->w[i + ws] = (uint32_t)v;
  }
  for (uint32_t i = 0; i < ws; i++)
    b->w[i] = 0;
  b->n += ws + 1;
  big_trim(b);
}

static void
big_shr(Big *b, uint32_t s)
{
  uint32_t ws = s / 32, bs = s % 32;
  if (ws >= b->n) {
    b->n = 0;
    return;
  }
  uint32_t n = b->n - ws;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t v = b->w[i + ws];
    if (i + ws + 1 < b->n)
      v |= (uint64_t)b->w[i + ws + 1] << 32;
    b->w[i] = (uint32_t)(v >> bs);
  }
  b->n = n;
  big_trim(b);
}

static void
big_mul_small(Big *b, uint32_t m)
{
  uint64_t carry = 0;
  for (uint32_t i = 0; i < b->n; i++) {
    uint64_t v = (uint64_t)b->w[i] * m + carry;
    b->w[i] = (uint32_t)v;
    carry = v >> 32;
  }
  if (carry) {
    nl_assert(b->n < b->cap);
    b->w[b->n++] = (uint32_t)carry;
  }
}

static void
big_add_small(Big *b, uint32_t a)
{
  uint64_t carry = a;
  for (uint32_t i = 0; i < b->n && carry; i++) {
    uint64_t v = (uint64_t)b->w[i] + carry;
    b->w[i] = (uint32_t)v;
    carry = v >> 32;
  }
  if (carry) {
    nl_assert(b->n < b->cap);
    b->w[b->n++] = (uint32_t)carry;
  }
}

/* b /= d; returns the remainder. */
static uint32_t
big_div_small(Big *b, uint32_t d)
{
  uint64_t rem = 0;
  for (uint32_t i = b->n; i-- > 0;) {
    uint64_t v = (rem << 32) | b->w[i];
    b->w[i] = (uint32_t)(v / d);
    rem = v % d;
  }
  big_trim(b);
  return (uint32_t)rem;
}

/* Multiplies by 5^e (or 10^e with ten). */
static void
big_mul_pow(Big *b, uint32_t e, bool ten)
{
  /* 5^13 and 10^9 are the largest powers that fit in 32 bits. */
  uint32_t chunk = ten ? 9 : 13;
  uint32_t big = ten ? 1000000000u : 1220703125u;
  for (; e >= chunk; e -= chunk)
    big_mul_small(b, big);
  uint32_t m = 1;
  for (; e; e--)
    m *= ten ? 10 : 5;
  if (m != 1)
    big_mul_small(b, m);
}

/* b /= 10^e (truncating). */
static void
big_div_pow10(Big *b, uint32_t e)
{
  for (; e >= 9; e -= 9)
    big_div_small(b, 1000000000u);
  uint32_t m = 1;
  for (; e; e--)
    m *= 10;
  if (m != 1)
    big_div_small(b, m);
}

static int
big_cmp(const Big *a, const Big *b)
{
  if (a->n != b->n)
    return a->n < b->n ? -1 : 1;
  for (uint32_t i = a->n; i-- > 0;)
    if (a->w[i] != b->w[i])
      return a->w[i] < b->w[i] ? -1 : 1;
  return 0;
}

/* a -= b, requires a >= b. */
static void
big_sub(Big *a, const Big *b)
{
  int64_t borrow = 0;
  for (uint32_t i = 0; i < a->n; i++) {
    int64_t v = (int64_t)a->w[i] - (i < b->n ? b->w[i] : 0) - borrow;
    borrow = v < 0;
    a->w[i] = (uint32_t)(v + (borrow ? (int64_t)1 << 32 : 0));
  }
  big_trim(a);
}

/* ---- float formats ------------------------------------------------------- */

typedef struct FloatSem {
  uint32_t width; /* storage bits */
  uint32_t prec;  /* significand bits including the integer bit */
  uint32_t ebits;
  int32_t bias;
  bool explicit_int; /* f80: the integer bit is stored */
  bool nan_only;     /* f8E4M3FN: no infinities, all-ones is NaN */
} FloatSem;

static FloatSem
float_sem(NlFloatKind k)
{
  switch (k) {
  case NL_F16:
    return (FloatSem){16, 11, 5, 15, false, false};
  case NL_BF16:
    return (FloatSem){16, 8, 8, 127, false, false};
  case NL_F32:
    return (FloatSem){32, 24, 8, 127, false, false};
  case NL_F64:
    return (FloatSem){64, 53, 11, 1023, false, false};
  case NL_TF32:
    return (FloatSem){19, 11, 8, 127, false, false};
  case NL_F80:
    return (FloatSem){80, 64, 15, 16383, true, false};
  case NL_F128:
    return (FloatSem){128, 113, 15, 16383, false, false};
  case NL_F8E5M2:
    return (FloatSem){8, 3, 5, 15, false, false};
  case NL_F8E4M3FN:
    return (FloatSem){8, 4, 4, 7, false, true};
  }
  return (FloatSem){32, 24, 8, 127, false, false};
}

uint32_t
nl_pr_float_width(NlFloatKind k)
{
  return float_sem(k).width;
}

typedef enum { FC_ZERO, FC_NORMAL, FC_SPECIAL } FloatClass;

/* A decoded float: value = (-1)^neg * sig * 2^exp, sig < 2^prec. */
typedef struct Decoded {
  FloatClass cls;
  bool neg;
  uint64_t sig_lo, sig_hi;
  int32_t exp;
} Decoded;

/* Extracts bits [lo, lo + n) of the 128-bit pattern, n <= 64. */
static uint64_t
field(const uint64_t bits[2], uint32_t lo, uint32_t n)
{
  uint64_t v;
  if (lo >= 64)
    v = bits[1] >> (lo - 64);
  else if (lo == 0)
    v = bits[0];
  else
    v = (bits[0] >> lo) | (bits[1] << (64 - lo));
  return n >= 64 ? v : v & ((1ull << n) - 1);
}

static Decoded
decode(FloatSem s, const uint64_t bits[2])
{
  Decoded d = {0};
  uint32_t mbits = s.explicit_int ? s.prec : s.prec - 1;
  uint64_t emask = (1ull << s.ebits) - 1;
  uint64_t e = field(bits, mbits, s.ebits);
  d.neg = field(bits, mbits + s.ebits, 1) != 0;
  /* The fraction may be wider than 64 bits (f128). */
  d.sig_lo = field(bits, 0, mbits > 64 ? 64 : mbits);
  d.sig_hi = mbits > 64 ? field(bits, 64, mbits - 64) : 0;
  bool frac_zero = d.sig_lo == 0 && d.sig_hi == 0;
  int32_t emin = 1 - s.bias;
  if (s.nan_only) {
    if (e == emask && d.sig_lo == (1ull << mbits) - 1) {
      d.cls = FC_SPECIAL;
      return d;
    }
  } else if (e == emask) {
    d.cls = FC_SPECIAL;
    return d;
  }
  if (s.explicit_int) {
    /* x87: an unnormal (integer bit clear, exponent nonzero) is a NaN to
     * APFloat; a pseudo-denormal keeps the minimum exponent. */
    if (e != 0 && !(d.sig_lo >> 63)) {
      d.cls = FC_SPECIAL;
      return d;
    }
    if (frac_zero) {
      d.cls = FC_ZERO;
      return d;
    }
    d.cls = FC_NORMAL;
    d.exp = (e ? (int32_t)e - s.bias : emin) - (int32_t)(s.prec - 1);
    return d;
  }
  if (e == 0) {
    if (frac_zero) {
      d.cls = FC_ZERO;
      return d;
    }
    d.cls = FC_NORMAL;
    d.exp = emin - (int32_t)(s.prec - 1);
    return d;
  }
  d.cls = FC_NORMAL;
  if (mbits >= 64)
    d.sig_hi |= 1ull << (mbits - 64);
  else
    d.sig_lo |= 1ull << mbits;
  d.exp = (int32_t)e - s.bias - (int32_t)(s.prec - 1);
  return d;
}

/* ---- APFloat::toString ------------------------------------------------------
 * Digits are produced exactly like LLVM's toStringImpl, including its
 * truncation of excess digits before the final round-half-up, because MLIR's
 * output is defined by it. */

typedef struct DecStr {
  char digits[64]; /* most significant first, no trailing zeros */
  uint32_t ndigits;
  int32_t exp; /* value = (digits read as an integer) * 10^exp */
} DecStr;

static void
to_decimal(const Decoded *d, uint32_t fmt_prec, DecStr *out, Big *b)
{
  int32_t exp = d->exp;
  big_set_u128(b, d->sig_lo, d->sig_hi);
  uint32_t tz = big_ctz(b);
  big_shr(b, tz);
  exp += (int32_t)tz;
  if (exp > 0) {
    big_shl(b, (uint32_t)exp);
    exp = 0;
  } else if (exp < 0) {
    /* N * 2^-e == N * 5^e * 10^-e */
    big_mul_pow(b, (uint32_t)-exp, false);
  }
  /* First adjustment: drop whole digits we certainly will not print. */
  uint32_t bits = big_bits(b);
  uint32_t required = (fmt_prec * 196 + 58) / 59;
  if (bits > required) {
    uint32_t tens = (bits - required) * 59 / 196;
    if (tens) {
      exp += (int32_t)tens;
      big_div_pow10(b, tens);
    }
  }
  /* Extract digits, least significant first, dropping trailing zeros. */
  char rev[80];
  uint32_t n = 0;
  bool trail = true;
  while (b->n) {
    uint32_t chunk = big_div_small(b, 1000000000u);
    for (int i = 0; i < 9; i++) {
      uint32_t dgt = chunk % 10;
      chunk /= 10;
      if (!b->n && !chunk && !dgt)
        break; /* no more significant digits */
      if (trail && !dgt) {
        exp++;
      } else {
        nl_assert(n < sizeof rev);
        rev[n++] = (char)('0' + dgt);
        trail = false;
      }
    }
  }
  /* Second adjustment: round half up to fmt_prec digits. */
  if (n > fmt_prec) {
    uint32_t first = n - fmt_prec;
    if (rev[first - 1] < '5') {
      while (first < n && rev[first] == '0')
        first++;
    } else {
      uint32_t i = first;
      for (; i < n; i++) {
        if (rev[i] == '9') {
          first++;
        } else {
          rev[i]++;
          break;
        }
      }
      if (first == n) {
        exp += (int32_t)first;
        rev[0] = '1';
        n = 1;
        first = 0;
        goto done;
      }
    }
    exp += (int32_t)first;
    memmove(rev, rev + first, n - first);
    n -= first;
  }
done:
  for (uint32_t i = 0; i < n; i++)
    out->digits[i] = rev[n - 1 - i];
  out->ndigits = n;
  out->exp = exp;
}

/* Formats like toStringImpl. max_padding 0 forces scientific notation. */
static void
format_decimal(const DecStr *ds, bool neg, uint32_t fmt_prec,
               uint32_t max_padding, bool truncate_zero, NlBuf *out)
{
  char buf[128];
  size_t n = 0;
  uint32_t nd = ds->ndigits;
  int32_t exp = ds->exp;
  if (neg)
    buf[n++] = '-';
  bool sci;
  if (!max_padding) {
    sci = true;
  } else if (exp >= 0) {
    sci = (uint32_t)exp > max_padding || nd + (uint32_t)exp > fmt_prec;
  } else {
    int32_t msd = exp + (int32_t)nd - 1;
    sci = msd < 0 && (uint32_t)-msd > max_padding;
  }
  if (sci) {
    exp += (int32_t)nd - 1;
    buf[n++] = ds->digits[0];
    buf[n++] = '.';
    if (nd == 1 && truncate_zero)
      buf[n++] = '0';
    for (uint32_t i = 1; i < nd; i++)
      buf[n++] = ds->digits[i];
    if (!truncate_zero && fmt_prec > nd - 1)
      for (uint32_t i = 0; i < fmt_prec - nd + 1; i++)
        buf[n++] = '0';
    buf[n++] = truncate_zero ? 'E' : 'e';
    buf[n++] = exp >= 0 ? '+' : '-';
    uint32_t ue = exp < 0 ? (uint32_t)-exp : (uint32_t)exp;
    char eb[12];
    uint32_t en = 0;
    do {
      eb[en++] = (char)('0' + ue % 10);
      ue /= 10;
    } while (ue);
    if (!truncate_zero && en < 2)
      eb[en++] = '0';
    while (en)
      buf[n++] = eb[--en];
  } else if (exp >= 0) {
    for (uint32_t i = 0; i < nd; i++)
      buf[n++] = ds->digits[i];
    for (int32_t i = 0; i < exp; i++)
      buf[n++] = '0';
  } else {
    int32_t whole = exp + (int32_t)nd;
    uint32_t i = 0;
    if (whole > 0) {
      for (; i < (uint32_t)whole; i++)
        buf[n++] = ds->digits[i];
      buf[n++] = '.';
    } else {
      buf[n++] = '0';
      buf[n++] = '.';
      for (int32_t z = 0; z < -whole; z++)
        buf[n++] = '0';
    }
    for (; i < nd; i++)
      buf[n++] = ds->digits[i];
  }
  nl_buf_append(out, buf, n);
}

/* ---- decimal to binary ------------------------------------------------------
 * Rounds x * 10^dexp (x a big integer) to the format, round to nearest,
 * ties to even, exactly (the way APFloat::convertFromString does). On return
 * x holds the rounded significand m (at most prec bits; 0 for underflow) and
 * *lsb its exponent: the result is m * 2^lsb. */
static void
round_decimal(FloatSem s, Big *x, int64_t dexp, Big *q, int64_t *lsb_out)
{
  int64_t f; /* the value is x * 2^f, plus a little when sticky */
  bool sticky = false;
  if (!x->n) {
    *lsb_out = 0;
    return;
  }
  if (dexp >= 0) {
    big_mul_pow(x, (uint32_t)dexp, true);
    f = 0;
  } else {
    /* x / 10^k = x / 5^k * 2^-k; divide keeping p + 3 quotient bits. */
    uint32_t k = (uint32_t)-dexp;
    q->n = 0;
    big_add_small(q, 1);
    big_mul_pow(q, k, false);
    uint32_t qb = big_bits(q), xb = big_bits(x);
    uint32_t t = s.prec + 3 + qb > xb ? s.prec + 3 + qb - xb : 0;
    big_shl(x, t);
    f = -(int64_t)t - k;
    /* Binary long division: the quotient has only about p + 3 bits (more
     * only when x itself has many digits), so this is cheap. */
    xb = big_bits(x);
    uint32_t shift = xb > qb ? xb - qb : 0;
    uint32_t nq = shift / 32 + 1;
    uint32_t *quo = nl_xcalloc(nq, sizeof *quo);
    big_shl(q, shift);
    for (uint32_t i = shift + 1; i-- > 0;) {
      if (big_cmp(x, q) >= 0) {
        big_sub(x, q);
        quo[i / 32] |= 1u << (i % 32);
      }
      big_shr(q, 1);
    }
    sticky = x->n != 0;
    nl_assert(nq <= x->cap);
    memcpy(x->w, quo, nq * sizeof *quo);
    x->n = nq;
    big_trim(x);
    free(quo);
  }
  int32_t emin = 1 - s.bias;
  int64_t top = (int64_t)big_bits(x) - 1 + f;
  int64_t lsb = top - (int64_t)(s.prec - 1);
  int64_t min_lsb = (int64_t)emin - (int64_t)(s.prec - 1);
  if (lsb < min_lsb)
    lsb = min_lsb;
  int64_t drop = lsb - f;
  if (drop > 0) {
    if (drop > (int64_t)big_bits(x) + 1) {
      x->n = 0; /* far below the smallest subnormal */
    } else {
      uint32_t dr = (uint32_t)drop;
      bool half = big_bit(x, dr - 1);
      bool rest = sticky || big_low_nonzero(x, dr - 1);
      big_shr(x, dr);
      if (half && (rest || big_bit(x, 0)))
        big_add_small(x, 1);
      if (big_bits(x) > s.prec) {
        big_shr(x, 1);
        lsb++;
      }
    }
  } else {
    big_shl(x, (uint32_t)-drop);
  }
  *lsb_out = lsb;
}

/* reads_back for f32 and f64, in the format's own hardware arithmetic: an
 * integer of at most 7 (f32) or 15 (f64) digits is exact, and so are
 * powers of ten up to 10^10 (f32) or 10^22 (f64), so one IEEE multiply or
 * divide rounds correctly (Clinger's fast path). Otherwise glibc's
 * strtof/strtod, which also round correctly. Both round to nearest, ties to
 * even, subnormals included, exactly like round_decimal, at a fraction of
 * its bit-by-bit division's cost. */
static bool
reads_back_hw(FloatSem s, const Decoded *d, const DecStr *ds)
{
  static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  bool f32 = s.width == 32;
  uint32_t ae = (uint32_t)(ds->exp < 0 ? -ds->exp : ds->exp);
  uint64_t rb[2] = {0, 0};
  /* (Only where float arithmetic is done in the type's own precision.) */
  if (FLT_EVAL_METHOD == 0 && ds->ndigits <= (f32 ? 7u : 15u) &&
      ae <= (f32 ? 10u : 22u)) {
    uint64_t m = 0;
    for (uint32_t i = 0; i < ds->ndigits; i++)
      m = m * 10 + (uint64_t)(ds->digits[i] - '0');
    if (f32) {
      float v = (float)m, p = (float)p10[ae];
      v = ds->exp < 0 ? v / p : v * p;
      uint32_t u;
      memcpy(&u, &v, sizeof u);
      rb[0] = u;
    } else {
      double v = (double)m;
      v = ds->exp < 0 ? v / p10[ae] : v * p10[ae];
      memcpy(&rb[0], &v, sizeof rb[0]);
    }
  } else {
    /* "DIGITSe[-]EXP": no '.', so the locale does not matter. */
    char buf[96];
    size_t n = ds->ndigits;
    nl_assert(n < 64);
    memcpy(buf, ds->digits, n);
    buf[n++] = 'e';
    if (ds->exp < 0)
      buf[n++] = '-';
    char eb[12];
    uint32_t en = 0;
    do {
      eb[en++] = (char)('0' + ae % 10);
      ae /= 10;
    } while (ae);
    while (en)
      buf[n++] = eb[--en];
    buf[n] = 0;
    int saved = errno; /* ERANGE on underflow is no error here */
    if (f32) {
      float v = strtof(buf, NULL);
      uint32_t u;
      memcpy(&u, &v, sizeof u);
      rb[0] = u;
    } else {
      double v = strtod(buf, NULL);
      memcpy(&rb[0], &v, sizeof rb[0]);
    }
    errno = saved;
  }
  Decoded r = decode(s, rb);
  return r.cls == FC_NORMAL && r.sig_lo == d->sig_lo && r.exp == d->exp;
}

/* Whether the decimal ds reads back (in format s) as the decoded value. */
static bool
reads_back(FloatSem s, const Decoded *d, const DecStr *ds, Big *x, Big *q)
{
  if (d->cls == FC_ZERO)
    return true; /* the digits are all zero and the sign is printed */
  if ((s.width == 32 && s.prec == 24) || (s.width == 64 && s.prec == 53))
    return reads_back_hw(s, d, ds);
  x->n = 0;
  for (uint32_t i = 0; i < ds->ndigits; i++) {
    big_mul_small(x, 10);
    big_add_small(x, (uint32_t)(ds->digits[i] - '0'));
  }
  int64_t lsb;
  round_decimal(s, x, ds->exp, q, &lsb);
  if (!x->n)
    return false;
  /* Compare with the decoded value, both without trailing zero bits. */
  Big *y = q;
  big_set_u128(y, d->sig_lo, d->sig_hi);
  int64_t yl = d->exp;
  uint32_t ytz = big_ctz(y), xtz = big_ctz(x);
  big_shr(y, ytz);
  big_shr(x, xtz);
  return yl + ytz == lsb + xtz && big_cmp(x, y) == 0;
}

/* Sets bit i of a 128-bit pattern. */
static void
put_bits(uint64_t bits[2], uint32_t lo, uint64_t v)
{
  if (lo >= 64) {
    bits[1] |= v << (lo - 64);
  } else {
    bits[0] |= v << lo;
    if (lo)
      bits[1] |= v >> (64 - lo);
  }
}

/* The bit pattern of the rounded value m * 2^lsb (sign neg). */
static void
encode(FloatSem s, const Big *m, int64_t lsb, bool neg, uint64_t bits[2])
{
  uint32_t mbits = s.explicit_int ? s.prec : s.prec - 1;
  uint64_t emask = (1ull << s.ebits) - 1;
  bits[0] = bits[1] = 0;
  uint64_t exp_field = 0;
  uint64_t lo = 0, hi = 0;
  if (m->n) {
    uint32_t nb = big_bits(m);
    int64_t top = (int64_t)nb - 1 + lsb;
    int64_t emax = s.nan_only ? (int64_t)emask - s.bias : s.bias;
    lo = m->w[0] | (m->n > 1 ? (uint64_t)m->w[1] << 32 : 0);
    hi = (m->n > 2 ? m->w[2] : 0) | (m->n > 3 ? (uint64_t)m->w[3] << 32 : 0);
    bool all_ones = s.nan_only && lo == (1ull << s.prec) - 1;
    if (top > emax || (s.nan_only && top == emax && all_ones)) {
      /* Overflow: infinity, or NaN for formats without one. */
      exp_field = emask;
      lo = s.nan_only ? (1ull << mbits) - 1 : (s.explicit_int ? 1ull << 63 : 0);
      hi = 0;
    } else if (nb == s.prec) {
      exp_field = (uint64_t)(top + s.bias);
      if (!s.explicit_int) {
        /* drop the implicit bit */
        if (mbits >= 64)
          hi &= (1ull << (mbits - 64)) - 1;
        else
          lo &= (1ull << mbits) - 1;
      }
    }
  }
  put_bits(bits, 0, lo);
  if (mbits > 64)
    put_bits(bits, 64, hi);
  put_bits(bits, mbits, exp_field);
  if (neg)
    put_bits(bits, mbits + s.ebits, 1);
}

bool
nl_float_from_decimal(NlFloatKind k, const char *str, size_t len,
                      uint64_t bits[2])
{
  FloatSem s = float_sem(k);
  size_t i = 0;
  bool neg = false;
  if (i < len && (str[i] == '-' || str[i] == '+'))
    neg = str[i++] == '-';
  /* Keep at most this many significant digits; a nonzero tail beyond them
   * becomes a trailing 1 so that it still breaks ties correctly. */
  enum { MAX_DIGITS = 800 };
  uint32_t *words = nl_xmalloc(2 * BIG_WORDS * sizeof *words);
  Big b[2] = {{0, BIG_WORDS, words}, {0, BIG_WORDS, words + BIG_WORDS}};
  Big *x = &b[0];
  uint32_t kept = 0;
  bool tail = false, any = false, dot = false;
  int64_t dexp = 0;
  for (; i < len; i++) {
    char c = str[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9')
      break;
    any = true;
    if (kept == 0 && c == '0') {
      if (dot)
        dexp--;
      continue;
    }
    if (kept < MAX_DIGITS) {
      big_mul_small(x, 10);
      big_add_small(x, (uint32_t)(c - '0'));
      kept++;
      if (dot)
        dexp--;
    } else {
      tail |= c != '0';
      if (!dot)
        dexp++;
    }
  }
  if (i < len && (str[i] == 'e' || str[i] == 'E')) {
    i++;
    bool eneg = false;
    if (i < len && (str[i] == '-' || str[i] == '+'))
      eneg = str[i++] == '-';
    int64_t e = 0;
    bool edigits = false;
    for (; i < len && str[i] >= '0' && str[i] <= '9'; i++) {
      edigits = true;
      if (e < 1000000000)
        e = e * 10 + (str[i] - '0');
    }
    if (!edigits)
      any = false;
    dexp += eneg ? -e : e;
  }
  if (!any || i != len) {
    free(words);
    return false;
  }
  if (tail) {
    big_mul_small(x, 10);
    big_add_small(x, 1);
    dexp--;
  }
  /* Values far outside every format's range: no arithmetic needed. */
  int64_t mag = dexp + kept;
  if (x->n && mag > 5000) {
    uint32_t one = 1;
    Big inf = {1, 1, &one};
    encode(s, &inf, 100000, neg, bits);
  } else if (!x->n || mag < -5000) {
    Big zero = {0, 0, NULL};
    encode(s, &zero, 0, neg, bits);
  } else {
    int64_t lsb;
    round_decimal(s, x, dexp, &b[1], &lsb);
    encode(s, x, lsb, neg, bits);
  }
  free(words);
  return true;
}

static void
print_hex_bits(NlBuf *out, FloatSem s, const uint64_t bits[2])
{
  static const char hex[] = "0123456789ABCDEF";
  char buf[40];
  size_t n = 0;
  uint64_t w[2] = {bits[0], s.width > 64 ? bits[1] : 0};
  if (s.width < 64)
    w[0] &= (1ull << s.width) - 1;
  if (s.width > 64 && s.width < 128)
    w[1] &= (1ull << (s.width - 64)) - 1;
  buf[n++] = '0';
  buf[n++] = 'x';
  bool started = false;
  for (int i = 31; i >= 0; i--) {
    uint32_t nib = (uint32_t)(w[i / 16] >> ((i % 16) * 4)) & 15;
    if (nib || started || i == 0) {
      buf[n++] = hex[nib];
      started = true;
    }
  }
  nl_buf_append(out, buf, n);
}

void
nl_pr_float(NlBuf *out, NlFloatKind k, const uint64_t bits[2], bool *hex)
{
  FloatSem s = float_sem(k);
  Decoded d = decode(s, bits);
  if (hex)
    *hex = false;
  if (d.cls == FC_ZERO) {
    nl_buf_puts(out, d.neg ? "-0.000000e+00" : "0.000000e+00");
    return;
  }
  if (d.cls == FC_NORMAL) {
    /* Wide formats need big integers: keep those off the stack. */
    uint32_t small[2 * SMALL_WORDS];
    uint32_t cap = s.width <= 64 ? SMALL_WORDS : BIG_WORDS;
    uint32_t *words =
        s.width <= 64 ? small : nl_xmalloc(2 * BIG_WORDS * sizeof *words);
    Big b[2] = {{0, cap, words}, {0, cap, words + cap}};
    DecStr ds;
    to_decimal(&d, 6, &ds, &b[0]);
    if (reads_back(s, &d, &ds, &b[0], &b[1])) {
      format_decimal(&ds, d.neg, 6, 0, false, out);
      if (words != small)
        free(words);
      return;
    }
    /* The shortest form APFloat prints by default; MLIR uses it when it
     * has a '.' (so that it lexes as a float). */
    uint32_t prec = 2 + s.prec * 59 / 196;
    to_decimal(&d, prec, &ds, &b[0]);
    bool ok = reads_back(s, &d, &ds, &b[0], &b[1]);
    if (words != small)
      free(words);
    if (ok) {
      size_t start = out->len;
      format_decimal(&ds, d.neg, prec, 3, true, out);
      if (memchr(out->data + start, '.', out->len - start))
        return;
      out->len = start;
      out->data[start] = 0;
    }
  }
  if (hex)
    *hex = true;
  print_hex_bits(out, s, bits);
}

/* ---- integers ------------------------------------------------------------ */

void
nl_pr_apint(NlBuf *out, const uint64_t *words, uint32_t nwords, uint32_t width,
            bool is_signed)
{
  if (!width) {
    nl_buf_putc(out, '0');
    return;
  }
  uint32_t need = (width + 63) / 64;
  /* Fast path: fits in 64 bits. */
  if (need == 1) {
    uint64_t v = nwords ? words[0] : 0;
    if (width < 64)
      v &= (1ull << width) - 1;
    bool neg = is_signed && ((v >> (width - 1)) & 1);
    char tmp[24];
    char *e = tmp + sizeof tmp, *p = e;
    uint64_t m = v;
    if (neg)
      m = width < 64 ? ((1ull << width) - v) : 0 - v;
    do {
      *--p = (char)('0' + m % 10);
      m /= 10;
    } while (m);
    if (neg)
      *--p = '-';
    nl_buf_append(out, p, (size_t)(e - p));
    return;
  }
  /* Wide: copy into 32-bit words, negate if needed, divide by 10^9. */
  uint32_t n32 = need * 2;
  uint32_t *w = nl_xcalloc(n32, sizeof *w);
  for (uint32_t i = 0; i < need && i < nwords; i++) {
    w[2 * i] = (uint32_t)words[i];
    w[2 * i + 1] = (uint32_t)(words[i] >> 32);
  }
  if (width % 32)
    w[(width - 1) / 32] &= (1u << (width % 32)) - 1;
  for (uint32_t i = (width + 31) / 32; i < n32; i++)
    w[i] = 0;
  uint32_t top = width - 1;
  bool neg = is_signed && ((w[top / 32] >> (top % 32)) & 1);
  if (neg) {
    /* Two's complement within the width. */
    uint64_t carry = 1;
    for (uint32_t i = 0; i < n32; i++) {
      uint64_t v = (uint64_t)(uint32_t)~w[i] + carry;
      w[i] = (uint32_t)v;
      carry = v >> 32;
    }
    if (width % 32)
      w[(width - 1) / 32] &= (1u << (width % 32)) - 1;
    for (uint32_t i = (width + 31) / 32; i < n32; i++)
      w[i] = 0;
  }
  uint32_t n = n32;
  while (n && !w[n - 1])
    n--;
  /* Chunks of 9 digits, least significant first. */
  uint32_t *chunks = nl_xmalloc((n32 * 10 / 9 + 2) * sizeof *chunks);
  uint32_t nchunks = 0;
  while (n) {
    uint64_t rem = 0;
    for (uint32_t i = n; i-- > 0;) {
      uint64_t v = (rem << 32) | w[i];
      w[i] = (uint32_t)(v / 1000000000u);
      rem = v % 1000000000u;
    }
    chunks[nchunks++] = (uint32_t)rem;
    while (n && !w[n - 1])
      n--;
  }
  if (neg)
    nl_buf_putc(out, '-');
  if (!nchunks)
    nl_buf_putc(out, '0');
  for (uint32_t i = nchunks; i-- > 0;)
    nl_buf_printf(out, i == nchunks - 1 ? "%u" : "%09u", chunks[i]);
  free(chunks);
  free(w);
}
