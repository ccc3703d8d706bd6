/*
 * Elementwise comparison of an output with its reference (DESIGN.md
 * section 6): floats pass when |got - ref| <= atol + rtol * |ref| (NaN
 * where the reference has NaN, the same infinity where it has one);
 * integers and bools must be equal. One line per output.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "run.h"

/* The worst mismatch seen so far. */
typedef struct Worst {
  size_t count, index;
  double score; /* |diff| (infinity for NaN/inf mismatches) */
  bool any;
} Worst;

static void
note(Worst *w, size_t i, double score)
{
  w->count++;
  if (!w->any || score > w->score) {
    w->any = true;
    w->score = score;
    w->index = i;
  }
}

/* Integers compared exactly, as 64-bit values of the right signedness. */
static uint64_t
get_bits(const NrTensor *t, size_t i)
{
  uint64_t v = 0;
  memcpy(&v, (const uint8_t *)t->data + i * t->esize, t->esize);
  return v;
}

static void
index_str(const NrTensor *t, size_t flat, char *buf, size_t size)
{
  size_t k = 0;
  int w = snprintf(buf, size, "[");
  k = w > 0 ? (size_t)w : 0;
  size_t stride = t->count;
  for (uint32_t d = 0; d < t->rank && k < size; d++) {
    stride = t->dims[d] ? stride / (size_t)t->dims[d] : 0;
    size_t idx = stride ? flat / stride : 0;
    flat = stride ? flat % stride : 0;
    w = snprintf(buf + k, size - k, "%s%zu", d ? ", " : "", idx);
    k += w > 0 ? (size_t)w : 0;
  }
  if (k < size)
    snprintf(buf + k, size - k, "]");
}

bool
nr_compare(uint32_t index, const NrTensor *got, const NrTensor *ref,
           double rtol, double atol)
{
  Worst w = {0};
  double max_diff = 0;
  bool is_float = nr_dtype_is_float(ref->dtype);
  for (size_t i = 0; i < ref->count; i++) {
    if (!is_float) {
      if (get_bits(got, i) != get_bits(ref, i)) {
        double g = nr_tensor_get_f64(got, i), r = nr_tensor_get_f64(ref, i);
        note(&w, i, fabs(g - r));
      }
      continue;
    }
    double g = nr_tensor_get_f64(got, i), r = nr_tensor_get_f64(ref, i);
    if (isnan(r)) {
      if (!isnan(g))
        note(&w, i, INFINITY);
      continue;
    }
    if (isinf(r) || isnan(g) || isinf(g)) {
      if (g != r)
        note(&w, i, INFINITY);
      continue;
    }
    double diff = fabs(g - r);
    if (diff > max_diff)
      max_diff = diff;
    if (!(diff <= atol + rtol * fabs(r)))
      note(&w, i, diff);
  }
  const char *name = ref->name ? ref->name : got->name ? got->name : "";
  if (!w.count) {
    if (is_float)
      printf("output_%u '%s': ok (%zu elements, max |got - ref| %.3g)\n", index,
             name, ref->count, max_diff);
    else
      printf("output_%u '%s': ok (%zu elements, exact)\n", index, name,
             ref->count);
    return true;
  }
  char idx[256];
  index_str(ref, w.index, idx, sizeof idx);
  double g = nr_tensor_get_f64(got, w.index);
  double r = nr_tensor_get_f64(ref, w.index);
  if (is_float)
    printf("output_%u '%s': MISMATCH in %zu of %zu elements (rtol %g, atol "
           "%g); worst at %s: got %.9g, expected %.9g (|diff| %.3g)\n",
           index, name, w.count, ref->count, rtol, atol, idx, g, r,
           fabs(g - r));
  else
    printf("output_%u '%s': MISMATCH in %zu of %zu elements (exact); worst "
           "at %s: got %.17g, expected %.17g\n",
           index, name, w.count, ref->count, idx, g, r);
  return false;
}
