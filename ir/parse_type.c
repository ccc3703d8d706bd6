/*
 * Parsing of types: integer, index and float types, none, complex, tuple,
 * function types, tensor/memref/vector with their dimension lists, dialect
 * types kept as opaque text, and type aliases. Follows MLIR's
 * TypeParser.cpp, including its diagnostics.
 */
#include <stdlib.h>
#include <string.h>

#include "parser.h"

static const struct {
  const char *name;
  NlFloatKind kind;
} float_kinds[] = {
    {"f16", NL_F16},   {"bf16", NL_BF16},     {"f32", NL_F32},
    {"f64", NL_F64},   {"tf32", NL_TF32},     {"f80", NL_F80},
    {"f128", NL_F128}, {"f8E5M2", NL_F8E5M2}, {"f8E4M3FN", NL_F8E4M3FN},
};

/* Whether tok is `[su]?i[0-9]+`; *digits points at the width. */
static bool
is_int_type(const NlToken *t, const char **digits)
{
  const char *s = t->start;
  uint32_t skip;
  if (t->kind != NL_TOK_BARE_ID)
    return false;
  if (t->len > 1 && s[0] == 'i')
    skip = 1;
  else if (t->len > 2 && (s[0] == 's' || s[0] == 'u') && s[1] == 'i')
    skip = 2;
  else
    return false;
  for (uint32_t i = skip; i < t->len; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  *digits = s + skip;
  return true;
}

static int
float_kind_of(const NlToken *t)
{
  for (size_t i = 0; i < sizeof float_kinds / sizeof float_kinds[0]; i++)
    if (nl_tok_is(t, float_kinds[i].name))
      return (int)float_kinds[i].kind;
  return -1;
}

static bool
is_type_keyword(const NlToken *t)
{
  const char *digits;
  return is_int_type(t, &digits) || float_kind_of(t) >= 0 ||
         nl_tok_is(t, "index") || nl_tok_is(t, "none") ||
         nl_tok_is(t, "tensor") || nl_tok_is(t, "memref") ||
         nl_tok_is(t, "vector") || nl_tok_is(t, "complex") ||
         nl_tok_is(t, "tuple");
}

bool
nl_p_at_type(const NlParser *p)
{
  return p->tok.kind == NL_TOK_LPAREN || p->tok.kind == NL_TOK_BANG_ID ||
         is_type_keyword(&p->tok);
}

/* ---- element type rules -------------------------------------------------- */

static bool
is_int_index_float(const NlType *t)
{
  return t->kind == NL_TYPE_INTEGER || t->kind == NL_TYPE_INDEX ||
         t->kind == NL_TYPE_FLOAT;
}

static bool
valid_tensor_elem(const NlType *t)
{
  return is_int_index_float(t) || t->kind == NL_TYPE_COMPLEX ||
         t->kind == NL_TYPE_VECTOR || t->kind == NL_TYPE_OPAQUE;
}

static bool
valid_memref_elem(const NlType *t)
{
  return is_int_index_float(t) || t->kind == NL_TYPE_COMPLEX ||
         t->kind == NL_TYPE_VECTOR || t->kind == NL_TYPE_MEMREF ||
         t->kind == NL_TYPE_UNRANKED_MEMREF;
}

/* ---- dimension lists ----------------------------------------------------- */

/* A dimension size; `0x..` is the size 0 followed by `x..`. */
static NlResult
parse_int_dim(NlParser *p, int64_t *out)
{
  uint64_t v;
  if (p->tok.len > 1 && p->tok.start[1] == 'x') {
    *out = 0;
    nl_p_reset(p, p->tok.start + 1);
    return nl_success();
  }
  if (!nl_tok_uint64(&p->tok, &v) || v > (uint64_t)INT64_MAX) {
    nl_p_error(p, "invalid dimension");
    return nl_failure();
  }
  *out = (int64_t)v;
  nl_p_next(p);
  return nl_success();
}

/* The `x` of a dimension list, which is lexed as the start of an
 * identifier such as `x8xf32`: the rest is lexed again. */
static NlResult
parse_x(NlParser *p)
{
  if (!nl_p_is(p, NL_TOK_BARE_ID) || p->tok.start[0] != 'x') {
    nl_p_error_wrong(p, "expected 'x' in dimension list");
    return nl_failure();
  }
  if (p->tok.len > 1)
    nl_p_reset(p, p->tok.start + 1);
  else
    nl_p_next(p);
  return nl_success();
}

/* dimension-list ::= (dimension `x`)*, dimension ::= `?` | decimal-literal;
 * pushed on p->dims. */
static NlResult
parse_dims_ranked(NlParser *p)
{
  while (nl_p_is(p, NL_TOK_INTEGER) || nl_p_is(p, NL_TOK_QUESTION)) {
    int64_t d = NL_DYNAMIC;
    if (nl_p_is(p, NL_TOK_QUESTION))
      nl_p_next(p);
    else if (nl_failed(parse_int_dim(p, &d)))
      return nl_failure();
    NL_VEC_PUSH(p->dims, p->ndims, p->dims_cap, d);
    if (nl_failed(parse_x(p)))
      return nl_failure();
  }
  return nl_success();
}

/* vector-dim-list ::= ((decimal-literal | `[` decimal-literal `]`) `x`)* */
static NlResult
parse_dims_vector(NlParser *p, bool *any_scalable)
{
  while (nl_p_is(p, NL_TOK_INTEGER) || nl_p_is(p, NL_TOK_LSQUARE)) {
    bool scalable = nl_p_accept(p, NL_TOK_LSQUARE);
    int64_t d;
    if (!nl_p_is(p, NL_TOK_INTEGER)) {
      nl_p_error(p, "invalid dimension");
      return nl_failure();
    }
    if (nl_failed(parse_int_dim(p, &d)))
      return nl_failure();
    if (scalable && !nl_p_accept(p, NL_TOK_RSQUARE)) {
      nl_p_error_wrong(p, "missing ']' closing scalable dimension");
      return nl_failure();
    }
    *any_scalable |= scalable;
    NL_VEC_PUSH(p->dims, p->ndims, p->dims_cap, d);
    NL_VEC_PUSH(p->scal, p->nscal, p->scal_cap, scalable);
    if (nl_failed(parse_x(p)))
      return nl_failure();
  }
  return nl_success();
}

/* ---- shaped types -------------------------------------------------------- */

/* tensor-type ::= `tensor` `<` (`*` `x` | dimension-list) type
 *                 (`,` encoding)? `>` */
static NlType *
parse_tensor(NlParser *p)
{
  size_t base = p->ndims;
  bool unranked = false;
  NlAttr *enc = NULL;
  NlType *elem, *t = NULL;
  NlPos elem_pos;
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_LESS, "expected '<' in tensor type")))
    return NULL;
  if (nl_p_accept(p, NL_TOK_STAR)) {
    unranked = true;
    if (nl_failed(parse_x(p)))
      goto done;
  } else if (nl_failed(parse_dims_ranked(p))) {
    goto done;
  }
  elem_pos = p->tok.pos;
  if (!(elem = nl_p_parse_type(p)))
    goto done;
  if (nl_p_accept(p, NL_TOK_COMMA) && !(enc = nl_p_parse_attr(p, NULL)))
    goto done;
  if (nl_failed(nl_p_expect(p, NL_TOK_GREATER, "expected '>' in tensor type")))
    goto done;
  if (!valid_tensor_elem(elem)) {
    nl_p_error_at(p, elem_pos, "invalid tensor element type");
    goto done;
  }
  if (unranked) {
    if (enc) {
      nl_p_error(p, "cannot apply encoding to unranked tensor");
      goto done;
    }
    t = nl_type_unranked_tensor(p->ctx, elem);
  } else {
    t = nl_type_tensor(p->ctx, p->dims + base, (uint32_t)(p->ndims - base),
                       elem, enc);
  }
