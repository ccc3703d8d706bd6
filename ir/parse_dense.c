/*
 * Parsing of element attributes: `dense<...>` tensor literals (splats,
 * nested lists with shape checks, complex pairs, hex strings of raw data),
 * `dense_resource<key>` handles and `array<T: ...>` dense arrays. Literal
 * elements are kept as tokens until the type after the literal tells how
 * to read them, as MLIR's TensorLiteralParser does.
 */
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* ---- the literal --------------------------------------------------------- */

/* element ::= bool-literal | `-`? (integer-literal | float-literal)
 *           | string-literal | `(` element `,` element `)` */
static NlResult
parse_element(NlParser *p)
{
  NlDenseTok e = {p->tok, false};
  NlResult r;
  switch (p->tok.kind) {
  case NL_TOK_BARE_ID:
    if (!nl_tok_is(&p->tok, "true") && !nl_tok_is(&p->tok, "false"))
      break;
    /* fallthrough */
  case NL_TOK_INTEGER:
  case NL_TOK_FLOAT:
  case NL_TOK_STRING:
    NL_VEC_PUSH(p->dense, p->ndense, p->dense_cap, e);
    nl_p_next(p);
    return nl_success();
  case NL_TOK_MINUS:
    nl_p_next(p);
    if (!nl_p_is(p, NL_TOK_INTEGER) && !nl_p_is(p, NL_TOK_FLOAT)) {
      nl_p_error(p, "expected integer or floating point literal");
      return nl_failure();
    }
    e.tok = p->tok;
    e.neg = true;
    NL_VEC_PUSH(p->dense, p->ndense, p->dense_cap, e);
    nl_p_next(p);
    return nl_success();
  case NL_TOK_LPAREN:
    if (nl_failed(nl_p_enter(p)))
      return nl_failure();
    nl_p_next(p);
    r = parse_element(p);
    if (nl_succeeded(r))
      r = nl_p_expect(p, NL_TOK_COMMA, "expected ',' between complex elements");
    if (nl_succeeded(r))
      r = parse_element(p);
    if (nl_succeeded(r))
      r = nl_p_expect(p, NL_TOK_RPAREN, "expected ')' after complex elements");
    nl_p_leave(p);
    return r;
  default:
    break;
  }
  nl_p_error(p, "expected element literal of primitive type");
  return nl_failure();
}

/* list ::= `[` ((list | element) (`,` (list | element))*)? `]`
 * Pushes the list's shape on p->dims. */
static NlResult
parse_list(NlParser *p)
{
  size_t start = p->ndims, sub;
  int64_t size = 0;
  NlResult r = nl_failure();
  if (nl_failed(nl_p_enter(p)))
    return r;
  NL_VEC_PUSH(p->dims, p->ndims, p->dims_cap, 0);
  if (nl_failed(nl_p_expect(p, NL_TOK_LSQUARE, "expected '['")))
    goto done;
  if (nl_p_accept(p, NL_TOK_RSQUARE)) {
    r = nl_success();
    goto done;
  }
  do {
    sub = p->ndims;
    if (nl_p_is(p, NL_TOK_LSQUARE) ? nl_failed(parse_list(p))
                                   : nl_failed(parse_element(p)))
      goto done;
    if (size++ > 0) {
      /* Compare with the first element's shape at start + 1. */
      size_t n = p->ndims - sub;
      if (n != sub - start - 1 ||
          memcmp(p->dims + sub, p->dims + start + 1, n * sizeof(int64_t))) {
        nl_p_error(p, "tensor literal is invalid; ranks are not consistent "
                      "between elements");
        goto done;
      }
      p->ndims = sub;
    }
  } while (nl_p_accept(p, NL_TOK_COMMA));
  if (nl_failed(nl_p_expect(p, NL_TOK_RSQUARE, "expected ']'")))
    goto done;
  p->dims[start] = size;
  r = nl_success();
done:
  nl_p_leave(p);
  return r;
}

/* ---- building the data --------------------------------------------------- */

/* Appends a shape as "2, 3" for messages. */
static void
shape_str(NlBuf *b, const int64_t *dims, size_t n)
{
  nl_buf_append(b, "", 0);
  for (size_t i = 0; i < n; i++)
    nl_buf_printf(b, "%s%lld", i ? ", " : "", (long long)dims[i]);
}

