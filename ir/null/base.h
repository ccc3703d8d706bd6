/*
 * Basics shared by every part of null: export macros, NlResult, checked
 * allocation, growable string buffers and bump arenas. Nothing here knows
 * about IR.
 */
#ifndef NULL_BASE_H
#define NULL_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NL_API __attribute__((visibility("default")))
#define NL_INTERNAL __attribute__((visibility("hidden")))
#define NL_NODISCARD __attribute__((warn_unused_result))
#define NL_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define NL_NORETURN __attribute__((noreturn))

/* Result of a fallible call. Test it with nl_failed()/nl_succeeded(). */
typedef struct NlResult {
  int failed;
} NlResult;

static inline NlResult nl_success(void) { return (NlResult){0}; }
static inline NlResult nl_failure(void) { return (NlResult){1}; }
static inline bool nl_failed(NlResult r) { return r.failed != 0; }
static inline bool nl_succeeded(NlResult r) { return r.failed == 0; }

/* A borrowed, length-delimited string (not necessarily NUL-terminated). */
typedef struct NlStr {
  const char *data;
  size_t len;
} NlStr;

static inline NlStr nl_str(const char *s, size_t n) { return (NlStr){s, n}; }
NL_API NlStr nl_cstr(const char *s);
NL_API bool nl_str_eq(NlStr a, const char *cstr);

/* Internal-invariant checks. Never used for bad input: bad input gets a
 * diagnostic. */
NL_API NL_NORETURN void nl_fatal(const char *file, int line, const char *fmt,
                                 ...) NL_PRINTF(3, 4);
#define nl_assert(c)                                                           \
  ((c) ? (void)0 : nl_fatal(__FILE__, __LINE__, "assertion failed: %s", #c))
#define nl_unreachable(msg) nl_fatal(__FILE__, __LINE__, "unreachable: %s", msg)

/* Allocation. Running out of memory is the one documented fatal path. */
NL_API NL_NORETURN void nl_fatal_oom(size_t size);
NL_API void *nl_xmalloc(size_t size);
NL_API void *nl_xcalloc(size_t n, size_t size);
NL_API void *nl_xrealloc(void *p, size_t size);
NL_API char *nl_xstrndup(const char *s, size_t n);

/* Growable byte buffer, always NUL-terminated after any append. */
typedef struct NlBuf {
  char *data; /* NULL until the first append */
  size_t len;
  size_t cap;
} NlBuf;

NL_API void nl_buf_append(NlBuf *b, const char *s, size_t n);
NL_API void nl_buf_puts(NlBuf *b, const char *s);
NL_API void nl_buf_putc(NlBuf *b, char c);
NL_API void nl_buf_printf(NlBuf *b, const char *fmt, ...) NL_PRINTF(2, 3);
NL_API void nl_buf_vprintf(NlBuf *b, const char *fmt, va_list ap);
/* Returns the buffer's contents (caller frees) and resets the buffer. */
NL_API char *nl_buf_take(NlBuf *b);
NL_API void nl_buf_free(NlBuf *b);

/* Growable array helper: ensures room for n more elements of *arr. */
#define NL_VEC_RESERVE(arr, len, cap, n)                                       \
  do {                                                                         \
    if ((len) + (n) > (cap)) {                                                 \
      size_t nl_c_ = (cap) ? (cap) * 2 : 8;                                    \
      while (nl_c_ < (len) + (n))                                              \
        nl_c_ *= 2;                                                            \
      (arr) = nl_xrealloc((arr), nl_c_ * sizeof(*(arr)));                      \
      (cap) = nl_c_;                                                           \
    }                                                                          \
  } while (0)
#define NL_VEC_PUSH(arr, len, cap, v)                                          \
  do {                                                                         \
    NL_VEC_RESERVE(arr, len, cap, 1);                                          \
    (arr)[(len)++] = (v);                                                      \
  } while (0)

/* Bump allocator. Memory lives until nl_arena_reset/destroy. */
typedef struct NlArenaChunk NlArenaChunk;
typedef struct NlArena {
  NlArenaChunk *chunks;
  char *cur; /* next free byte in the first chunk */
  char *end;
} NlArena;

NL_API void nl_arena_init(NlArena *a);
NL_API void *nl_arena_alloc(NlArena *a, size_t size, size_t align);
NL_API void *nl_arena_dup(NlArena *a, const void *p, size_t size, size_t align);
NL_API void nl_arena_reset(NlArena *a);
NL_API void nl_arena_destroy(NlArena *a);

/* FNV-1a style hashing helpers used by the interning tables. */
NL_API uint32_t nl_hash_bytes(const void *p, size_t n, uint32_t seed);
static inline uint32_t
nl_hash_combine(uint32_t h, uint32_t v)
{
  return h ^ (v + 0x9e3779b9u + (h << 6) + (h >> 2));
}
static inline uint32_t
nl_hash_ptr(const void *p)
{
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return (uint32_t)x;
}

#endif