done:
  p->ndims = base;
  return t;
}

static bool
is_identity_map(const NlAffineMap *m)
{
  if (m->nsyms || m->nresults != m->ndims)
    return false;
  for (uint32_t i = 0; i < m->nresults; i++)
    if (m->results[i]->kind != NL_AFFINE_DIM || m->results[i]->pos != i)
      return false;
  return true;
}

/* memref-type ::= `memref` `<` (`*` `x` | dimension-list) type
 *                 (`,` layout)? (`,` memory-space)? `>` */
static NlType *
parse_memref(NlParser *p)
{
  NlPos loc = p->tok.pos;
  size_t base = p->ndims;
  bool unranked = false;
  NlAttr *layout = NULL, *space = NULL;
  NlType *elem, *t = NULL;
  NlPos elem_pos;
  uint32_t rank;
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_LESS, "expected '<' in memref type")))
    return NULL;
  if (nl_p_accept(p, NL_TOK_STAR)) {
    unranked = true;
    if (nl_failed(parse_x(p)))
      goto done;
  } else if (nl_failed(parse_dims_ranked(p))) {
    goto done;
  }
  rank = (uint32_t)(p->ndims - base);
  elem_pos = p->tok.pos;
  if (!(elem = nl_p_parse_type(p)))
    goto done;
  if (!valid_memref_elem(elem)) {
    nl_p_error_at(p, elem_pos, "invalid memref element type");
    goto done;
  }
  if (!nl_p_accept(p, NL_TOK_GREATER)) {
    if (nl_failed(
            nl_p_expect(p, NL_TOK_COMMA, "expected ',' or '>' in memref type")))
      goto done;
    do {
      NlAttr *a = nl_p_parse_attr(p, NULL);
      if (!a)
        goto done;
      if (a->kind != NL_ATTR_AFFINE_MAP && a->kind != NL_ATTR_STRIDED) {
        if (space) {
          nl_p_error(p, "multiple memory spaces specified in memref type");
          goto done;
        }
        space = a;
        continue;
      }
      if (unranked) {
        nl_p_error(p, "cannot have affine map for unranked memref type");
        goto done;
      }
      if (space) {
        nl_p_error(p, "expected memory space to be last in memref type");
        goto done;
      }
      layout = a;
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(nl_p_expect(p, NL_TOK_GREATER, "expected ',' or '>'")))
      goto done;
  }
  /* Canonical forms, as MLIR builds them: the identity layout and memory
   * space 0 are the defaults. */
  if (space && space->kind == NL_ATTR_INTEGER &&
      nl_attr_integer_value(space, NULL) == 0)
    space = NULL;
  if (layout && layout->kind == NL_ATTR_AFFINE_MAP) {
    if (layout->affine.map->ndims != rank) {
      nl_p_error_at(p, loc,
                    "memref layout mismatch between rank and affine map: "
                    "%u != %u",
                    rank, layout->affine.map->ndims);
      goto done;
    }
    if (is_identity_map(layout->affine.map))
      layout = NULL;
  } else if (layout && layout->strided.n != rank) {
    nl_p_error_at(p, loc, "expected the number of strides to match the rank");
    goto done;
  }
  if (unranked)
    t = nl_type_unranked_memref(p->ctx, elem, space);
  else
    t = nl_type_memref(p->ctx, p->dims + base, rank, elem, layout, space);
