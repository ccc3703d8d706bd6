/*
 * The parser's entry points (nl_parse_source, nl_parse_type_str,
 * nl_parse_attr_str), its top level (alias definitions, the `{-# ... #-}`
 * resource section, the implicit module), token helpers, diagnostics and
 * teardown after an error. Types, attributes, locations and operations are
 * parsed in the other parse*.c files.
 */
#include <stdlib.h>
#include <string.h>

#include "parser.h"

/* ---- pointer-keyed hash map ---------------------------------------------- */

#define PMAP_TOMB ((const void *)1)

static void
pmap_rehash(NlPMap *m, uint32_t cap)
{
  const void **keys = m->keys;
  uintptr_t *vals = m->vals;
  uint32_t old = m->cap;
  m->keys = nl_xcalloc(cap, sizeof(*m->keys));
  m->vals = nl_xmalloc(cap * sizeof(*m->vals));
  m->cap = cap;
  m->used = m->live;
  for (uint32_t i = 0; i < old; i++) {
    uint32_t j;
    if (!keys[i] || keys[i] == PMAP_TOMB)
      continue;
    j = nl_hash_ptr(keys[i]) & (cap - 1);
    while (m->keys[j])
      j = (j + 1) & (cap - 1);
    m->keys[j] = keys[i];
    m->vals[j] = vals[i];
  }
  free(keys);
  free(vals);
}

bool
nl_pmap_get(const NlPMap *m, const void *key, uintptr_t *val)
{
  uint32_t i;
  if (!m->cap)
    return false;
  i = nl_hash_ptr(key) & (m->cap - 1);
  for (; m->keys[i]; i = (i + 1) & (m->cap - 1)) {
    if (m->keys[i] == key) {
      *val = m->vals[i];
      return true;
    }
  }
  return false;
}

void
nl_pmap_put(NlPMap *m, const void *key, uintptr_t val)
{
  uint32_t i, tomb = UINT32_MAX;
  if ((m->used + 1) * 4 > m->cap * 3) {
    uint32_t cap = 16;
    while (cap * 3 < (m->live + 1) * 8)
      cap *= 2;
    pmap_rehash(m, cap);
  }
  i = nl_hash_ptr(key) & (m->cap - 1);
  for (; m->keys[i]; i = (i + 1) & (m->cap - 1)) {
    if (m->keys[i] == key) {
      m->vals[i] = val;
      return;
    }
    if (m->keys[i] == PMAP_TOMB && tomb == UINT32_MAX)
      tomb = i;
  }
  if (tomb != UINT32_MAX)
    i = tomb;
  else
    m->used++;
  m->keys[i] = key;
  m->vals[i] = val;
  m->live++;
}

void
nl_pmap_del(NlPMap *m, const void *key)
{
  uint32_t i;
  if (!m->cap)
    return;
  i = nl_hash_ptr(key) & (m->cap - 1);
  for (; m->keys[i]; i = (i + 1) & (m->cap - 1)) {
    if (m->keys[i] == key) {
      m->keys[i] = PMAP_TOMB;
      m->live--;
      return;
    }
  }
}

void
nl_pmap_free(NlPMap *m)
{
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof(*m));
}

/* ---- string-keyed hash map ----------------------------------------------- */

#define SMAP_TOMB ((const char *)1)

