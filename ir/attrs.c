/*
 * Builtin attributes: construction (interned: equal attributes, including
 * their type, are pointer-equal), dictionary helpers, dense element storage
 * and the context's resource blobs. Affine maps and locations have their
 * own files; parsing and printing live in the asm files.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Word-at-a-time hash for large payloads (dense data can be megabytes). */
static uint32_t
hash_blob(const void *p, size_t n)
{
  const unsigned char *s = p;
  uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  if (i < n)
    memcpy(&tail, s + i, n - i);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 29;
  return (uint32_t)(h ^ (h >> 32));
}

static uint32_t
hash_ptrs(uint32_t h, const void *const *ps, size_t n)
{
  for (size_t i = 0; i < n; i++)
    h = nl_hash_combine(h, nl_hash_ptr(ps[i]));
  return h;
}

static size_t
dense_array_elem_size(const NlType *elem)
{
  return elem->kind == NL_TYPE_INTEGER && elem->integer.width == 1
             ? 1
             : nl_dense_elem_size(elem);
}

static uint32_t
hash_attr(const NlAttr *a)
{
  uint32_t h = nl_hash_combine(0xa77bu, a->kind);
  h = nl_hash_combine(h, nl_hash_ptr(a->type));
  switch ((NlAttrKind)a->kind) {
  case NL_ATTR_UNIT:
    return h;
  case NL_ATTR_INTEGER:
    return nl_hash_combine(
        h, hash_blob(a->integer.words, a->integer.nwords * sizeof(uint64_t)));
  case NL_ATTR_FLOAT:
    h = nl_hash_u64(h, a->flt.bits[0]);
    return nl_hash_u64(h, a->flt.bits[1]);
  case NL_ATTR_STRING:
    return nl_hash_combine(h, nl_hash_ptr(a->str.value));
  case NL_ATTR_TYPE:
    return nl_hash_combine(h, nl_hash_ptr(a->type_attr.value));
  case NL_ATTR_ARRAY:
    h = nl_hash_combine(h, a->array.n);
    return hash_ptrs(h, (const void *const *)a->array.elems, a->array.n);
  case NL_ATTR_DICT:
    h = nl_hash_combine(h, a->dict.n);
    for (uint32_t i = 0; i < a->dict.n; i++) {
      h = nl_hash_combine(h, nl_hash_ptr(a->dict.entries[i].name));
      h = nl_hash_combine(h, nl_hash_ptr(a->dict.entries[i].value));
    }
    return h;
  case NL_ATTR_SYMBOL_REF:
    h = nl_hash_combine(h, nl_hash_ptr(a->symref.root));
    h = nl_hash_combine(h, a->symref.nnested);
    return hash_ptrs(h, (const void *const *)a->symref.nested,
                     a->symref.nnested);
  case NL_ATTR_DENSE:
    h = nl_hash_combine(h, a->dense.splat);
    return nl_hash_combine(h, hash_blob(a->dense.data, a->dense.nbytes));
  case NL_ATTR_DENSE_RESOURCE:
    return nl_hash_combine(h, nl_hash_ptr(a->resource.blob));
  case NL_ATTR_DENSE_ARRAY:
    h = nl_hash_combine(h, nl_hash_ptr(a->dense_array.elem));
    h = nl_hash_combine(h, a->dense_array.n);
    return nl_hash_combine(
        h, hash_blob(a->dense_array.data,
                     a->dense_array.n *
                         dense_array_elem_size(a->dense_array.elem)));
  case NL_ATTR_AFFINE_MAP:
    return nl_hash_combine(h, nl_hash_ptr(a->affine.map));
  case NL_ATTR_STRIDED:
    h = nl_hash_u64(h, (uint64_t)a->strided.offset);
    return nl_hash_combine(
        h, hash_blob(a->strided.strides, a->strided.n * sizeof(int64_t)));
  case NL_ATTR_OPAQUE:
    h = nl_hash_combine(h, nl_hash_ptr(a->opaque.dialect));
    h = nl_hash_combine(h, nl_hash_ptr(a->opaque.body));
    return nl_hash_combine(h, a->opaque.pretty);
  case NL_ATTR_LOC:
    return nl_hash_combine(h, nl_hash_ptr(a->loc.value));
  }
  return h;
}

