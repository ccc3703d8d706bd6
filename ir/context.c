/*
 * The context: creation and teardown, identifier interning, the dialect
 * registry and the op-name lookup the parser relies on. Types, attributes,
 * locations, diagnostics and plug-ins live in their own files; this file
 * only wires their state together.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

NlContext *
nl_context_create(void)
{
  NlContext *ctx = nl_xcalloc(1, sizeof *ctx);
  nl_arena_init(&ctx->arena);
  nl_arena_init(&ctx->scratch);
  ctx->id_sym_name = nl_ident_cstr(ctx, "sym_name");
  return ctx;
}

void
nl_context_destroy(NlContext *ctx)
{
  if (!ctx)
    return;
  nl_diag_fini(ctx);
  nl_resources_fini(ctx);
  nl_hashset_free(&ctx->idents);
  nl_hashset_free(&ctx->types);
  nl_hashset_free(&ctx->attrs);
  nl_hashset_free(&ctx->locs);
  nl_hashset_free(&ctx->affine_exprs);
  nl_hashset_free(&ctx->affine_maps);
  for (size_t i = 0; i < ctx->nfile_lines; i++)
    free(ctx->file_lines[i].heads);
  free(ctx->file_lines);
  nl_ptrmap_free(&ctx->file_lines_of);
  nl_strmap_free(&ctx->ops);
  nl_strmap_free(&ctx->unregistered);
  nl_strmap_free(&ctx->resources);
  nl_strmap_free(&ctx->resource_hints);
  free(ctx->dialects);
  nl_arena_destroy(&ctx->arena);
  nl_arena_destroy(&ctx->scratch);
  /* Last: dialect tables and op names may live in plug-in libraries. */
  nl_plugins_fini(ctx);
  free(ctx);
}

NlArena *
nl_context_arena(NlContext *ctx)
{
  return &ctx->scratch;
}

void
nl_context_set_allow_unregistered(NlContext *ctx, bool allow)
{
  ctx->allow_unregistered = allow;
}

bool
nl_context_allow_unregistered(NlContext *ctx)
{
  return ctx->allow_unregistered;
}

/* ---- identifiers --------------------------------------------------------- */

typedef struct IdentKey {
  const char *s;
  size_t len;
} IdentKey;

static bool
ident_eq(const void *item, const void *key)
{
  const NlIdent *id = item;
  const IdentKey *k = key;
  return id->len == k->len && memcmp(id->str, k->s, k->len) == 0;
}

NlIdent *
nl_ident_get(NlContext *ctx, const char *s, size_t len)
{
  nl_assert(len < UINT32_MAX);
  IdentKey key = {s, len};
  uint32_t h = nl_hash_str(s, len);
  NlIdent *id = nl_hashset_find(&ctx->idents, h, ident_eq, &key);
  if (id)
    return id;
  id =
      nl_arena_alloc(&ctx->arena, sizeof(NlIdent) + len + 1, _Alignof(NlIdent));
  id->len = (uint32_t)len;
  id->hash = h;
  if (len)
    memcpy(id->str, s, len);
  id->str[len] = 0;
  nl_hashset_insert(&ctx->idents, h, id);
  return id;
}

NlIdent *
nl_ident_cstr(NlContext *ctx, const char *s)
{
  return nl_ident_get(ctx, s, strlen(s));
}

/* ---- dialects ------------------------------------------------------------ */

/* Checks that `name` is "<dialect>.<something>". */
static bool
has_dialect_prefix(const char *name, const char *dialect)
{
  size_t n = strlen(dialect);
  return strncmp(name, dialect, n) == 0 && name[n] == '.' && name[n + 1];
}

NlResult
nl_context_load_dialect(NlContext *ctx, const NlDialect *d)
{
  NlLoc *unknown = nl_loc_unknown(ctx);
  if (!d || !d->name || !d->name[0]) {
    nl_emit_error(ctx, unknown, "cannot load a dialect without a name");
    return nl_failure();
  }
  for (size_t i = 0; i < ctx->ndialects; i++) {
    if (ctx->dialects[i].orig == d)
      return nl_success();
    if (strcmp(ctx->dialects[i].copy->name, d->name) == 0) {
      nl_emit_error(ctx, unknown,
                    "cannot load dialect '%s': a dialect with that name is "
                    "already loaded",
                    d->name);
      return nl_failure();
    }
  }
  /* Validate every op before registering any, so a failure leaves the
   * context unchanged. */
  for (uint32_t i = 0; i < d->nops; i++) {
    const char *name = d->ops[i].name;
    if (!name || !has_dialect_prefix(name, d->name)) {
      nl_emit_error(ctx, unknown,
                    "cannot load dialect '%s': op name '%s' does not start "
                    "with '%s.'",
                    d->name, name ? name : "", d->name);
      return nl_failure();
    }
    size_t len = strlen(name);
    bool dup = nl_strmap_get(&ctx->ops, name, len) != NULL;
    for (uint32_t j = 0; j < i && !dup; j++)
      dup = strcmp(d->ops[j].name, name) == 0;
    if (dup) {
      nl_emit_error(ctx, unknown,
                    "cannot load dialect '%s': op '%s' is defined twice",
                    d->name, name);
      return nl_failure();
    }
  }

  NlDialect *copy =
      nl_arena_dup(&ctx->arena, d, sizeof *d, _Alignof(NlDialect));
  NlOpDef *defs = NULL;
  if (d->nops) {
    defs = nl_arena_dup(&ctx->arena, d->ops, d->nops * sizeof(NlOpDef),
                        _Alignof(NlOpDef));
  }
  copy->ops = defs;
  for (uint32_t i = 0; i < d->nops; i++) {
    defs[i].dialect = copy;
    defs[i].ident = nl_ident_cstr(ctx, defs[i].name);
    nl_strmap_put(&ctx->ops, defs[i].ident->str, defs[i].ident->len, &defs[i]);
  }
  NlDialectEntry e = {d, copy, strlen(copy->name)};
  NL_VEC_PUSH(ctx->dialects, ctx->ndialects, ctx->dialects_cap, e);
  return nl_success();
}

const NlDialect *
nl_context_lookup_dialect(NlContext *ctx, const char *name, size_t len)
{
  for (size_t i = 0; i < ctx->ndialects; i++) {
    const char *dn = ctx->dialects[i].copy->name;
    if (ctx->dialects[i].name_len == len && memcmp(dn, name, len) == 0)
      return ctx->dialects[i].copy;
  }
  return NULL;
}

const NlOpDef *
nl_context_lookup_op(NlContext *ctx, const char *name, size_t len)
{
  return nl_strmap_get(&ctx->ops, name, len);
}

const NlOpDef *
nl_context_unregistered_op(NlContext *ctx, const char *name, size_t len)
{
  NlOpDef *def = nl_strmap_get(&ctx->unregistered, name, len);
  if (def)
    return def;
  NlIdent *id = nl_ident_get(ctx, name, len);
  def = nl_arena_alloc(&ctx->arena, sizeof *def, _Alignof(NlOpDef));
  *def = (NlOpDef){
      .name = id->str,
      .noperands = NL_VARIADIC,
      .nresults = NL_VARIADIC,
      .nregions = NL_VARIADIC,
      .nsuccessors = NL_VARIADIC,
      .traits = NL_UNREGISTERED,
      .ident = id,
  };
  nl_strmap_put(&ctx->unregistered, id->str, id->len, def);
  return def;
}

const NlDialect *
nl_context_dialect_at(NlContext *ctx, size_t i)
{
  return i < ctx->ndialects ? ctx->dialects[i].copy : NULL;
}