/* A word-at-a-time hash: keys are short names and type spellings. */
static uint32_t
smap_hash(NlName k)
{
  uint64_t h = 0x9e3779b97f4a7c15ull ^ k.len, w;
  const char *s = k.s;
  uint32_t n = k.len;
  for (; n >= 8; s += 8, n -= 8) {
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  /* The tail without a variable-length memcpy call: overlapping loads
   * (the last 8 bytes of a long key, two 4-byte halves, or 3 bytes). */
  if (n) {
    if (k.len >= 8) {
      memcpy(&w, k.s + k.len - 8, 8);
    } else if (n >= 4) {
      uint32_t a, b;
      memcpy(&a, s, 4);
      memcpy(&b, s + n - 4, 4);
      w = (uint64_t)a | (uint64_t)b << 32;
    } else {
      w = (uint64_t)(unsigned char)s[0] |
          (uint64_t)(unsigned char)s[n / 2] << 8 |
          (uint64_t)(unsigned char)s[n - 1] << 16;
    }
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
  }
  h ^= h >> 29;
  h *= 0xff51afd7ed558ccdull;
  return (uint32_t)(h ^ (h >> 32));
}

static void
smap_rehash(NlSMap *m, uint32_t cap)
{
  NlSMapSlot *old = m->slots;
  uint32_t oldcap = m->cap;
  m->slots = nl_xcalloc(cap, sizeof(*m->slots));
  m->cap = cap;
  m->used = m->live;
  for (uint32_t i = 0; i < oldcap; i++) {
    uint32_t j;
    if (!old[i].s || old[i].s == SMAP_TOMB)
      continue;
    j = old[i].hash & (cap - 1);
    while (m->slots[j].s)
      j = (j + 1) & (cap - 1);
    m->slots[j] = old[i];
  }
  free(old);
}

bool
nl_smap_get(const NlSMap *m, NlName k, uint32_t *val)
{
  uint32_t h, i;
  if (!m->cap)
    return false;
  h = smap_hash(k);
  for (i = h & (m->cap - 1); m->slots[i].s; i = (i + 1) & (m->cap - 1)) {
    const NlSMapSlot *s = &m->slots[i];
    if (s->hash == h && s->len == k.len && s->s != SMAP_TOMB &&
        memcmp(s->s, k.s, k.len) == 0) {
      *val = s->val;
      return true;
    }
  }
  return false;
}

void
nl_smap_put(NlSMap *m, NlName k, uint32_t val)
{
  uint32_t h, i, tomb = UINT32_MAX;
  if ((m->used + 1) * 4 > m->cap * 3) {
    uint32_t cap = 16;
    while (cap * 3 < (m->live + 1) * 8)
      cap *= 2;
    smap_rehash(m, cap);
  }
  h = smap_hash(k);
  for (i = h & (m->cap - 1); m->slots[i].s; i = (i + 1) & (m->cap - 1)) {
    NlSMapSlot *s = &m->slots[i];
    if (s->s == SMAP_TOMB) {
      if (tomb == UINT32_MAX)
        tomb = i;
      continue;
    }
    if (s->hash == h && s->len == k.len && memcmp(s->s, k.s, k.len) == 0) {
      s->val = val;
      return;
    }
  }
  if (tomb != UINT32_MAX)
    i = tomb;
  else
    m->used++;
  m->slots[i] = (NlSMapSlot){k.s, k.len, h, val};
  m->live++;
}

void
nl_smap_del(NlSMap *m, NlName k)
{
  uint32_t h, i;
  if (!m->cap)
    return;
  h = smap_hash(k);
  for (i = h & (m->cap - 1); m->slots[i].s; i = (i + 1) & (m->cap - 1)) {
    NlSMapSlot *s = &m->slots[i];
    if (s->s != SMAP_TOMB && s->hash == h && s->len == k.len &&
        memcmp(s->s, k.s, k.len) == 0) {
      s->s = SMAP_TOMB;
      m->live--;
      return;
    }
  }
}

void
nl_smap_free(NlSMap *m)
{
  free(m->slots);
  memset(m, 0, sizeof(*m));
}

/* ---- lifetime ------------------------------------------------------------ */

void
nl_p_init(NlParser *p, NlContext *ctx, const char *name, const char *buf,
          size_t len, uint32_t first_line)
{
  memset(p, 0, sizeof(*p));
  if (!buf) /* an empty buffer may come as NULL */
    buf = "";
  p->ctx = ctx;
  p->name = name;
  p->name_ident = nl_ident_cstr(ctx, name);
  p->tok.start = buf;
  nl_arena_init(&p->arena);
  nl_lex_init(&p->lex, ctx, name, buf, len, first_line);
  /* The scratch stacks are never NULL, so that `stack + base` is always
   * valid pointer arithmetic, even for empty lists. */
  NL_VEC_RESERVE(p->uses, p->nuses, p->uses_cap, 16);
  NL_VEC_RESERVE(p->types, p->ntypes, p->types_cap, 16);
  NL_VEC_RESERVE(p->attrs, p->nattrs, p->attrs_cap, 16);
  NL_VEC_RESERVE(p->named, p->nnamed, p->named_cap, 16);
  NL_VEC_RESERVE(p->dims, p->ndims, p->dims_cap, 16);
  NL_VEC_RESERVE(p->scal, p->nscal, p->scal_cap, 16);
  NL_VEC_RESERVE(p->exprs, p->nexprs, p->exprs_cap, 16);
  NL_VEC_RESERVE(p->locs, p->nlocs, p->locs_cap, 16);
  nl_p_next(p);
}

void
nl_p_fini(NlParser *p)
{
  nl_pmap_free(&p->type_aliases);
  nl_pmap_free(&p->attr_aliases);
  nl_smap_free(&p->ssa);
  nl_smap_free(&p->block_map);
  nl_smap_free(&p->def_cache);
  nl_smap_free(&p->ident_cache);
  nl_smap_free(&p->type_cache);
  free(p->types_seen);
  free(p->defs_seen);
  free(p->idents);
  nl_pmap_free(&p->deferred_map);
  for (size_t i = 0; i < p->nnames; i++)
    free(p->names[i].many);
  free(p->names);
  free(p->free_names);
  free(p->numeric);
  free(p->defs);
  free(p->fwd);
  free(p->blocks);
  free(p->scopes);
  free(p->dialects);
  free(p->custom);
  free(p->deferred);
  free(p->dead_regions);
  free(p->dead_blocks);
  free(p->uses);
  free(p->types);
  free(p->attrs);
  free(p->named);
  free(p->results);
  free(p->succs);
  free(p->dims);
  free(p->scal);
  free(p->dense);
  free(p->exprs);
  free(p->locs);
  nl_buf_free(&p->sbuf);
  nl_arena_destroy(&p->arena);
}

/* ---- tokens -------------------------------------------------------------- */

bool
nl_p_accept_kw(NlParser *p, const char *kw)
{
  if (!nl_tok_is(&p->tok, kw))
    return false;
  nl_p_next(p);
  return true;
}

NlResult
nl_p_expect(NlParser *p, NlTokKind k, const char *msg)
{
  if (nl_p_accept(p, k))
    return nl_success();
  nl_p_error_wrong(p, "%s", msg);
  return nl_failure();
}

void
nl_p_reset(NlParser *p, const char *q)
{
  NlLexer *l = &p->lex;
  /* Recount the lines between the current token and q. */
  l->cur = p->tok.start;
  l->line = p->tok.pos.line;
  l->line_start = p->tok.start - (p->tok.pos.col - 1);
  while (l->cur < q) {
    const char *nl = memchr(l->cur, '\n', (size_t)(q - l->cur));
    if (!nl)
      break;
    l->line++;
    l->line_start = nl + 1;
    l->cur = nl + 1;
  }
  l->cur = q;
  p->tok = nl_lex_next(l);
  p->prev_end = q;
}

NlIdent *
nl_p_tok_ident(NlParser *p, uint32_t skip)
{
  return nl_ident_get(p->ctx, p->tok.start + skip, p->tok.len - skip);
}

NlIdent *
nl_p_tok_ident_cached(NlParser *p)
{
  NlName k = nl_p_tok_name(p, 0);
  uint32_t i;
  NlIdent *id;
  if (nl_smap_get(&p->ident_cache, k, &i))
    return p->idents[i];
  id = nl_p_tok_ident(p, 0);
  nl_smap_put(&p->ident_cache, k, (uint32_t)p->nidents);
  NL_VEC_PUSH(p->idents, p->nidents, p->idents_cap, id);
  return id;
}

const char *
nl_p_type_str(NlParser *p, const NlType *t, NlBuf *b)
{
  (void)p;
  b->len = 0;
  nl_type_print(t, b);
  nl_buf_append(b, "", 0);
  return b->data;
}

/* ---- diagnostics --------------------------------------------------------- */

NlLoc *
nl_p_loc(NlParser *p, NlPos pos)
{
  return nl_loc_file_ident(p->ctx, p->name_ident, pos.line, pos.col);
}

static NlDiag *
verror_at(NlParser *p, NlPos pos, const char *fmt, va_list ap)
{
  p->errored = true;
  return nl_emit_diag(p->ctx, NL_DIAG_ERROR, nl_p_loc(p, pos), fmt, ap);
}

/* Position for an error at the current token: one character back at the
 * end of the buffer, so that the caret points at the last line. */
NlPos
nl_p_error_pos(NlParser *p)
{
  if (p->tok.kind == NL_TOK_EOF && p->tok.start > p->lex.buf)
    return nl_lex_pos_of(&p->lex, p->tok.start - 1);
  return p->tok.pos;
}

NlDiag *
nl_p_error(NlParser *p, const char *fmt, ...)
{
  va_list ap;
  NlDiag *d;
  if (p->tok.kind == NL_TOK_ERROR) { /* the lexer reported it */
    p->errored = true;
    return NULL;
  }
  va_start(ap, fmt);
  d = verror_at(p, nl_p_error_pos(p), fmt, ap);
  va_end(ap);
  return d;
}

NlDiag *
nl_p_error_at(NlParser *p, NlPos pos, const char *fmt, ...)
{
  va_list ap;
  NlDiag *d;
  if (p->tok.kind == NL_TOK_ERROR) {
    p->errored = true;
    return NULL;
  }
  va_start(ap, fmt);
  d = verror_at(p, pos, fmt, ap);
  va_end(ap);
  return d;
}

/* Where MLIR reports an unexpected token: if only blank space (and
 * comments) separate it from the previous line, at the end of that line,
 * which is where the missing token belongs. */
static const char *
wrong_token_ptr(NlParser *p)
{
  const char *buf = p->lex.buf;
  const char *orig = p->tok.start, *end;
  if (p->tok.kind == NL_TOK_EOF && orig > buf)
    orig--;
  end = orig;
  for (;;) {
    const char *ls;
    while (end > buf && (end[-1] == ' ' || end[-1] == '\t'))
      end--;
    if (end == buf)
      return orig;
    if (end[-1] != '\n' && end[-1] != '\r')
      return end;
    end--; /* drop the newline */
    /* If the previous line has a `//` comment, back up before it. */
    ls = end;
    while (ls > buf && ls[-1] != '\n' && ls[-1] != '\r')
      ls--;
    for (const char *q = ls; q + 1 < end; q++) {
      if (q[0] == '/' && q[1] == '/') {
        end = q;
        break;
      }
    }
  }
}

NlDiag *
nl_p_error_wrong(NlParser *p, const char *fmt, ...)
{
  va_list ap;
  NlDiag *d;
  if (p->tok.kind == NL_TOK_ERROR) {
    p->errored = true;
    return NULL;
  }
  va_start(ap, fmt);
  d = verror_at(p, nl_lex_pos_of(&p->lex, wrong_token_ptr(p)), fmt, ap);
  va_end(ap);
  return d;
}

NlResult
nl_p_enter(NlParser *p)
{
  if (p->depth >= NL_PARSE_MAX_DEPTH) {
    nl_p_error(p, "nesting too deep");
    return nl_failure();
  }
  p->depth++;
  return nl_success();
}

/* ---- teardown ------------------------------------------------------------ */

void
nl_p_bury_region(NlParser *p, NlRegion *r)
{
  NL_VEC_PUSH(p->dead_regions, p->ndead_regions, p->dead_regions_cap, r);
}

void
nl_p_bury_block(NlParser *p, NlBlock *b)
{
  NL_VEC_PUSH(p->dead_blocks, p->ndead_blocks, p->dead_blocks_cap, b);
}

void
nl_p_drop_block_uses(NlBlock *b)
{
  for (NlOp *op = b->first; op; op = op->next)
    nl_op_drop_all_uses_of_operands(op);
}

/* Destroys the IR left behind by a failed parse. Values may be used across
 * the pieces (and placeholders by all of them), so every use is dropped
 * before anything is destroyed. */
static void
teardown(NlParser *p)
{
  for (size_t i = 0; i < p->nblocks; i++) {
    if (p->blocks[i].forward) {
      nl_p_bury_block(p, p->blocks[i].block);
      p->blocks[i].forward = false;
    }
  }
  for (size_t i = 0; i < p->ndead_regions; i++)
    for (NlBlock *b = p->dead_regions[i]->first; b; b = b->next)
      nl_p_drop_block_uses(b);
  for (size_t i = 0; i < p->ndead_blocks; i++)
    nl_p_drop_block_uses(p->dead_blocks[i]);
  for (size_t i = 0; i < p->ndead_regions; i++)
    nl_region_destroy(p->dead_regions[i]);
  for (size_t i = 0; i < p->ndead_blocks; i++)
    nl_block_destroy(p->dead_blocks[i]);
  p->ndead_regions = p->ndead_blocks = 0;
  nl_p_free_ssa(p);
}

/* ---- top level ----------------------------------------------------------- */

/* attribute-alias-def ::= `#` alias-name `=` attribute-value */
static NlResult
parse_attr_alias_def(NlParser *p)
{
  NlIdent *name = nl_p_tok_ident(p, 1);
  uintptr_t old;
  NlAttr *a;
  if (nl_pmap_get(&p->attr_aliases, name, &old)) {
    nl_p_error(p, "redefinition of attribute alias id '%s'", name->str);
    return nl_failure();
  }
  if (memchr(name->str, '.', name->len)) {
    nl_p_error(p, "attribute names with a '.' are reserved for "
                  "dialect-defined names");
    return nl_failure();
  }
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_EQUAL,
                            "expected '=' in attribute alias definition")))
    return nl_failure();
  if (!(a = nl_p_parse_attr(p, NULL)))
    return nl_failure();
  nl_pmap_put(&p->attr_aliases, name, (uintptr_t)a);
  return nl_success();
}

