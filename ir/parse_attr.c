/*
 * Parsing of attributes: unit, booleans, integers and floats with their
 * types, strings, types, arrays, dictionaries, symbol references, strided
 * layouts, inline locations, dialect attributes kept as opaque text and
 * attribute aliases. Dense elements, dense arrays and affine maps live in
 * parse_dense.c and parse_affine.c. Follows MLIR's AttributeParser.cpp.
 */
#include <stdlib.h>
#include <string.h>

#include "parser.h"
#include "printer.h" /* nl_float_from_decimal */

/* ---- integer and float values -------------------------------------------- */

static uint32_t
active_bits(const uint64_t *w, uint32_t n)
{
  while (n > 0 && w[n - 1] == 0)
    n--;
  if (n == 0)
    return 0;
  return (n - 1) * 64 + (64 - (uint32_t)__builtin_clzll(w[n - 1]));
}

static bool
bit_set(const uint64_t *w, uint32_t bit)
{
  return (w[bit / 64] >> (bit % 64)) & 1;
}

bool
nl_p_int_words(const NlToken *tok, bool neg, NlType *type, NlIntWords *out)
{
  uint32_t width = type->kind == NL_TYPE_INDEX ? 64 : type->integer.width;
  bool is_signed =
      type->kind == NL_TYPE_INDEX ||
      (type->kind == NL_TYPE_INTEGER && type->integer.signedness == NL_SIGNED);
  uint64_t one, *mag = &one;
  uint32_t nmag = 1, nw = width ? (width + 63) / 64 : 1;
  uint64_t *w;
  /* Most literals fit in 64 bits: no allocation then. */
  if (!nl_tok_uint64(tok, &one))
    nmag = nl_tok_big_int(tok, &mag);
  if (active_bits(mag, nmag) > width || (width == 0 && neg)) {
    if (mag != &one)
      free(mag);
    return false;
  }
  w = nw <= 2 ? out->small : nl_xmalloc(nw * sizeof(uint64_t));
  memset(w, 0, nw * sizeof(uint64_t));
  memcpy(w, mag, (nmag < nw ? nmag : nw) * sizeof(uint64_t));
  if (mag != &one)
    free(mag);
  out->w = w;
  out->n = nw;
  if (width == 0)
    return true;
  if (neg) {
    /* Two's complement in nw words, then the sign bit must be set. */
    uint64_t carry = 1;
    for (uint32_t i = 0; i < nw; i++) {
      uint64_t x = ~w[i] + carry;
      carry = carry && x == 0;
      w[i] = x;
    }
    if (width % 64)
      w[nw - 1] &= (UINT64_C(1) << (width % 64)) - 1;
    if (!bit_set(w, width - 1))
      goto fail;
  } else if (is_signed && bit_set(w, width - 1)) {
    goto fail;
  }
  return true;
fail:
  nl_int_words_free(out);
  return false;
}

/* The bits of a float literal, or of a hex integer literal giving the bit
 * pattern, in float type `type`. Errors are reported at tok. */
NlResult
nl_p_float_bits(NlParser *p, const NlToken *tok, bool neg, NlType *type,
                uint64_t bits[2])
{
  uint64_t *mag;
  uint32_t nmag;
  bits[0] = bits[1] = 0;
  if (tok->kind == NL_TOK_FLOAT) {
    /* Exact decimal conversion (print_float.c): going through a double
     * would lose f80/f128 digits, and the printer relies on every value
     * it prints reading back bit-identically. f32 and f64 take the C
     * library's conversion, which is exact too (correctly rounded) and
     * much faster. */
    uint32_t width = nl_type_bitwidth(type);
    if (type->flt.fkind == NL_F32 || type->flt.fkind == NL_F64) {
      char small[48], *end;
      if (tok->len < sizeof small) {
        memcpy(small, tok->start, tok->len);
        small[tok->len] = '\0';
        if (type->flt.fkind == NL_F64) {
          double d = strtod(small, &end);
          memcpy(bits, &d, sizeof d);
        } else {
          float f = strtof(small, &end);
          uint32_t u;
          memcpy(&u, &f, sizeof f);
          bits[0] = u;
        }
        /* Anything left unread (a locale with another decimal point)
         * falls back to the exact converter. */
        if (end == small + tok->len) {
          if (neg)
            bits[0] ^= UINT64_C(1) << (width - 1);
          return nl_success();
        }
        bits[0] = 0;
      }
    }
    if (!nl_float_from_decimal((NlFloatKind)type->flt.fkind, tok->start,
                               tok->len, bits)) {
      nl_p_error_at(p, tok->pos, "expected floating point literal");
      return nl_failure();
    }
    if (neg)
      bits[(width - 1) / 64] ^= 1ull << ((width - 1) % 64);
    return nl_success();
  }
  if (tok->kind != NL_TOK_INTEGER) {
    nl_p_error_at(p, tok->pos, "expected floating point literal");
    return nl_failure();
  }
  if (!(tok->len > 1 && tok->start[1] == 'x')) {
    NlDiag *d = nl_p_error_at(p, tok->pos,
                              "unexpected decimal integer literal for a "
                              "floating point value");
    if (d)
      nl_diag_note(d, NULL, "add a trailing dot to make the literal a float");
    return nl_failure();
  }
  if (neg) {
    nl_p_error_at(p, tok->pos,
                  "hexadecimal float literal should not have a leading minus");
    return nl_failure();
  }
  nmag = nl_tok_big_int(tok, &mag);
  if (active_bits(mag, nmag) > nl_type_bitwidth(type)) {
    free(mag);
    nl_p_error_at(p, tok->pos,
                  "hexadecimal float constant out of range for type");
    return nl_failure();
  }
  bits[0] = mag[0];
  if (nmag > 1)
    bits[1] = mag[1];
  free(mag);
  return nl_success();
}

