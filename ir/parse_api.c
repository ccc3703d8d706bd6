/*
 * The custom-form parser API of null/asm.h (nl_parser_*), the counterpart
 * of MLIR's OpAsmParser: what an op's parse hook uses to read its syntax.
 * Arrays handed to hooks live in the parser's arena until the parse ends.
 * Errors reported through nl_parser_error carry MLIR's "custom op 'name' "
 * prefix; token-level errors do not, as in MLIR.
 */
#include <string.h>

#include "parser.h"

NlContext *
nl_parser_context(NlParser *p)
{
  return p->ctx;
}

NlLoc *
nl_parser_loc(NlParser *p)
{
  return nl_p_loc(p, p->tok.pos);
}

/* Emits fmt with the prefix of the innermost custom op being parsed. */
static NlDiag *
verror_prefixed(NlParser *p, NlLoc *loc, const char *fmt, va_list ap)
{
  NlBuf b = {0};
  NlDiag *d;
  if (p->ncustom)
    nl_buf_printf(&b, "custom op '%s' ", p->custom[p->ncustom - 1]);
  nl_buf_vprintf(&b, fmt, ap);
  p->errored = true;
  d = nl_emit_error(p->ctx, loc, "%s", b.data ? b.data : "");
  nl_buf_free(&b);
  return d;
}

NlDiag *
nl_parser_error(NlParser *p, const char *fmt, ...)
{
  va_list ap;
  NlDiag *d;
  va_start(ap, fmt);
  d = verror_prefixed(p, nl_p_loc(p, nl_p_error_pos(p)), fmt, ap);
  va_end(ap);
  return d;
}

static NlDiag *error_at(NlParser *p, NlLoc *loc, const char *fmt, ...)
    NL_PRINTF(3, 4);
static NlDiag *
error_at(NlParser *p, NlLoc *loc, const char *fmt, ...)
{
  va_list ap;
  NlDiag *d;
  va_start(ap, fmt);
  d = verror_prefixed(p, loc, fmt, ap);
  va_end(ap);
  return d;
}

/* ---- punctuation and keywords -------------------------------------------- */

/* The token kind spelled `punct`, -1 if none; `::` is handled apart. */
static int
punct_kind(const char *punct)
{
  for (int k = NL_TOK_FIRST_PUNCT; k < NL_TOK_COUNT; k++)
    if (strcmp(nl_tok_kind_spelling((NlTokKind)k), punct) == 0)
      return k;
  return -1;
}

static bool
at_double_colon(NlParser *p)
{
  return nl_p_is(p, NL_TOK_COLON) && p->tok.start + 1 < p->lex.end &&
         p->tok.start[1] == ':';
}

bool
nl_parser_peek(NlParser *p, const char *punct)
{
  int k;
  if (strcmp(punct, "::") == 0)
    return at_double_colon(p);
  k = punct_kind(punct);
  return k >= 0 && p->tok.kind == (NlTokKind)k;
}

bool
nl_parser_accept(NlParser *p, const char *punct)
{
  if (!nl_parser_peek(p, punct))
    return false;
  if (at_double_colon(p))
    nl_p_next(p);
  nl_p_next(p);
  return true;
}

NlResult
nl_parser_expect(NlParser *p, const char *punct)
{
  if (nl_parser_accept(p, punct))
    return nl_success();
  nl_p_error_wrong(p, "expected '%s'", punct);
  return nl_failure();
}

bool
nl_parser_accept_keyword(NlParser *p, const char *kw)
{
  return nl_p_accept_kw(p, kw);
}

NlResult
nl_parser_parse_keyword(NlParser *p, NlStr *out)
{
  if (!nl_p_is(p, NL_TOK_BARE_ID)) {
    nl_parser_error(p, "expected valid keyword");
    return nl_failure();
  }
  *out = nl_str(p->tok.start, p->tok.len);
  nl_p_next(p);
  return nl_success();
}

/* ---- literals ------------------------------------------------------------ */

bool
nl_parser_peek_symbol(NlParser *p)
{
  return nl_p_is(p, NL_TOK_AT_ID);
}

NlResult
nl_parser_parse_symbol_name(NlParser *p, NlAttr **out)
{
  if (!nl_p_is(p, NL_TOK_AT_ID)) {
    nl_parser_error(p, "expected valid '@'-identifier for symbol name");
    return nl_failure();
  }
  p->sbuf.len = 0;
  nl_tok_symbol_value(&p->tok, &p->sbuf);
  *out = nl_attr_string(p->ctx, p->sbuf.data, p->sbuf.len, NULL);
  nl_p_next(p);
  return nl_success();
}