/* type-alias-def ::= `!` alias-name `=` type */
static NlResult
parse_type_alias_def(NlParser *p)
{
  NlIdent *name = nl_p_tok_ident(p, 1);
  uintptr_t old;
  NlType *t;
  if (nl_pmap_get(&p->type_aliases, name, &old)) {
    nl_p_error(p, "redefinition of type alias id '%s'", name->str);
    return nl_failure();
  }
  if (memchr(name->str, '.', name->len)) {
    nl_p_error(p, "type names with a '.' are reserved for "
                  "dialect-defined names");
    return nl_failure();
  }
  nl_p_next(p);
  if (nl_failed(nl_p_expect(p, NL_TOK_EQUAL,
                            "expected '=' in type alias definition")))
    return nl_failure();
  if (!(t = nl_p_parse_type(p)))
    return nl_failure();
  nl_pmap_put(&p->type_aliases, name, (uintptr_t)t);
  return nl_success();
}

/* Reads a resource key (keyword or string) into p->sbuf. */
static bool
parse_resource_key(NlParser *p)
{
  p->sbuf.len = 0;
  if (nl_p_is(p, NL_TOK_BARE_ID))
    nl_buf_append(&p->sbuf, p->tok.start, p->tok.len);
  else if (nl_p_is(p, NL_TOK_STRING))
    nl_tok_string_value(&p->tok, &p->sbuf);
  else
    return false;
  nl_p_next(p);
  return true;
}

