/*
 * Reading and writing serialized ONNX TensorProto files (the layout of the
 * ONNX backend test data: input_<i>.pb, output_<i>.pb) with the protobuf-c
 * code generated for frontends/onnx. Data may come in raw_data or in the
 * typed fields; we always write raw_data.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx.pb-c.h"
#include "run.h"

/* Larger files are certainly not test tensors. */
#define NR_MAX_FILE ((size_t)1 << 34)

size_t
nr_dtype_size(int32_t dt)
{
  switch (dt) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT32:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
    return 4;
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
    return 8;
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16:
  case ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16:
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT16:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT16:
    return 2;
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT8:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT8:
  case ONNX__TENSOR_PROTO__DATA_TYPE__BOOL:
    return 1;
  default:
    return 0;
  }
}

const char *
nr_dtype_name(int32_t dt)
{
  switch (dt) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
    return "FLOAT";
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT8:
    return "UINT8";
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT8:
    return "INT8";
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT16:
    return "UINT16";
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT16:
    return "INT16";
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT32:
    return "INT32";
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
    return "INT64";
  case ONNX__TENSOR_PROTO__DATA_TYPE__STRING:
    return "STRING";
  case ONNX__TENSOR_PROTO__DATA_TYPE__BOOL:
    return "BOOL";
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16:
    return "FLOAT16";
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
    return "DOUBLE";
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
    return "UINT32";
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
    return "UINT64";
  case ONNX__TENSOR_PROTO__DATA_TYPE__COMPLEX64:
    return "COMPLEX64";
  case ONNX__TENSOR_PROTO__DATA_TYPE__COMPLEX128:
    return "COMPLEX128";
  case ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16:
    return "BFLOAT16";
  default:
    return "UNSUPPORTED";
  }
}

bool
nr_dtype_is_float(int32_t dt)
{
  return dt == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT ||
         dt == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE ||
         dt == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16 ||
         dt == ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16;
}

bool
nr_tensor_alloc(NrTensor *t)
{
  size_t n = t->count * t->esize;
  if (t->esize && n / t->esize != t->count) {
    fprintf(stderr, "null-run: tensor of %zu elements is too large\n",
            t->count);
    return false;
  }
  size_t rounded = (n + 63) / 64 * 64;
  if (rounded < n) {
    fprintf(stderr, "null-run: tensor of %zu bytes is too large\n", n);
    return false;
  }
  t->data = aligned_alloc(64, rounded ? rounded : 64);
  if (!t->data) {
    fprintf(stderr, "null-run: out of memory (%zu bytes)\n", n);
    return false;
  }
  memset(t->data, 0, rounded ? rounded : 64);
  return true;
}

void
nr_tensor_free(NrTensor *t)
{
  free(t->name);
  free(t->dims);
  free(t->data);
  memset(t, 0, sizeof(*t));
}

void
nr_tensor_copy_desc(NrTensor *dst, const NrTensor *src)
{
  *dst = *src;
  dst->name = src->name ? strdup(src->name) : NULL;
  dst->dims = NULL;
  if (src->rank) {
    dst->dims = malloc(src->rank * sizeof(*dst->dims));
    memcpy(dst->dims, src->dims, src->rank * sizeof(*dst->dims));
  }
  dst->data = NULL;
}

void
nr_tensor_describe(const NrTensor *t, char *buf, size_t size)
{
  size_t k = 0;
  int w = snprintf(buf, size, "[");
  k = w > 0 ? (size_t)w : 0;
  for (uint32_t i = 0; i < t->rank && k < size; i++) {
    w = snprintf(buf + k, size - k, "%s%" PRId64, i ? ", " : "", t->dims[i]);
    k += w > 0 ? (size_t)w : 0;
  }
  if (k < size)
    snprintf(buf + k, size - k, "] %s", nr_dtype_name(t->dtype));
}

/* IEEE half and bfloat16 bit patterns to double. */
static double
half_to_f64(uint16_t h)
{
  int sign = h >> 15, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
  double v;
  if (exp == 0)
    v = ldexp(man, -24);
  else if (exp == 31)
    v = man ? NAN : INFINITY;
  else
    v = ldexp(man | 0x400, exp - 25);
  return sign ? -v : v;
}

