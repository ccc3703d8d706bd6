/*
 * Parsing of operations (generic form, and custom forms through the op's
 * parse hook), regions, blocks and block arguments, with MLIR's SSA name
 * scoping: names are visible in nested regions, definitions end with their
 * region, uses may precede definitions (placeholders replaced when the
 * definition is seen), and block names are local to their region. See
 * parse_api.c for the nl_parser_* functions that hooks call.
 */
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* ---- SSA names ----------------------------------------------------------- */

/* The number spelled by a name like `0` or `42` (no leading zeros), when
 * small enough for the direct table; else UINT32_MAX. */
static uint32_t
numeric_name(NlName name)
{
  uint32_t v = 0;
  if (name.len == 0 || name.len > 7 || (name.s[0] == '0' && name.len > 1))
    return UINT32_MAX;
  for (uint32_t i = 0; i < name.len; i++) {
    if (name.s[i] < '0' || name.s[i] > '9')
      return UINT32_MAX;
    v = v * 10 + (uint32_t)(name.s[i] - '0');
  }
  return v < (1u << 20) ? v : UINT32_MAX; /* a 4 MB table at most */
}

static NlSsaName *
name_entry(NlParser *p, NlName name, bool create)
{
  uint32_t i, idx, num = numeric_name(name);
  if (num < p->nnumeric) {
    if (p->numeric[num] != UINT32_MAX)
      return &p->names[p->numeric[num]];
  } else if (num == UINT32_MAX && nl_smap_get(&p->ssa, name, &i)) {
    return &p->names[i];
  }
  if (!create)
    return NULL;
  if (p->nfree_names) {
    idx = p->free_names[--p->nfree_names];
  } else {
    NL_VEC_RESERVE(p->names, p->nnames, p->names_cap, 1);
    idx = (uint32_t)p->nnames++;
  }
  memset(&p->names[idx], 0, sizeof(NlSsaName));
  if (num != UINT32_MAX) {
    if (num >= p->nnumeric) {
      size_t n = p->nnumeric ? p->nnumeric : 1024;
      while (n <= num)
        n *= 2;
      p->numeric = nl_xrealloc(p->numeric, n * sizeof(uint32_t));
      memset(p->numeric + p->nnumeric, 0xff,
             (n - p->nnumeric) * sizeof(uint32_t));
      p->nnumeric = n;
    }
    p->numeric[num] = idx;
  } else {
    nl_smap_put(&p->ssa, name, idx);
  }
  return &p->names[idx];
}

static NlSsaDef *
name_slot(NlSsaName *e, uint32_t i)
{
  return e->many ? &e->many[i] : &e->one;
}

/* Makes sure the name has slots for result numbers below n. */
static void
name_grow(NlSsaName *e, uint32_t n)
{
  if (n <= e->n)
    return;
  if (n == 1) {
    e->n = 1;
    return;
  }
  if (!e->many) {
    e->many = nl_xcalloc(n, sizeof(NlSsaDef));
    if (e->n == 1)
      e->many[0] = e->one;
  } else {
    e->many = nl_xrealloc(e->many, n * sizeof(NlSsaDef));
    memset(e->many + e->n, 0, (n - e->n) * sizeof(NlSsaDef));
  }
  e->n = n;
}

static void
name_remove(NlParser *p, NlName name)
{
  uint32_t i, num = numeric_name(name);
  if (num < p->nnumeric && p->numeric[num] != UINT32_MAX) {
    i = p->numeric[num];
    p->numeric[num] = UINT32_MAX;
  } else if (num == UINT32_MAX && nl_smap_get(&p->ssa, name, &i)) {
    nl_smap_del(&p->ssa, name);
  } else {
    return;
  }
  free(p->names[i].many);
  p->names[i].many = NULL;
  NL_VEC_PUSH(p->free_names, p->nfree_names, p->free_names_cap, i);
}

static NlValue *
make_placeholder(NlParser *p, NlType *t, NlPos pos)
{
  NlValue *v = nl_arena_alloc(&p->arena, sizeof(NlValue), _Alignof(NlValue));
  NlFwdRef f = {v, NULL, pos};
  memset(v, 0, sizeof(*v));
  v->type = t;
  v->kind = NL_VALUE_PLACEHOLDER;
  v->index = (uint32_t)p->nfwd;
  NL_VEC_PUSH(p->fwd, p->nfwd, p->fwd_cap, f);
  return v;
}

