/*
 * A small hash map from non-NULL pointers to pointer-sized values for the
 * passes (the IR core's own table is internal to libnull). Open addressing
 * with linear probing and backward-shift deletion; header-only.
 */
#ifndef NULL_PASSES_PTRMAP_H
#define NULL_PASSES_PTRMAP_H

#include <stdlib.h>

#include "null/base.h"

typedef struct PtrMap {
  const void **keys; /* NULL = empty slot */
  void **vals;
  uint32_t cap; /* 0 or a power of two */
  uint32_t len;
} PtrMap;

static inline uint32_t
ptrmap_slot_(const void *key, uint32_t mask)
{
  return nl_hash_ptr(key) & mask;
}

static inline uint32_t
ptrmap_find_(const PtrMap *m, const void *key)
{
  uint32_t mask = m->cap - 1;
  uint32_t i = ptrmap_slot_(key, mask);
  while (m->keys[i] && m->keys[i] != key)
    i = (i + 1) & mask;
  return i;
}

static inline bool
ptrmap_has(const PtrMap *m, const void *key)
{
  return m->cap && m->keys[ptrmap_find_(m, key)];
}

/* The value for key, or NULL. */
static inline void *
ptrmap_get(const PtrMap *m, const void *key)
{
  if (!m->cap)
    return NULL;
  uint32_t i = ptrmap_find_(m, key);
  return m->keys[i] ? m->vals[i] : NULL;
}

static inline void
ptrmap_put(PtrMap *m, const void *key, void *val)
{
  if ((m->len + 1) * 4 > m->cap * 3) {
    PtrMap n = {0};
    n.cap = m->cap ? m->cap * 2 : 16;
    n.keys = nl_xcalloc(n.cap, sizeof *n.keys);
    n.vals = nl_xmalloc(n.cap * sizeof *n.vals);
    for (uint32_t i = 0; i < m->cap; i++) {
      if (m->keys[i]) {
        uint32_t j = ptrmap_find_(&n, m->keys[i]);
        n.keys[j] = m->keys[i];
        n.vals[j] = m->vals[i];
      }
    }
    n.len = m->len;
    free(m->keys);
    free(m->vals);
    *m = n;
  }
  uint32_t i = ptrmap_find_(m, key);
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->len++;
  }
  m->vals[i] = val;
}

static inline void
ptrmap_del(PtrMap *m, const void *key)
{
  if (!m->cap)
    return;
  uint32_t mask = m->cap - 1;
  uint32_t i = ptrmap_find_(m, key);
  if (!m->keys[i])
    return;
  m->keys[i] = NULL;
  m->len--;
  for (uint32_t j = (i + 1) & mask; m->keys[j]; j = (j + 1) & mask) {
    uint32_t home = ptrmap_slot_(m->keys[j], mask);
    bool movable = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
    if (movable) {
      m->keys[i] = m->keys[j];
      m->vals[i] = m->vals[j];
      m->keys[j] = NULL;
      i = j;
    }
  }
}

static inline void
ptrmap_clear(PtrMap *m)
{
  for (uint32_t i = 0; i < m->cap; i++)
    m->keys[i] = NULL;
  m->len = 0;
}

static inline void
ptrmap_free(PtrMap *m)
{
  free(m->keys);
  free(m->vals);
  *m = (PtrMap){0};
}

#endif