done:
  p->ndims = base;
  return t;
}

/* vector-type ::= `vector` `<` vector-dim-list type `>` */
static NlType *
parse_vector(NlParser *p)
{
  size_t base = p->ndims, sbase = p->nscal;
  bool any_scalable = false;
  NlType *elem, *t = NULL;
  NlPos elem_pos;
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_LESS, "expected '<' in vector type")))
    return NULL;
  if (nl_failed(parse_dims_vector(p, &any_scalable)))
    goto done;
  for (size_t i = base; i < p->ndims; i++) {
    if (p->dims[i] <= 0) {
      nl_p_error(p, "vector types must have positive constant sizes");
      goto done;
    }
  }
  elem_pos = p->tok.pos;
  if (!(elem = nl_p_parse_type(p)) ||
      nl_failed(nl_p_expect(p, NL_TOK_GREATER, "expected '>' in vector type")))
    goto done;
  if (!is_int_index_float(elem)) {
    nl_p_error_at(p, elem_pos, "vector elements must be int/index/float type");
    goto done;
  }
  t = nl_type_vector(p->ctx, p->dims + base, (uint32_t)(p->ndims - base),
                     any_scalable ? p->scal + sbase : NULL, elem);
done:
  p->ndims = base;
  p->nscal = sbase;
  return t;
}