/* Appends "%name" or "%name#n" for messages. */
static const char *
use_str(NlBuf *b, NlName name, uint32_t number, bool with_number)
{
  b->len = 0;
  nl_buf_printf(b, "%%%.*s", (int)name.len, name.s);
  if (with_number)
    nl_buf_printf(b, "#%u", number);
  return b->data;
}

NlValue *
nl_p_resolve_use(NlParser *p, const NlSsaUse *u, NlType *t)
{
  NlSsaName *e = name_entry(p, u->name, true);
  NlSsaDef *s;
  NlValue *v;
  if (u->number < e->n && (s = name_slot(e, u->number))->value) {
    NlBuf b1 = {0}, b2 = {0}, b3 = {0};
    NlPos prior = s->pos;
    NlDiag *d;
    v = s->value;
    if (v->type == t)
      return v;
    d = nl_p_error_at(p, u->pos,
                      "use of value '%s' expects different type than prior "
                      "uses: '%s' vs '%s'",
                      use_str(&b1, u->name, 0, false), nl_p_type_str(p, t, &b2),
                      nl_p_type_str(p, v->type, &b3));
    if (d)
      nl_diag_note(d, nl_p_loc(p, prior), "prior use here");
    nl_buf_free(&b1);
    nl_buf_free(&b2);
    nl_buf_free(&b3);
    return NULL;
  }
  name_grow(e, u->number + 1);
  s = name_slot(e, 0);
  if (s->value && s->value->kind != NL_VALUE_PLACEHOLDER) {
    nl_p_error_at(p, u->pos, "reference to invalid result number");
    return NULL;
  }
  v = make_placeholder(p, t, u->pos);
  s = name_slot(e, u->number);
  s->value = v;
  s->pos = u->pos;
  return v;
}

/* Binds %name#number to v in the current scope. */
static NlResult
add_def(NlParser *p, NlName name, uint32_t number, NlPos pos, NlValue *v)
{
  NlSsaName *e = name_entry(p, name, true);
  NlSsaDef *s;
  NlBuf b1 = {0}, b2 = {0};
  NlDiag *d;
  name_grow(e, number + 1);
  s = name_slot(e, number);
  if (s->value) {
    NlValue *ph = s->value;
    if (ph->kind != NL_VALUE_PLACEHOLDER) {
      d = nl_p_error_at(p, pos, "redefinition of SSA value '%s'",
                        use_str(&b1, name, 0, false));
      if (d)
        nl_diag_note(d, nl_p_loc(p, s->pos), "previously defined here");
      nl_buf_free(&b1);
      return nl_failure();
    }
    if (ph->type != v->type) {
      NlPos prior = s->pos;
      use_str(&b1, name, number, true);
      d = nl_p_error_at(p, pos, "definition of SSA value '%s' has type '%s'",
                        b1.data, nl_p_type_str(p, v->type, &b2));
      if (d)
        nl_diag_note(d, nl_p_loc(p, prior),
                     "previously used here with type '%s'",
                     nl_p_type_str(p, ph->type, &b2));
      nl_buf_free(&b1);
      nl_buf_free(&b2);
      return nl_failure();
    }
    nl_value_replace_all_uses(ph, v);
    p->fwd[ph->index].resolved = v;
  }
  s->value = v;
  s->pos = pos;
  NL_VEC_PUSH(p->defs, p->ndefs, p->defs_cap, name);
  return nl_success();
}

bool
nl_p_name_used(NlParser *p, NlName name, uint32_t number, NlPos *pos)
{
  NlSsaName *e = name_entry(p, name, false);
  NlSsaDef *s;
  if (!e || number >= e->n || !(s = name_slot(e, number))->value)
    return false;
  *pos = s->pos;
  return true;
}

static int
cmp_pos(NlPos a, NlPos b)
{
  if (a.line != b.line)
    return a.line < b.line ? -1 : 1;
  return a.col < b.col ? -1 : a.col > b.col;
}

static int
cmp_fwd(const void *a, const void *b)
{
  return cmp_pos(((const NlFwdRef *)a)->pos, ((const NlFwdRef *)b)->pos);
}

