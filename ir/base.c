/*
 * Basics: checked allocation, string buffers, bump arenas and hashing.
 * The only fatal paths of the library live here (out of memory and broken
 * internal invariants).
 */
#include <stdlib.h>
#include <string.h>

#include "null/base.h"

NlStr
nl_cstr(const char *s)
{
  return (NlStr){s, strlen(s)};
}

bool
nl_str_eq(NlStr a, const char *cstr)
{
  size_t n = strlen(cstr);
  return a.len == n && memcmp(a.data, cstr, n) == 0;
}

void
nl_fatal(const char *file, int line, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "null: internal error at %s:%d: ", file, line);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  abort();
}

void
nl_fatal_oom(size_t size)
{
  fprintf(stderr, "null: out of memory (allocating %zu bytes)\n", size);
  abort();
}

void *
nl_xmalloc(size_t size)
{
  void *p = malloc(size ? size : 1);
  if (!p)
    nl_fatal_oom(size);
  return p;
}

void *
nl_xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    nl_fatal_oom(n * size);
  return p;
}

void *
nl_xrealloc(void *p, size_t size)
{
  void *q = realloc(p, size ? size : 1);
  if (!q)
    nl_fatal_oom(size);
  return q;
}

char *
nl_xstrndup(const char *s, size_t n)
{
  char *p = nl_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

/* ---- NlBuf ------------------------------------------------------------- */

static void
buf_reserve(NlBuf *b, size_t extra)
{
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap *= 2;
  b->data = nl_xrealloc(b->data, cap);
  b->cap = cap;
}

void
nl_buf_append(NlBuf *b, const char *s, size_t n)
{
  buf_reserve(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void
nl_buf_puts(NlBuf *b, const char *s)
{
  nl_buf_append(b, s, strlen(s));
}

void
nl_buf_putc(NlBuf *b, char c)
{
  buf_reserve(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = 0;
}

void
nl_buf_vprintf(NlBuf *b, const char *fmt, va_list ap)
{
  va_list ap2;
  va_copy(ap2, ap);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return;
  if ((size_t)n < sizeof small) {
    nl_buf_append(b, small, (size_t)n);
    return;
  }
  buf_reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void
nl_buf_printf(NlBuf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  nl_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *
nl_buf_take(NlBuf *b)
{
  char *s = b->data ? b->data : nl_xstrndup("", 0);
  *b = (NlBuf){0};
  return s;
}

void
nl_buf_free(NlBuf *b)
{
  free(b->data);
  *b = (NlBuf){0};
}

/* ---- NlArena ----------------------------------------------------------- */

struct NlArenaChunk {
  NlArenaChunk *next;
  size_t size;
  max_align_t data[];
};

enum { ARENA_CHUNK = 64 * 1024 };

void
nl_arena_init(NlArena *a)
{
  *a = (NlArena){0};
}

void *
nl_arena_alloc(NlArena *a, size_t size, size_t align)
{
  if (align == 0)
    align = 1;
  uintptr_t cur = ((uintptr_t)a->cur + align - 1) & ~(uintptr_t)(align - 1);
  if (a->cur && cur + size <= (uintptr_t)a->end) {
    a->cur = (char *)(cur + size);
    return (void *)cur;
  }
  /* Big requests get a chunk of their own so the current chunk keeps its
   * free space. */
  size_t want = size + align;
  size_t csize = want > ARENA_CHUNK / 4 ? want : ARENA_CHUNK;
  NlArenaChunk *c = nl_xmalloc(sizeof *c + csize);
  c->size = csize;
  char *base = (char *)c->data;
  cur = ((uintptr_t)base + align - 1) & ~(uintptr_t)(align - 1);
  if (csize == ARENA_CHUNK || !a->chunks) {
    c->next = a->chunks;
    a->chunks = c;
    a->cur = (char *)(cur + size);
    a->end = base + csize;
  } else {
    /* Keep the current chunk first; hang the big one behind it. */
    c->next = a->chunks->next;
    a->chunks->next = c;
  }
  return (void *)cur;
}

void *
nl_arena_dup(NlArena *a, const void *p, size_t size, size_t align)
{
  void *q = nl_arena_alloc(a, size, align);
  if (size)
    memcpy(q, p, size);
  return q;
}

void
nl_arena_reset(NlArena *a)
{
  nl_arena_destroy(a);
}

void
nl_arena_destroy(NlArena *a)
{
  NlArenaChunk *c = a->chunks;
  while (c) {
    NlArenaChunk *next = c->next;
    free(c);
    c = next;
  }
  *a = (NlArena){0};
}

uint32_t
nl_hash_bytes(const void *p, size_t n, uint32_t seed)
{
  const unsigned char *s = p;
  uint32_t h = 2166136261u ^ seed;
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 16777619u;
  }
  return h;
}