/* One `key: "0x..."` entry of the builtin dialect's resources: the blob
 * holds the alignment as 4 little-endian bytes, then the data. */
static NlResult
parse_builtin_resource(NlParser *p)
{
  NlResource *r;
  NlToken val;
  NlBuf blob = {0};
  uint32_t align;
  char *key;
  if (!parse_resource_key(p)) {
    nl_p_error(p, "expected identifier key for 'resource' entry");
    return nl_failure();
  }
  key = nl_xstrndup(p->sbuf.data, p->sbuf.len);
  r = nl_resource_get(p->ctx, key, p->sbuf.len);
  if (nl_failed(nl_p_expect(p, NL_TOK_COLON, "expected ':'")))
    goto fail;
  val = p->tok;
  nl_p_next(p);
  if (val.kind != NL_TOK_STRING || !nl_tok_hex_string_value(&val, &blob)) {
    nl_p_error_at(p, val.pos, "expected hex string blob for key '%s'", key);
    goto fail;
  }
  if (blob.len < 4) {
    nl_p_error_at(p, val.pos,
                  "expected hex string blob for key '%s' to encode "
                  "alignment in first 4 bytes",
                  key);
    goto fail;
  }
  align = (uint32_t)(unsigned char)blob.data[0] |
          (uint32_t)(unsigned char)blob.data[1] << 8 |
          (uint32_t)(unsigned char)blob.data[2] << 16 |
          (uint32_t)(unsigned char)blob.data[3] << 24;
  if (align & (align - 1)) {
    nl_p_error_at(p, val.pos,
                  "expected hex string blob for key '%s' to encode "
                  "alignment in first 4 bytes, but got non-power-of-2 "
                  "value: %u",
                  key, align);
    goto fail;
  }
  nl_resource_set(p->ctx, r, blob.data + 4, blob.len - 4, align ? align : 1);
  free(key);
  nl_buf_free(&blob);
  return nl_success();
fail:
  free(key);
  nl_buf_free(&blob);
  return nl_failure();
}