double
nr_tensor_get_f64(const NrTensor *t, size_t i)
{
  const uint8_t *p = (const uint8_t *)t->data + i * t->esize;
  switch (t->dtype) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT: {
    float f;
    memcpy(&f, p, 4);
    return f;
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE: {
    double d;
    memcpy(&d, p, 8);
    return d;
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16: {
    uint16_t h;
    memcpy(&h, p, 2);
    return half_to_f64(h);
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16: {
    uint16_t h;
    memcpy(&h, p, 2);
    uint32_t bits = (uint32_t)h << 16;
    float f;
    memcpy(&f, &bits, 4);
    return f;
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT8:
    return (int8_t)p[0];
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT8:
  case ONNX__TENSOR_PROTO__DATA_TYPE__BOOL:
    return p[0];
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT16: {
    int16_t v;
    memcpy(&v, p, 2);
    return v;
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT16: {
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT32: {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32: {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64: {
    int64_t v;
    memcpy(&v, p, 8);
    return (double)v;
  }
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64: {
    uint64_t v;
    memcpy(&v, p, 8);
    return (double)v;
  }
  default:
    return NAN;
  }
}

/* Reads a whole file; NULL after an error message. */
static uint8_t *
read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "null-run: cannot open '%s': %s\n", path, strerror(errno));
    return NULL;
  }
  uint8_t *buf = NULL;
  size_t n = 0, cap = 0;
  for (;;) {
    if (n == cap) {
      cap = cap ? cap * 2 : 1 << 16;
      if (cap > NR_MAX_FILE) {
        fprintf(stderr, "null-run: '%s' is too large\n", path);
        goto fail;
      }
      uint8_t *nb = realloc(buf, cap);
      if (!nb) {
        fprintf(stderr, "null-run: out of memory reading '%s'\n", path);
        goto fail;
      }
      buf = nb;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0)
      break;
  }
  if (ferror(f)) {
    fprintf(stderr, "null-run: cannot read '%s': %s\n", path, strerror(errno));
    goto fail;
  }
  fclose(f);
  *len = n;
  return buf;
fail:
  free(buf);
  fclose(f);
  return NULL;
}

/* The length of the typed field that holds data type dt. */
static size_t
typed_count(const Onnx__TensorProto *p, int32_t dt)
{
  switch (dt) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
    return p->n_float_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
    return p->n_double_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
    return p->n_int64_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
    return p->n_uint64_data;
  default: /* small integers, bool, float16, bfloat16 */
    return p->n_int32_data;
  }
}

static void
decode_typed(const Onnx__TensorProto *p, NrTensor *t)
{
  uint8_t *out = t->data;
  size_t n = t->count, es = t->esize;
  if (!n)
    return;
  switch (t->dtype) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
    memcpy(out, p->float_data, n * es);
    return;
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
    memcpy(out, p->double_data, n * es);
    return;
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
    memcpy(out, p->int64_data, n * es);
    return;
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
    for (size_t i = 0; i < n; i++) {
      uint64_t v = p->uint64_data[i];
      memcpy(out + i * es, &v, es); /* little-endian: the low bytes */
    }
    return;
  default:
    for (size_t i = 0; i < n; i++) {
      uint32_t v = (uint32_t)p->int32_data[i];
      if (t->dtype == ONNX__TENSOR_PROTO__DATA_TYPE__BOOL)
        v = v != 0;
      memcpy(out + i * es, &v, es);
    }
    return;
  }
}

static bool
decode(const char *path, const Onnx__TensorProto *p, NrTensor *t)
{
  if (!p->has_data_type) {
    fprintf(stderr, "null-run: '%s': the tensor has no data_type\n", path);
    return false;
  }
  t->dtype = p->data_type;
  t->esize = nr_dtype_size(p->data_type);
  if (!t->esize) {
    fprintf(stderr, "null-run: '%s': unsupported tensor element type %s (%d)\n",
            path, nr_dtype_name(p->data_type), (int)p->data_type);
    return false;
  }
  if (p->segment) {
    fprintf(stderr, "null-run: '%s': segmented tensors are not supported\n",
            path);
    return false;
  }
  if (p->has_data_location &&
      p->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL) {
    fprintf(stderr,
            "null-run: '%s': tensors with external data are not "
            "supported\n",
            path);
    return false;
  }
  if (p->name && *p->name)
    t->name = strdup(p->name);
  t->rank = (uint32_t)p->n_dims;
  if (p->n_dims > 64) {
    fprintf(stderr, "null-run: '%s': rank %zu is too large\n", path, p->n_dims);
    return false;
  }
  t->dims = t->rank ? malloc(t->rank * sizeof(*t->dims)) : NULL;
  size_t count = 1;
  for (uint32_t i = 0; i < t->rank; i++) {
    int64_t d = p->dims[i];
    if (d < 0 || (d && count > SIZE_MAX / 16 / (uint64_t)d)) {
      fprintf(stderr, "null-run: '%s': invalid dimension %" PRId64 "\n", path,
              d);
      return false;
    }
    t->dims[i] = d;
    count *= (size_t)d;
  }
  t->count = count;
  /* The data must fit the shape before anything is allocated for it. */
  size_t nbytes = count * t->esize;
  size_t have = typed_count(p, t->dtype);
  if (p->has_raw_data && p->raw_data.len != nbytes) {
    fprintf(stderr,
            "null-run: '%s': raw_data holds %zu bytes, the shape needs "
            "%zu\n",
            path, p->raw_data.len, nbytes);
    return false;
  }
  if (!p->has_raw_data && have != count) {
    fprintf(stderr,
            "null-run: '%s': the tensor holds %zu elements, the shape "
            "needs %zu\n",
            path, have, count);
    return false;
  }
  if (!nr_tensor_alloc(t))
    return false;
  if (p->has_raw_data) {
    if (nbytes)
      memcpy(t->data, p->raw_data.data, nbytes);
    if (t->dtype == ONNX__TENSOR_PROTO__DATA_TYPE__BOOL)
      for (size_t i = 0; i < count; i++)
        ((uint8_t *)t->data)[i] = ((uint8_t *)t->data)[i] != 0;
    return true;
  }
  decode_typed(p, t);
  return true;
}

bool
nr_tensor_read(const char *path, NrTensor *t)
{
  memset(t, 0, sizeof(*t));
  size_t len;
  uint8_t *buf = read_file(path, &len);
  if (!buf)
    return false;
  Onnx__TensorProto *p = onnx__tensor_proto__unpack(NULL, len, buf);
  free(buf);
  if (!p) {
    fprintf(stderr, "null-run: '%s': not a valid serialized ONNX TensorProto\n",
            path);
    return false;
  }
  bool ok = decode(path, p, t);
  onnx__tensor_proto__free_unpacked(p, NULL);
  if (!ok)
    nr_tensor_free(t);
  return ok;
}

bool
nr_tensor_write(const char *path, const NrTensor *t)
{
  Onnx__TensorProto p;
  onnx__tensor_proto__init(&p);
  p.n_dims = t->rank;
  p.dims = t->dims;
  p.has_data_type = true;
  p.data_type = t->dtype;
  p.name = t->name ? t->name : "";
  p.has_raw_data = true;
  p.raw_data.len = t->count * t->esize;
  p.raw_data.data = t->data;
  size_t n = onnx__tensor_proto__get_packed_size(&p);
  uint8_t *buf = malloc(n ? n : 1);
  if (!buf) {
    fprintf(stderr, "null-run: out of memory writing '%s'\n", path);
    return false;
  }
  onnx__tensor_proto__pack(&p, buf);
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(buf, 1, n, f) == n;
  if (f && fclose(f) != 0)
    ok = false;
  if (!ok)
    fprintf(stderr, "null-run: cannot write '%s': %s\n", path, strerror(errno));
  free(buf);
  return ok;
}