/* Writes one integer literal element (size bytes) at out. */
static NlResult
int_element(NlParser *p, const NlDenseTok *e, NlType *et, void *out,
            size_t size)
{
  const NlToken *t = &e->tok;
  NlIntWords iw;
  if (e->neg && et->kind == NL_TYPE_INTEGER &&
      et->integer.signedness == NL_UNSIGNED) {
    nl_p_error_at(p, t->pos,
                  "expected unsigned integer elements, but parsed "
                  "negative value");
    return nl_failure();
  }
  if (t->kind == NL_TOK_FLOAT) {
    nl_p_error_at(p, t->pos,
                  "expected integer elements, but parsed floating-point");
    return nl_failure();
  }
  if (t->kind == NL_TOK_BARE_ID) {
    if (!nl_type_is_integer(et, 1)) {
      nl_p_error_at(p, t->pos, "expected i1 type for 'true' or 'false' values");
      return nl_failure();
    }
    *(uint8_t *)out = t->start[0] == 't';
    return nl_success();
  }
  if (t->kind != NL_TOK_INTEGER || !nl_p_int_words(t, e->neg, et, &iw)) {
    nl_p_error_at(p, t->pos, "integer constant out of range for type");
    return nl_failure();
  }
  memcpy(out, iw.w, size < 8 ? size : 8);
  nl_int_words_free(&iw);
  return nl_success();
}

/* Writes one float literal element (size bytes) at out. */
static NlResult
float_element(NlParser *p, const NlDenseTok *e, NlType *et, void *out,
              size_t size)
{
  const NlToken *t = &e->tok;
  uint64_t bits[2];
  if (t->kind != NL_TOK_FLOAT &&
      !(t->kind == NL_TOK_INTEGER && t->len > 1 && t->start[1] == 'x')) {
    nl_p_error(p, "expected floating-point elements, but parsed integer");
    return nl_failure();
  }
  if (nl_failed(nl_p_float_bits(p, t, e->neg, et, bits)))
    return nl_failure();
  memcpy(out, bits, size < 16 ? size : 16);
  return nl_success();
}

/* Shrinks data of n elements of size bytes to one element when all are
 * equal. */
static bool
detect_splat(const char *data, int64_t n, size_t size)
{
  for (int64_t i = 1; i < n; i++)
    if (memcmp(data, data + (size_t)i * size, size))
      return false;
  return n >= 1;
}

/* Converts hex data in MLIR's raw layout to ours: i1 is bit-packed there,
 * other elements take ceil(bits / 8) bytes per component. One element's
 * worth of data is a splat. */
static NlAttr *
hex_attr(NlParser *p, const NlToken *hex, NlType *type, NlType *et,
         NlPos type_pos, int64_t n)
{
  bool cplx = et->kind == NL_TYPE_COMPLEX;
  NlType *ct = cplx ? et->complex.elem : et;
  size_t parts = cplx ? 2 : 1, ours = nl_dense_elem_size(ct);
  size_t esize = parts * ours, count; /* count: elements stored */
  NlBuf raw = {0}, b = {0};
  char *data = NULL;
  bool splat;
  NlAttr *a = NULL;
  if (!nl_tok_hex_string_value(hex, &raw)) {
    nl_p_error_at(p, hex->pos,
                  "expected string containing hex digits "
                  "starting with `0x`");
    goto done;
  }
  if (n == 0) { /* an empty tensor takes no data */
    if (raw.len != 0)
      goto bad_size;
    a = nl_attr_dense(p->ctx, type, false, raw.data, 0);
    goto done;
  }
  if (nl_type_is_integer(ct, 1)) {
    const unsigned char *r = (const unsigned char *)raw.data;
    if (raw.len == 1 && (r[0] == 0 || r[0] == 0xff)) {
      count = 1;
      data = nl_xmalloc(1);
      data[0] = r[0] != 0;
    } else if (n < INT64_MAX && (uint64_t)n <= raw.len * 8 &&
               raw.len == ((size_t)n + 7) / 8) {
      count = (size_t)n;
      data = nl_xmalloc(count ? count : 1);
      for (size_t i = 0; i < count; i++)
        data[i] = (char)((r[i / 8] >> (i % 8)) & 1);
    } else {
      goto bad_size;
    }
  } else {
    /* MLIR keeps tf32 (19 bits) in 4 bytes. */
    bool tf32 = ct->kind == NL_TYPE_FLOAT && ct->flt.fkind == NL_TF32;
    size_t theirs = tf32 ? 4 : (nl_type_bitwidth(ct) + 7) / 8;
    size_t ebytes = theirs * parts;
    if (raw.len == ebytes)
      count = 1;
    else if (n < INT64_MAX && ebytes && raw.len % ebytes == 0 &&
             raw.len / ebytes == (uint64_t)n)
      count = (size_t)n;
    else
      goto bad_size;
    data = nl_xcalloc(count ? count * parts : 1, ours);
    for (size_t i = 0; i < count * parts; i++)
      memcpy(data + i * ours, raw.data + i * theirs,
             theirs < ours ? theirs : ours);
  }
  splat = count == 1 && n != 0;
  if (!splat && n > 0 && detect_splat(data, n, esize)) {
    splat = true;
    count = 1;
  }
  a = nl_attr_dense(p->ctx, type, splat, data, count * esize);
  goto done;
bad_size:
  nl_p_error_at(p, type_pos,
                "elements hex data size is invalid for provided type: '%s'",
                nl_p_type_str(p, type, &b));
done:
  free(data);
  nl_buf_free(&raw);
  nl_buf_free(&b);
  return a;
}

