/*
 * Locations: unknown, file:line:col, named, fused and call-site locations,
 * interned like attributes. Fused locations are simplified the way MLIR's
 * FusedLoc::get does it, so equal location sets are pointer-equal.
 * Printing is in the asm files; describing a location for diagnostics is in
 * diag.c.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static uint32_t
hash_loc(const NlLoc *l)
{
  uint32_t h = nl_hash_combine(0x10c5u, l->kind);
  switch ((NlLocKind)l->kind) {
  case NL_LOC_UNKNOWN:
    return h;
  case NL_LOC_FILE:
    h = nl_hash_combine(h, nl_hash_ptr(l->file.file));
    h = nl_hash_combine(h, l->file.line);
    return nl_hash_combine(h, l->file.col);
  case NL_LOC_NAME:
    h = nl_hash_combine(h, nl_hash_ptr(l->name.name));
    return nl_hash_combine(h, nl_hash_ptr(l->name.child));
  case NL_LOC_FUSED:
    h = nl_hash_combine(h, nl_hash_ptr(l->fused.metadata));
    for (uint32_t i = 0; i < l->fused.n; i++)
      h = nl_hash_combine(h, nl_hash_ptr(l->fused.locs[i]));
    return h;
  case NL_LOC_CALLSITE:
    h = nl_hash_combine(h, nl_hash_ptr(l->callsite.callee));
    return nl_hash_combine(h, nl_hash_ptr(l->callsite.caller));
  }
  return h;
}

static bool
loc_eq(const void *item, const void *key)
{
  const NlLoc *a = item, *b = key;
  if (a->kind != b->kind)
    return false;
  switch ((NlLocKind)a->kind) {
  case NL_LOC_UNKNOWN:
    return true;
  case NL_LOC_FILE:
    return a->file.file == b->file.file && a->file.line == b->file.line &&
           a->file.col == b->file.col;
  case NL_LOC_NAME:
    return a->name.name == b->name.name && a->name.child == b->name.child;
  case NL_LOC_FUSED:
    return a->fused.metadata == b->fused.metadata && a->fused.n == b->fused.n &&
           (a->fused.n == 0 || memcmp(a->fused.locs, b->fused.locs,
                                      a->fused.n * sizeof(NlLoc *)) == 0);
  case NL_LOC_CALLSITE:
    return a->callsite.callee == b->callsite.callee &&
           a->callsite.caller == b->callsite.caller;
  }
  return false;
}

/* File locations (lines up to LINE_INDEX_MAX) are found by file and line
 * instead of through the hash set: the parser makes one per op in line
 * order, so the line heads it walks stay in cache, where a probe of the
 * large hash set would miss on nearly every op. */
enum { LINE_INDEX_MAX = 1u << 20 };

typedef struct NlFileLoc {
  NlLoc loc;
  struct NlFileLoc *next; /* the same file and line */
} NlFileLoc;

static NlFileLines *
file_lines(NlContext *ctx, NlIdent *file)
{
  uintptr_t i = (uintptr_t)nl_ptrmap_get(&ctx->file_lines_of, file);
  if (i)
    return &ctx->file_lines[i - 1];
  NlFileLines fl = {0};
  NL_VEC_PUSH(ctx->file_lines, ctx->nfile_lines, ctx->file_lines_cap, fl);
  nl_ptrmap_put(&ctx->file_lines_of, file, (void *)(uintptr_t)ctx->nfile_lines);
  return &ctx->file_lines[ctx->nfile_lines - 1];
}

static NlLoc *
intern_file(NlContext *ctx, const NlLoc *key)
{
  NlFileLines *fl = file_lines(ctx, key->file.file);
  uint32_t line = key->file.line;
  if (line >= fl->cap) {
    /* calloc, not realloc: pages of a sparse tail are never touched. */
    uint32_t cap = fl->cap ? fl->cap : 64;
    while (cap <= line)
      cap *= 2;
    NlFileLoc **heads = nl_xcalloc(cap, sizeof *heads);
    if (fl->cap)
      memcpy(heads, fl->heads, fl->cap * sizeof *heads);
    free(fl->heads);
    fl->heads = heads;
    fl->cap = cap;
  }
  for (NlFileLoc *f = fl->heads[line]; f; f = f->next)
    if (f->loc.file.col == key->file.col)
      return &f->loc;
  NlFileLoc *f = nl_arena_alloc(&ctx->arena, sizeof *f, _Alignof(NlFileLoc));
  f->loc = *key;
  f->next = fl->heads[line];
  fl->heads[line] = f;
  return &f->loc;
}

static NlLoc *
intern(NlContext *ctx, NlLoc *key)
{
  uint32_t h = hash_loc(key);
  key->hash = h;
  if (key->kind == NL_LOC_FILE && key->file.line < LINE_INDEX_MAX)
    return intern_file(ctx, key);
  NlLoc *l = nl_hashset_find(&ctx->locs, h, loc_eq, key);
  if (l)
    return l;
  l = nl_arena_dup(&ctx->arena, key, sizeof *key, _Alignof(NlLoc));
  if (key->kind == NL_LOC_FUSED && key->fused.n)
    l->fused.locs =
        nl_arena_dup(&ctx->arena, key->fused.locs,
                     key->fused.n * sizeof(NlLoc *), _Alignof(NlLoc *));
  nl_hashset_insert(&ctx->locs, h, l);
  return l;
}

