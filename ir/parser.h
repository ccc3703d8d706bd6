/*
 * The parser's private state (struct NlParser) and the functions the
 * parse*.c files share: token helpers and diagnostics (parse.c), types
 * (parse_type.c), attributes (parse_attr.c, parse_dense.c, parse_affine.c),
 * locations (parse_loc.c) and operations (parse_op.c). Nothing here is
 * exported; the public entry points are in null/asm.h.
 */
#ifndef NULL_PARSER_H
#define NULL_PARSER_H

#include <stdlib.h>

#include "lex.h"
#include "null/asm.h"

/* Deeper nesting of types, attributes, locations or regions than this is
 * rejected ("nesting too deep") instead of overflowing the C stack. */
#define NL_PARSE_MAX_DEPTH 500

/* ---- pointer-keyed hash map ---------------------------------------------- */

/* Open addressing with tombstones; keys are interned pointers (NlIdent*,
 * NlLoc*), never NULL. */
typedef struct NlPMap {
  const void **keys;
  uintptr_t *vals;
  uint32_t cap;  /* power of two, or 0 */
  uint32_t live; /* keys present */
  uint32_t used; /* keys present plus tombstones */
} NlPMap;

NL_INTERNAL bool nl_pmap_get(const NlPMap *m, const void *key, uintptr_t *val);
NL_INTERNAL void nl_pmap_put(NlPMap *m, const void *key, uintptr_t val);
NL_INTERNAL void nl_pmap_del(NlPMap *m, const void *key);
NL_INTERNAL void nl_pmap_free(NlPMap *m);

/* A name spelled in the buffer (SSA and block names are looked up by their
 * text: interning every one of them in the context would be slower and
 * would grow the context for good). */
typedef struct NlName {
  const char *s;
  uint32_t len;
} NlName;

/* String-keyed map NlName -> uint32 (open addressing, tombstones). Keys
 * must stay valid while present. */
typedef struct NlSMapSlot {
  const char *s; /* NULL: empty */
  uint32_t len;
  uint32_t hash;
  uint32_t val;
} NlSMapSlot;

typedef struct NlSMap {
  NlSMapSlot *slots;
  uint32_t cap, live, used;
} NlSMap;

NL_INTERNAL bool nl_smap_get(const NlSMap *m, NlName k, uint32_t *val);
NL_INTERNAL void nl_smap_put(NlSMap *m, NlName k, uint32_t val);
NL_INTERNAL void nl_smap_del(NlSMap *m, NlName k);
NL_INTERNAL void nl_smap_free(NlSMap *m);

/* ---- parser state -------------------------------------------------------- */

/* An SSA use before resolution (internal form of NlUnresolvedOperand). */
typedef struct NlSsaUse {
  NlName name; /* without the '%' */
  uint32_t number;
  NlPos pos;
} NlSsaUse;

/* One result number of an SSA name: its value (or placeholder) and where it
 * was defined (or first used). */
typedef struct NlSsaDef {
  NlValue *value;
  NlPos pos;
} NlSsaDef;

/* All result numbers of one SSA name. */
typedef struct NlSsaName {
  uint32_t n;     /* slots */
  NlSsaDef one;   /* slot 0 when n <= 1 */
  NlSsaDef *many; /* all slots when n > 1 (heap) */
} NlSsaName;

/* A forward reference: a placeholder value and where it was first used. */
typedef struct NlFwdRef {
  NlValue *ph;
  NlValue *resolved; /* the definition that replaced it, or NULL */
  NlPos pos;
} NlFwdRef;

/* A block name in a region scope. */
typedef struct NlBlockRef {
  NlName name; /* with the '^' */
  NlBlock *block;
  NlPos pos;    /* definition, or first use while forward */
  bool forward; /* used but not defined yet; block is detached */
  int32_t prev; /* shadowed entry of an enclosing region, or -1 */
} NlBlockRef;

/* One region (name scope) being parsed. */
typedef struct NlScope {
  size_t defs_start;   /* into NlParser.defs */
  size_t blocks_start; /* into NlParser.blocks */
} NlScope;

/* An `%a` or `%a:2` of an op's result list. */
typedef struct NlResultRec {
  NlName name;
  uint32_t count;
  NlPos pos;
} NlResultRec;