NlResult
nl_parser_parse_string(NlParser *p, NlBuf *out)
{
  if (!nl_p_is(p, NL_TOK_STRING)) {
    nl_parser_error(p, "expected string");
    return nl_failure();
  }
  nl_tok_string_value(&p->tok, out);
  nl_p_next(p);
  return nl_success();
}

/* integer ::= `true` | `false` | `-`? integer-literal, fitting int64. */
NlResult
nl_parser_parse_integer(NlParser *p, int64_t *out)
{
  NlLoc *loc = nl_parser_loc(p);
  uint64_t v;
  bool neg;
  if (nl_tok_is(&p->tok, "true") || nl_tok_is(&p->tok, "false")) {
    *out = p->tok.start[0] == 't';
    nl_p_next(p);
    return nl_success();
  }
  if (!nl_p_is(p, NL_TOK_MINUS) && !nl_p_is(p, NL_TOK_INTEGER)) {
    nl_parser_error(p, "expected integer value");
    return nl_failure();
  }
  neg = nl_p_accept(p, NL_TOK_MINUS);
  if (!nl_p_is(p, NL_TOK_INTEGER)) {
    nl_p_error_wrong(p, "expected integer value");
    return nl_failure();
  }
  if (!nl_tok_uint64(&p->tok, &v) ||
      v > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX)) {
    error_at(p, loc, "integer value too large");
    return nl_failure();
  }
  nl_p_next(p);
  *out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return nl_success();
}

NlResult
nl_parser_parse_type(NlParser *p, NlType **out)
{
  NlType *t = nl_p_parse_type(p);
  if (!t)
    return nl_failure();
  *out = t;
  return nl_success();
}

/* Copies p->types[base..] into the arena and pops them. */
static NlType **
take_types(NlParser *p, size_t base, uint32_t *n)
{
  size_t k = p->ntypes - base;
  NlType **ts = nl_arena_alloc(&p->arena, (k ? k : 1) * sizeof(NlType *),
                               _Alignof(NlType *));
  if (k)
    memcpy(ts, p->types + base, k * sizeof(NlType *));
  p->ntypes = base;
  *n = (uint32_t)k;
  return ts;
}

NlResult
nl_parser_parse_type_list(NlParser *p, NlType ***out, uint32_t *n)
{
  size_t base = p->ntypes;
  if (nl_failed(nl_p_parse_result_types(p))) {
    p->ntypes = base;
    return nl_failure();
  }
  *out = take_types(p, base, n);
  return nl_success();
}

NlResult
nl_parser_parse_attr(NlParser *p, NlType *type, NlAttr **out)
{
  NlAttr *a = nl_p_parse_attr(p, type);
  if (!a)
    return nl_failure();
  *out = a;
  return nl_success();
}

NlResult
nl_parser_parse_optional_attr_dict(NlParser *p, NlOpState *st)
{
  size_t base = p->nnamed;
  if (!nl_p_is(p, NL_TOK_LBRACE))
    return nl_success();
  if (nl_failed(nl_p_parse_attr_dict(p)))
    return nl_failure();
  for (size_t i = base; i < p->nnamed; i++)
    nl_op_state_add_attr_ident(st, p->named[i].name, p->named[i].value);
  p->nnamed = base;
  return nl_success();
}

NlResult
nl_parser_parse_optional_attr_dict_with_keyword(NlParser *p, NlOpState *st)
{
  if (!nl_p_accept_kw(p, "attributes"))
    return nl_success();
  if (!nl_p_is(p, NL_TOK_LBRACE)) {
    nl_p_error_wrong(p, "expected '{' in attribute dictionary");
    return nl_failure();
  }
  return nl_parser_parse_optional_attr_dict(p, st);
}

/* ---- operands ------------------------------------------------------------ */

static NlPos
loc_pos(NlLoc *loc)
{
  const NlLoc *f = loc ? nl_loc_find_file(loc) : NULL;
  return f ? (NlPos){f->file.line, f->file.col} : (NlPos){0, 0};
}

bool
nl_parser_peek_operand(NlParser *p)
{
  return nl_p_is(p, NL_TOK_PERCENT_ID);
}

