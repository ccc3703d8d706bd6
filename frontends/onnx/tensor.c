/*
 * ONNX tensors and value types to null types and attributes: element type
 * mapping, TensorProto decoding (typed fields, raw_data, external data
 * files next to the model) and TypeProto conversion with symbolic dims.
 * Everything read from the file is checked: sizes, counts, paths.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "graph/graph.h"
#include "internal.h"

/* ---- element types ------------------------------------------------------ */

NlType *
nl_onnx_elem_type(NlContext *ctx, int32_t dt)
{
  switch (dt) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
    return nl_type_f32(ctx);
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
    return nl_type_f64(ctx);
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16:
    return nl_type_float(ctx, NL_F16);
  case ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16:
    return nl_type_float(ctx, NL_BF16);
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT8:
    return nl_type_integer(ctx, 8, NL_SIGNLESS);
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT16:
    return nl_type_integer(ctx, 16, NL_SIGNLESS);
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT32:
    return nl_type_i32(ctx);
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
    return nl_type_i64(ctx);
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT8:
    return nl_type_integer(ctx, 8, NL_UNSIGNED);
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT16:
    return nl_type_integer(ctx, 16, NL_UNSIGNED);
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
    return nl_type_integer(ctx, 32, NL_UNSIGNED);
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
    return nl_type_integer(ctx, 64, NL_UNSIGNED);
  case ONNX__TENSOR_PROTO__DATA_TYPE__BOOL:
    return nl_type_i1(ctx);
  case ONNX__TENSOR_PROTO__DATA_TYPE__COMPLEX64:
    return nl_type_complex(ctx, nl_type_f32(ctx));
  case ONNX__TENSOR_PROTO__DATA_TYPE__COMPLEX128:
    return nl_type_complex(ctx, nl_type_f64(ctx));
  case ONNX__TENSOR_PROTO__DATA_TYPE__STRING:
    /* ONNX strings have no builtin counterpart: the graph dialect's
     * !graph.string element type. */
    return nl_graph_string_type(ctx);
  default:
    return NULL;
  }
}

const char *
nl_onnx_dtype_name(int32_t dt)
{
  static const char *const names[] = {
      "UNDEFINED",      "FLOAT",      "UINT8",
      "INT8",           "UINT16",     "INT16",
      "INT32",          "INT64",      "STRING",
      "BOOL",           "FLOAT16",    "DOUBLE",
      "UINT32",         "UINT64",     "COMPLEX64",
      "COMPLEX128",     "BFLOAT16",   "FLOAT8E4M3FN",
      "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ",
      "UINT4",          "INT4"};
  if (dt >= 0 && (size_t)dt < sizeof(names) / sizeof(names[0]))
    return names[dt];
  return "unknown";
}

/* ---- value types -----------------------------------------------------------
 */

static NlType *
tensor_type(OnnxImporter *im, int32_t elem_type, bool has_elem,
            const Onnx__TensorShapeProto *shape, NlLoc *loc, const char *what,
            NlAttr **dim_params)
{
  NlContext *ctx = im->ctx;
  NlType *elem = has_elem ? nl_onnx_elem_type(ctx, elem_type) : NULL;
  if (!elem) {
    nl_emit_error(ctx, loc, "unsupported element type %s (%d) of '%s'",
                  nl_onnx_dtype_name(has_elem ? elem_type : 0), (int)elem_type,
                  what);
    return NULL;
  }
  if (!shape)
    return nl_type_unranked_tensor(ctx, elem);
  size_t rank = shape->n_dim;
  if (rank > 4096) {
    nl_emit_error(ctx, loc, "rank %zu of '%s' is too large", rank, what);
    return NULL;
  }
  int64_t *dims = nl_xmalloc((rank ? rank : 1) * sizeof(*dims));
  NlAttr **names = nl_xmalloc((rank ? rank : 1) * sizeof(*names));
  bool symbolic = false;
  NlAttr *empty = nl_attr_string_cstr(ctx, "");
  for (size_t i = 0; i < rank; i++) {
    const Onnx__TensorShapeProto__Dimension *d = shape->dim[i];
    dims[i] = NL_DYNAMIC;
    names[i] = empty;
    if (d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE) {
      /* Negative sizes are not valid ONNX; exporters write -1 for
       * "unknown", so it reads as `?`. */
      if (d->dim_value >= 0)
        dims[i] = d->dim_value;
    } else if (d->value_case ==
                   ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM &&
               d->dim_param && d->dim_param[0]) {
      names[i] = nl_attr_string_cstr(ctx, d->dim_param);
      symbolic = true;
    }
  }
  NlType *t = nl_type_tensor(ctx, dims, (uint32_t)rank, elem, NULL);
  if (dim_params)
    *dim_params = symbolic ? nl_attr_array(ctx, names, (uint32_t)rank) : NULL;
  free(dims);
  free(names);
  return t;
}

