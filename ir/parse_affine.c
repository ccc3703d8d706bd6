/*
 * Parsing of `affine_map<(d0, d1)[s0] -> (d0 + s0, d1 floordiv 2)>`: the
 * dimension and symbol lists, and affine expressions with MLIR's grammar
 * and precedence (unary minus binds tightest, then * floordiv ceildiv mod,
 * then + and -, all left-associative). Expressions are built with the
 * nl_affine_* constructors, which simplify as MLIR's do. Integer sets are
 * not supported.
 */
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* Identifiers of the map being parsed: dims first, then symbols. */
typedef struct AffineScope {
  NlIdent *names[64];
  NlAffineExpr *exprs[64];
  uint32_t n;
  NlIdent **more_names; /* beyond 64 (heap) */
  NlAffineExpr **more_exprs;
  uint32_t cap;
} AffineScope;

static NlIdent **
scope_name(AffineScope *s, uint32_t i)
{
  return i < 64 ? &s->names[i] : &s->more_names[i - 64];
}

static NlAffineExpr **
scope_expr(AffineScope *s, uint32_t i)
{
  return i < 64 ? &s->exprs[i] : &s->more_exprs[i - 64];
}

static void
scope_add(AffineScope *s, NlIdent *name, NlAffineExpr *e)
{
  if (s->n >= 64 && s->n - 64 == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->more_names = nl_xrealloc(s->more_names, s->cap * sizeof(NlIdent *));
    s->more_exprs = nl_xrealloc(s->more_exprs, s->cap * sizeof(NlAffineExpr *));
  }
  *scope_name(s, s->n) = name;
  *scope_expr(s, s->n) = e;
  s->n++;
}

/* Bare identifiers include keywords such as `mod` in identifier position. */
static bool
is_identifier(const NlParser *p)
{
  return p->tok.kind == NL_TOK_BARE_ID;
}

/* Whether e uses no dimension (constant or symbolic). */
static bool
is_symbolic_or_constant(const NlAffineExpr *e)
{
  switch (e->kind) {
  case NL_AFFINE_CONST:
  case NL_AFFINE_SYMBOL:
    return true;
  case NL_AFFINE_DIM:
    return false;
  default:
    return is_symbolic_or_constant(e->bin.lhs) &&
           is_symbolic_or_constant(e->bin.rhs);
  }
}

enum { HIGH_NONE, HIGH_MUL, HIGH_FLOORDIV, HIGH_CEILDIV, HIGH_MOD };

static int
accept_high_op(NlParser *p)
{
  if (nl_p_accept(p, NL_TOK_STAR))
    return HIGH_MUL;
  if (nl_p_accept_kw(p, "floordiv"))
    return HIGH_FLOORDIV;
  if (nl_p_accept_kw(p, "ceildiv"))
    return HIGH_CEILDIV;
  if (nl_p_accept_kw(p, "mod"))
    return HIGH_MOD;
  return HIGH_NONE;
}

static NlAffineExpr *parse_expr(NlParser *p, AffineScope *s);

/* Applies a high-precedence op, checking that the result stays affine (or
 * semi-affine: symbols allowed where MLIR allows them). */
static NlAffineExpr *
high_op(NlParser *p, int op, NlAffineExpr *lhs, NlAffineExpr *rhs, NlPos pos)
{
  const char *what = NULL;
  switch (op) {
  case HIGH_MUL:
    if (!is_symbolic_or_constant(lhs) && !is_symbolic_or_constant(rhs)) {
      nl_p_error_at(p, pos,
                    "non-affine expression: at least one of the "
                    "multiply operands has to be either a constant "
                    "or symbolic");
      return NULL;
    }
    return nl_affine_mul(p->ctx, lhs, rhs);
  case HIGH_FLOORDIV:
    what = "floordiv";
    break;
  case HIGH_CEILDIV:
    what = "ceildiv";
    break;
  default:
    what = "mod";
    break;
  }
  if (!is_symbolic_or_constant(rhs)) {
    nl_p_error_at(p, pos,
                  "non-affine expression: right operand of %s has to "
                  "be either a constant or symbolic",
                  what);
    return NULL;
  }
  if (op == HIGH_FLOORDIV)
    return nl_affine_floordiv(p->ctx, lhs, rhs);
  if (op == HIGH_CEILDIV)
    return nl_affine_ceildiv(p->ctx, lhs, rhs);
  return nl_affine_mod(p->ctx, lhs, rhs);
}