/* An entry whose value is not used: `key: token`. */
static NlResult
skip_resource(NlParser *p, const char *what)
{
  if (!parse_resource_key(p)) {
    nl_p_error(p, "expected identifier key for '%s' entry", what);
    return nl_failure();
  }
  if (nl_failed(nl_p_expect(p, NL_TOK_COLON, "expected ':'")))
    return nl_failure();
  if (nl_p_is(p, NL_TOK_EOF) || nl_p_is(p, NL_TOK_ERROR)) {
    nl_p_error(p, "expected resource value");
    return nl_failure();
  }
  nl_p_next(p);
  return nl_success();
}

/* resource-section ::= `{` (bare-id `:` `{` (key `:` value),* `}`),* `}` */
static NlResult
parse_resource_section(NlParser *p, bool external)
{
  if (nl_failed(nl_p_expect(p, NL_TOK_LBRACE, "expected '{'")))
    return nl_failure();
  if (nl_p_accept(p, NL_TOK_RBRACE))
    return nl_success();
  do {
    NlPos name_pos = p->tok.pos;
    bool builtin = false;
    NlStr name;
    if (!nl_p_is(p, NL_TOK_BARE_ID)) {
      nl_p_error(p, "expected identifier key for 'resource' entry");
      return nl_failure();
    }
    name = nl_str(p->tok.start, p->tok.len);
    nl_p_next(p);
    if (nl_failed(nl_p_expect(p, NL_TOK_COLON, "expected ':'")) ||
        nl_failed(nl_p_expect(p, NL_TOK_LBRACE, "expected '{'")))
      return nl_failure();
    if (external) {
      nl_emit_warning(p->ctx, nl_p_loc(p, name_pos),
                      "ignoring unknown external resources for '%.*s'",
                      (int)name.len, name.data);
    } else if (nl_str_eq(name, "builtin")) {
      builtin = true;
    } else if (!nl_context_lookup_dialect(p->ctx, name.data, name.len)) {
      nl_p_error_at(p, name_pos, "dialect '%.*s' is unknown", (int)name.len,
                    name.data);
      return nl_failure();
    } else {
      nl_p_error(p, "unexpected 'resource' section for dialect '%.*s'",
                 (int)name.len, name.data);
      return nl_failure();
    }
    if (nl_p_accept(p, NL_TOK_RBRACE))
      continue;
    do {
      NlResult r = builtin ? parse_builtin_resource(p)
                           : skip_resource(p, "external_resources");
      if (nl_failed(r))
        return nl_failure();
    } while (nl_p_accept(p, NL_TOK_COMMA));
    if (nl_failed(nl_p_expect(p, NL_TOK_RBRACE, "expected ',' or '}'")))
      return nl_failure();
  } while (nl_p_accept(p, NL_TOK_COMMA));
  return nl_p_expect(p, NL_TOK_RBRACE, "expected ',' or '}'");
}

