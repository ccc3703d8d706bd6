/*
 * Private header of the printer (ir/print_*.c): the layout of NlPrinter and
 * the helpers its files share. The printer writes MLIR's textual syntax the
 * way MLIR 19's AsmPrinter does; nothing here is exported from libnull.
 */
#ifndef NULL_IR_PRINTER_H
#define NULL_IR_PRINTER_H

#include <string.h>

#include "null/asm.h"

/* ---- a pointer -> u32 map --------------------------------------------------
 * Open addressing with linear probing, power-of-two capacity, grown at 50%.
 * Keys are never removed. Used for SSA names, block numbers, alias indices
 * and visited sets. */
typedef struct NlPrMapSlot {
  const void *key; /* NULL = empty */
  uint32_t val;
} NlPrMapSlot;

typedef struct NlPrMap {
  NlPrMapSlot *slots;
  uint32_t cap; /* 0 or a power of two */
  uint32_t len;
} NlPrMap;

/* Looks key up; returns true and sets *val when present. */
NL_INTERNAL bool nl_prmap_get(const NlPrMap *m, const void *key, uint32_t *val);
/* Inserts key with val unless present; returns true if it was inserted. */
NL_INTERNAL bool nl_prmap_add(NlPrMap *m, const void *key, uint32_t val);
NL_INTERNAL void nl_prmap_free(NlPrMap *m);

/* ---- the printer --------------------------------------------------------- */

/* How an attribute's `: type` suffix is treated (MLIR's AttrTypeElision). */
typedef enum NlTypeElision {
  NL_ELIDE_NEVER, /* always print the type */
  NL_ELIDE_MAY,   /* omit it for the default types (i64, f64) */
  NL_ELIDE_MUST,  /* never print it */
} NlTypeElision;

/* Per-block information from the numbering pre-pass. */
typedef struct NlPrBlock {
  uint32_t id;     /* ^bb<id>: position in its region */
  uint32_t npreds; /* number of successor slots that name this block */
  uint32_t preds;  /* index of the first predecessor id in NlPrinter.preds */
} NlPrBlock;

/* The printed text of a float attribute, in NlPrinter.float_buf. */
typedef struct NlPrText {
  uint32_t start, len;
  bool hex; /* printed as a hex bit pattern */
} NlPrText;

/* One entry of NlPrinter.elem_floats, a direct-mapped cache of element
 * float texts keyed by their bits (len 0 = empty). */
typedef struct NlPrFloatSlot {
  uint64_t bits[2];
  uint8_t kind, len;
  char text[30];
} NlPrFloatSlot;

enum {
  NL_PR_FLOAT_SLOT_BITS = 9,
  NL_PR_FLOAT_SLOTS = 1 << NL_PR_FLOAT_SLOT_BITS,
};

/* Value ids carry this bit for entry-block arguments (%argN). */
#define NL_PR_ARG 0x80000000u

struct NlPrinter {
  NlBuf *out;
  FILE *file; /* when set, `out` is flushed to it between ops */
  NlPrintFlags flags;
  uint32_t indent;
  bool collect;     /* alias pre-pass: print nothing, record what would be */
  bool aliases;     /* print affine maps through their #map aliases */
  bool track_blobs; /* record dense_resource blobs for the resource section */
  /* Dialect whose prefix ops may drop (the nearest enclosing op's
   * NlOpDef.default_dialect); "builtin" outside of any such op. */
  const char *default_dialect;

  /* SSA names live in the values (NlValue.print_id, of op->results[0] for
   * an op's results; | NL_PR_ARG for entry arguments), valid where
   * NlValue.print_gen == gen; 0 = this printer numbered nothing. */
  uint32_t gen;
  /* Blocks -> index into `blocks`. */
  NlPrMap block_index;
  NlPrBlock *blocks;
  uint32_t nblocks, blocks_cap;
  uint32_t *preds; /* predecessor block ids, grouped per block, sorted */

  /* Aliases: affine-map attribute -> alias number, in definition order. */
  NlPrMap visited; /* types and attributes already walked */
  NlPrMap alias_index;
  const NlAttr **alias_list;
  uint32_t naliases, aliases_cap;

  /* Float attributes already printed (only when cache_floats). */
  bool cache_floats;
  NlPrMap float_index; /* attribute -> index into float_texts */
  NlPrText *float_texts;
  uint32_t nfloats, floats_cap;
  NlBuf float_buf;
  /* Also only when cache_floats (set for a whole-op printer, whose aliases
   * and flags do not change while it prints): the text of composite types
   * (interned, so keyed by pointer; in float_buf, indexed like floats) and
   * of recent dense-element floats (allocated on first use). */
  NlPrMap type_index; /* type -> index into float_texts */
  NlPrFloatSlot *elem_floats;

  /* Resource blobs used by the printed IR, in order of first use. */
  NlPrMap blob_index;
  NlResource **blobs;
  uint32_t nblobs, blobs_cap;
};

/* A printer for a lone type/attribute/location: no SSA names, no aliases,
 * default flags. Needs no cleanup beyond what the caller does with out. */
NL_INTERNAL void nl_printer_init_plain(NlPrinter *p, NlBuf *out);