NlAttr *
nl_p_float_attr(NlParser *p, const NlToken *tok, bool neg, NlType *type)
{
  uint64_t bits[2];
  if (nl_failed(nl_p_float_bits(p, tok, neg, type, bits)))
    return NULL;
  return nl_attr_float_bits(p->ctx, type, bits);
}

/* integer-literal (`:` type)? at the current token (after any `-`). */
static NlAttr *
parse_int_attr(NlParser *p, NlType *type, bool neg)
{
  NlToken tok = p->tok;
  NlIntWords iw;
  NlAttr *a;
  nl_p_next(p);
  if (!type) {
    if (!nl_p_accept(p, NL_TOK_COLON))
      type = nl_type_i64(p->ctx);
    else if (!(type = nl_p_parse_type(p)))
      return NULL;
  }
  if (type->kind == NL_TYPE_FLOAT)
    return nl_p_float_attr(p, &tok, neg, type);
  if (type->kind != NL_TYPE_INTEGER && type->kind != NL_TYPE_INDEX) {
    nl_p_error_at(p, tok.pos, "integer literal not valid for specified type");
    return NULL;
  }
  if (neg && type->kind == NL_TYPE_INTEGER &&
      type->integer.signedness == NL_UNSIGNED) {
    nl_p_error_at(p, tok.pos,
                  "negative integer literal not valid for "
                  "unsigned integer type");
    return NULL;
  }
  if (!nl_p_int_words(&tok, neg, type, &iw)) {
    nl_p_error_at(p, tok.pos, "integer constant out of range for attribute");
    return NULL;
  }
  a = nl_attr_integer_words(p->ctx, type, iw.w, iw.n);
  nl_int_words_free(&iw);
  return a;
}

/* float-literal (`:` float-type)? */
static NlAttr *
parse_float_attr(NlParser *p, NlType *type, bool neg)
{
  NlToken tok = p->tok;
  nl_p_next(p);
  if (!type) {
    if (!nl_p_accept(p, NL_TOK_COLON))
      type = nl_type_f64(p->ctx);
    else if (!(type = nl_p_parse_type(p)))
      return NULL;
  }
  if (type->kind != NL_TYPE_FLOAT) {
    nl_p_error(p, "floating point value not valid for specified type");
    return NULL;
  }
  return nl_p_float_attr(p, &tok, neg, type);
}

/* ---- aggregates ---------------------------------------------------------- */

/* array-attr ::= `[` (attribute-value (`,` attribute-value)*)? `]` */
static NlAttr *
parse_array(NlParser *p)
{
  size_t base = p->nattrs;
  NlAttr *a = NULL;
  nl_p_next(p);
  if (!nl_p_accept(p, NL_TOK_RSQUARE)) {
    do {
      NlAttr *e = nl_p_parse_attr(p, NULL);
      if (!e)
        goto done;
      NL_VEC_PUSH(p->attrs, p->nattrs, p->attrs_cap, e);
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(nl_p_expect(p, NL_TOK_RSQUARE, "expected ',' or ']'")))
      goto done;
  }
  a = nl_attr_array(p->ctx, p->attrs + base, (uint32_t)(p->nattrs - base));
done:
  p->nattrs = base;
  return a;
}