/* complex-type ::= `complex` `<` type `>` */
static NlType *
parse_complex(NlParser *p)
{
  NlType *elem;
  NlPos pos;
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_LESS, "expected '<' in complex type")))
    return NULL;
  pos = p->tok.pos;
  if (!(elem = nl_p_parse_type(p)) ||
      nl_failed(nl_p_expect(p, NL_TOK_GREATER, "expected '>' in complex type")))
    return NULL;
  if (elem->kind != NL_TYPE_INTEGER && elem->kind != NL_TYPE_FLOAT) {
    nl_p_error_at(p, pos, "invalid element type for complex");
    return NULL;
  }
  return nl_type_complex(p->ctx, elem);
}

/* type-list-no-parens ::= type (`,` type)*, pushed on p->types */
static NlResult
parse_type_list_no_parens(NlParser *p)
{
  do {
    NlType *t = nl_p_parse_type(p);
    if (!t)
      return nl_failure();
    NL_VEC_PUSH(p->types, p->ntypes, p->types_cap, t);
  } while (nl_p_accept(p, NL_TOK_COMMA));
  return nl_success();
}

/* tuple-type ::= `tuple` `<` (type (`,` type)*)? `>` */
static NlType *
parse_tuple(NlParser *p)
{
  size_t base = p->ntypes;
  NlType *t = NULL;
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_LESS, "expected '<' in tuple type")))
    return NULL;
  if (nl_p_accept(p, NL_TOK_GREATER))
    return nl_type_tuple(p->ctx, NULL, 0);
  if (nl_succeeded(parse_type_list_no_parens(p)) &&
      nl_succeeded(
          nl_p_expect(p, NL_TOK_GREATER, "expected '>' in tuple type")))
    t = nl_type_tuple(p->ctx, p->types + base, (uint32_t)(p->ntypes - base));
  p->ntypes = base;
  return t;
}

/* type-list-parens ::= `(` `)` | `(` type-list-no-parens `)` */
NlResult
nl_p_parse_type_list_parens(NlParser *p)
{
  if (nl_failed(nl_p_expect(p, NL_TOK_LPAREN, "expected '('")))
    return nl_failure();
  if (nl_p_accept(p, NL_TOK_RPAREN))
    return nl_success();
  if (nl_failed(parse_type_list_no_parens(p)))
    return nl_failure();
  return nl_p_expect(p, NL_TOK_RPAREN, "expected ')'");
}

static NlType *parse_non_function_type(NlParser *p);

/* function-result-type ::= type-list-parens | non-function-type */
NlResult
nl_p_parse_result_types(NlParser *p)
{
  NlType *t;
  if (nl_p_is(p, NL_TOK_LPAREN))
    return nl_p_parse_type_list_parens(p);
  if (nl_failed(nl_p_enter(p)))
    return nl_failure();
  t = parse_non_function_type(p);
  nl_p_leave(p);
  if (!t)
    return nl_failure();
  NL_VEC_PUSH(p->types, p->ntypes, p->types_cap, t);
  return nl_success();
}

/* function-type ::= type-list-parens `->` function-result-type */
static NlType *
parse_function_type(NlParser *p)
{
  size_t base = p->ntypes, ninputs;
  NlType *t = NULL;
  if (nl_failed(nl_p_parse_type_list_parens(p)))
    goto done;
  ninputs = p->ntypes - base;
  if (nl_failed(
          nl_p_expect(p, NL_TOK_ARROW, "expected '->' in function type")) ||
      nl_failed(nl_p_parse_result_types(p)))
    goto done;
  t = nl_type_function(p->ctx, p->types + base, (uint32_t)ninputs,
                       p->types + base + ninputs,
                       (uint32_t)(p->ntypes - base - ninputs));
done:
  p->ntypes = base;
  return t;
}