/* Builds the attribute from the literal in p->dense[base..] and the list
 * shape in p->dims[dbase..] (has_list) for the shaped type. */
static NlAttr *
literal_attr(NlParser *p, size_t base, size_t dbase, bool has_list,
             NlType *type, NlPos type_pos)
{
  NlType *et = type->shaped.elem;
  bool cplx = et->kind == NL_TYPE_COMPLEX;
  NlType *ct = cplx ? et->complex.elem : et;
  int64_t n = nl_type_num_elements(type);
  size_t count = p->ndense - base, csize, nvals;
  uint32_t parts = cplx ? 2 : 1;
  bool splat;
  char *data = NULL;
  NlAttr *a = NULL;
  NlBuf b = {0}, b2 = {0};
  if (has_list && (p->ndims - dbase != type->shaped.rank ||
                   memcmp(p->dims + dbase, type->shaped.dims,
                          type->shaped.rank * sizeof(int64_t)))) {
    shape_str(&b, p->dims + dbase, p->ndims - dbase);
    shape_str(&b2, type->shaped.dims, type->shaped.rank);
    nl_p_error_at(p, type_pos,
                  "inferred shape of elements literal ([%s]) does not match "
                  "type ([%s])",
                  b.data, b2.data);
    goto done;
  }
  if (count == 0 && n != 0) {
    nl_p_error_at(p, type_pos,
                  "parsed zero elements, but type ('%s') expected at least 1",
                  nl_p_type_str(p, type, &b));
    goto done;
  }
  if (ct->kind != NL_TYPE_INTEGER && ct->kind != NL_TYPE_INDEX &&
      ct->kind != NL_TYPE_FLOAT) {
    nl_p_error_at(p, type_pos, "dense elements of type '%s' are not supported",
                  nl_p_type_str(p, et, &b));
    goto done;
  }
  if (ct->kind == NL_TYPE_INTEGER && ct->integer.width > 64) {
    nl_p_error_at(p, type_pos,
                  "dense elements of integers wider than 64 bits "
                  "are not supported");
    goto done;
  }
  /* A single value (or pair) is a splat; otherwise one per element. */
  splat = !has_list && count == parts;
  if (n == 0)
    splat = false;
  nvals = splat ? parts : (size_t)n * parts;
  if (!splat && (n == INT64_MAX || count != nvals)) {
    nl_p_error_at(p, type_pos,
                  "parsed %zu elements, but type ('%s') expected %lld "
                  "elements",
                  count, nl_p_type_str(p, cplx && !has_list ? et : type, &b),
                  (long long)(cplx && !has_list ? 2 : (long long)nvals));
    goto done;
  }
  csize = nl_dense_elem_size(ct);
  data = nl_xcalloc(nvals ? nvals : 1, csize);
  for (size_t i = 0; i < nvals; i++) {
    NlResult r =
        ct->kind == NL_TYPE_FLOAT
            ? float_element(p, &p->dense[base + i], ct, data + i * csize, csize)
            : int_element(p, &p->dense[base + i], ct, data + i * csize, csize);
    if (nl_failed(r))
      goto done;
  }
  if (!splat && n > 0 && detect_splat(data, n, csize * parts)) {
    splat = true;
    nvals = parts;
  }
  a = nl_attr_dense(p->ctx, type, splat, data, nvals * csize);
done:
  free(data);
  nl_buf_free(&b);
  nl_buf_free(&b2);
  return a;
}