/* Whether name is already among the dictionary's entries [base, nnamed);
 * past a few entries a hash set (*seen) takes over from the scan. */
static bool
dict_has(NlParser *p, size_t base, NlIdent *name, NlPMap *seen)
{
  uintptr_t v;
  size_t n = p->nnamed - base;
  if (n < 16) {
    for (size_t i = base; i < p->nnamed; i++)
      if (p->named[i].name == name)
        return true;
    return false;
  }
  if (!seen->cap)
    for (size_t i = base; i < p->nnamed; i++)
      nl_pmap_put(seen, p->named[i].name, 1);
  return nl_pmap_get(seen, name, &v);
}

/* attribute-dict ::= `{` (attribute-entry (`,` attribute-entry)*)? `}`
 * attribute-entry ::= (bare-id | string-literal) (`=` attribute-value)? */
NlResult
nl_p_parse_attr_dict(NlParser *p)
{
  size_t base = p->nnamed;
  NlPMap seen = {0};
  NlResult r = nl_failure();
  if (nl_failed(nl_p_expect(p, NL_TOK_LBRACE,
                            "expected '{' in attribute dictionary")))
    return r;
  if (nl_p_accept(p, NL_TOK_RBRACE))
    return nl_success();
  do {
    NlNamedAttr e;
    if (nl_p_is(p, NL_TOK_STRING)) {
      p->sbuf.len = 0;
      nl_tok_string_value(&p->tok, &p->sbuf);
      e.name = nl_ident_get(p->ctx, p->sbuf.data, p->sbuf.len);
    } else if (nl_p_is(p, NL_TOK_BARE_ID)) {
      e.name = nl_p_tok_ident_cached(p);
    } else {
      nl_p_error_wrong(p, "expected attribute name");
      goto fail;
    }
    if (e.name->len == 0) {
      nl_p_error(p, "expected valid attribute name");
      goto fail;
    }
    if (dict_has(p, base, e.name, &seen)) {
      nl_p_error(p, "duplicate key '%s' in dictionary attribute", e.name->str);
      goto fail;
    }
    if (seen.cap)
      nl_pmap_put(&seen, e.name, 1);
    nl_p_next(p);
    if (!nl_p_accept(p, NL_TOK_EQUAL))
      e.value = nl_attr_unit(p->ctx);
    else if (!(e.value = nl_p_parse_attr(p, NULL)))
      goto fail;
    NL_VEC_PUSH(p->named, p->nnamed, p->named_cap, e);
  } while (nl_p_accept(p, NL_TOK_COMMA));
  if (nl_failed(nl_p_expect(p, NL_TOK_RBRACE,
                            "expected '}' in attribute dictionary")))
    goto fail;
  r = nl_success();
  goto out;
fail:
  p->nnamed = base;
out:
  nl_pmap_free(&seen);
  return r;
}

static NlAttr *
parse_dict(NlParser *p)
{
  size_t base = p->nnamed;
  NlAttr *a;
  if (nl_failed(nl_p_parse_attr_dict(p)))
    return NULL;
  a = nl_attr_dict(p->ctx, p->named + base, (uint32_t)(p->nnamed - base));
  p->nnamed = base;
  return a;
}

/* symbol-ref ::= symbol-ref-id (`::` symbol-ref-id)* */
static NlAttr *
parse_symref(NlParser *p)
{
  NlIdent *small[8], **nested = small, *root;
  uint32_t n = 0, cap = 8;
  NlAttr *a = NULL;
  p->sbuf.len = 0;
  nl_tok_symbol_value(&p->tok, &p->sbuf);
  root = nl_ident_get(p->ctx, p->sbuf.data, p->sbuf.len);
  nl_p_next(p);
  /* `::` is two colons with nothing in between. */
  while (nl_p_is(p, NL_TOK_COLON) && p->tok.start + 1 < p->lex.end &&
         p->tok.start[1] == ':') {
    nl_p_next(p);
    nl_p_next(p);
    if (!nl_p_is(p, NL_TOK_AT_ID)) {
      nl_p_error(p, "expected nested symbol reference identifier");
      goto done;
    }
    p->sbuf.len = 0;
    nl_tok_symbol_value(&p->tok, &p->sbuf);
    if (n == cap) {
      NlIdent **bigger = nl_xmalloc(cap * 2 * sizeof(*bigger));
      memcpy(bigger, nested, n * sizeof(*bigger));
      if (nested != small)
        free(nested);
      nested = bigger;
      cap *= 2;
    }
    nested[n++] = nl_ident_get(p->ctx, p->sbuf.data, p->sbuf.len);
    nl_p_next(p);
  }
  a = nl_attr_symref(p->ctx, root, nested, n);
done:
  if (nested != small)
    free(nested);
  return a;
}

