/*
 * Parsing of locations: `unknown`, `"file":line:col`, `"name"(child)`,
 * `callsite(callee at caller)`, `fused<meta>[...]` and `#alias`, both
 * inside `loc(...)` attributes and as trailing locations of ops and block
 * arguments. A trailing `loc(#alias)` may name an alias defined later in
 * the file (mlir-opt prints them at the end); such uses get a marker
 * location that is replaced once the whole buffer was read.
 */
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* filelinecol-location ::= string-literal `:` integer `:` integer
 * name-location ::= string-literal (`(` location-inst `)`)? */
static NlLoc *
parse_name_or_file(NlParser *p)
{
  NlBuf s = {0};
  NlLoc *loc = NULL;
  uint64_t line, col;
  nl_tok_string_value(&p->tok, &s);
  nl_p_next(p);
  if (nl_p_accept(p, NL_TOK_COLON)) {
    if (!nl_p_is(p, NL_TOK_INTEGER) || !nl_tok_uint64(&p->tok, &line) ||
        line > UINT32_MAX) {
      nl_p_error_wrong(p, "expected integer line number in FileLineColLoc");
      goto done;
    }
    nl_p_next(p);
    if (nl_failed(
            nl_p_expect(p, NL_TOK_COLON, "expected ':' in FileLineColLoc")))
      goto done;
    if (!nl_p_is(p, NL_TOK_INTEGER)) {
      nl_p_error_wrong(p, "expected integer column number in FileLineColLoc");
      goto done;
    }
    if (!nl_tok_uint64(&p->tok, &col) || col > UINT32_MAX) {
      nl_p_error(p, "expected integer column number in FileLineColLoc");
      goto done;
    }
    nl_p_next(p);
    loc = nl_loc_file(p->ctx, s.data, (uint32_t)line, (uint32_t)col);
  } else if (nl_p_accept(p, NL_TOK_LPAREN)) {
    NlLoc *child = nl_p_parse_loc_instance(p);
    if (child &&
        nl_succeeded(nl_p_expect(
            p, NL_TOK_RPAREN, "expected ')' after child location of NameLoc")))
      loc = nl_loc_name(p->ctx, s.data, child);
  } else {
    loc = nl_loc_name(p->ctx, s.data, nl_loc_unknown(p->ctx));
  }
done:
  nl_buf_free(&s);
  return loc;
}

/* callsite-location ::= `callsite` `(` location-inst `at` location-inst `)` */
static NlLoc *
parse_callsite(NlParser *p)
{
  NlLoc *callee, *caller;
  nl_p_next(p);
  if (nl_failed(
          nl_p_expect(p, NL_TOK_LPAREN, "expected '(' in callsite location")) ||
      !(callee = nl_p_parse_loc_instance(p)))
    return NULL;
  if (!nl_p_accept_kw(p, "at")) {
    nl_p_error_wrong(p, "expected 'at' in callsite location");
    return NULL;
  }
  if (!(caller = nl_p_parse_loc_instance(p)) ||
      nl_failed(
          nl_p_expect(p, NL_TOK_RPAREN, "expected ')' in callsite location")))
    return NULL;
  return nl_loc_callsite(p->ctx, callee, caller);
}

/* fused-location ::= `fused` (`<` attribute-value `>`)?
 *                    `[` (location-inst (`,` location-inst)*)? `]` */
static NlLoc *
parse_fused(NlParser *p)
{
  NlAttr *meta = NULL;
  size_t base = p->nlocs;
  NlLoc *loc = NULL;
  nl_p_next(p);
  if (nl_p_accept(p, NL_TOK_LESS)) {
    if (!(meta = nl_p_parse_attr(p, NULL)) ||
        nl_failed(nl_p_expect(p, NL_TOK_GREATER,
                              "expected '>' after fused location metadata")))
      return NULL;
  }
  if (nl_failed(
          nl_p_expect(p, NL_TOK_LSQUARE, "expected '[' in fused location")))
    return NULL;
  if (!nl_p_accept(p, NL_TOK_RSQUARE)) {
    do {
      NlLoc *l = nl_p_parse_loc_instance(p);
      if (!l)
        goto done;
      NL_VEC_PUSH(p->locs, p->nlocs, p->locs_cap, l);
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(
            nl_p_expect(p, NL_TOK_RSQUARE, "expected ']' in fused location")))
      goto done;
  }
  loc = nl_loc_fused(p->ctx, p->locs + base, (uint32_t)(p->nlocs - base), meta);
done:
  p->nlocs = base;
  return loc;
}

/* The location held by an attribute (an alias or dialect attribute used
 * where a location is expected). */
static NlLoc *
parse_loc_attr_ref(NlParser *p)
{
  NlAttr *a = nl_p_parse_attr(p, NULL);
  NlBuf b = {0};
  if (!a)
    return NULL;
  if (a->kind == NL_ATTR_LOC)
    return a->loc.value;
  nl_attr_print(a, &b);
  nl_p_error(p, "expected location attribute, but got '%s'",
             b.data ? b.data : "");
  nl_buf_free(&b);
  return NULL;
}