/* ---- dialect types ------------------------------------------------------- */

NlResult
nl_p_dialect_body(NlParser *p, const char **end)
{
  const char *q = p->tok.start, *stop = p->lex.end;
  char small[32], *stack = small;
  size_t n = 0, cap = sizeof small;
  NlResult r = nl_failure();
  for (;;) {
    char c;
    if (q >= stop || *q == '\0') {
      nl_p_error(p, "unbalanced '%c' character in pretty dialect name",
                 stack[n - 1]);
      goto out;
    }
    c = *q++;
    switch (c) {
    case '<':
    case '[':
    case '(':
    case '{':
      if (n == cap) {
        char *bigger = nl_xmalloc(cap * 2);
        memcpy(bigger, stack, n);
        if (stack != small)
          free(stack);
        stack = bigger;
        cap *= 2;
      }
      stack[n++] = c;
      continue;
    case '-': /* `->` is one token: its `>` closes nothing */
      if (q < stop && *q == '>')
        q++;
      continue;
    case '>':
    case ']':
    case ')':
    case '}': {
      char open = c == '>' ? '<' : c == ']' ? '[' : c == ')' ? '(' : '{';
      if (stack[n - 1] != open) {
        nl_p_error(p, "unbalanced '%c' character in pretty dialect name",
                   stack[n - 1]);
        goto out;
      }
      n--;
      break;
    }
    case '"':
      /* Let the lexer skip the string (and report a malformed one). */
      nl_p_reset(p, q - 1);
      if (!nl_p_is(p, NL_TOK_STRING)) {
        p->errored = true;
        goto out;
      }
      q = p->tok.start + p->tok.len;
      continue;
    default:
      continue;
    }
    if (n == 0)
      break;
  }
  nl_p_reset(p, q);
  *end = q;
  r = nl_success();
out:
  if (stack != small)
    free(stack);
  return r;
}

/* Fails unless the dialect of an opaque type or attribute may be used. */
static NlResult
check_dialect(NlParser *p, const char *d, size_t n, NlPos pos,
              const char *prefix, const char *text, size_t tlen,
              const char *what)
{
  if (nl_context_allow_unregistered(p->ctx) ||
      nl_context_lookup_dialect(p->ctx, d, n))
    return nl_success();
  nl_p_error_at(p, pos,
                "`%s%.*s` %s created with unregistered dialect. If this is "
                "intended, please call allowUnregisteredDialects() on the "
                "MLIRContext, or use -allow-unregistered-dialect with the "
                "MLIR opt tool used",
                prefix, (int)tlen, text, what);
  return nl_failure();
}

NlResult
nl_p_opaque_parts(NlParser *p, const char *what, const char **dialect,
                  size_t *dlen, const char **body, size_t *blen, bool *pretty,
                  bool *is_alias)
{
  NlToken t = p->tok;
  const char *id = t.start + 1, *id_end = t.start + t.len, *end;
  const char *dot = memchr(id, '.', (size_t)(id_end - id));
  bool trailing;
  NlPos pos = t.pos;
  nl_p_next(p);
  trailing = nl_p_is(p, NL_TOK_LESS) && p->tok.start == id_end;
  *is_alias = !trailing && !dot;
  if (*is_alias)
    return nl_success();
  *dialect = id;
  *dlen = dot ? (size_t)(dot - id) : (size_t)(id_end - id);
  *pretty = dot != NULL;
  if (dot) {
    pos.col += (uint32_t)(dot + 1 - t.start);
    *body = dot + 1;
    end = id_end;
    if (trailing && nl_failed(nl_p_dialect_body(p, &end)))
      return nl_failure();
    *blen = (size_t)(end - *body);
  } else {
    if (nl_failed(nl_p_dialect_body(p, &end)))
      return nl_failure();
    *body = id_end + 1;
    *blen = (size_t)(end - 1 - *body);
  }
  return check_dialect(p, *dialect, *dlen, pos, t.start[0] == '!' ? "!" : "#",
                       id, (size_t)(end - id), what);
}