/* dense-attr ::= `dense` `<` tensor-literal? `>` `:` (tensor-type |
 * vector-type), tensor-literal ::= element | list | hex-string */
NlAttr *
nl_p_parse_dense(NlParser *p, NlType *type)
{
  size_t base = p->ndense, dbase = p->ndims;
  bool has_list = false, has_hex = false;
  NlToken hex = {0};
  NlPos type_pos;
  NlAttr *a = NULL;
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_LESS, "expected '<' after 'dense'")))
    return NULL;
  if (!nl_p_accept(p, NL_TOK_GREATER)) {
    NlResult r;
    if (nl_p_is(p, NL_TOK_STRING)) {
      has_hex = true;
      hex = p->tok;
      nl_p_next(p);
      r = nl_success();
    } else if (nl_p_is(p, NL_TOK_LSQUARE)) {
      has_list = true;
      r = parse_list(p);
    } else {
      r = parse_element(p);
    }
    if (nl_failed(r) ||
        nl_failed(nl_p_expect(p, NL_TOK_GREATER, "expected '>'")))
      goto done;
  }
  type_pos = p->tok.pos;
  if (!type && (nl_failed(nl_p_expect(p, NL_TOK_COLON, "expected ':'")) ||
                !(type = nl_p_parse_type(p))))
    goto done;
  if (type->kind != NL_TYPE_TENSOR && type->kind != NL_TYPE_VECTOR) {
    nl_p_error(p, "elements literal must be a shaped type");
    goto done;
  }
  if (!nl_type_has_static_shape(type)) {
    nl_p_error(p, "elements literal type must have static shape");
    goto done;
  }
  if (nl_type_num_elements(type) < 0) {
    nl_p_error_at(p, type_pos, "elements literal type has too many elements");
    goto done;
  }
  if (has_hex) {
    NlType *et = type->shaped.elem;
    NlType *ct = et->kind == NL_TYPE_COMPLEX ? et->complex.elem : et;
    if (ct->kind == NL_TYPE_INTEGER && ct->integer.width > 64) {
      nl_p_error_at(p, type_pos,
                    "dense elements of integers wider than 64 "
                    "bits are not supported");
      goto done;
    }
    if (ct->kind == NL_TYPE_INTEGER || ct->kind == NL_TYPE_INDEX ||
        ct->kind == NL_TYPE_FLOAT) {
      a = hex_attr(p, &hex, type, et, type_pos, nl_type_num_elements(type));
      goto done;
    }
    /* Otherwise the string is an element (dense strings). */
    NL_VEC_PUSH(p->dense, p->ndense, p->dense_cap, ((NlDenseTok){hex, false}));
  }
  a = literal_attr(p, base, dbase, has_list, type, type_pos);
done:
  p->ndense = base;
  p->ndims = dbase;
  return a;
}

/* dense-resource-attr ::= `dense_resource` `<` resource-key `>` `:` type */
NlAttr *
nl_p_parse_dense_resource(NlParser *p, NlType *type)
{
  NlPos type_pos = p->tok.pos;
  NlResource *r;
  NlBuf key = {0};
  nl_p_next(p);
  if (nl_failed(
          nl_p_expect(p, NL_TOK_LESS, "expected '<' after 'dense_resource'")))
    return NULL;
  if (nl_p_is(p, NL_TOK_BARE_ID)) {
    nl_buf_append(&key, p->tok.start, p->tok.len);
  } else if (nl_p_is(p, NL_TOK_STRING)) {
    nl_tok_string_value(&p->tok, &key);
  } else {
    nl_p_error(p, "expected identifier key for 'resource' entry");
    return NULL;
  }
  nl_p_next(p);
  r = nl_resource_get(p->ctx, key.data, key.len);
  nl_buf_free(&key);
  if (nl_failed(nl_p_expect(p, NL_TOK_GREATER, "expected '>'")))
    return NULL;
  if (!type) {
    type_pos = p->tok.pos;
    if (nl_failed(nl_p_expect(p, NL_TOK_COLON, "expected ':'")) ||
        !(type = nl_p_parse_type(p)))
      return NULL;
  }
  if (!nl_type_is_shaped(type)) {
    nl_p_error_at(p, type_pos, "`dense_resource` expected a shaped type");
    return NULL;
  }
  return nl_attr_dense_resource(p->ctx, type, r);
}