/* location-inst ::= filelinecol-location | name-location
 *   | callsite-location | fused-location | `unknown` | attribute-alias */
NlLoc *
nl_p_parse_loc_instance(NlParser *p)
{
  NlLoc *loc = NULL;
  if (nl_failed(nl_p_enter(p)))
    return NULL;
  if (nl_p_is(p, NL_TOK_STRING))
    loc = parse_name_or_file(p);
  else if (nl_p_is(p, NL_TOK_HASH_ID))
    loc = parse_loc_attr_ref(p);
  else if (nl_tok_is(&p->tok, "callsite"))
    loc = parse_callsite(p);
  else if (nl_tok_is(&p->tok, "fused"))
    loc = parse_fused(p);
  else if (nl_p_accept_kw(p, "unknown"))
    loc = nl_loc_unknown(p->ctx);
  else
    nl_p_error_wrong(p, "expected location instance");
  nl_p_leave(p);
  return loc;
}

/* A `#alias` location: resolved now if defined, else deferred. */
static NlLoc *
parse_loc_alias(NlParser *p)
{
  NlIdent *name = nl_p_tok_ident(p, 1);
  NlPos pos = p->tok.pos;
  uintptr_t v;
  NlDeferredLoc d;
  NlBuf b = {0};
  nl_p_next(p);
  if (nl_pmap_get(&p->attr_aliases, name, &v)) {
    NlAttr *a = (NlAttr *)v;
    if (a->kind == NL_ATTR_LOC)
      return a->loc.value;
    nl_attr_print(a, &b);
    nl_p_error_at(p, pos, "expected location, but found '%s'",
                  b.data ? b.data : "");
    nl_buf_free(&b);
    return NULL;
  }
  /* A marker no source text can produce: a name with control bytes. */
  nl_buf_printf(&b, "\x01\x02nl-deferred-loc#%s", name->str);
  d.marker = nl_loc_name(p->ctx, b.data, nl_loc_unknown(p->ctx));
  nl_buf_free(&b);
  if (!nl_pmap_get(&p->deferred_map, d.marker, &v)) {
    d.alias = name;
    d.pos = pos;
    d.resolved = NULL;
    nl_pmap_put(&p->deferred_map, d.marker, p->ndeferred);
    NL_VEC_PUSH(p->deferred, p->ndeferred, p->deferred_cap, d);
  }
  return d.marker;
}

/* trailing-location ::= (`loc` `(` (location-inst | #alias) `)`)? */
NlResult
nl_p_parse_trailing_loc(NlParser *p, NlLoc **out)
{
  NlLoc *loc;
  if (!nl_p_accept_kw(p, "loc"))
    return nl_success();
  if (nl_failed(nl_p_expect(p, NL_TOK_LPAREN, "expected '(' in location")))
    return nl_failure();
  if (nl_p_is(p, NL_TOK_HASH_ID) && !memchr(p->tok.start, '.', p->tok.len))
    loc = parse_loc_alias(p);
  else
    loc = nl_p_parse_loc_instance(p);
  if (!loc ||
      nl_failed(nl_p_expect(p, NL_TOK_RPAREN, "expected ')' in location")))
    return nl_failure();
  *out = loc;
  return nl_success();
}

/* ---- deferred aliases ---------------------------------------------------- */

static NlLoc *
resolved(NlParser *p, NlLoc *loc)
{
  uintptr_t i;
  if (loc && loc->kind == NL_LOC_NAME && nl_pmap_get(&p->deferred_map, loc, &i))
    return p->deferred[i].resolved;
  return loc;
}

static NlWalkResult
patch_op(NlOp *op, void *ud)
{
  NlParser *p = ud;
  op->loc = resolved(p, op->loc);
  for (uint32_t i = 0; i < op->nregions; i++) {
    for (NlBlock *b = op->regions[i].first; b; b = b->next)
      for (uint32_t j = 0; j < b->nargs; j++)
        b->args[j]->loc = resolved(p, b->args[j]->loc);
  }
  return NL_WALK_ADVANCE;
}

NlResult
nl_p_resolve_deferred_locs(NlParser *p, NlBlock *top)
{
  NlBuf b = {0};
  if (!p->ndeferred)
    return nl_success();
  for (size_t i = 0; i < p->ndeferred; i++) {
    NlDeferredLoc *d = &p->deferred[i];
    uintptr_t v;
    NlAttr *a;
    if (!nl_pmap_get(&p->attr_aliases, d->alias, &v)) {
      nl_p_error_at(p, d->pos, "operation location alias was never defined");
      return nl_failure();
    }
    a = (NlAttr *)v;
    if (a->kind != NL_ATTR_LOC) {
      nl_attr_print(a, &b);
      nl_p_error_at(p, d->pos, "expected location, but found '%s'",
                    b.data ? b.data : "");
      nl_buf_free(&b);
      return nl_failure();
    }
    d->resolved = a->loc.value;
  }
  for (NlOp *op = top->first; op; op = op->next)
    nl_op_walk(op, NL_WALK_PRE, patch_op, p);
  return nl_success();
}
