/*
 * Private header of the IR core: the layout of NlContext, the hash tables
 * used for interning and lookups, and the few helpers that several files of
 * ir/ share. Nothing here is exported from libnull (NL_INTERNAL); tools,
 * dialects and plug-ins use only the public headers in ir/null/.
 *
 * Other ir/ files (parser, printer, verifier) may read these definitions but
 * should not mutate NlContext fields directly: go through the functions.
 */
#ifndef NULL_IR_INTERNAL_H
#define NULL_IR_INTERNAL_H

#include <stddef.h>

#include "null/diag.h"

/* ---- hash tables ---------------------------------------------------------
 * All tables use open addressing with linear probing, power-of-two capacity
 * and grow when 70% full. Hashes are remixed before use, so callers may pass
 * weak hashes (e.g. a combination of pointer hashes). */

/* A set of pointers to interned objects, keyed structurally by the caller's
 * equality function. Used for identifiers, types, attributes, locations and
 * affine expressions/maps. No deletion (interned objects are immortal). */
typedef bool (*NlEqFn)(const void *item, const void *key);
typedef struct NlHashSlot {
  uint32_t hash; /* hash of item */
  void *item;    /* NULL = empty slot */
} NlHashSlot;
typedef struct NlHashSet {
  NlHashSlot *slots; /* hash next to item: one cache line per probe */
  uint32_t cap;      /* 0 or a power of two */
  uint32_t len;
  /* Where the last failed find for miss_hash stopped, valid while cap ==
   * miss_cap: the insert that usually follows reuses it instead of probing
   * again (there is no deletion, so the slot stays the first free one). */
  uint32_t miss, miss_hash, miss_cap;
} NlHashSet;

/* The item equal to key (eq(item, key)) with hash h, or NULL. */
NL_INTERNAL void *nl_hashset_find(NlHashSet *s, uint32_t h, NlEqFn eq,
                                  const void *key);
/* Inserts item (not already present) with hash h. */
NL_INTERNAL void nl_hashset_insert(NlHashSet *s, uint32_t h, void *item);
NL_INTERNAL void nl_hashset_free(NlHashSet *s);

/* A map from non-NULL pointers to pointers, with deletion. */
typedef struct NlPtrMap {
  const void **keys; /* NULL = empty slot */
  void **vals;
  uint32_t cap; /* 0 or a power of two */
  uint32_t len;
} NlPtrMap;

/* The value for key, or NULL (so do not store NULL values if absence must be
 * told apart; see nl_ptrmap_has). */
NL_INTERNAL void *nl_ptrmap_get(const NlPtrMap *m, const void *key);
NL_INTERNAL bool nl_ptrmap_has(const NlPtrMap *m, const void *key);
/* Inserts or overwrites. */
NL_INTERNAL void nl_ptrmap_put(NlPtrMap *m, const void *key, void *val);
/* Removes key if present. */
NL_INTERNAL void nl_ptrmap_del(NlPtrMap *m, const void *key);
NL_INTERNAL void nl_ptrmap_free(NlPtrMap *m);

/* A map from byte strings to pointers. The map borrows the key bytes: the
 * caller keeps them alive as long as the map (they usually live in the
 * context arena or in a dialect table). No deletion. */
typedef struct NlStrMapEntry {
  const char *key; /* NULL = empty slot */
  uint32_t len;
  uint32_t hash;
  void *val;
} NlStrMapEntry;
typedef struct NlStrMap {
  NlStrMapEntry *slots;
  uint32_t cap; /* 0 or a power of two */
  uint32_t len;
} NlStrMap;

NL_INTERNAL void *nl_strmap_get(const NlStrMap *m, const char *key, size_t len);
/* Inserts or overwrites. */
NL_INTERNAL void nl_strmap_put(NlStrMap *m, const char *key, size_t len,
                               void *val);
NL_INTERNAL void nl_strmap_free(NlStrMap *m);

/* ---- the context --------------------------------------------------------- */

/* One loaded dialect: the caller's table (for idempotent reloads) and the
 * context's copy whose ops have `dialect` and `ident` filled in. */
typedef struct NlDialectEntry {
  const NlDialect *orig;
  NlDialect *copy; /* in the context arena; copy->ops are the copied defs */
  size_t name_len; /* strlen(copy->name): lookups run once per op */
} NlDialectEntry;

/* A registered source buffer (or one chunk of a split file). */
typedef struct NlSource {
  NlIdent *name;
  const char *buf; /* borrowed */
  size_t len;
  uint32_t first_line;
  uint32_t *line_starts; /* offsets of line starts; NULL until first used */
  uint32_t nlines;
} NlSource;

enum { NL_NUM_FLOAT_KINDS = NL_F8E4M3FN + 1 };

/* The file locations of one file by line (see loc.c). */
typedef struct NlFileLines {
  struct NlFileLoc **heads; /* [line]: that line's locations, a list */
  uint32_t cap;
} NlFileLines;

struct NlContext {
  NlArena arena;   /* storage of every interned object */
  uint32_t print_gen; /* the last printer generation (see printer.h) */
  NlArena scratch; /* handed out by nl_context_arena() */

  /* Interning tables (all objects live in `arena`). */
  NlHashSet idents;
  NlHashSet types;
  NlHashSet attrs;
  NlHashSet locs;
  NlHashSet affine_exprs;
  NlHashSet affine_maps;
  /* File locations by file and line, instead of `locs` (see loc.c). */
  NlPtrMap file_lines_of; /* NlIdent* -> index + 1 into file_lines */
  NlFileLines *file_lines;
  size_t nfile_lines, file_lines_cap;