/* A dense literal element before its type is known. */
typedef struct NlDenseTok {
  NlToken tok;
  bool neg;
} NlDenseTok;

/* A `loc(#alias)` whose alias was not defined yet. */
typedef struct NlDeferredLoc {
  NlLoc *marker; /* stands in for the location until the end */
  NlIdent *alias;
  NlPos pos;       /* first use */
  NlLoc *resolved; /* set when the aliases are resolved */
} NlDeferredLoc;

struct NlParser {
  NlContext *ctx;
  NlLexer lex;
  NlToken tok;          /* the current token */
  const char *prev_end; /* end of the text consumed before tok */
  const char *name;     /* buffer name for locations */
  NlIdent *name_ident;  /* name, interned once for every location */
  uint32_t depth;       /* current nesting, see NL_PARSE_MAX_DEPTH */
  bool errored;         /* a diagnostic was emitted */
  NlArena arena;        /* arrays handed to custom-form hooks */

  NlPMap type_aliases; /* NlIdent* -> NlType* */
  NlPMap attr_aliases; /* NlIdent* -> NlAttr* */

  /* SSA names: name -> index into names; free slots are reused. */
  NlSMap ssa;
  NlSsaName *names;
  size_t nnames, names_cap;
  uint32_t *free_names;
  size_t nfree_names, free_names_cap;
  uint32_t *numeric; /* %0, %1, ...: number -> index into names, or
                        UINT32_MAX; a fast path for printed IR */
  size_t nnumeric;
  NlName *defs; /* names defined, per scope (see NlScope) */
  size_t ndefs, defs_cap;
  NlFwdRef *fwd;
  size_t nfwd, fwd_cap;

  /* Block names: name -> index of the innermost entry in blocks. */
  NlSMap block_map;
  NlBlockRef *blocks;
  size_t nblocks, blocks_cap;
  NlScope *scopes;
  size_t nscopes, scopes_cap;

  /* Default dialects of the enclosing custom ops (NULL entries inherit),
   * and the names of the custom ops whose hooks are running. */
  const char **dialects;
  size_t ndialects, dialects_cap;
  const char **custom;
  size_t ncustom, custom_cap;

  /* Caches keyed by spelling: op name token -> op definition, attribute
   * name -> identifier (the context's tables are larger and colder). */
  NlSMap def_cache;
  const NlOpDef **defs_seen;
  size_t ndefs_seen, defs_seen_cap;
  NlSMap ident_cache;
  NlIdent **idents;
  size_t nidents, idents_cap;
  /* Types by their spelling (see parse_type.c). */
  NlSMap type_cache;
  NlType **types_seen;
  size_t ntypes_seen, types_seen_cap;

  /* Deferred location aliases: marker loc -> index into deferred. */
  NlPMap deferred_map;
  NlDeferredLoc *deferred;
  size_t ndeferred, deferred_cap;

  /* IR to destroy when parsing fails (uses are dropped first). */
  NlRegion **dead_regions;
  size_t ndead_regions, dead_regions_cap;
  NlBlock **dead_blocks;
  size_t ndead_blocks, dead_blocks_cap;

  /* Scratch stacks, used with a saved base index so that nested parses
   * (a region inside an op, a type inside a type) can share them. */
  NlSsaUse *uses;
  size_t nuses, uses_cap;
  NlType **types;
  size_t ntypes, types_cap;
  NlAttr **attrs;
  size_t nattrs, attrs_cap;
  NlNamedAttr *named;
  size_t nnamed, named_cap;
  NlResultRec *results;
  size_t nresults, results_cap;
  NlBlock **succs;
  size_t nsuccs, succs_cap;
  int64_t *dims;
  size_t ndims, dims_cap;
  bool *scal;
  size_t nscal, scal_cap;
  NlDenseTok *dense;
  size_t ndense, dense_cap;
  NlAffineExpr **exprs;
  size_t nexprs, exprs_cap;
  NlLoc **locs;
  size_t nlocs, locs_cap;
  NlBuf sbuf; /* string values */
};

/* ---- parse.c: lifetime, tokens and diagnostics --------------------------- */