/* A stride or offset: `?` or a 64-bit signed integer. */
static bool
parse_stride(NlParser *p, int64_t *out)
{
  NlPos pos = p->tok.pos;
  bool neg;
  uint64_t v;
  if (nl_p_accept(p, NL_TOK_QUESTION)) {
    *out = NL_DYNAMIC;
    return true;
  }
  neg = nl_p_accept(p, NL_TOK_MINUS);
  if (!nl_p_is(p, NL_TOK_INTEGER) || !nl_tok_uint64(&p->tok, &v) ||
      v > (uint64_t)INT64_MAX) {
    nl_p_error_at(p, pos, "expected a 64-bit signed integer or '?'");
    return false;
  }
  nl_p_next(p);
  *out = neg ? -(int64_t)v : (int64_t)v;
  return true;
}

/* strided-layout ::= `strided` `<` `[` (stride (`,` stride)*)? `]`
 *                    (`,` `offset` `:` stride)? `>` */
static NlAttr *
parse_strided(NlParser *p)
{
  NlPos loc = p->tok.pos;
  size_t base = p->ndims;
  int64_t offset = 0;
  NlAttr *a = NULL;
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_LESS, "expected '<' after 'strided'")) ||
      nl_failed(nl_p_expect(p, NL_TOK_LSQUARE, "expected '['")))
    return NULL;
  if (!nl_p_is(p, NL_TOK_RSQUARE)) {
    do {
      int64_t s;
      if (!parse_stride(p, &s))
        goto done;
      NL_VEC_PUSH(p->dims, p->ndims, p->dims_cap, s);
    } while (nl_p_accept(p, NL_TOK_COMMA));
  }
  if (nl_failed(nl_p_expect(p, NL_TOK_RSQUARE, "expected ']'")))
    goto done;
  if (!nl_p_accept(p, NL_TOK_GREATER)) {
    if (nl_failed(nl_p_expect(p, NL_TOK_COMMA, "expected ','")))
      goto done;
    if (!nl_p_accept_kw(p, "offset")) {
      nl_p_error_wrong(p, "expected 'offset' after comma");
      goto done;
    }
    if (nl_failed(
            nl_p_expect(p, NL_TOK_COLON, "expected ':' after 'offset'")) ||
        !parse_stride(p, &offset) ||
        nl_failed(nl_p_expect(p, NL_TOK_GREATER, "expected '>'")))
      goto done;
  }
  for (size_t i = base; i < p->ndims; i++) {
    if (p->dims[i] == 0) {
      nl_p_error_at(p, loc, "strides must not be zero");
      goto done;
    }
  }
  a = nl_attr_strided(p->ctx, offset, p->dims + base,
                      (uint32_t)(p->ndims - base));
done:
  p->ndims = base;
  return a;
}

/* extended-attribute ::= `#` dialect-namespace `<` body `>` (`:` type)?
 *   | `#` dialect.body pretty-body? (`:` type)? | `#` alias-name */
static NlAttr *
parse_extended_attr(NlParser *p, NlType *type)
{
  const char *dialect, *body;
  size_t dlen, blen;
  bool pretty, alias;
  NlIdent *name = nl_p_tok_ident(p, 1);
  NlType *atype = type;
  if (nl_failed(nl_p_opaque_parts(p, "attribute", &dialect, &dlen, &body, &blen,
                                  &pretty, &alias)))
    return NULL;
  if (alias) {
    uintptr_t v;
    NlAttr *a;
    if (!nl_pmap_get(&p->attr_aliases, name, &v)) {
      nl_p_error_wrong(p, "undefined symbol alias id '%s'", name->str);
      return NULL;
    }
    a = (NlAttr *)v;
    if (type && a->type && a->type != type) {
      NlBuf b1 = {0}, b2 = {0};
      nl_p_error(p,
                 "attribute type different than expected: expected %s, "
                 "but got %s",
                 nl_p_type_str(p, type, &b1), nl_p_type_str(p, a->type, &b2));
      nl_buf_free(&b1);
      nl_buf_free(&b2);
      return NULL;
    }
    return a;
  }
  if (nl_p_accept(p, NL_TOK_COLON) && !(atype = nl_p_parse_type(p)))
    return NULL;
  return nl_attr_opaque(p->ctx, dialect, dlen, body, blen, pretty, atype);
}