static bool
mem_eq(const void *a, const void *b, size_t n)
{
  return n == 0 || memcmp(a, b, n) == 0;
}

static bool
attr_eq(const void *item, const void *key)
{
  const NlAttr *a = item, *b = key;
  if (a->kind != b->kind || a->type != b->type)
    return false;
  switch ((NlAttrKind)a->kind) {
  case NL_ATTR_UNIT:
    return true;
  case NL_ATTR_INTEGER:
    return a->integer.nwords == b->integer.nwords &&
           mem_eq(a->integer.words, b->integer.words,
                  a->integer.nwords * sizeof(uint64_t));
  case NL_ATTR_FLOAT:
    return a->flt.bits[0] == b->flt.bits[0] && a->flt.bits[1] == b->flt.bits[1];
  case NL_ATTR_STRING:
    return a->str.value == b->str.value;
  case NL_ATTR_TYPE:
    return a->type_attr.value == b->type_attr.value;
  case NL_ATTR_ARRAY:
    return a->array.n == b->array.n && mem_eq(a->array.elems, b->array.elems,
                                              a->array.n * sizeof(NlAttr *));
  case NL_ATTR_DICT:
    return a->dict.n == b->dict.n && mem_eq(a->dict.entries, b->dict.entries,
                                            a->dict.n * sizeof(NlNamedAttr));
  case NL_ATTR_SYMBOL_REF:
    return a->symref.root == b->symref.root &&
           a->symref.nnested == b->symref.nnested &&
           mem_eq(a->symref.nested, b->symref.nested,
                  a->symref.nnested * sizeof(NlIdent *));
  case NL_ATTR_DENSE:
    return a->dense.splat == b->dense.splat &&
           a->dense.nbytes == b->dense.nbytes &&
           mem_eq(a->dense.data, b->dense.data, a->dense.nbytes);
  case NL_ATTR_DENSE_RESOURCE:
    return a->resource.blob == b->resource.blob;
  case NL_ATTR_DENSE_ARRAY:
    return a->dense_array.elem == b->dense_array.elem &&
           a->dense_array.n == b->dense_array.n &&
           mem_eq(a->dense_array.data, b->dense_array.data,
                  a->dense_array.n *
                      dense_array_elem_size(a->dense_array.elem));
  case NL_ATTR_AFFINE_MAP:
    return a->affine.map == b->affine.map;
  case NL_ATTR_STRIDED:
    return a->strided.offset == b->strided.offset &&
           a->strided.n == b->strided.n &&
           mem_eq(a->strided.strides, b->strided.strides,
                  a->strided.n * sizeof(int64_t));
  case NL_ATTR_OPAQUE:
    return a->opaque.dialect == b->opaque.dialect &&
           a->opaque.body == b->opaque.body &&
           a->opaque.pretty == b->opaque.pretty;
  case NL_ATTR_LOC:
    return a->loc.value == b->loc.value;
  }
  return false;
}

/* Empty arrays point here rather than being NULL, so that pointer
 * arithmetic like `entries + n` is always defined. */
static const max_align_t no_data[1];

static const void *
dup_or_empty(NlArena *a, const void *p, size_t n, size_t align)
{
  return n ? nl_arena_dup(a, p, n, align) : (const void *)no_data;
}

/* Returns the interned attribute equal to *key, copying the arrays it points
 * to into the context arena when it is new. */
