/*
 * Conversions between double and the bit patterns of every builtin float
 * format (f16, bf16, f32, tf32, the f8 formats, f80, f128). Rounding is
 * round-to-nearest-even straight from the double, never through an
 * intermediate format, so results match APFloat. Used by float attributes
 * and available to the printer and folders through internal.h.
 */
#include <math.h>
#include <string.h>

#include "internal.h"

/* Layout of a "small" binary format: sign, ebits exponent, mbits fraction.
 * nan_only formats (f8E4M3FN) have no infinities and a single NaN pattern
 * per sign (all exponent and fraction bits set). */
typedef struct SmallFormat {
  int ebits, mbits;
  bool nan_only;
} SmallFormat;

static bool
small_format(NlFloatKind k, SmallFormat *f)
{
  switch (k) {
  case NL_F16:
    *f = (SmallFormat){5, 10, false};
    return true;
  case NL_BF16:
    *f = (SmallFormat){8, 7, false};
    return true;
  case NL_F32:
    *f = (SmallFormat){8, 23, false};
    return true;
  case NL_TF32:
    *f = (SmallFormat){8, 10, false};
    return true;
  case NL_F8E5M2:
    *f = (SmallFormat){5, 2, false};
    return true;
  case NL_F8E4M3FN:
    *f = (SmallFormat){4, 3, true};
    return true;
  default:
    return false;
  }
}

/* Splits a finite nonzero double into sig (53 bits, top bit set) and
 * unbiased exponent E so that |v| = sig * 2^(E - 52). */
static void
split_double(uint64_t d, uint64_t *sig, int64_t *E)
{
  int e = (int)((d >> 52) & 0x7ff);
  uint64_t m = d & ((1ull << 52) - 1);
  if (e == 0) {
    int64_t ex = -1022;
    while (!(m & (1ull << 52))) {
      m <<= 1;
      ex--;
    }
    *sig = m;
    *E = ex;
  } else {
    *sig = m | (1ull << 52);
    *E = e - 1023;
  }
}

static uint64_t
encode_small(double v, SmallFormat f)
{
  uint64_t d;
  memcpy(&d, &v, sizeof d);
  int total = f.ebits + f.mbits;
  uint64_t sbit = (d >> 63) << total;
  uint64_t emax = (1ull << f.ebits) - 1;
  uint64_t mmask = (1ull << f.mbits) - 1;
  uint64_t nan = f.nan_only
                     ? sbit | ((1ull << total) - 1)
                     : sbit | (emax << f.mbits) | (1ull << (f.mbits - 1));
  uint64_t inf = f.nan_only ? nan : sbit | (emax << f.mbits);
  int dexp = (int)((d >> 52) & 0x7ff);
  if (dexp == 0x7ff)
    return (d & ((1ull << 52) - 1)) ? nan : inf;
  if ((d << 1) == 0)
    return sbit;

  uint64_t sig;
  int64_t E;
  split_double(d, &sig, &E);
  int64_t bias = (1 << (f.ebits - 1)) - 1;
  int64_t emin = 1 - bias;
  int64_t shift = 52 - f.mbits + (E < emin ? emin - E : 0);
  uint64_t q = 0;
  if (shift < 64) {
    uint64_t rem = sig & ((1ull << shift) - 1);
    uint64_t half = 1ull << (shift - 1);
    q = sig >> shift;
    if (rem > half || (rem == half && (q & 1)))
      q++;
  }
  if (E < emin) /* subnormal; q == 2^mbits is the smallest normal */
    return sbit | q;
  if (q >> (f.mbits + 1)) {
    q >>= 1;
    E++;
  }
  int64_t field = E + bias;
  uint64_t mant = q & mmask;
  if (!f.nan_only && field >= (int64_t)emax)
    return inf;
  if (f.nan_only &&
      (field > (int64_t)emax || (field == (int64_t)emax && mant == mmask)))
    return nan;
  return sbit | ((uint64_t)field << f.mbits) | mant;
}

static double
decode_small(uint64_t bits, SmallFormat f)
{
  int total = f.ebits + f.mbits;
  bool neg = (bits >> total) & 1;
  uint64_t emax = (1ull << f.ebits) - 1;
  uint64_t mmask = (1ull << f.mbits) - 1;
  uint64_t field = (bits >> f.mbits) & emax;
  uint64_t mant = bits & mmask;
  int bias = (1 << (f.ebits - 1)) - 1;
  double v;
  if (!f.nan_only && field == emax)
    v = mant ? NAN : INFINITY;
  else if (f.nan_only && field == emax && mant == mmask)
    v = NAN;
  else if (field == 0)
    v = ldexp((double)mant, 1 - bias - f.mbits);
  else
    v = ldexp((double)(mant | (1ull << f.mbits)), (int)field - bias - f.mbits);
  return neg ? -v : v;
}