/* extended-type ::= `!` dialect-namespace `<` body `>`
 *                 | `!` dialect.body pretty-body? | `!` alias-name */
static NlType *
parse_extended_type(NlParser *p)
{
  const char *dialect, *body;
  size_t dlen, blen;
  bool pretty, alias;
  NlIdent *name = nl_p_tok_ident(p, 1);
  if (nl_failed(nl_p_opaque_parts(p, "type", &dialect, &dlen, &body, &blen,
                                  &pretty, &alias)))
    return NULL;
  if (alias) {
    uintptr_t v;
    if (!nl_pmap_get(&p->type_aliases, name, &v)) {
      nl_p_error_wrong(p, "undefined symbol alias id '%s'", name->str);
      return NULL;
    }
    return (NlType *)v;
  }
  return nl_type_opaque(p->ctx, dialect, dlen, body, blen, pretty);
}

/* ---- entry points -------------------------------------------------------- */

/* Parses the width of an integer type token. */
static NlType *
parse_int_type(NlParser *p, const char *digits)
{
  uint64_t w = 0;
  NlSignedness s = p->tok.start[0] == 's'   ? NL_SIGNED
                   : p->tok.start[0] == 'u' ? NL_UNSIGNED
                                            : NL_SIGNLESS;
  for (const char *c = digits; c < p->tok.start + p->tok.len; c++) {
    w = w * 10 + (uint64_t)(*c - '0');
    if (w > UINT32_MAX) {
      nl_p_error(p, "invalid integer width");
      return NULL;
    }
  }
  if (w > 16777215) {
    nl_p_error(p, "integer bitwidth is limited to 16777215 bits");
    return NULL;
  }
  nl_p_next(p);
  return nl_type_integer(p->ctx, (uint32_t)w, s);
}

/* non-function-type ::= integer-type | index-type | float-type | none-type
 *   | complex-type | tuple-type | tensor-type | memref-type | vector-type
 *   | extended-type */
static NlType *
parse_non_function_type(NlParser *p)
{
  const char *digits;
  int fk;
  if (nl_p_is(p, NL_TOK_BANG_ID))
    return parse_extended_type(p);
  if (is_int_type(&p->tok, &digits))
    return parse_int_type(p, digits);
  if ((fk = float_kind_of(&p->tok)) >= 0) {
    nl_p_next(p);
    return nl_type_float(p->ctx, (NlFloatKind)fk);
  }
  if (nl_p_accept_kw(p, "index"))
    return nl_type_index(p->ctx);
  if (nl_p_accept_kw(p, "none"))
    return nl_type_none(p->ctx);
  if (nl_tok_is(&p->tok, "tensor"))
    return parse_tensor(p);
  if (nl_tok_is(&p->tok, "memref"))
    return parse_memref(p);
  if (nl_tok_is(&p->tok, "vector"))
    return parse_vector(p);
  if (nl_tok_is(&p->tok, "complex"))
    return parse_complex(p);
  if (nl_tok_is(&p->tok, "tuple"))
    return parse_tuple(p);
  nl_p_error_wrong(p, "expected non-function type");
  return NULL;
}

/* ---- the type cache
 * ---------------------------------------------------------- Printed IR repeats
 * the same few types on every op. Types are looked up by their spelling first:
 * a quick scan finds where the type's text ends, and a parser-local table maps
 * that text to the type parsed the first time, which is much cheaper than
 * parsing and interning again. Only text whose parse consumed exactly the
 * scanned span is cached, so odd spacing merely misses the cache. */

static bool
is_ident_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$' || c == '.' || c == '-';
}