static NlAttr *
intern(NlContext *ctx, NlAttr *key)
{
  uint32_t h = hash_attr(key);
  key->hash = h;
  NlAttr *at = nl_hashset_find(&ctx->attrs, h, attr_eq, key);
  if (at)
    return at;
  NlArena *ar = &ctx->arena;
  at = nl_arena_dup(ar, key, sizeof *key, _Alignof(NlAttr));
  switch ((NlAttrKind)key->kind) {
  case NL_ATTR_INTEGER:
    at->integer.words = dup_or_empty(ar, key->integer.words,
                                     key->integer.nwords * sizeof(uint64_t),
                                     _Alignof(uint64_t));
    break;
  case NL_ATTR_ARRAY:
    at->array.elems =
        dup_or_empty(ar, key->array.elems, key->array.n * sizeof(NlAttr *),
                     _Alignof(NlAttr *));
    break;
  case NL_ATTR_DICT:
    at->dict.entries =
        dup_or_empty(ar, key->dict.entries, key->dict.n * sizeof(NlNamedAttr),
                     _Alignof(NlNamedAttr));
    break;
  case NL_ATTR_SYMBOL_REF:
    at->symref.nested = dup_or_empty(ar, key->symref.nested,
                                     key->symref.nnested * sizeof(NlIdent *),
                                     _Alignof(NlIdent *));
    break;
  case NL_ATTR_DENSE:
    /* 16-byte alignment so element data can be read in place. */
    at->dense.data = dup_or_empty(ar, key->dense.data, key->dense.nbytes, 16);
    break;
  case NL_ATTR_DENSE_ARRAY:
    at->dense_array.data = dup_or_empty(
        ar, key->dense_array.data,
        key->dense_array.n * dense_array_elem_size(key->dense_array.elem), 16);
    break;
  case NL_ATTR_STRIDED:
    at->strided.strides =
        dup_or_empty(ar, key->strided.strides, key->strided.n * sizeof(int64_t),
                     _Alignof(int64_t));
    break;
  default:
    break;
  }
  nl_hashset_insert(&ctx->attrs, h, at);
  return at;
}

/* ---- simple attributes --------------------------------------------------- */

NlAttr *
nl_attr_unit(NlContext *ctx)
{
  if (!ctx->unit_attr) {
    NlAttr key = {.kind = NL_ATTR_UNIT};
    ctx->unit_attr = intern(ctx, &key);
  }
  return ctx->unit_attr;
}

NlAttr *
nl_attr_bool(NlContext *ctx, bool v)
{
  if (!ctx->bool_attrs[v])
    ctx->bool_attrs[v] = nl_attr_integer(ctx, nl_type_i1(ctx), v);
  return ctx->bool_attrs[v];
}

static uint32_t
int_width(const NlType *type)
{
  nl_assert(nl_type_is_int_or_index(type));
  return type->kind == NL_TYPE_INDEX ? 64 : type->integer.width;
}

/* Interns an integer attribute from words that already hold nwords =
 * max(1, ceil(width / 64)) words; clears the bits above the width. */
static NlAttr *
intern_int(NlContext *ctx, NlType *type, uint64_t *words, uint32_t nwords)
{
  uint32_t width = int_width(type);
  uint32_t rem = width % 64;
  if (width == 0)
    words[0] = 0;
  else if (rem)
    words[nwords - 1] &= (1ull << rem) - 1;
  NlAttr key = {.kind = NL_ATTR_INTEGER,
                .type = type,
                .integer = {.nwords = nwords, .words = words}};
  return intern(ctx, &key);
}

static uint32_t
words_for(uint32_t width)
{
  return width <= 64 ? 1 : (width + 63) / 64;
}

NlAttr *
nl_attr_integer(NlContext *ctx, NlType *type, int64_t v)
{
  uint32_t nw = words_for(int_width(type));
  if (nw == 1) {
    uint64_t w = (uint64_t)v;
    return intern_int(ctx, type, &w, 1);
  }
  uint64_t *words = nl_xmalloc(nw * sizeof *words);
  words[0] = (uint64_t)v;
  for (uint32_t i = 1; i < nw; i++)
    words[i] = v < 0 ? ~0ull : 0;
  NlAttr *a = intern_int(ctx, type, words, nw);
  free(words);
  return a;
}