/* One element of a dense array into out (size bytes). */
static NlResult
array_element(NlParser *p, NlType *et, void *out, size_t size)
{
  bool neg = nl_p_accept(p, NL_TOK_MINUS);
  NlToken t = p->tok;
  NlIntWords iw;
  if (et->kind == NL_TYPE_FLOAT) {
    uint64_t bits[2];
    if (nl_failed(nl_p_float_bits(p, &t, neg, et, bits)))
      return nl_failure();
    nl_p_next(p);
    memcpy(out, bits, size);
    return nl_success();
  }
  if (nl_tok_is(&t, "true") || nl_tok_is(&t, "false")) {
    if (!nl_type_is_integer(et, 1)) {
      nl_p_error(p, "expected i1 type for 'true' or 'false' values");
      return nl_failure();
    }
    *(uint8_t *)out = t.start[0] == 't';
    nl_p_next(p);
    return nl_success();
  }
  if (t.kind != NL_TOK_INTEGER) {
    nl_p_error(p, "expected integer literal");
    return nl_failure();
  }
  if (nl_type_is_integer(et, 1)) {
    nl_p_error(p, "expected 'true' or 'false' values for i1 type");
    return nl_failure();
  }
  nl_p_next(p);
  if (!nl_p_int_words(&t, neg, et, &iw)) {
    nl_p_error(p, "integer constant out of range");
    return nl_failure();
  }
  memcpy(out, iw.w, size);
  nl_int_words_free(&iw);
  return nl_success();
}

/* dense-array-attr ::= `array` `<` (integer-type | float-type)
 *                      (`:` element (`,` element)*)? `>` */
NlAttr *
nl_p_parse_dense_array(NlParser *p)
{
  NlPos type_pos;
  NlType *et;
  NlBuf data = {0}, b = {0};
  size_t size;
  uint32_t n = 0;
  NlAttr *a = NULL;
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_LESS, "expected '<' after 'array'")))
    return NULL;
  type_pos = p->tok.pos;
  if (!(et = nl_p_parse_type(p)))
    return NULL;
  if (et->kind != NL_TYPE_INTEGER && et->kind != NL_TYPE_FLOAT) {
    nl_p_error_at(p, type_pos, "expected integer or float type, got: '%s'",
                  nl_p_type_str(p, et, &b));
    goto done;
  }
  if (!nl_type_is_integer(et, 1) && nl_type_bitwidth(et) % 8 != 0) {
    nl_p_error_at(p, type_pos, "element type bitwidth must be a multiple of 8");
    goto done;
  }
  size = nl_type_is_integer(et, 1) ? 1 : nl_type_bitwidth(et) / 8;
  if (!(et->kind == NL_TYPE_INTEGER && size <= 8 && (size & (size - 1)) == 0) &&
      !(et->kind == NL_TYPE_FLOAT &&
        (et->flt.fkind == NL_F16 || et->flt.fkind == NL_BF16 ||
         et->flt.fkind == NL_F32 || et->flt.fkind == NL_F64))) {
    nl_p_error_at(p, type_pos, "unsupported dense array element type '%s'",
                  nl_p_type_str(p, et, &b));
    goto done;
  }
  if (!nl_p_accept(p, NL_TOK_GREATER)) {
    if (nl_failed(nl_p_expect(p, NL_TOK_COLON,
                              "expected ':' after dense array type")))
      goto done;
    do {
      char elem[8] = {0};
      if (nl_failed(array_element(p, et, elem, size)))
        goto done;
      nl_buf_append(&data, elem, size);
      n++;
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(nl_p_expect(p, NL_TOK_GREATER,
                              "expected '>' to close an array attribute")))
      goto done;
  }
  a = nl_attr_dense_array(p->ctx, et, data.data, n);
done:
  nl_buf_free(&data);
  nl_buf_free(&b);
  return a;
}