NL_INTERNAL void nl_p_init(NlParser *p, NlContext *ctx, const char *name,
                           const char *buf, size_t len, uint32_t first_line);
NL_INTERNAL void nl_p_fini(NlParser *p);

static inline void
nl_p_next(NlParser *p)
{
  p->prev_end = p->tok.start + p->tok.len;
  p->tok = nl_lex_next(&p->lex);
}
static inline bool
nl_p_is(const NlParser *p, NlTokKind k)
{
  return p->tok.kind == k;
}
static inline bool
nl_p_accept(NlParser *p, NlTokKind k)
{
  if (p->tok.kind != k)
    return false;
  nl_p_next(p);
  return true;
}
/* Consumes bare identifier kw if it is the current token. */
NL_INTERNAL bool nl_p_accept_kw(NlParser *p, const char *kw);
/* Consumes token k or reports msg as a wrong-token error. */
NL_INTERNAL NlResult nl_p_expect(NlParser *p, NlTokKind k, const char *msg);
/* Restarts lexing at q, inside or after the current token. */
NL_INTERNAL void nl_p_reset(NlParser *p, const char *q);

NL_INTERNAL NlLoc *nl_p_loc(NlParser *p, NlPos pos);
/* Where an error at the current token goes (at EOF: the last character). */
NL_INTERNAL NlPos nl_p_error_pos(NlParser *p);
/* Error at the current token (suppressed if the lexer already reported
 * it). Returns NULL when suppressed. */
NL_INTERNAL NlDiag *nl_p_error(NlParser *p, const char *fmt, ...)
    NL_PRINTF(2, 3);
NL_INTERNAL NlDiag *nl_p_error_at(NlParser *p, NlPos pos, const char *fmt, ...)
    NL_PRINTF(3, 4);
/* Error for a token that is not the expected one: reported at the end of
 * the previous line when the token starts a line, as MLIR does. */
NL_INTERNAL NlDiag *nl_p_error_wrong(NlParser *p, const char *fmt, ...)
    NL_PRINTF(2, 3);
/* Nesting guard: fails with "nesting too deep" past NL_PARSE_MAX_DEPTH. */
NL_INTERNAL NlResult nl_p_enter(NlParser *p);
static inline void
nl_p_leave(NlParser *p)
{
  p->depth--;
}
/* The spelling of the current token as an identifier. */
NL_INTERNAL NlIdent *nl_p_tok_ident(NlParser *p, uint32_t skip);
/* Same, through the parser's cache (for names that repeat, such as
 * attribute names). */
NL_INTERNAL NlIdent *nl_p_tok_ident_cached(NlParser *p);
static inline NlName
nl_p_tok_name(NlParser *p, uint32_t skip)
{
  return (NlName){p->tok.start + skip, p->tok.len - skip};
}
/* Appends the printed form of a type / attribute for messages. */
NL_INTERNAL const char *nl_p_type_str(NlParser *p, const NlType *t, NlBuf *b);

/* IR that must be destroyed if the parse fails. */
NL_INTERNAL void nl_p_bury_region(NlParser *p, NlRegion *r);
NL_INTERNAL void nl_p_bury_block(NlParser *p, NlBlock *b);

/* ---- parse_type.c -------------------------------------------------------- */

NL_INTERNAL NlType *nl_p_parse_type(NlParser *p);
/* Whether the current token can start a type. */
NL_INTERNAL bool nl_p_at_type(const NlParser *p);
/* `(` `)` | `(` type-list `)`, pushed on p->types. */
NL_INTERNAL NlResult nl_p_parse_type_list_parens(NlParser *p);
/* type-list-parens | non-function-type, pushed on p->types. */
NL_INTERNAL NlResult nl_p_parse_result_types(NlParser *p);
/* Scans a pretty dialect body `<...>` at the current `<` token; on success
 * *end points after the matching `>` and the lexer continues there. */
NL_INTERNAL NlResult nl_p_dialect_body(NlParser *p, const char **end);
/* Consumes a `!` / `#` dialect symbol and splits it into dialect and body
 * (`x<body>`, `x.body`, `x.body<more>`); *is_alias when it is a plain
 * `!name` / `#name`. `what` names the kind for diagnostics. */