NlResult
nl_p_finalize_ssa(NlParser *p)
{
  NlFwdRef *bad = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0; i < p->nfwd; i++)
    if (!p->fwd[i].resolved)
      NL_VEC_PUSH(bad, n, cap, p->fwd[i]);
  if (!n)
    return nl_success();
  qsort(bad, n, sizeof(*bad), cmp_fwd);
  for (size_t i = 0; i < n; i++)
    nl_p_error_at(p, bad[i].pos, "use of undeclared SSA value name");
  free(bad);
  return nl_failure();
}

void
nl_p_free_ssa(NlParser *p)
{
  /* A hook may have kept a placeholder it resolved before its definition
   * was parsed; point such late uses at the definition. */
  for (size_t i = 0; i < p->nfwd; i++)
    if (p->fwd[i].resolved && p->fwd[i].ph->uses)
      nl_value_replace_all_uses(p->fwd[i].ph, p->fwd[i].resolved);
  p->nfwd = 0; /* the placeholders live in p->arena */
}

/* ---- scopes and blocks --------------------------------------------------- */

void
nl_p_push_scope(NlParser *p)
{
  NlScope s = {p->ndefs, p->nblocks};
  NL_VEC_PUSH(p->scopes, p->nscopes, p->scopes_cap, s);
}

static int
cmp_block_ref(const void *a, const void *b)
{
  return cmp_pos(((const NlBlockRef *)a)->pos, ((const NlBlockRef *)b)->pos);
}

NlResult
nl_p_pop_scope(NlParser *p)
{
  NlScope s = p->scopes[p->nscopes - 1];
  NlBlockRef *bad = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = s.blocks_start; i < p->nblocks; i++)
    if (p->blocks[i].forward)
      NL_VEC_PUSH(bad, n, cap, p->blocks[i]);
  if (n) {
    qsort(bad, n, sizeof(*bad), cmp_block_ref);
    for (size_t i = 0; i < n; i++)
      nl_p_error_at(p, bad[i].pos, "reference to an undefined block");
    free(bad);
    return nl_failure(); /* teardown frees the blocks */
  }
  for (size_t i = p->nblocks; i-- > s.blocks_start;) {
    NlBlockRef *r = &p->blocks[i];
    if (r->prev >= 0)
      nl_smap_put(&p->block_map, r->name, (uint32_t)r->prev);
    else
      nl_smap_del(&p->block_map, r->name);
  }
  p->nblocks = s.blocks_start;
  for (size_t i = s.defs_start; i < p->ndefs; i++)
    name_remove(p, p->defs[i]);
  p->ndefs = s.defs_start;
  p->nscopes--;
  return nl_success();
}

/* The block named `name` in the current region, or NULL; *prev gets the
 * index of a same-named block of an enclosing region (or -1). */
static NlBlockRef *
block_ref(NlParser *p, NlName name, int32_t *prev)
{
  uint32_t i;
  *prev = -1;
  if (!nl_smap_get(&p->block_map, name, &i))
    return NULL;
  if (i >= p->scopes[p->nscopes - 1].blocks_start)
    return &p->blocks[i];
  *prev = (int32_t)i;
  return NULL;
}

static NlBlockRef *
add_block_ref(NlParser *p, NlName name, NlBlock *b, NlPos pos, bool forward,
              int32_t prev)
{
  NlBlockRef r = {name, b, pos, forward, prev};
  NL_VEC_PUSH(p->blocks, p->nblocks, p->blocks_cap, r);
  nl_smap_put(&p->block_map, name, (uint32_t)(p->nblocks - 1));
  return &p->blocks[p->nblocks - 1];
}

/* successor ::= caret-id; creates a forward reference if needed. */
static NlBlock *
parse_successor(NlParser *p)
{
  NlName name;
  NlBlockRef *r;
  int32_t prev;
  if (!nl_p_is(p, NL_TOK_CARET_ID)) {
    nl_p_error_wrong(p, "expected block name");
    return NULL;
  }
  name = nl_p_tok_name(p, 0);
  if (!(r = block_ref(p, name, &prev)))
    r = add_block_ref(p, name, nl_block_create(), p->tok.pos, true, prev);
  nl_p_next(p);
  return r->block;
}

/* ---- SSA uses and block arguments ---------------------------------------- */