/* ---- output helpers (hot: inline fast paths) ----------------------------- */

static inline void
nl_pr_write(NlPrinter *p, const char *s, size_t n)
{
  NlBuf *b = p->out;
  if (b->len + n < b->cap) {
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
  } else {
    nl_buf_append(b, s, n);
  }
}

static inline void
nl_pr_putc(NlPrinter *p, char c)
{
  NlBuf *b = p->out;
  if (b->len + 1 < b->cap) {
    b->data[b->len++] = c;
    b->data[b->len] = 0;
  } else {
    nl_buf_putc(b, c);
  }
}

static inline void
nl_pr_puts(NlPrinter *p, const char *s)
{
  nl_pr_write(p, s, strlen(s));
}

static inline void
nl_pr_u64(NlPrinter *p, uint64_t v)
{
  char tmp[24];
  char *e = tmp + sizeof tmp, *s = e;
  do {
    *--s = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  nl_pr_write(p, s, (size_t)(e - s));
}

static inline void
nl_pr_i64(NlPrinter *p, int64_t v)
{
  if (v < 0) {
    nl_pr_putc(p, '-');
    nl_pr_u64(p, 0 - (uint64_t)v);
  } else {
    nl_pr_u64(p, (uint64_t)v);
  }
}

static inline void
nl_pr_indent(NlPrinter *p, uint32_t n)
{
  static const char spaces[] = "                                ";
  while (n > 32) {
    nl_pr_write(p, spaces, 32);
    n -= 32;
  }
  nl_pr_write(p, spaces, n);
}

/* ---- shared printing routines -------------------------------------------- */

/* Types with nothing nested in them and a short spelling: the alias walk
 * has nothing to find in them and nl_pr_type prints them directly. */
static inline bool
nl_pr_leaf_type(const NlType *t)
{
  return t->kind == NL_TYPE_INTEGER || t->kind == NL_TYPE_INDEX ||
         t->kind == NL_TYPE_FLOAT || t->kind == NL_TYPE_NONE;
}

/* print_type.c */
NL_INTERNAL void nl_pr_type(NlPrinter *p, const NlType *t);
/* `4x?x` (each dimension followed by 'x'), `[4]` for scalable ones. */
NL_INTERNAL void nl_pr_dims(NlPrinter *p, const NlType *t);
/* `!dialect.body` or `!dialect<body>` (also used with '#' for attributes). */
NL_INTERNAL void nl_pr_dialect_symbol(NlPrinter *p, char sigil,
                                      const NlIdent *dialect,
                                      const NlIdent *body);
/* Collect mode: walks t for aliases. */
NL_INTERNAL void nl_pr_visit_type(NlPrinter *p, const NlType *t);

/* print_attr.c */
NL_INTERNAL void nl_pr_attr(NlPrinter *p, const NlAttr *a, NlTypeElision e);
/* `name = value`, or just `name` for a unit value. */
NL_INTERNAL void nl_pr_named_attr(NlPrinter *p, const NlNamedAttr *na);
/* `loc(...)` */
NL_INTERNAL void nl_pr_loc(NlPrinter *p, const NlLoc *l);
/* `"text"` with MLIR's escapes. */
NL_INTERNAL void nl_pr_string(NlPrinter *p, const char *s, size_t n);
/* A bare identifier when possible, else a quoted string. */
NL_INTERNAL void nl_pr_keyword_or_string(NlPrinter *p, const char *s, size_t n);
/* `@name` or `@"quoted name"` */
NL_INTERNAL void nl_pr_symbol(NlPrinter *p, const NlIdent *name);
NL_INTERNAL void nl_pr_affine_map(NlPrinter *p, const NlAffineMap *m);
/* Collect mode: walks a (and l) for aliases. */
NL_INTERNAL void nl_pr_visit_attr(NlPrinter *p, const NlAttr *a);
NL_INTERNAL void nl_pr_visit_loc(NlPrinter *p, const NlLoc *l);

/* print_float.c */
/* Prints a float of kind k (bit pattern `bits` as in NlAttr.flt.bits) like
 * MLIR's printFloatValue; *hex (may be NULL) tells whether the hexadecimal
 * bit pattern was printed. */
NL_INTERNAL void nl_pr_float(NlBuf *out, NlFloatKind k, const uint64_t bits[2],
                             bool *hex);
/* Prints the low `width` bits of words (little-endian) in decimal, as a
 * two's complement signed number when is_signed. */
NL_INTERNAL void nl_pr_apint(NlBuf *out, const uint64_t *words, uint32_t nwords,
                             uint32_t width, bool is_signed);
/* Converts a decimal literal (`-`? digits (`.` digits)? ([eE] [+-]? digits)?)
 * to the bit pattern of format k, rounding to nearest even exactly like
 * APFloat (overflow gives infinity, or NaN for f8E4M3FN). Returns false if
 * the text is not such a literal. Exact for every format, so that every
 * value the printer writes reads back bit-identically. */
NL_INTERNAL bool nl_float_from_decimal(NlFloatKind k, const char *s, size_t n,
                                       uint64_t bits[2]);
/* Bit width of a float format. */
NL_INTERNAL uint32_t nl_pr_float_width(NlFloatKind k);

#endif