/* x87 80-bit extended: bits[0] is the 64-bit significand with its explicit
 * integer bit, bits[1] holds sign and 15-bit exponent (APFloat's layout). */
static void
encode_f80(double v, uint64_t bits[2])
{
  uint64_t d;
  memcpy(&d, &v, sizeof d);
  uint64_t sign = (d >> 63) << 15;
  int dexp = (int)((d >> 52) & 0x7ff);
  if (dexp == 0x7ff) {
    bool isnan = (d & ((1ull << 52) - 1)) != 0;
    bits[0] = isnan ? 0xC000000000000000ull : 0x8000000000000000ull;
    bits[1] = sign | 0x7fff;
    return;
  }
  if ((d << 1) == 0) {
    bits[0] = 0;
    bits[1] = sign;
    return;
  }
  uint64_t sig;
  int64_t E;
  split_double(d, &sig, &E);
  bits[0] = sig << 11;
  bits[1] = sign | (uint64_t)(E + 16383);
}

static double
decode_f80(const uint64_t bits[2])
{
  bool neg = (bits[1] >> 15) & 1;
  int field = (int)(bits[1] & 0x7fff);
  uint64_t m = bits[0];
  double v;
  if (field == 0x7fff)
    v = (m & 0x7fffffffffffffffull) ? NAN : INFINITY;
  else
    v = ldexp((double)m, (field ? field : 1) - 16383 - 63);
  return neg ? -v : v;
}

/* IEEE binary128: bits[1] holds sign, 15-bit exponent and the top 48
 * fraction bits; bits[0] the low 64 fraction bits. */
static void
encode_f128(double v, uint64_t bits[2])
{
  uint64_t d;
  memcpy(&d, &v, sizeof d);
  uint64_t sign = (d >> 63) << 63;
  int dexp = (int)((d >> 52) & 0x7ff);
  if (dexp == 0x7ff) {
    bool isnan = (d & ((1ull << 52) - 1)) != 0;
    bits[0] = 0;
    bits[1] = sign | (0x7fffull << 48) | (isnan ? 1ull << 47 : 0);
    return;
  }
  if ((d << 1) == 0) {
    bits[0] = 0;
    bits[1] = sign;
    return;
  }
  uint64_t sig;
  int64_t E;
  split_double(d, &sig, &E);
  uint64_t frac = sig & ((1ull << 52) - 1);
  bits[0] = frac << 60;
  bits[1] = sign | ((uint64_t)(E + 16383) << 48) | (frac >> 4);
}

static double
decode_f128(const uint64_t bits[2])
{
  bool neg = bits[1] >> 63;
  int field = (int)((bits[1] >> 48) & 0x7fff);
  uint64_t hi = bits[1] & ((1ull << 48) - 1);
  uint64_t lo = bits[0];
  double v;
  if (field == 0x7fff) {
    v = (hi | lo) ? NAN : INFINITY;
  } else {
    int e = (field ? field : 1) - 16383;
    if (field)
      hi |= 1ull << 48;
    v = ldexp((double)hi, e - 48) + ldexp((double)lo, e - 112);
  }
  return neg ? -v : v;
}

void
nl_float_encode(NlFloatKind k, double v, uint64_t bits[2])
{
  SmallFormat f;
  bits[0] = bits[1] = 0;
  if (small_format(k, &f)) {
    bits[0] = encode_small(v, f);
  } else if (k == NL_F64) {
    memcpy(&bits[0], &v, sizeof v);
  } else if (k == NL_F80) {
    encode_f80(v, bits);
  } else if (k == NL_F128) {
    encode_f128(v, bits);
  }
}

double
nl_float_decode(NlFloatKind k, const uint64_t bits[2])
{
  SmallFormat f;
  if (small_format(k, &f))
    return decode_small(bits[0], f);
  if (k == NL_F64) {
    double v;
    memcpy(&v, &bits[0], sizeof v);
    return v;
  }
  if (k == NL_F80)
    return decode_f80(bits);
  if (k == NL_F128)
    return decode_f128(bits);
  return 0;
}

void
nl_float_mask_bits(NlFloatKind k, uint64_t bits[2])
{
  SmallFormat f;
  if (small_format(k, &f)) {
    bits[0] &= (1ull << (f.ebits + f.mbits + 1)) - 1; /* + sign */
    bits[1] = 0;
  } else if (k == NL_F64) {
    bits[1] = 0;
  } else if (k == NL_F80) {
    bits[1] &= 0xffff;
  }
}