/* ssa-use ::= ssa-id (`#` decimal-literal)? */
NlResult
nl_p_parse_ssa_use(NlParser *p, NlSsaUse *u, bool allow_number)
{
  if (!nl_p_is(p, NL_TOK_PERCENT_ID)) {
    nl_p_error_wrong(p, "expected SSA operand");
    return nl_failure();
  }
  u->name = nl_p_tok_name(p, 1);
  u->number = 0;
  u->pos = p->tok.pos;
  nl_p_next(p);
  if (nl_p_is(p, NL_TOK_HASH_ID)) {
    if (!allow_number) {
      nl_p_error(p, "result number not allowed in argument list");
      return nl_failure();
    }
    if (!nl_tok_hash_number(&p->tok, &u->number)) {
      nl_p_error(p, "invalid SSA value result number");
      return nl_failure();
    }
    nl_p_next(p);
  }
  return nl_success();
}

/* block-arg-list ::= `(` (ssa-id `:` type trailing-location?),* `)`
 * When the block already has arguments (a region's entry block made by a
 * custom form) they are named rather than added. */
static NlResult
parse_block_args(NlParser *p, NlBlock *b)
{
  bool existing = b->nargs != 0;
  uint32_t next = 0;
  nl_p_next(p);
  if (nl_p_accept(p, NL_TOK_RPAREN))
    return nl_success();
  do {
    NlSsaUse u;
    NlType *t;
    NlValue *arg;
    NlLoc *loc = NULL;
    if (nl_failed(nl_p_parse_ssa_use(p, &u, true)) ||
        nl_failed(nl_p_expect(p, NL_TOK_COLON,
                              "expected ':' and type for SSA operand")) ||
        !(t = nl_p_parse_type(p)))
      return nl_failure();
    if (existing) {
      if (next >= b->nargs) {
        nl_p_error(p, "too many arguments specified in argument list");
        return nl_failure();
      }
      arg = b->args[next++];
      if (arg->type != t) {
        nl_p_error(p, "argument and block argument type mismatch");
        return nl_failure();
      }
    } else {
      arg = nl_block_add_arg(b, t, nl_p_loc(p, u.pos));
    }
    if (nl_failed(nl_p_parse_trailing_loc(p, &loc)))
      return nl_failure();
    if (loc)
      arg->loc = loc;
    if (nl_failed(add_def(p, u.name, u.number, u.pos, arg)))
      return nl_failure();
  } while (nl_p_accept(p, NL_TOK_COMMA));
  return nl_p_expect(p, NL_TOK_RPAREN, "expected ')'");
}

/* block ::= block-label? operation*
 * block-label ::= caret-id block-arg-list? `:`
 * entry is the region's first block (label optional), else NULL. */
static NlResult
parse_block(NlParser *p, NlRegion *r, NlBlock *entry)
{
  NlBlock *b = entry;
  if (!entry || nl_p_is(p, NL_TOK_CARET_ID)) {
    NlName name;
    NlBlockRef *ref;
    int32_t prev;
    if (!nl_p_is(p, NL_TOK_CARET_ID)) {
      nl_p_error_wrong(p, "expected block name");
      return nl_failure();
    }
    name = nl_p_tok_name(p, 0);
    ref = block_ref(p, name, &prev);
    if (!ref) {
      if (!b) {
        b = nl_block_create();
        nl_region_append_block(r, b);
      }
      add_block_ref(p, name, b, p->tok.pos, false, prev);
    } else if (ref->forward) {
      ref->forward = false;
      ref->pos = p->tok.pos;
      b = ref->block;
      nl_region_append_block(r, b);
    } else {
      nl_p_error(p, "redefinition of block '%.*s'", (int)name.len, name.s);
      return nl_failure();
    }
    nl_p_next(p);
    if (nl_p_is(p, NL_TOK_LPAREN) && nl_failed(parse_block_args(p, b)))
      return nl_failure();
    if (nl_failed(
            nl_p_expect(p, NL_TOK_COLON, "expected ':' after block name")))
      return nl_failure();
  }
  while (!nl_p_is(p, NL_TOK_CARET_ID) && !nl_p_is(p, NL_TOK_RBRACE))
    if (nl_failed(nl_p_parse_operation(p, b)))
      return nl_failure();
  return nl_success();
}