NlAttr *
nl_attr_integer_words(NlContext *ctx, NlType *type, const uint64_t *words,
                      uint32_t nwords)
{
  uint32_t nw = words_for(int_width(type));
  uint64_t small;
  uint64_t *w = nw == 1 ? &small : nl_xmalloc(nw * sizeof *w);
  /* Missing high words are zero (the words are an unsigned magnitude). */
  for (uint32_t i = 0; i < nw; i++)
    w[i] = i < nwords ? words[i] : 0;
  NlAttr *a = intern_int(ctx, type, w, nw);
  if (w != &small)
    free(w);
  return a;
}

NlAttr *
nl_attr_float(NlContext *ctx, NlType *type, double v)
{
  nl_assert(type->kind == NL_TYPE_FLOAT);
  uint64_t bits[2];
  nl_float_encode((NlFloatKind)type->flt.fkind, v, bits);
  return nl_attr_float_bits(ctx, type, bits);
}

NlAttr *
nl_attr_float_bits(NlContext *ctx, NlType *type, const uint64_t bits[2])
{
  nl_assert(type->kind == NL_TYPE_FLOAT);
  NlFloatKind k = (NlFloatKind)type->flt.fkind;
  NlAttr key = {.kind = NL_ATTR_FLOAT, .type = type};
  key.flt.bits[0] = bits[0];
  key.flt.bits[1] = bits[1];
  nl_float_mask_bits(k, key.flt.bits);
  key.flt.value = nl_float_decode(k, key.flt.bits);
  return intern(ctx, &key);
}

NlAttr *
nl_attr_string(NlContext *ctx, const char *s, size_t len, NlType *type)
{
  NlAttr key = {.kind = NL_ATTR_STRING,
                .type = type,
                .str = {.value = nl_ident_get(ctx, s, len)}};
  return intern(ctx, &key);
}

NlAttr *
nl_attr_string_cstr(NlContext *ctx, const char *s)
{
  return nl_attr_string(ctx, s, strlen(s), NULL);
}

NlAttr *
nl_attr_type(NlContext *ctx, NlType *t)
{
  NlAttr key = {.kind = NL_ATTR_TYPE, .type_attr = {.value = t}};
  return intern(ctx, &key);
}

NlAttr *
nl_attr_array(NlContext *ctx, NlAttr *const *elems, uint32_t n)
{
  NlAttr key = {.kind = NL_ATTR_ARRAY, .array = {.n = n, .elems = elems}};
  return intern(ctx, &key);
}

NlAttr *
nl_attr_symref(NlContext *ctx, NlIdent *root, NlIdent *const *nested,
               uint32_t nnested)
{
  NlAttr key = {.kind = NL_ATTR_SYMBOL_REF,
                .symref = {.root = root, .nnested = nnested, .nested = nested}};
  return intern(ctx, &key);
}

NlAttr *
nl_attr_affine_map(NlContext *ctx, NlAffineMap *map)
{
  NlAttr key = {.kind = NL_ATTR_AFFINE_MAP, .affine = {.map = map}};
  return intern(ctx, &key);
}

NlAttr *
nl_attr_strided(NlContext *ctx, int64_t offset, const int64_t *strides,
                uint32_t n)
{
  NlAttr key = {.kind = NL_ATTR_STRIDED,
                .strided = {.offset = offset, .n = n, .strides = strides}};
  return intern(ctx, &key);
}

NlAttr *
nl_attr_opaque(NlContext *ctx, const char *dialect, size_t dlen,
               const char *body, size_t blen, bool pretty, NlType *type)
{
  NlAttr key = {.kind = NL_ATTR_OPAQUE,
                .type = type,
                .opaque = {.dialect = nl_ident_get(ctx, dialect, dlen),
                           .body = nl_ident_get(ctx, body, blen),
                           .pretty = pretty}};
  return intern(ctx, &key);
}