/* affine-operand ::= bare-id | integer-literal | `(` affine-expr `)`
 *                  | `-` affine-operand
 * has_lhs tells whether this is the right operand of a binary op. */
static NlAffineExpr *
parse_operand(NlParser *p, AffineScope *s, bool has_lhs)
{
  NlAffineExpr *e;
  uint64_t v;
  switch (p->tok.kind) {
  case NL_TOK_INTEGER:
    /* 2^63 is allowed: the printer writes INT64_MIN as `- 9223372036854775808`.
     */
    if (!nl_tok_uint64(&p->tok, &v) ||
        (v > (uint64_t)INT64_MAX && v != (uint64_t)1 << 63)) {
      nl_p_error(p, "constant too large for index");
      return NULL;
    }
    nl_p_next(p);
    return nl_affine_const(p->ctx, (int64_t)v);
  case NL_TOK_LPAREN:
    if (nl_failed(nl_p_enter(p)))
      return NULL;
    nl_p_next(p);
    e = NULL;
    if (nl_p_is(p, NL_TOK_RPAREN))
      nl_p_error(p, "no expression inside parentheses");
    else if ((e = parse_expr(p, s)) &&
             nl_failed(nl_p_expect(p, NL_TOK_RPAREN, "expected ')'")))
      e = NULL;
    nl_p_leave(p);
    return e;
  case NL_TOK_MINUS:
    if (nl_failed(nl_p_enter(p)))
      return NULL;
    nl_p_next(p);
    e = parse_operand(p, s, has_lhs);
    nl_p_leave(p);
    return e ? nl_affine_neg(p->ctx, e) : NULL;
  case NL_TOK_PLUS:
  case NL_TOK_STAR:
    nl_p_error(p, has_lhs ? "missing right operand of binary operator"
                          : "missing left operand of binary operator");
    return NULL;
  default:
    break;
  }
  if (is_identifier(p)) {
    NlIdent *name = nl_p_tok_ident(p, 0);
    for (uint32_t i = 0; i < s->n; i++) {
      if (*scope_name(s, i) == name) {
        nl_p_next(p);
        return *scope_expr(s, i);
      }
    }
    nl_p_error_wrong(p, "use of undeclared identifier");
    return NULL;
  }
  nl_p_error(p, has_lhs ? "missing right operand of binary operator"
                        : "expected affine expression");
  return NULL;
}

/* term ::= affine-operand ((`*` | `floordiv` | `ceildiv` | `mod`)
 *          affine-operand)* */
static NlAffineExpr *
parse_term(NlParser *p, AffineScope *s, bool has_lhs)
{
  NlAffineExpr *lhs = parse_operand(p, s, has_lhs);
  for (;;) {
    NlPos pos = p->tok.pos;
    NlAffineExpr *rhs;
    int op;
    if (!lhs || !(op = accept_high_op(p)))
      return lhs;
    if (!(rhs = parse_operand(p, s, true)))
      return NULL;
    lhs = high_op(p, op, lhs, rhs, pos);
  }
}

/* affine-expr ::= term ((`+` | `-`) term)* */
static NlAffineExpr *
parse_expr(NlParser *p, AffineScope *s)
{
  NlAffineExpr *lhs = parse_term(p, s, false);
  while (lhs) {
    NlAffineExpr *rhs;
    bool add;
    if (nl_p_accept(p, NL_TOK_PLUS))
      add = true;
    else if (nl_p_accept(p, NL_TOK_MINUS))
      add = false;
    else
      break;
    if (!(rhs = parse_term(p, s, true)))
      return NULL;
    lhs =
        add ? nl_affine_add(p->ctx, lhs, rhs) : nl_affine_sub(p->ctx, lhs, rhs);
  }
  return lhs;
}