/* Position of a location made by this parser (for diagnostics). */
static NlPos
loc_pos(NlLoc *loc)
{
  const NlLoc *f = loc ? nl_loc_find_file(loc) : NULL;
  return f ? (NlPos){f->file.line, f->file.col} : (NlPos){0, 0};
}

/* Adds the entry arguments given by a custom form to the entry block. */
static NlResult
add_entry_args(NlParser *p, NlBlock *entry, const NlArgument *args,
               uint32_t nargs)
{
  bool named = args[0].ssa.name != NULL;
  NlName name = {0};
  if (named && nl_p_is(p, NL_TOK_CARET_ID)) {
    nl_p_error(p, "invalid block name in region with named arguments");
    return nl_failure();
  }
  for (uint32_t i = 0; i < nargs; i++) {
    const NlArgument *a = &args[i];
    NlPos pos = loc_pos(a->ssa.loc), prior;
    NlValue *v;
    if (!a->type) { /* a hook's mistake, reported rather than crashing */
      nl_p_error_at(p, pos, "region argument without a type");
      return nl_failure();
    }
    if (named)
      name = (NlName){a->ssa.name->str, a->ssa.name->len};
    if (named && nl_p_name_used(p, name, a->ssa.number, &prior)) {
      NlDiag *d = nl_p_error_at(p, pos,
                                "region entry argument '%%%.*s' is already "
                                "in use",
                                (int)name.len, name.s);
      if (d)
        nl_diag_note(d, nl_p_loc(p, prior), "previously referenced here");
      return nl_failure();
    }
    v = nl_block_add_arg(entry, a->type,
                         a->loc       ? a->loc
                         : a->ssa.loc ? a->ssa.loc
                                      : nl_loc_unknown(p->ctx));
    if (named && nl_failed(add_def(p, name, a->ssa.number, pos, v)))
      return nl_failure();
  }
  return nl_success();
}

/* region ::= `{` block* `}` */
NlResult
nl_p_parse_region(NlParser *p, NlRegion *r, const NlArgument *args,
                  uint32_t nargs)
{
  NlBlock *entry;
  NlResult res = nl_failure();
  if (nl_failed(
          nl_p_expect(p, NL_TOK_LBRACE, "expected '{' to begin a region")))
    return res;
  if (nargs == 0 && nl_p_accept(p, NL_TOK_RBRACE))
    return nl_success();
  if (nl_failed(nl_p_enter(p)))
    return res;
  nl_p_push_scope(p);
  entry = nl_block_create();
  nl_region_append_block(r, entry);
  if (nargs && nl_failed(add_entry_args(p, entry, args, nargs)))
    goto done;
  if (nl_failed(parse_block(p, r, entry)))
    goto done;
  if (nargs && entry->nargs > nargs) {
    nl_p_error(p, "entry block arguments were already defined");
    goto done;
  }
  while (!nl_p_is(p, NL_TOK_RBRACE))
    if (nl_failed(parse_block(p, r, NULL)))
      goto done;
  if (nl_failed(nl_p_pop_scope(p)))
    goto done;
  nl_p_next(p);
  res = nl_success();
done:
  nl_p_leave(p);
  return res;
}

/* ---- operations ---------------------------------------------------------- */

/* Releases an op state whose op will not be built; its regions may hold
 * ops whose uses must be dropped first, which teardown does. */
static void
abandon_state(NlParser *p, NlOpState *st)
{
  for (uint32_t i = 0; i < st->nregions; i++)
    nl_p_bury_region(p, st->regions[i]);
  st->nregions = 0;
  nl_op_state_fini(st);
}

/* The op definition for a generic op name (the name in p->sbuf). */
static const NlOpDef *
generic_def(NlParser *p, const char *name, size_t len)
{
  const NlOpDef *def = nl_context_lookup_op(p->ctx, name, len);
  const char *dot;
  size_t dlen;
  if (def)
    return def;
  dot = memchr(name, '.', len);
  dlen = dot ? (size_t)(dot - name) : len;
  if (nl_context_lookup_dialect(p->ctx, name, dlen)) {
    nl_p_error(p,
               "unregistered operation '%s' found in dialect ('%.*s') that "
               "does not allow unknown operations",
               name, (int)dlen, name);
    return NULL;
  }
  if (!nl_context_allow_unregistered(p->ctx)) {
    nl_p_error(p, "operation being parsed with an unregistered dialect. If "
                  "this is intended, please use -allow-unregistered-dialect "
                  "with the MLIR tool used");
    return NULL;
  }
  return nl_context_unregistered_op(p->ctx, name, len);
}