/* string-literal (`:` type)? */
static NlAttr *
parse_string_attr(NlParser *p, NlType *type)
{
  NlBuf s = {0};
  NlAttr *a = NULL;
  nl_tok_string_value(&p->tok, &s);
  nl_p_next(p);
  if (!type && nl_p_accept(p, NL_TOK_COLON) && !(type = nl_p_parse_type(p)))
    goto done;
  a = nl_attr_string(p->ctx, s.data, s.len, type);
done:
  nl_buf_free(&s);
  return a;
}

/* `loc` `(` location-inst `)` as an attribute value */
static NlAttr *
parse_loc_attr(NlParser *p)
{
  NlLoc *loc;
  nl_p_next(p);
  if (nl_failed(
          nl_p_expect(p, NL_TOK_LPAREN, "expected '(' in inline location")))
    return NULL;
  if (!(loc = nl_p_parse_loc_instance(p)))
    return NULL;
  if (nl_failed(
          nl_p_expect(p, NL_TOK_RPAREN, "expected ')' in inline location")))
    return NULL;
  return nl_attr_loc(p->ctx, loc);
}

/* Attributes that start with a keyword; NULL with *done false when the
 * keyword is not one of them (it may start a type). */
static NlAttr *
parse_keyword_attr(NlParser *p, NlType *type, bool *done)
{
  const NlToken *t = &p->tok;
  *done = true;
  if (nl_tok_is(t, "unit")) {
    nl_p_next(p);
    return nl_attr_unit(p->ctx);
  }
  if (nl_tok_is(t, "true") || nl_tok_is(t, "false")) {
    bool v = t->start[0] == 't';
    nl_p_next(p);
    return nl_attr_bool(p->ctx, v);
  }
  if (nl_tok_is(t, "dense"))
    return nl_p_parse_dense(p, type);
  if (nl_tok_is(t, "dense_resource"))
    return nl_p_parse_dense_resource(p, type);
  if (nl_tok_is(t, "array"))
    return nl_p_parse_dense_array(p);
  if (nl_tok_is(t, "affine_map"))
    return nl_p_parse_affine_map(p);
  if (nl_tok_is(t, "strided"))
    return parse_strided(p);
  if (nl_tok_is(t, "loc"))
    return parse_loc_attr(p);
  if (nl_tok_is(t, "affine_set") || nl_tok_is(t, "sparse") ||
      nl_tok_is(t, "distinct")) {
    nl_p_error(p, "'%.*s' attributes are not supported", (int)t->len, t->start);
    return NULL;
  }
  *done = false;
  return NULL;
}

/* attribute-value ::= `unit` | bool-literal | integer-literal (`:` type)?
 *   | float-literal (`:` type)? | string-literal (`:` type)? | type
 *   | `[` attribute-value,* `]` | attribute-dict | symbol-ref
 *   | dense / dense_resource / array / affine_map / strided / loc
 *   | extended-attribute */
static NlAttr *
parse_attr(NlParser *p, NlType *type)
{
  NlType *t;
  bool done;
  switch (p->tok.kind) {
  case NL_TOK_BARE_ID: {
    NlAttr *a = parse_keyword_attr(p, type, &done);
    if (done)
      return a;
    break;
  }
  case NL_TOK_LSQUARE:
    return parse_array(p);
  case NL_TOK_LBRACE:
    return parse_dict(p);
  case NL_TOK_HASH_ID:
    return parse_extended_attr(p, type);
  case NL_TOK_FLOAT:
    return parse_float_attr(p, type, false);
  case NL_TOK_INTEGER:
    return parse_int_attr(p, type, false);
  case NL_TOK_MINUS:
    nl_p_next(p);
    if (nl_p_is(p, NL_TOK_INTEGER))
      return parse_int_attr(p, type, true);
    if (nl_p_is(p, NL_TOK_FLOAT))
      return parse_float_attr(p, type, true);
    nl_p_error_wrong(p, "expected constant integer or floating point value");
    return NULL;
  case NL_TOK_STRING:
    return parse_string_attr(p, type);
  case NL_TOK_AT_ID:
    return parse_symref(p);
  default:
    break;
  }
  if (!nl_p_at_type(p)) {
    nl_p_error_wrong(p, "expected attribute value");
    return NULL;
  }
  if (!(t = nl_p_parse_type(p)))
    return NULL;
  return nl_attr_type(p->ctx, t);
}

NlAttr *
nl_p_parse_attr(NlParser *p, NlType *type)
{
  NlAttr *a;
  if (nl_failed(nl_p_enter(p)))
    return NULL;
  a = parse_attr(p, type);
  nl_p_leave(p);
  return a;
}