/* `!graph.seq<tensor<...>>` / `!graph.opt<...>`: the printed element type
 * is the body of an opaque graph type. */
static NlType *
wrap_type(NlContext *ctx, const char *kind, NlType *inner)
{
  NlBuf b = {0};
  nl_buf_printf(&b, "%s<", kind);
  nl_type_print(inner, &b);
  nl_buf_putc(&b, '>');
  NlType *t = nl_type_opaque(ctx, "graph", 5, b.data, b.len, true);
  nl_buf_free(&b);
  return t;
}

NlType *
nl_onnx_convert_type(OnnxImporter *im, const Onnx__TypeProto *tp, NlLoc *loc,
                     const char *what, NlAttr **dim_params)
{
  if (dim_params)
    *dim_params = NULL;
  if (!tp) {
    nl_emit_error(im->ctx, loc, "value '%s' has no type", what);
    return NULL;
  }
  switch (tp->value_case) {
  case ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE:
    return tensor_type(im, tp->tensor_type->elem_type,
                       tp->tensor_type->has_elem_type, tp->tensor_type->shape,
                       loc, what, dim_params);
  case ONNX__TYPE_PROTO__VALUE_SEQUENCE_TYPE:
  case ONNX__TYPE_PROTO__VALUE_OPTIONAL_TYPE: {
    bool seq = tp->value_case == ONNX__TYPE_PROTO__VALUE_SEQUENCE_TYPE;
    const Onnx__TypeProto *inner =
        seq ? tp->sequence_type->elem_type : tp->optional_type->elem_type;
    NlType *t = nl_onnx_convert_type(im, inner, loc, what, NULL);
    return t ? wrap_type(im->ctx, seq ? "seq" : "opt", t) : NULL;
  }
  case ONNX__TYPE_PROTO__VALUE_SPARSE_TENSOR_TYPE:
    nl_emit_error(im->ctx, loc, "sparse tensor value '%s' is not supported",
                  what);
    return NULL;
  case ONNX__TYPE_PROTO__VALUE_MAP_TYPE:
    nl_emit_error(im->ctx, loc, "map value '%s' is not supported", what);
    return NULL;
  default:
    nl_emit_error(im->ctx, loc, "value '%s' has no type", what);
    return NULL;
  }
}

/* ---- tensor data
 * ------------------------------------------------------------- */

/* Reads the external data of t into a new buffer of exactly `want` bytes.
 * The file must be a relative path that stays inside the model's
 * directory. */