/* The end of the balanced group opening at *q (one of <[({), or NULL. */
static const char *
skip_balanced(const char *q, const char *end)
{
  /* The bytes the switch below acts on: the rest is skipped in a tight
   * loop (type spellings are mostly letters, digits and `x`). */
  static const bool special[256] = {
      ['<'] = 1, ['['] = 1, ['('] = 1, ['{'] = 1, ['-'] = 1, ['>'] = 1,
      [']'] = 1, [')'] = 1, ['}'] = 1, ['"'] = 1, ['\0'] = 1};
  char stack[64];
  size_t n = 0;
  for (; q < end; q++) {
    while (!special[(unsigned char)*q])
      if (++q == end)
        return NULL;
    char c = *q;
    switch (c) {
    case '<':
    case '[':
    case '(':
    case '{':
      if (n == sizeof stack)
        return NULL;
      stack[n++] = c;
      break;
    case '-':
      if (q + 1 < end && q[1] == '>')
        q++;
      break;
    case '>':
    case ']':
    case ')':
    case '}':
      if (!n || stack[n - 1] != (c == '>'   ? '<'
                                 : c == ']' ? '['
                                 : c == ')' ? '('
                                            : '{'))
        return NULL;
      if (--n == 0)
        return q + 1;
      break;
    case '"':
      for (q++; q < end && *q != '"'; q++) {
        if (*q == '\\')
          q++;
        else if (*q == '\n')
          return NULL;
      }
      if (q >= end)
        return NULL;
      break;
    case '\0':
      return NULL;
    default:
      break;
    }
  }
  return NULL;
}

/* The end of a non-function type's text starting at q: an identifier
 * (with `!` prefix) and an immediately following `<...>`. */
static const char *
skip_simple_type(const char *q, const char *end)
{
  const char *s = q;
  if (q < end && *q == '!')
    q++;
  while (q < end && is_ident_char(*q) &&
         !(*q == '-' && q + 1 < end && q[1] == '>'))
    q++;
  if (q == s || (*s == '!' && q == s + 1))
    return NULL;
  if (q < end && *q == '<')
    return skip_balanced(q, end);
  return q;
}

/* Where the text of the type at the current token ends, or NULL. */
static const char *
type_span_end(const NlParser *p)
{
  const char *q = p->tok.start, *end = p->lex.end;
  if (p->tok.kind == NL_TOK_BARE_ID || p->tok.kind == NL_TOK_BANG_ID)
    return skip_simple_type(q, end);
  if (p->tok.kind != NL_TOK_LPAREN || !(q = skip_balanced(q, end)))
    return NULL;
  while (q < end && (*q == ' ' || *q == '\t'))
    q++;
  if (end - q < 2 || q[0] != '-' || q[1] != '>')
    return NULL;
  for (q += 2; q < end && (*q == ' ' || *q == '\t');)
    q++;
  if (q < end && *q == '(')
    return skip_balanced(q, end);
  return skip_simple_type(q, end);
}

/* type ::= function-type | non-function-type */
NlType *
nl_p_parse_type(NlParser *p)
{
  const char *start = p->tok.start, *span;
  NlType *t;
  uint32_t i;
  if (nl_failed(nl_p_enter(p)))
    return NULL;
  span = type_span_end(p);
  if (span && nl_smap_get(&p->type_cache,
                          (NlName){start, (uint32_t)(span - start)}, &i)) {
    nl_p_reset(p, span);
    nl_p_leave(p);
    return p->types_seen[i];
  }
  t = nl_p_is(p, NL_TOK_LPAREN) ? parse_function_type(p)
                                : parse_non_function_type(p);
  if (t && span && p->prev_end == span) {
    /* The key is copied next to the other keys: hits compare against it,
     * and the first spelling in a large input is long out of cache. */
    uint32_t len = (uint32_t)(span - start);
    const char *key = nl_arena_dup(&p->arena, start, len, 1);
    nl_smap_put(&p->type_cache, (NlName){key, len}, (uint32_t)p->ntypes_seen);
    NL_VEC_PUSH(p->types_seen, p->ntypes_seen, p->types_seen_cap, t);
  }
  nl_p_leave(p);
  return t;
}