/* Adds the dictionary entries on p->named[base..] to st and pops them. */
static void
add_named_attrs(NlParser *p, size_t base, NlOpState *st)
{
  for (size_t i = base; i < p->nnamed; i++)
    nl_op_state_add_attr_ident(st, p->named[i].name, p->named[i].value);
  p->nnamed = base;
}

/* generic-operation ::= string-literal `(` ssa-use-list? `)` successors?
 *   (`<` properties `>`)? (`(` region (`,` region)* `)`)? attribute-dict?
 *   `:` function-type */
static NlOp *
parse_generic(NlParser *p, NlBlock *block)
{
  NlPos tpos;
  size_t ubase = p->nuses;
  const NlOpDef *def;
  NlOpState st;
  NlType *ft;
  uint32_t nops;
  NlOp *op;
  uint32_t cached;
  if (nl_smap_get(&p->def_cache, nl_p_tok_name(p, 0), &cached)) {
    def = p->defs_seen[cached];
  } else {
    p->sbuf.len = 0;
    nl_tok_string_value(&p->tok, &p->sbuf);
    if (p->sbuf.len == 0) {
      nl_p_error(p, "empty operation name is invalid");
      return NULL;
    }
    if (memchr(p->sbuf.data, '\0', p->sbuf.len)) {
      nl_p_error(p, "null character not allowed in operation name");
      return NULL;
    }
    if (!(def = generic_def(p, p->sbuf.data, p->sbuf.len)))
      return NULL;
    nl_smap_put(&p->def_cache, nl_p_tok_name(p, 0), (uint32_t)p->ndefs_seen);
    NL_VEC_PUSH(p->defs_seen, p->ndefs_seen, p->defs_seen_cap, def);
  }
  nl_p_next(p);
  /* The location is set by nl_p_parse_operation once it knows whether a
   * trailing loc(...) replaces the default one. */
  nl_op_state_init(&st, p->ctx, def, nl_loc_unknown(p->ctx));
  if (nl_failed(
          nl_p_expect(p, NL_TOK_LPAREN, "expected '(' to start operand list")))
    goto fail;
  if (nl_p_is(p, NL_TOK_PERCENT_ID)) {
    do {
      NlSsaUse u;
      if (nl_failed(nl_p_parse_ssa_use(p, &u, true)))
        goto fail;
      NL_VEC_PUSH(p->uses, p->nuses, p->uses_cap, u);
    } while (nl_p_accept(p, NL_TOK_COMMA));
  }
  if (nl_failed(
          nl_p_expect(p, NL_TOK_RPAREN, "expected ')' to end operand list")))
    goto fail;
  if (nl_p_is(p, NL_TOK_LSQUARE)) {
    if (!(def->traits & (NL_TERMINATOR | NL_UNREGISTERED))) {
      nl_p_error(p, "successors in non-terminator");
      goto fail;
    }
    nl_p_next(p);
    if (nl_p_is(p, NL_TOK_RSQUARE)) {
      nl_p_error_wrong(p, "expected list element");
      goto fail;
    }
    do {
      NlBlock *b = parse_successor(p);
      if (!b)
        goto fail;
      nl_op_state_add_successor(&st, b);
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(nl_p_expect(p, NL_TOK_RSQUARE, "expected ',' or ']'")))
      goto fail;
  }
  if (nl_p_accept(p, NL_TOK_LESS)) {
    NlPos ppos = p->tok.pos;
    if (!(st.props = nl_p_parse_attr(p, NULL)) ||
        nl_failed(
            nl_p_expect(p, NL_TOK_GREATER, "expected '>' to close properties")))
      goto fail;
    if (st.props->kind != NL_ATTR_DICT) {
      nl_p_error_at(p, ppos, "expected a dictionary of properties");
      goto fail;
    }
  }
  if (nl_p_accept(p, NL_TOK_LPAREN)) {
    do {
      if (nl_failed(nl_p_parse_region(p, nl_op_state_add_region(&st), NULL, 0)))
        goto fail;
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(
            nl_p_expect(p, NL_TOK_RPAREN, "expected ')' to end region list")))
      goto fail;
  }
  if (nl_p_is(p, NL_TOK_LBRACE)) {
    size_t nbase = p->nnamed;
    if (nl_failed(nl_p_parse_attr_dict(p)))
      goto fail;
    add_named_attrs(p, nbase, &st);
  }
  if (nl_failed(nl_p_expect(p, NL_TOK_COLON,
                            "expected ':' followed by operation type")))
    goto fail;
  tpos = p->tok.pos;
  if (!(ft = nl_p_parse_type(p)))
    goto fail;
  if (ft->kind != NL_TYPE_FUNCTION) {
    nl_p_error_at(p, tpos, "expected function type");
    goto fail;
  }
  nops = (uint32_t)(p->nuses - ubase);
  if (ft->function.ninputs != nops) {
    nl_p_error_at(p, tpos, "expected %u operand type%s but had %u", nops,
                  nops == 1 ? "" : "s", ft->function.ninputs);
    goto fail;
  }
  for (uint32_t i = 0; i < nops; i++) {
    NlValue *v =
        nl_p_resolve_use(p, &p->uses[ubase + i], ft->function.types[i]);
    if (!v)
      goto fail;
    nl_op_state_add_operand(&st, v);
  }
  if (ft->function.nresults)
    nl_op_state_add_results(&st, ft->function.types + ft->function.ninputs,
                            ft->function.nresults);
  p->nuses = ubase;
  op = nl_op_create(&st);
  nl_op_state_fini(&st);
  nl_block_append_op(block, op);
  return op;
fail:
  p->nuses = ubase;
  abandon_state(p, &st);
  return NULL;
}