static void *
read_external(OnnxImporter *im, const Onnx__TensorProto *t, size_t want,
              NlLoc *loc, const char *what)
{
  NlContext *ctx = im->ctx;
  const char *location = NULL;
  long long offset = 0, length = -1;
  for (size_t i = 0; i < t->n_external_data; i++) {
    const Onnx__StringStringEntryProto *e = t->external_data[i];
    if (!e->key || !e->value)
      continue;
    char *end;
    if (!strcmp(e->key, "location")) {
      location = e->value;
    } else if (!strcmp(e->key, "offset") || !strcmp(e->key, "length")) {
      errno = 0;
      long long v = strtoll(e->value, &end, 10);
      if (!*e->value || *end || errno || v < 0) {
        nl_emit_error(ctx, loc, "invalid external data %s '%s' of '%s'", e->key,
                      e->value, what);
        return NULL;
      }
      *(!strcmp(e->key, "offset") ? &offset : &length) = v;
    }
  }
  if (!location || !*location) {
    nl_emit_error(ctx, loc, "external data of '%s' has no location", what);
    return NULL;
  }
  /* No absolute paths, no `..`: a model must not read arbitrary files. */
  bool escapes = location[0] == '/';
  for (const char *p = location; *p && !escapes;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.')
      escapes = true;
    p += n + (slash ? 1 : 0);
  }
  if (escapes) {
    nl_emit_error(ctx, loc,
                  "external data file '%s' of '%s' is outside the model "
                  "directory",
                  location, what);
    return NULL;
  }
  if (length >= 0 && (unsigned long long)length != want) {
    nl_emit_error(ctx, loc,
                  "external data of '%s' has %lld bytes, its shape needs %zu",
                  what, length, want);
    return NULL;
  }
  NlBuf path = {0};
  nl_buf_printf(&path, "%s/%s", im->dir, location);
  FILE *f = fopen(path.data, "rb");
  if (!f) {
    nl_emit_error(ctx, loc, "cannot open external data file '%s' of '%s': %s",
                  location, what, strerror(errno));
    nl_buf_free(&path);
    return NULL;
  }
  nl_buf_free(&path);
  /* Check the size before allocating: dims may claim anything. */
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
      (unsigned long long)offset > (unsigned long long)st.st_size ||
      want > (unsigned long long)st.st_size - (unsigned long long)offset) {
    fclose(f);
    nl_emit_error(ctx, loc,
                  "external data file '%s' is too short for '%s' (%zu bytes "
                  "at offset %lld)",
                  location, what, want, offset);
    return NULL;
  }
  void *data = nl_xmalloc(want ? want : 1);
  bool ok = fseeko(f, (off_t)offset, SEEK_SET) == 0 &&
            fread(data, 1, want, f) == want;
  fclose(f);
  if (!ok) {
    nl_emit_error(ctx, loc,
                  "external data file '%s' is too short for '%s' (%zu bytes "
                  "at offset %lld)",
                  location, what, want, offset);
    free(data);
    return NULL;
  }
  return data;
}

/* Number of elements a typed field must hold, and the field's length. */
static size_t
typed_count(const Onnx__TensorProto *t, int32_t dt)
{
  switch (dt) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
  case ONNX__TENSOR_PROTO__DATA_TYPE__COMPLEX64:
    return t->n_float_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
  case ONNX__TENSOR_PROTO__DATA_TYPE__COMPLEX128:
    return t->n_double_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
    return t->n_int64_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
    return t->n_uint64_data;
  case ONNX__TENSOR_PROTO__DATA_TYPE__STRING:
    return t->n_string_data;
  default: /* the small integers, bool, float16, bfloat16 */
    return t->n_int32_data;
  }
}

/* Copies the typed field into the dense layout (n elements of esize). */
static void
decode_typed(const Onnx__TensorProto *t, int32_t dt, size_t n, size_t esize,
             uint8_t *out)
{
  if (!n)
    return; /* the field's array may be NULL */
  switch (dt) {
  case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT:
  case ONNX__TENSOR_PROTO__DATA_TYPE__COMPLEX64:
    memcpy(out, t->float_data, n * esize);
    return;
  case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE:
  case ONNX__TENSOR_PROTO__DATA_TYPE__COMPLEX128:
    memcpy(out, t->double_data, n * esize);
    return;
  case ONNX__TENSOR_PROTO__DATA_TYPE__INT64:
    memcpy(out, t->int64_data, n * esize);
    return;
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32:
  case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64:
    for (size_t i = 0; i < n; i++) {
      uint64_t v = t->uint64_data[i];
      memcpy(out + i * esize, &v, esize); /* little-endian: low bytes */
    }
    return;
  default:
    for (size_t i = 0; i < n; i++) {
      uint32_t v = (uint32_t)t->int32_data[i];
      if (dt == ONNX__TENSOR_PROTO__DATA_TYPE__BOOL)
        v = v != 0;
      memcpy(out + i * esize, &v, esize);
    }
    return;
  }
}

/* `hint` for a resource key: the initializer name restricted to
 * identifier characters. */
static char *
resource_hint(const char *name)
{
  size_t n = name ? strlen(name) : 0;
  if (n > 64)
    n = 64;
  char *s = nl_xmalloc(n + 2);
  size_t k = 0;
  if (!n || !((name[0] >= 'a' && name[0] <= 'z') ||
              (name[0] >= 'A' && name[0] <= 'Z') || name[0] == '_'))
    s[k++] = '_';
  for (size_t i = 0; i < n; i++) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.';
    s[k++] = ok ? c : '_';
  }
  s[k] = 0;
  return s;
}