NlLoc *
nl_loc_unknown(NlContext *ctx)
{
  if (!ctx->unknown_loc) {
    NlLoc key = {.kind = NL_LOC_UNKNOWN};
    ctx->unknown_loc = intern(ctx, &key);
  }
  return ctx->unknown_loc;
}

NlLoc *
nl_loc_file(NlContext *ctx, const char *file, uint32_t line, uint32_t col)
{
  NlLoc key = {
      .kind = NL_LOC_FILE,
      .file = {.file = nl_ident_cstr(ctx, file), .line = line, .col = col}};
  return intern(ctx, &key);
}

NlLoc *
nl_loc_file_ident(NlContext *ctx, NlIdent *file, uint32_t line, uint32_t col)
{
  NlLoc key = {.kind = NL_LOC_FILE,
               .file = {.file = file, .line = line, .col = col}};
  return intern(ctx, &key);
}

NlLoc *
nl_loc_name(NlContext *ctx, const char *name, NlLoc *child)
{
  NlLoc key = {.kind = NL_LOC_NAME,
               .name = {.name = nl_ident_cstr(ctx, name),
                        .child = child ? child : nl_loc_unknown(ctx)}};
  return intern(ctx, &key);
}

/* Adds l to out[0..*n) unless already there; `seen` is used once the list
 * is long enough for linear scans to matter. */
static void
add_unique(NlLoc **out, uint32_t *n, NlPtrMap *seen, NlLoc *l)
{
  if (*n < 16 && seen->len == 0) {
    for (uint32_t i = 0; i < *n; i++)
      if (out[i] == l)
        return;
    out[(*n)++] = l;
    return;
  }
  if (seen->len == 0)
    for (uint32_t i = 0; i < *n; i++)
      nl_ptrmap_put(seen, out[i], out[i]);
  if (nl_ptrmap_has(seen, l))
    return;
  nl_ptrmap_put(seen, l, l);
  out[(*n)++] = l;
}

NlLoc *
nl_loc_fused(NlContext *ctx, NlLoc *const *locs, uint32_t n, NlAttr *metadata)
{
  /* Flatten fused locations with the same metadata, drop unknown locations
   * and duplicates (keeping first occurrences), as FusedLoc::get does. */
  size_t cap = 0;
  for (uint32_t i = 0; i < n; i++)
    cap +=
        (locs[i]->kind == NL_LOC_FUSED && locs[i]->fused.metadata == metadata)
            ? locs[i]->fused.n
            : 1;
  NlLoc *small[16];
  NlLoc **out = cap <= 16 ? small : nl_xmalloc(cap * sizeof *out);
  uint32_t m = 0;
  NlPtrMap seen = {0};
  for (uint32_t i = 0; i < n; i++) {
    NlLoc *l = locs[i];
    if (l->kind == NL_LOC_FUSED && l->fused.metadata == metadata) {
      for (uint32_t j = 0; j < l->fused.n; j++)
        add_unique(out, &m, &seen, l->fused.locs[j]);
      continue;
    }
    if (l->kind != NL_LOC_UNKNOWN)
      add_unique(out, &m, &seen, l);
  }
  nl_ptrmap_free(&seen);

  NlLoc *res;
  if (m == 0 && !metadata) {
    res = nl_loc_unknown(ctx);
  } else if (m == 1 && !metadata) {
    res = out[0];
  } else {
    NlLoc *unknown = nl_loc_unknown(ctx);
    NlLoc key = {.kind = NL_LOC_FUSED,
                 .fused = {.n = m ? m : 1,
                           .locs = m ? out : &unknown,
                           .metadata = metadata}};
    res = intern(ctx, &key);
  }
  if (out != small)
    free(out);
  return res;
}

NlLoc *
nl_loc_callsite(NlContext *ctx, NlLoc *callee, NlLoc *caller)
{
  NlLoc key = {.kind = NL_LOC_CALLSITE,
               .callsite = {.callee = callee, .caller = caller}};
  return intern(ctx, &key);
}

const NlLoc *
nl_loc_find_file(const NlLoc *loc)
{
  /* Iterative on the common chains (names, callees) and recursive only
   * over the members of fused locations. */
  while (loc) {
    switch ((NlLocKind)loc->kind) {
    case NL_LOC_UNKNOWN:
      return NULL;
    case NL_LOC_FILE:
      return loc;
    case NL_LOC_NAME:
      loc = loc->name.child;
      break;
    case NL_LOC_CALLSITE: {
      const NlLoc *f = nl_loc_find_file(loc->callsite.callee);
      if (f)
        return f;
      loc = loc->callsite.caller;
      break;
    }
    case NL_LOC_FUSED:
      for (uint32_t i = 0; i < loc->fused.n; i++) {
        const NlLoc *f = nl_loc_find_file(loc->fused.locs[i]);
        if (f)
          return f;
      }
      return NULL;
    }
  }
  return NULL;
}
