/*
 * Open-addressing hash tables used by the IR core: a structural set for
 * interning, a pointer map (with deletion) and a string map. Linear probing,
 * power-of-two capacities, growth at 70% load. Not a general container
 * library; see internal.h for the contracts.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Final avalanche (murmur3 fmix32) so that weak input hashes still spread
 * over the low bits used to index the table. */
static inline uint32_t
mix(uint32_t h)
{
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

static inline bool
needs_grow(uint32_t len, uint32_t cap)
{
  return (uint64_t)(len + 1) * 10 > (uint64_t)cap * 7;
}

static uint32_t
next_cap(uint32_t cap)
{
  if (cap == 0)
    return 16;
  if (cap >= (1u << 31))
    nl_fatal_oom((size_t)cap * 2);
  return cap * 2;
}

/* ---- NlHashSet ----------------------------------------------------------- */

void *
nl_hashset_find(NlHashSet *s, uint32_t h, NlEqFn eq, const void *key)
{
  if (s->cap == 0)
    return NULL;
  uint32_t mask = s->cap - 1;
  for (uint32_t i = mix(h) & mask;; i = (i + 1) & mask) {
    const NlHashSlot *sl = &s->slots[i];
    if (!sl->item) {
      s->miss = i;
      s->miss_hash = h;
      s->miss_cap = s->cap;
      return NULL;
    }
    if (sl->hash == h && eq(sl->item, key))
      return sl->item;
  }
}

static void
hashset_place(NlHashSlot *slots, uint32_t cap, uint32_t h, void *item)
{
  uint32_t mask = cap - 1;
  uint32_t i = mix(h) & mask;
  while (slots[i].item)
    i = (i + 1) & mask;
  slots[i] = (NlHashSlot){h, item};
}

void
nl_hashset_insert(NlHashSet *s, uint32_t h, void *item)
{
  if (needs_grow(s->len, s->cap)) {
    uint32_t cap = next_cap(s->cap);
    NlHashSlot *slots = nl_xcalloc(cap, sizeof *slots);
    for (uint32_t i = 0; i < s->cap; i++)
      if (s->slots[i].item)
        hashset_place(slots, cap, s->slots[i].hash, s->slots[i].item);
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
  } else if (s->miss_cap == s->cap && s->miss_hash == h &&
             !s->slots[s->miss].item) {
    s->slots[s->miss] = (NlHashSlot){h, item};
    s->len++;
    return;
  }
  hashset_place(s->slots, s->cap, h, item);
  s->len++;
}

void
nl_hashset_free(NlHashSet *s)
{
  free(s->slots);
  *s = (NlHashSet){0};
}

/* ---- NlPtrMap ------------------------------------------------------------ */

static inline uint32_t
ptr_slot(const void *key, uint32_t mask)
{
  return mix(nl_hash_ptr(key)) & mask;
}

/* Index of key's slot, or of the empty slot where it would go. */
static uint32_t
ptrmap_find(const NlPtrMap *m, const void *key)
{
  uint32_t mask = m->cap - 1;
  uint32_t i = ptr_slot(key, mask);
  while (m->keys[i] && m->keys[i] != key)
    i = (i + 1) & mask;
  return i;
}

void *
nl_ptrmap_get(const NlPtrMap *m, const void *key)
{
  if (m->cap == 0)
    return NULL;
  uint32_t i = ptrmap_find(m, key);
  return m->keys[i] ? m->vals[i] : NULL;
}

bool
nl_ptrmap_has(const NlPtrMap *m, const void *key)
{
  return m->cap != 0 && m->keys[ptrmap_find(m, key)] != NULL;
}

void
nl_ptrmap_put(NlPtrMap *m, const void *key, void *val)
{
  nl_assert(key != NULL);
  if (needs_grow(m->len, m->cap)) {
    NlPtrMap n = {0};
    n.cap = next_cap(m->cap);
    n.keys = nl_xcalloc(n.cap, sizeof *n.keys);
    n.vals = nl_xmalloc(n.cap * sizeof *n.vals);
    for (uint32_t i = 0; i < m->cap; i++) {
      if (m->keys[i]) {
        uint32_t j = ptrmap_find(&n, m->keys[i]);
        n.keys[j] = m->keys[i];
        n.vals[j] = m->vals[i];
      }
    }
    n.len = m->len;
    free(m->keys);
    free(m->vals);
    *m = n;
  }
  uint32_t i = ptrmap_find(m, key);
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->len++;
  }
  m->vals[i] = val;
}

/* Backward-shift deletion: after emptying slot i, move later entries of the
 * same probe run back so that lookups never stop early. */
void
nl_ptrmap_del(NlPtrMap *m, const void *key)
{
  if (m->cap == 0)
    return;
  uint32_t mask = m->cap - 1;
  uint32_t i = ptrmap_find(m, key);
  if (!m->keys[i])
    return;
  m->keys[i] = NULL;
  m->len--;
  for (uint32_t j = (i + 1) & mask; m->keys[j]; j = (j + 1) & mask) {
    uint32_t home = ptr_slot(m->keys[j], mask);
    /* The entry at j may move to i if i lies cyclically in [home, j). */
    bool movable = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
    if (movable) {
      m->keys[i] = m->keys[j];
      m->vals[i] = m->vals[j];
      m->keys[j] = NULL;
      i = j;
    }
  }
}

void
nl_ptrmap_free(NlPtrMap *m)
{
  free(m->keys);
  free(m->vals);
  *m = (NlPtrMap){0};
}

/* ---- NlStrMap ------------------------------------------------------------ */

static uint32_t
strmap_find(const NlStrMapEntry *slots, uint32_t cap, const char *key,
            uint32_t len, uint32_t h)
{
  uint32_t mask = cap - 1;
  uint32_t i = mix(h) & mask;
  for (;; i = (i + 1) & mask) {
    const NlStrMapEntry *e = &slots[i];
    if (!e->key)
      return i;
    if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
      return i;
  }
}

void *
nl_strmap_get(const NlStrMap *m, const char *key, size_t len)
{
  if (m->cap == 0 || len > UINT32_MAX)
    return NULL;
  uint32_t h = nl_hash_str(key, len);
  uint32_t i = strmap_find(m->slots, m->cap, key, (uint32_t)len, h);
  return m->slots[i].key ? m->slots[i].val : NULL;
}

void
nl_strmap_put(NlStrMap *m, const char *key, size_t len, void *val)
{
  nl_assert(len <= UINT32_MAX);
  if (needs_grow(m->len, m->cap)) {
    uint32_t cap = next_cap(m->cap);
    NlStrMapEntry *slots = nl_xcalloc(cap, sizeof *slots);
    for (uint32_t i = 0; i < m->cap; i++) {
      NlStrMapEntry *e = &m->slots[i];
      if (e->key)
        slots[strmap_find(slots, cap, e->key, e->len, e->hash)] = *e;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
  }
  uint32_t h = nl_hash_str(key, len);
  uint32_t i = strmap_find(m->slots, m->cap, key, (uint32_t)len, h);
  NlStrMapEntry *e = &m->slots[i];
  if (!e->key) {
    e->key = key;
    e->len = (uint32_t)len;
    e->hash = h;
    m->len++;
  }
  e->val = val;
}

void
nl_strmap_free(NlStrMap *m)
{
  free(m->slots);
  *m = (NlStrMap){0};
}