static NlAttr *
string_tensor(OnnxImporter *im, const Onnx__TensorProto *t, size_t nelem,
              NlLoc *loc, const char *what)
{
  if (t->has_raw_data || t->n_string_data != nelem) {
    nl_emit_error(im->ctx, loc,
                  "string tensor '%s' has %zu strings, its shape needs %zu",
                  what, t->n_string_data, nelem);
    return NULL;
  }
  NlAttr **elems = nl_xmalloc((nelem ? nelem : 1) * sizeof(*elems));
  for (size_t i = 0; i < nelem; i++)
    elems[i] = nl_attr_string(im->ctx, (const char *)t->string_data[i].data,
                              t->string_data[i].len, NULL);
  NlAttr *a = nl_attr_array(im->ctx, elems, (uint32_t)nelem);
  free(elems);
  return a;
}

NlAttr *
nl_onnx_tensor_attr(OnnxImporter *im, const Onnx__TensorProto *t, NlLoc *loc,
                    bool force_inline, NlType **type)
{
  NlContext *ctx = im->ctx;
  const char *what = t->name && t->name[0] ? t->name : "<unnamed tensor>";
  int32_t dt = t->has_data_type ? t->data_type : 0;
  NlType *elem = nl_onnx_elem_type(ctx, dt);
  if (!elem) {
    nl_emit_error(ctx, loc, "unsupported element type %s (%d) of tensor '%s'",
                  nl_onnx_dtype_name(dt), (int)dt, what);
    return NULL;
  }
  if (t->segment) {
    nl_emit_error(ctx, loc, "segmented tensor '%s' is not supported", what);
    return NULL;
  }
  if (t->n_dims > 4096) {
    nl_emit_error(ctx, loc, "rank %zu of tensor '%s' is too large", t->n_dims,
                  what);
    return NULL;
  }
  size_t nelem = 1;
  for (size_t i = 0; i < t->n_dims; i++) {
    int64_t d = t->dims[i];
    if (d < 0 || (d && nelem > (size_t)(INT64_MAX / 16) / (uint64_t)d)) {
      nl_emit_error(ctx, loc, "invalid dimension %lld of tensor '%s'",
                    (long long)d, what);
      return NULL;
    }
    nelem *= (size_t)d;
  }
  *type = nl_type_tensor(ctx, t->dims, (uint32_t)t->n_dims, elem, NULL);
  if (dt == ONNX__TENSOR_PROTO__DATA_TYPE__STRING)
    return string_tensor(im, t, nelem, loc, what);

  size_t esize = nl_dense_elem_size(elem);
  size_t nbytes = nelem * esize;
  uint8_t *data = NULL;
  bool external =
      t->has_data_location &&
      t->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL;
  if (external) {
    data = read_external(im, t, nbytes, loc, what);
    if (!data)
      return NULL;
  } else if (t->has_raw_data) {
    if (t->raw_data.len != nbytes) {
      nl_emit_error(ctx, loc,
                    "tensor '%s' has %zu bytes of raw data, its shape needs "
                    "%zu",
                    what, t->raw_data.len, nbytes);
      return NULL;
    }
    data = nl_xmalloc(nbytes ? nbytes : 1);
    if (nbytes)
      memcpy(data, t->raw_data.data, nbytes);
  } else {
    /* complex values take two typed-field entries each */
    size_t per = elem->kind == NL_TYPE_COMPLEX ? 2 : 1;
    size_t have = typed_count(t, dt);
    if (have != nelem * per) {
      nl_emit_error(ctx, loc, "tensor '%s' has %zu values, its shape needs %zu",
                    what, have / per, nelem);
      return NULL;
    }
    data = nl_xmalloc(nbytes ? nbytes : 1);
    decode_typed(t, dt, nelem * per, esize / per, data);
  }

  NlAttr *a;
  size_t limit = im->inline_limit ? im->inline_limit : 16;
  if (force_inline || nelem <= limit) {
    a = nl_attr_dense(ctx, *type, false, data, nbytes);
  } else {
    char *hint = resource_hint(t->name);
    NlResource *r = nl_resource_create_unique(ctx, hint);
    free(hint);
    nl_resource_set(ctx, r, data, nbytes, esize < 8 ? 8 : (uint32_t)esize);
    a = nl_attr_dense_resource(ctx, *type, r);
  }
  free(data);
  return a;
}