/* Looks up a custom op name: as written, then with the default dialect of
 * the enclosing ops, then in builtin. */
static const NlOpDef *
custom_def(NlParser *p, NlStr name)
{
  const NlOpDef *def = nl_context_lookup_op(p->ctx, name.data, name.len);
  const char *dd = p->ndialects ? p->dialects[p->ndialects - 1] : NULL;
  NlBuf b = {0};
  if (def || memchr(name.data, '.', name.len))
    goto out;
  if (dd) {
    nl_buf_printf(&b, "%s.%.*s", dd, (int)name.len, name.data);
    if ((def = nl_context_lookup_op(p->ctx, b.data, b.len)))
      goto out;
    b.len = 0;
  }
  nl_buf_printf(&b, "builtin.%.*s", (int)name.len, name.data);
  def = nl_context_lookup_op(p->ctx, b.data, b.len);
out:
  if (!def) {
    bool dotted = memchr(name.data, '.', name.len) != NULL;
    if (!dotted && dd)
      nl_p_error(p, "custom op '%.*s' is unknown (tried '%s.%.*s' as well)",
                 (int)name.len, name.data, dd, (int)name.len, name.data);
    else if (!dotted)
      nl_p_error(p,
                 "custom op '%.*s' is unknown (tried 'builtin.%.*s' as "
                 "well)",
                 (int)name.len, name.data, (int)name.len, name.data);
    else
      nl_p_error(p, "custom op '%.*s' is unknown", (int)name.len, name.data);
  } else if (!def->parse) {
    nl_p_error(p, "custom op '%.*s' has no custom assembly form", (int)name.len,
               name.data);
    def = NULL;
  }
  nl_buf_free(&b);
  return def;
}

/* Whether two attributes of st have the same name; reports it. */
static bool
duplicate_attr(NlParser *p, NlOpState *st, NlPos pos)
{
  NlPMap seen = {0};
  bool dup = false;
  uintptr_t v;
  for (uint32_t i = 0; i < st->nattrs && !dup; i++) {
    if (nl_pmap_get(&seen, st->attrs[i].name, &v)) {
      nl_p_error_at(p, pos,
                    "custom op '%s' attribute '%s' occurs more than once in "
                    "the attribute list",
                    st->def->name, st->attrs[i].name->str);
      dup = true;
    }
    nl_pmap_put(&seen, st->attrs[i].name, 1);
  }
  nl_pmap_free(&seen);
  return dup;
}