/* An identifier definition of the dim or symbol list. */
static NlResult
parse_id_def(NlParser *p, AffineScope *s, NlAffineExpr *e)
{
  NlIdent *name;
  if (!is_identifier(p)) {
    nl_p_error_wrong(p, "expected bare identifier");
    return nl_failure();
  }
  name = nl_p_tok_ident(p, 0);
  for (uint32_t i = 0; i < s->n; i++) {
    if (*scope_name(s, i) == name) {
      nl_p_error(p, "redefinition of identifier '%s'", name->str);
      return nl_failure();
    }
  }
  nl_p_next(p);
  scope_add(s, name, e);
  return nl_success();
}

/* affine-map ::= dim-list symbol-list? `->` `(` (affine-expr,*)? `)`
 * dim-list ::= `(` (bare-id,*)? `)`, symbol-list ::= `[` (bare-id,*)? `]` */
static NlAffineMap *
parse_map(NlParser *p, AffineScope *s)
{
  uint32_t ndims = 0, nsyms = 0;
  size_t base = p->nexprs;
  NlAffineMap *map = NULL;
  NlPos start = p->tok.pos;
  if (nl_failed(nl_p_expect(p, NL_TOK_LPAREN,
                            "expected '(' in dimensional identifier list")))
    return NULL;
  if (!nl_p_accept(p, NL_TOK_RPAREN)) {
    do {
      if (nl_failed(parse_id_def(p, s, nl_affine_dim(p->ctx, ndims++))))
        return NULL;
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(nl_p_expect(p, NL_TOK_RPAREN,
                              "expected ')' in dimensional identifier list")))
      return NULL;
  }
  if (nl_p_accept(p, NL_TOK_LSQUARE) && !nl_p_accept(p, NL_TOK_RSQUARE)) {
    do {
      if (nl_failed(parse_id_def(p, s, nl_affine_symbol(p->ctx, nsyms++))))
        return NULL;
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(
            nl_p_expect(p, NL_TOK_RSQUARE, "expected ']' in symbol list")))
      return NULL;
  }
  if (!nl_p_accept(p, NL_TOK_ARROW)) {
    if (nl_p_is(p, NL_TOK_COLON)) /* an integer set: not supported */
      nl_p_error_at(p, start, "expected AffineMap, but got IntegerSet");
    else
      nl_p_error_wrong(p, "expected '->' or ':'");
    return NULL;
  }
  if (nl_failed(
          nl_p_expect(p, NL_TOK_LPAREN, "expected '(' in affine map range")))
    return NULL;
  if (!nl_p_accept(p, NL_TOK_RPAREN)) {
    do {
      NlAffineExpr *e = parse_expr(p, s);
      if (!e)
        goto done;
      NL_VEC_PUSH(p->exprs, p->nexprs, p->exprs_cap, e);
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(
            nl_p_expect(p, NL_TOK_RPAREN, "expected ')' in affine map range")))
      goto done;
  }
  map = nl_affine_map(p->ctx, ndims, nsyms, p->exprs + base,
                      (uint32_t)(p->nexprs - base));
done:
  p->nexprs = base;
  return map;
}

/* affine-map-attr ::= `affine_map` `<` affine-map `>` */
NlAttr *
nl_p_parse_affine_map(NlParser *p)
{
  AffineScope s;
  NlAffineMap *map;
  s.n = 0;
  s.cap = 0;
  s.more_names = NULL;
  s.more_exprs = NULL;
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_LESS, "expected '<' in affine map")))
    return NULL;
  map = parse_map(p, &s);
  free(s.more_names);
  free(s.more_exprs);
  if (!map ||
      nl_failed(nl_p_expect(p, NL_TOK_GREATER, "expected '>' in affine map")))
    return NULL;
  return nl_attr_affine_map(p->ctx, map);
}