  /* Dialects and op definitions. */
  NlDialectEntry *dialects;
  size_t ndialects, dialects_cap;
  NlStrMap ops;          /* "dialect.op" -> const NlOpDef* (loaded copies) */
  NlStrMap unregistered; /* "x.y" -> NlOpDef* with NL_UNREGISTERED */
  bool allow_unregistered;
  void **plugins; /* dlopen handles, closed at destroy */
  size_t nplugins, plugins_cap;
  /* Registered passes (pass.c). Lives in `arena`, so it needs no teardown;
   * NULL until the first nl_context_register_pass. */
  struct NlPassRegistry *passes;

  /* Resource blobs. */
  NlStrMap resources;      /* key -> NlResource* (in arena) */
  NlStrMap resource_hints; /* hint -> next suffix to try (uintptr_t) */

  /* Diagnostics. */
  NlDiagHandler diag_handler; /* NULL: default (print to stderr) */
  void *diag_ud;
  NlDiag *diag_pending; /* the open diagnostic, or NULL */
  size_t nerrors;
  NlSource *sources;
  size_t nsources, sources_cap;

  /* Caches of frequently requested interned objects (filled lazily). */
  NlType *int_types[3][65]; /* [signedness][width] for widths <= 64 */
  NlType *index_type;
  NlType *none_type;
  NlType *float_types[NL_NUM_FLOAT_KINDS];
  NlAttr *unit_attr;
  NlAttr *empty_dict;
  NlAttr *bool_attrs[2];
  NlLoc *unknown_loc;
  NlIdent *id_sym_name; /* "sym_name" */
};

/* Teardown helpers called by nl_context_destroy (each in its own file). */
NL_INTERNAL void nl_diag_fini(NlContext *ctx);      /* diag.c */
NL_INTERNAL void nl_resources_fini(NlContext *ctx); /* attrs.c */
NL_INTERNAL void nl_plugins_fini(NlContext *ctx);   /* plugin.c */

/* ---- operations -------------------------------------------------------------
 * nl_op_create makes one allocation laid out as
 *   NlOpAlloc | NlValue results[nresults] | NlRegion regions[nregions] |
 *   NlBlock *successors[nsuccessors]
 *   | NlUse operands[noperands]
 * The public NlOp lives inside NlOpAlloc, behind the owning context. The
 * operands start in the same allocation (one malloc per op); when
 * nl_op_set_operands needs more room they move to a separate one. */
typedef struct NlOpAlloc {
  NlContext *ctx;
  uint32_t operands_cap; /* capacity of op.operands; 0: a shared empty
                            array that is never freed */
  bool operands_heap;    /* op.operands is its own allocation */
  NlOp op;
} NlOpAlloc;

static inline NlOpAlloc *
nl_op_alloc_of(const NlOp *op)
{
  return (NlOpAlloc *)((char *)op - offsetof(NlOpAlloc, op));
}

/* Use-list primitives (value.c). link sets u->value = v and pushes u on v's
 * list (v may be NULL: the slot is then left unlinked); unlink removes u from
 * its value's list (if linked) and leaves u->value unchanged. */
NL_INTERNAL void nl_use_link(NlUse *u, NlValue *v);
NL_INTERNAL void nl_use_unlink(NlUse *u);

/* Destroys a detached op, assuming every use made by ops nested in it has
 * already been dropped (op.c). Avoids re-walking the subtree at each level. */
NL_INTERNAL void nl_op_destroy_nodrop(NlOp *op);
/* Same for a detached block (block.c). */
NL_INTERNAL void nl_block_destroy_nodrop(NlBlock *b);
/* Drops the operand uses of every op in the blocks of r (block.c). */
NL_INTERNAL void nl_region_drop_all_uses(NlRegion *r);
/* Called when op was linked into b after `prev` (block.c): keeps the order
 * numbering valid when there is room, invalidates it otherwise. */
NL_INTERNAL void nl_block_note_insert(NlBlock *b, NlOp *op);

/* ---- float formats (float.c) --------------------------------------------- */

/* Rounds v to format k (round to nearest even; overflow gives infinity, or
 * NaN for formats without infinities) and stores the bit pattern: bits[0]
 * for formats up to 64 bits; f80 and f128 as in NlAttr.flt.bits. */
NL_INTERNAL void nl_float_encode(NlFloatKind k, double v, uint64_t bits[2]);
/* The value of a bit pattern widened to double (exact up to f64; f80/f128
 * round to double). */
NL_INTERNAL double nl_float_decode(NlFloatKind k, const uint64_t bits[2]);
/* Clears the bits above the format's width. */
NL_INTERNAL void nl_float_mask_bits(NlFloatKind k, uint64_t bits[2]);

/* Interning hash of an identifier's bytes. */
static inline uint32_t
nl_hash_str(const char *s, size_t n)
{
  return nl_hash_bytes(s, n, 0);
}

/* Mixes a 64-bit value into h. */
static inline uint32_t
nl_hash_u64(uint32_t h, uint64_t v)
{
  h = nl_hash_combine(h, (uint32_t)v);
  return nl_hash_combine(h, (uint32_t)(v >> 32));
}

#endif