/* custom-operation ::= bare-id custom-operation-format */
static NlOp *
parse_custom(NlParser *p, NlBlock *block)
{
  NlPos pos = p->tok.pos;
  const NlOpDef *def = custom_def(p, nl_str(p->tok.start, p->tok.len));
  size_t nerrors = nl_context_error_count(p->ctx);
  const char *dd;
  NlOpState st;
  NlResult r;
  NlOp *op;
  if (!def)
    return NULL;
  nl_p_next(p);
  dd = def->default_dialect ? def->default_dialect
       : p->ndialects       ? p->dialects[p->ndialects - 1]
                            : NULL;
  NL_VEC_PUSH(p->dialects, p->ndialects, p->dialects_cap, dd);
  NL_VEC_PUSH(p->custom, p->ncustom, p->custom_cap, def->name);
  nl_op_state_init(&st, p->ctx, def, nl_p_loc(p, pos));
  r = def->parse(p, &st);
  p->ndialects--;
  p->ncustom--;
  if (nl_context_error_count(p->ctx) != nerrors)
    p->errored = true;
  if (nl_failed(r) || p->errored || duplicate_attr(p, &st, pos)) {
    if (!p->errored)
      nl_p_error(p, "custom op '%s' failed to parse", def->name);
    abandon_state(p, &st);
    return NULL;
  }
  op = nl_op_create(&st);
  nl_op_state_fini(&st);
  nl_block_append_op(block, op);
  return op;
}

/* operation ::= op-result-list? (generic-operation | custom-operation)
 *               trailing-location?
 * op-result-list ::= op-result (`,` op-result)* `=`
 * op-result ::= ssa-id (`:` integer-literal)? */
NlResult
nl_p_parse_operation(NlParser *p, NlBlock *block)
{
  size_t rbase = p->nresults;
  uint64_t nexpected = 0;
  NlPos first = p->tok.pos;
  NlResult res = nl_failure();
  NlLoc *loc = NULL;
  NlPos name_pos;
  bool generic;
  NlOp *op;
  if (nl_p_is(p, NL_TOK_PERCENT_ID)) {
    do {
      NlResultRec rec;
      uint64_t n = 1;
      if (!nl_p_is(p, NL_TOK_PERCENT_ID)) {
        nl_p_error_wrong(p, "expected valid ssa identifier");
        goto out;
      }
      rec.name = nl_p_tok_name(p, 1);
      rec.pos = p->tok.pos;
      nl_p_next(p);
      if (nl_p_accept(p, NL_TOK_COLON)) {
        if (!nl_p_is(p, NL_TOK_INTEGER)) {
          nl_p_error_wrong(p, "expected integer number of results");
          goto out;
        }
        if (!nl_tok_uint64(&p->tok, &n) || n < 1 || n > UINT32_MAX) {
          nl_p_error(p, "expected named operation to have at least 1 result");
          goto out;
        }
        nl_p_next(p);
      }
      rec.count = (uint32_t)n;
      nexpected += n;
      NL_VEC_PUSH(p->results, p->nresults, p->results_cap, rec);
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(nl_p_expect(p, NL_TOK_EQUAL, "expected '=' after SSA name")))
      goto out;
  }
  name_pos = p->tok.pos;
  generic = nl_p_is(p, NL_TOK_STRING);
  if (generic) {
    op = parse_generic(p, block);
  } else if (nl_p_is(p, NL_TOK_BARE_ID)) {
    op = parse_custom(p, block);
  } else {
    nl_p_error_wrong(p, "expected operation name in quotes");
    goto out;
  }
  if (!op)
    goto out;
  if (nl_failed(nl_p_parse_trailing_loc(p, &loc)))
    goto out;
  if (loc)
    op->loc = loc;
  else if (generic)
    op->loc = nl_p_loc(p, name_pos);
  if (p->nresults > rbase) {
    uint32_t k = 0;
    if (op->nresults == 0) {
      nl_p_error_at(p, first, "cannot name an operation with no results");
      goto out;
    }
    if (nexpected != op->nresults) {
      nl_p_error_at(p, first,
                    "operation defines %u results but was provided %llu to "
                    "bind",
                    op->nresults, (unsigned long long)nexpected);
      goto out;
    }
    for (size_t i = rbase; i < p->nresults; i++)
      for (uint32_t j = 0; j < p->results[i].count; j++)
        if (nl_failed(add_def(p, p->results[i].name, j, p->results[i].pos,
                              nl_op_result(op, k++))))
          goto out;
  }
  res = nl_success();
out:
  p->nresults = rbase;
  return res;
}