/* file-metadata-dict ::= `{-#` (file-metadata-entry (`,` entry)*)? `#-}` */
static NlResult
parse_file_metadata(NlParser *p)
{
  nl_p_next(p);
  if (nl_p_accept(p, NL_TOK_META_END))
    return nl_success();
  do {
    NlPos key_pos = p->tok.pos;
    NlResult r;
    bool external;
    if (!nl_p_is(p, NL_TOK_BARE_ID)) {
      nl_p_error(p, "expected identifier key in file metadata dictionary");
      return nl_failure();
    }
    if (nl_tok_is(&p->tok, "dialect_resources")) {
      external = false;
    } else if (nl_tok_is(&p->tok, "external_resources")) {
      external = true;
    } else {
      nl_p_error_at(p, key_pos,
                    "unknown key '%.*s' in file metadata "
                    "dictionary",
                    (int)p->tok.len, p->tok.start);
      return nl_failure();
    }
    nl_p_next(p);
    if (nl_failed(nl_p_expect(p, NL_TOK_COLON, "expected ':'")))
      return nl_failure();
    r = parse_resource_section(p, external);
    if (nl_failed(r))
      return r;
  } while (nl_p_accept(p, NL_TOK_COMMA));
  return nl_p_expect(p, NL_TOK_META_END, "expected ',' or '#-}'");
}