NL_INTERNAL NlResult nl_p_opaque_parts(NlParser *p, const char *what,
                                       const char **dialect, size_t *dlen,
                                       const char **body, size_t *blen,
                                       bool *pretty, bool *is_alias);

/* ---- parse_attr.c, parse_dense.c, parse_affine.c ------------------------- */

NL_INTERNAL NlAttr *nl_p_parse_attr(NlParser *p, NlType *type);
/* attribute-dict ::= `{` (attribute-entry (`,` attribute-entry)*)? `}`,
 * entries pushed on p->named (duplicates rejected). */
NL_INTERNAL NlResult nl_p_parse_attr_dict(NlParser *p);
/* Integer value of spelling tok (negated if neg) for an integer or index
 * type, in two's complement words; false when it does not fit. */
typedef struct NlIntWords {
  uint64_t *w; /* small, or heap for wide types */
  uint32_t n;
  uint64_t small[2];
} NlIntWords;
NL_INTERNAL bool nl_p_int_words(const NlToken *tok, bool neg, NlType *type,
                                NlIntWords *out);
static inline void
nl_int_words_free(NlIntWords *iw)
{
  if (iw->w != iw->small)
    free(iw->w);
}
/* A float (or hex bit pattern) literal for a float type (errors at tok). */
NL_INTERNAL NlResult nl_p_float_bits(NlParser *p, const NlToken *tok, bool neg,
                                     NlType *type, uint64_t bits[2]);
NL_INTERNAL NlAttr *nl_p_float_attr(NlParser *p, const NlToken *tok, bool neg,
                                    NlType *type);
NL_INTERNAL NlAttr *nl_p_parse_dense(NlParser *p, NlType *type);
NL_INTERNAL NlAttr *nl_p_parse_dense_resource(NlParser *p, NlType *type);
NL_INTERNAL NlAttr *nl_p_parse_dense_array(NlParser *p);
NL_INTERNAL NlAttr *nl_p_parse_affine_map(NlParser *p);

/* ---- parse_loc.c --------------------------------------------------------- */

/* location-inst (no `loc(` wrapper). */
NL_INTERNAL NlLoc *nl_p_parse_loc_instance(NlParser *p);
/* `loc` `(` (location-inst | #alias) `)` after the `loc` keyword was seen;
 * an undefined alias gives a marker location resolved at the end. */
NL_INTERNAL NlResult nl_p_parse_trailing_loc(NlParser *p, NlLoc **out);
/* Replaces deferred location markers on all ops and block arguments. */
NL_INTERNAL NlResult nl_p_resolve_deferred_locs(NlParser *p, NlBlock *top);

/* ---- parse_op.c ---------------------------------------------------------- */

NL_INTERNAL void nl_p_push_scope(NlParser *p);
/* ssa-use ::= `%` suffix-id (`#` decimal)? */
NL_INTERNAL NlResult nl_p_parse_ssa_use(NlParser *p, NlSsaUse *u,
                                        bool allow_number);
/* The value of a use with type t, or a placeholder (forward reference). */
NL_INTERNAL NlValue *nl_p_resolve_use(NlParser *p, const NlSsaUse *u,
                                      NlType *t);
/* Where %name#number was defined or first used in scope, if anywhere. */
NL_INTERNAL bool nl_p_name_used(NlParser *p, NlName name, uint32_t number,
                                NlPos *pos);
/* region ::= `{` block* `}`, with optional entry arguments. */
NL_INTERNAL NlResult nl_p_parse_region(NlParser *p, NlRegion *r,
                                       const NlArgument *args, uint32_t nargs);
/* Pops the innermost scope; fails on undefined block references. */
NL_INTERNAL NlResult nl_p_pop_scope(NlParser *p);
NL_INTERNAL NlResult nl_p_parse_operation(NlParser *p, NlBlock *block);
/* Checks forward references at the end of the buffer. */
NL_INTERNAL NlResult nl_p_finalize_ssa(NlParser *p);
/* Frees placeholders (after all IR using them is gone or resolved). */
NL_INTERNAL void nl_p_free_ssa(NlParser *p);
/* Drops every use made by ops in the block (and nested), for teardown. */
NL_INTERNAL void nl_p_drop_block_uses(NlBlock *b);

#endif