NlResult
nl_parser_parse_operand(NlParser *p, NlUnresolvedOperand *out)
{
  NlSsaUse u;
  if (nl_failed(nl_p_parse_ssa_use(p, &u, true)))
    return nl_failure();
  out->name = nl_ident_get(p->ctx, u.name.s, u.name.len);
  out->number = u.number;
  out->loc = nl_p_loc(p, u.pos);
  return nl_success();
}

NlResult
nl_parser_parse_operand_list(NlParser *p, NlUnresolvedOperand **out,
                             uint32_t *n)
{
  size_t base = p->nuses, k;
  NlUnresolvedOperand *os;
  if (nl_p_is(p, NL_TOK_PERCENT_ID)) {
    do {
      NlSsaUse u;
      if (nl_failed(nl_p_parse_ssa_use(p, &u, true))) {
        p->nuses = base;
        return nl_failure();
      }
      NL_VEC_PUSH(p->uses, p->nuses, p->uses_cap, u);
    } while (nl_p_accept(p, NL_TOK_COMMA));
  }
  k = p->nuses - base;
  os = nl_arena_alloc(&p->arena, (k ? k : 1) * sizeof(*os),
                      _Alignof(NlUnresolvedOperand));
  for (size_t i = 0; i < k; i++) {
    os[i].name = nl_ident_get(p->ctx, p->uses[base + i].name.s,
                              p->uses[base + i].name.len);
    os[i].number = p->uses[base + i].number;
    os[i].loc = nl_p_loc(p, p->uses[base + i].pos);
  }
  p->nuses = base;
  *out = os;
  *n = (uint32_t)k;
  return nl_success();
}

NlResult
nl_parser_resolve_operand(NlParser *p, const NlUnresolvedOperand *o, NlType *t,
                          NlValue **out)
{
  NlSsaUse u = {{o->name->str, o->name->len}, o->number, loc_pos(o->loc)};
  NlValue *v = nl_p_resolve_use(p, &u, t);
  if (!v)
    return nl_failure();
  *out = v;
  return nl_success();
}

NlResult
nl_parser_resolve_operands(NlParser *p, const NlUnresolvedOperand *os,
                           uint32_t n, NlType *const *ts, uint32_t nts,
                           NlLoc *loc, NlOpState *st)
{
  if (n != nts) {
    error_at(p, loc ? loc : nl_parser_loc(p),
             "%u operands present, but expected %u", n, nts);
    return nl_failure();
  }
  for (uint32_t i = 0; i < n; i++) {
    NlValue *v;
    if (nl_failed(nl_parser_resolve_operand(p, &os[i], ts[i], &v)))
      return nl_failure();
    nl_op_state_add_operand(st, v);
  }
  return nl_success();
}

/* argument ::= ssa-id (`:` type attribute-dict?)? trailing-location? */
NlResult
nl_parser_parse_argument(NlParser *p, bool with_type, NlArgument *out)
{
  NlSsaUse u;
  NlLoc *loc = NULL;
  memset(out, 0, sizeof(*out));
  if (nl_failed(nl_p_parse_ssa_use(p, &u, false)))
    return nl_failure();
  out->ssa.name = nl_ident_get(p->ctx, u.name.s, u.name.len);
  out->ssa.number = 0;
  out->ssa.loc = nl_p_loc(p, u.pos);
  if (with_type) {
    if (nl_failed(nl_p_expect(p, NL_TOK_COLON, "expected ':'")) ||
        !(out->type = nl_p_parse_type(p)))
      return nl_failure();
    if (nl_p_is(p, NL_TOK_LBRACE)) {
      size_t base = p->nnamed;
      if (nl_failed(nl_p_parse_attr_dict(p)))
        return nl_failure();
      out->attrs =
          nl_attr_dict(p->ctx, p->named + base, (uint32_t)(p->nnamed - base));
      p->nnamed = base;
    }
  }
  if (nl_failed(nl_p_parse_trailing_loc(p, &loc)))
    return nl_failure();
  out->loc = loc ? loc : out->ssa.loc;
  return nl_success();
}

NlResult
nl_parser_parse_optional_loc(NlParser *p, NlLoc **out)
{
  return nl_p_parse_trailing_loc(p, out);
}

NlResult
nl_parser_parse_region(NlParser *p, NlRegion *r, const NlArgument *args,
                       uint32_t nargs)
{
  return nl_p_parse_region(p, r, args, nargs);
}