/* toplevel ::= (operation | attribute-alias-def | type-alias-def
 *               | file-metadata-dict)* */
static NlResult
parse_top_level(NlParser *p, NlBlock *top)
{
  for (;;) {
    NlResult r;
    switch (p->tok.kind) {
    case NL_TOK_EOF:
      return nl_success();
    case NL_TOK_ERROR:
      p->errored = true;
      return nl_failure();
    case NL_TOK_HASH_ID:
      r = parse_attr_alias_def(p);
      break;
    case NL_TOK_BANG_ID:
      r = parse_type_alias_def(p);
      break;
    case NL_TOK_META_BEGIN:
      r = parse_file_metadata(p);
      break;
    default:
      r = nl_p_parse_operation(p, top);
      break;
    }
    if (nl_failed(r))
      return r;
  }
}

/* The module returned for the buffer: its single builtin.module, or a new
 * one around all top-level ops. */
static NlOp *
wrap_in_module(NlParser *p, NlBlock *top)
{
  const NlOpDef *def;
  NlOpState st;
  NlOp *op;
  if (top->first && top->first == top->last &&
      nl_op_is(top->first, "builtin.module")) {
    op = top->first;
    nl_op_remove(op);
    nl_block_destroy(top);
    return op;
  }
  def = nl_context_lookup_op(p->ctx, "builtin.module", 14);
  if (!def)
    def = nl_context_unregistered_op(p->ctx, "builtin.module", 14);
  nl_op_state_init(&st, p->ctx, def, nl_loc_file(p->ctx, p->name, 0, 0));
  nl_op_state_add_region(&st);
  op = nl_op_create(&st);
  nl_op_state_fini(&st);
  nl_region_append_block(nl_op_region(op, 0), top);
  return op;
}

NlOp *
nl_parse_source(NlContext *ctx, const char *name, const char *buf, size_t len,
                const NlParseConfig *config)
{
  uint32_t first_line = config && config->first_line ? config->first_line : 1;
  NlParser p;
  NlBlock *top;
  NlOp *op = NULL;
  if (!name)
    name = "<input>";
  nl_context_add_source(ctx, name, buf, len, first_line);
  nl_p_init(&p, ctx, name, buf, len, first_line);
  top = nl_block_create();
  nl_p_push_scope(&p);
  if (nl_succeeded(parse_top_level(&p, top)) &&
      nl_succeeded(nl_p_finalize_ssa(&p)) &&
      nl_succeeded(nl_p_resolve_deferred_locs(&p, top)) &&
      nl_succeeded(nl_p_pop_scope(&p))) {
    nl_p_free_ssa(&p);
    op = wrap_in_module(&p, top);
  } else {
    nl_p_bury_block(&p, top);
    teardown(&p);
  }
  nl_p_fini(&p);
  return op;
}

/* Parses one type or attribute from a string, which must hold nothing
 * else. */
static void *
parse_string(NlContext *ctx, const char *s, bool type)
{
  NlParser p;
  void *out;
  nl_p_init(&p, ctx, "<string>", s, strlen(s), 1);
  out = type ? (void *)nl_p_parse_type(&p) : (void *)nl_p_parse_attr(&p, NULL);
  if (out && !nl_p_is(&p, NL_TOK_EOF)) {
    nl_p_error(&p, "found trailing characters: '%s'", p.tok.start);
    out = NULL;
  }
  nl_p_fini(&p);
  return out;
}

NlType *
nl_parse_type_str(NlContext *ctx, const char *s)
{
  return parse_string(ctx, s, true);
}

NlAttr *
nl_parse_attr_str(NlContext *ctx, const char *s)
{
  return parse_string(ctx, s, false);
}