NlAttr *
nl_attr_loc(NlContext *ctx, NlLoc *loc)
{
  NlAttr key = {.kind = NL_ATTR_LOC, .loc = {.value = loc}};
  return intern(ctx, &key);
}

/* ---- dictionaries -------------------------------------------------------- */

/* StringRef::compare order: bytes, then length. Same as strcmp for names
 * without NUL bytes. */
static int
ident_cmp(const NlIdent *a, const NlIdent *b)
{
  if (a == b)
    return 0;
  uint32_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->str, b->str, n);
  if (c)
    return c;
  return a->len < b->len ? -1 : a->len > b->len;
}

static int
name_cmp(const NlIdent *a, const char *s, size_t len)
{
  size_t n = a->len < len ? a->len : len;
  int c = memcmp(a->str, s, n);
  if (c)
    return c;
  return a->len < len ? -1 : a->len > len;
}

/* Interns a dictionary whose entries are already sorted and unique. */
static NlAttr *
intern_dict(NlContext *ctx, const NlNamedAttr *entries, uint32_t n)
{
  if (n == 0 && ctx->empty_dict)
    return ctx->empty_dict;
  NlAttr key = {.kind = NL_ATTR_DICT, .dict = {.n = n, .entries = entries}};
  NlAttr *d = intern(ctx, &key);
  if (n == 0)
    ctx->empty_dict = d;
  return d;
}

typedef struct SortEntry {
  NlNamedAttr e;
  uint32_t idx; /* original position: later duplicates win */
} SortEntry;

static int
sort_entry_cmp(const void *pa, const void *pb)
{
  const SortEntry *a = pa, *b = pb;
  int c = ident_cmp(a->e.name, b->e.name);
  if (c)
    return c;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

NlAttr *
nl_attr_dict(NlContext *ctx, const NlNamedAttr *entries, uint32_t n)
{
  if (n == 0)
    return nl_attr_dict_empty(ctx);
  /* Fast path: already sorted and unique (the printer's order, and every
   * dictionary the core builds itself). */
  bool sorted = true;
  for (uint32_t i = 1; i < n && sorted; i++)
    sorted = ident_cmp(entries[i - 1].name, entries[i].name) < 0;
  if (sorted)
    return intern_dict(ctx, entries, n);

  SortEntry small[16];
  SortEntry *tmp = n <= 16 ? small : nl_xmalloc(n * sizeof *tmp);
  for (uint32_t i = 0; i < n; i++)
    tmp[i] = (SortEntry){entries[i], i};
  if (n <= 16) {
    for (uint32_t i = 1; i < n; i++) {
      SortEntry x = tmp[i];
      uint32_t j = i;
      for (; j > 0 && sort_entry_cmp(&tmp[j - 1], &x) > 0; j--)
        tmp[j] = tmp[j - 1];
      tmp[j] = x;
    }
  } else {
    qsort(tmp, n, sizeof *tmp, sort_entry_cmp);
  }
  /* Keep the last entry of each run of equal names. */
  NlNamedAttr smallout[16];
  NlNamedAttr *out = n <= 16 ? smallout : nl_xmalloc(n * sizeof *out);
  uint32_t m = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (i + 1 < n && tmp[i + 1].e.name == tmp[i].e.name)
      continue;
    out[m++] = tmp[i].e;
  }
  NlAttr *d = intern_dict(ctx, out, m);
  if (tmp != small)
    free(tmp);
  if (out != smallout)
    free(out);
  return d;
}

NlAttr *
nl_attr_dict_empty(NlContext *ctx)
{
  return intern_dict(ctx, NULL, 0);
}

/* Position of the first entry whose name is >= (s, len). */
static uint32_t
dict_lower_bound(const NlAttr *dict, const char *s, size_t len)
{
  uint32_t lo = 0, hi = dict->dict.n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (name_cmp(dict->dict.entries[mid].name, s, len) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

NlAttr *
nl_attr_dict_get(const NlAttr *dict, const char *name)
{
  if (!dict || dict->kind != NL_ATTR_DICT)
    return NULL;
  size_t len = strlen(name);
  uint32_t i = dict_lower_bound(dict, name, len);
  if (i < dict->dict.n && name_cmp(dict->dict.entries[i].name, name, len) == 0)
    return dict->dict.entries[i].value;
  return NULL;
}

NlAttr *
nl_attr_dict_get_ident(const NlAttr *dict, NlIdent *name)
{
  if (!dict || dict->kind != NL_ATTR_DICT)
    return NULL;
  uint32_t n = dict->dict.n;
  if (n <= 8) {
    for (uint32_t i = 0; i < n; i++)
      if (dict->dict.entries[i].name == name)
        return dict->dict.entries[i].value;
    return NULL;
  }
  uint32_t i = dict_lower_bound(dict, name->str, name->len);
  if (i < n && dict->dict.entries[i].name == name)
    return dict->dict.entries[i].value;
  return NULL;
}

NlAttr *
nl_attr_dict_set(NlContext *ctx, NlAttr *dict, NlIdent *name, NlAttr *value)
{
  if (!dict)
    dict = nl_attr_dict_empty(ctx);
  nl_assert(dict->kind == NL_ATTR_DICT);
  uint32_t n = dict->dict.n;
  const NlNamedAttr *es = dict->dict.entries;
  uint32_t i = dict_lower_bound(dict, name->str, name->len);
  bool found = i < n && es[i].name == name;
  if (found && es[i].value == value)
    return dict;
  if (!found && !value)
    return dict;
  NlNamedAttr small[16];
  uint32_t m = n + 1;
  NlNamedAttr *out = m <= 16 ? small : nl_xmalloc(m * sizeof *out);
  uint32_t k = 0;
  for (uint32_t j = 0; j < i; j++)
    out[k++] = es[j];
  if (value)
    out[k++] = (NlNamedAttr){name, value};
  for (uint32_t j = found ? i + 1 : i; j < n; j++)
    out[k++] = es[j];
  NlAttr *d = intern_dict(ctx, out, k);
  if (out != small)
    free(out);
  return d;
}

/* ---- integer queries ----------------------------------------------------- */

int64_t
nl_attr_integer_value(const NlAttr *a, bool *fits)
{
  nl_assert(a->kind == NL_ATTR_INTEGER);
  uint32_t width = int_width(a->type);
  bool is_unsigned = a->type->kind == NL_TYPE_INTEGER &&
                     a->type->integer.signedness == NL_UNSIGNED;
  const uint64_t *w = a->integer.words;
  bool ok = true;
  uint64_t v;
  if (width == 0) {
    v = 0;
  } else if (width < 64) {
    v = w[0];
    if (!is_unsigned && (v >> (width - 1)) & 1)
      v |= ~0ull << width;
  } else {
    v = w[0];
    bool neg = !is_unsigned && (v >> 63);
    if (is_unsigned && (v >> 63))
      ok = false;
    uint32_t nw = a->integer.nwords;
    uint32_t rem = width % 64;
    for (uint32_t i = 1; i < nw && ok; i++) {
      uint64_t expect = neg ? ~0ull : 0;
      if (i == nw - 1 && rem)
        expect &= (1ull << rem) - 1;
      ok = w[i] == expect;
    }
    /* A negative value needs the sign bit of the top word set too. */
    if (ok && neg && nw > 1) {
      uint32_t top = rem ? rem - 1 : 63;
      ok = (w[nw - 1] >> top) & 1;
    }
  }
  if (fits)
    *fits = ok;
  return (int64_t)v;
}

bool
nl_attr_is_bool(const NlAttr *a)
{
  return a && a->kind == NL_ATTR_INTEGER && a->type->kind == NL_TYPE_INTEGER &&
         a->type->integer.width == 1 &&
         a->type->integer.signedness == NL_SIGNLESS;
}

/* ---- dense elements ------------------------------------------------------ */

size_t
nl_dense_elem_size(const NlType *elem)
{
  switch ((NlTypeKind)elem->kind) {
  case NL_TYPE_INTEGER: {
    uint32_t w = elem->integer.width;
    if (w <= 8)
      return 1;
    if (w <= 16)
      return 2;
    if (w <= 32)
      return 4;
    return w <= 64 ? 8 : 0;
  }
  case NL_TYPE_INDEX:
    return 8;
  case NL_TYPE_FLOAT:
    switch ((NlFloatKind)elem->flt.fkind) {
    case NL_F8E5M2:
    case NL_F8E4M3FN:
      return 1;
    case NL_F16:
    case NL_BF16:
      return 2;
    case NL_F32:
    case NL_TF32:
      return 4;
    case NL_F64:
      return 8;
    case NL_F80:
    case NL_F128:
      return 16;
    }
    return 0;
  case NL_TYPE_COMPLEX:
    return 2 * nl_dense_elem_size(elem->complex.elem);
  default:
    return 0;
  }
}

/* Whether integer elements of this type need their unused high bits
 * normalized (i1 to 0/1, odd widths sign- or zero-extended). */
static bool
needs_normalize(const NlType *elem)
{
  if (elem->kind == NL_TYPE_COMPLEX)
    return needs_normalize(elem->complex.elem);
  if (elem->kind != NL_TYPE_INTEGER)
    return false;
  uint32_t w = elem->integer.width;
  return w != 8 && w != 16 && w != 32 && w != 64;
}

static void
normalize_ints(const NlType *elem, unsigned char *buf, size_t count)
{
  if (elem->kind == NL_TYPE_COMPLEX) {
    normalize_ints(elem->complex.elem, buf, count * 2);
    return;
  }
  size_t size = nl_dense_elem_size(elem);
  uint32_t w = elem->integer.width;
  bool sext = elem->integer.signedness != NL_UNSIGNED && w > 1;
  for (size_t i = 0; i < count; i++) {
    unsigned char *p = buf + i * size;
    uint64_t v = 0;
    memcpy(&v, p, size); /* little-endian host */
    if (w == 0)
      v = 0;
    else if (w == 1)
      v = v != 0;
    else {
      v &= (1ull << w) - 1;
      if (sext && ((v >> (w - 1)) & 1))
        v |= ~0ull << w;
    }
    memcpy(p, &v, size);
  }
}

NlAttr *
nl_attr_dense(NlContext *ctx, NlType *type, bool splat, const void *data,
              size_t nbytes)
{
  int64_t n = nl_type_num_elements(type);
  nl_assert(n >= 0);
  size_t esize = nl_dense_elem_size(type->shaped.elem);
  nl_assert(esize > 0);
  if (n == 0) {
    /* An empty tensor has no elements, whatever data came with it. */
    splat = false;
    nbytes = 0;
  }
  nl_assert(nbytes == (splat ? esize : (size_t)n * esize));
  NlType *elem = type->shaped.elem;

  void *norm = NULL;
  if (needs_normalize(elem) && nbytes) {
    norm = nl_xmalloc(nbytes);
    memcpy(norm, data, nbytes);
    normalize_ints(elem, norm, nbytes / esize);
    data = norm;
  }
  /* A dense attribute whose elements are all equal is a splat, as in MLIR,
   * so that equal constants are the same attribute and print the same. */
  if (!splat && n >= 1) {
    const unsigned char *p = data;
    bool same = true;
    for (int64_t i = 1; i < n && same; i++)
      same = memcmp(p, p + (size_t)i * esize, esize) == 0;
    if (same) {
      splat = true;
      nbytes = esize;
    }
  }
  NlAttr key = {.kind = NL_ATTR_DENSE,
                .type = type,
                .dense = {.splat = splat, .nbytes = nbytes, .data = data}};
  NlAttr *a = intern(ctx, &key);
  free(norm);
  return a;
}

NlAttr *
nl_attr_dense_resource(NlContext *ctx, NlType *type, NlResource *blob)
{
  NlAttr key = {
      .kind = NL_ATTR_DENSE_RESOURCE, .type = type, .resource = {.blob = blob}};
  return intern(ctx, &key);
}

NlAttr *
nl_attr_dense_array(NlContext *ctx, NlType *elem, const void *data, uint32_t n)
{
  size_t esize = dense_array_elem_size(elem);
  nl_assert(esize > 0);
  void *norm = NULL;
  if (needs_normalize(elem) && n) {
    norm = nl_xmalloc(n * esize);
    memcpy(norm, data, n * esize);
    normalize_ints(elem, norm, n);
    data = norm;
  }
  NlAttr key = {.kind = NL_ATTR_DENSE_ARRAY,
                .dense_array = {.elem = elem, .n = n, .data = data}};
  NlAttr *a = intern(ctx, &key);
  free(norm);
  return a;
}

/* ---- resources ----------------------------------------------------------- */

NlResource *
nl_resource_get(NlContext *ctx, const char *key, size_t len)
{
  NlResource *r = nl_strmap_get(&ctx->resources, key, len);
  if (r)
    return r;
  r = nl_arena_alloc(&ctx->arena, sizeof *r, _Alignof(NlResource));
  *r = (NlResource){.key = nl_ident_get(ctx, key, len), .alignment = 1};
  nl_strmap_put(&ctx->resources, r->key->str, r->key->len, r);
  return r;
}

NlResource *
nl_resource_create_unique(NlContext *ctx, const char *hint)
{
  size_t hlen = strlen(hint);
  if (!nl_strmap_get(&ctx->resources, hint, hlen))
    return nl_resource_get(ctx, hint, hlen);
  /* Remember the next suffix per hint so that creating many resources
   * from one hint stays linear. */
  uintptr_t next = (uintptr_t)nl_strmap_get(&ctx->resource_hints, hint, hlen);
  if (next == 0)
    next = 1;
  NlBuf b = {0};
  for (;; next++) {
    b.len = 0;
    nl_buf_printf(&b, "%s_%lu", hint, (unsigned long)next);
    if (!nl_strmap_get(&ctx->resources, b.data, b.len))
      break;
  }
  NlResource *r = nl_resource_get(ctx, b.data, b.len);
  nl_buf_free(&b);
  NlIdent *h = nl_ident_get(ctx, hint, hlen);
  nl_strmap_put(&ctx->resource_hints, h->str, h->len, (void *)(next + 1));
  return r;
}

void
nl_resource_set(NlContext *ctx, NlResource *r, const void *data, size_t size,
                uint32_t alignment)
{
  (void)ctx;
  uint32_t align = 1;
  while (align < alignment && align < (1u << 30))
    align <<= 1;
  size_t sys_align = align < sizeof(void *) ? sizeof(void *) : align;
  void *p = NULL;
  if (posix_memalign(&p, sys_align, size ? size : 1) != 0)
    nl_fatal_oom(size);
  if (size)
    memcpy(p, data, size);
  free(r->data);
  r->data = p;
  r->size = size;
  r->alignment = align;
}

void
nl_resources_fini(NlContext *ctx)
{
  for (uint32_t i = 0; i < ctx->resources.cap; i++) {
    NlStrMapEntry *e = &ctx->resources.slots[i];
    if (e->key) {
      NlResource *r = e->val;
      free(r->data);
      r->data = NULL;
    }
  }
}
