/*
 * Operations, blocks, regions and values: the mutable part of the IR.
 * An op owns its regions, a region its blocks, a block its ops and
 * arguments. Every value keeps a use-list that is always up to date.
 */
#ifndef NULL_IR_H
#define NULL_IR_H

#include "null/attrs.h"

typedef struct NlOp NlOp;
typedef struct NlBlock NlBlock;
typedef struct NlRegion NlRegion;
typedef struct NlValue NlValue;
typedef struct NlUse NlUse;
typedef struct NlParser NlParser;
typedef struct NlPrinter NlPrinter;
typedef struct NlOpState NlOpState;
typedef struct NlBuilder NlBuilder;
typedef struct NlFoldResult NlFoldResult; /* rewrite.h */
typedef struct NlPattern NlPattern;       /* rewrite.h */

/* ---- op definitions -------------------------------------------------------- */

/* Traits: properties the core and passes may rely on. */
enum {
  NL_TERMINATOR = 1u << 0,          /* must be last in its block */
  NL_NO_TERMINATOR = 1u << 1,       /* blocks of its regions need none */
  NL_ISOLATED_FROM_ABOVE = 1u << 2, /* regions use no value from outside */
  NL_SYMBOL_TABLE = 1u << 3,        /* region 0 holds a symbol table */
  NL_SYMBOL = 1u << 4,              /* has a `sym_name` string attribute */
  NL_GRAPH_REGION = 1u << 5,        /* regions are graph regions: no
                                       dominance, no order */
  NL_SINGLE_BLOCK = 1u << 6,        /* each region has at most one block */
  NL_PURE = 1u << 7,                /* no side effects */
  NL_COMMUTATIVE = 1u << 8,
  NL_CONSTANT_LIKE = 1u << 9,
  NL_RETURN_LIKE = 1u << 10,
  NL_UNREGISTERED = 1u << 11,       /* set by the core for unknown ops */
  NL_RECURSIVE_EFFECTS = 1u << 12,  /* effects are those of nested ops */
  NL_NOT_SPECULATABLE = 1u << 13,   /* with NL_PURE: no side effects, but
                                       undefined for some operands (integer
                                       division by zero), so never executed
                                       where it would not have run (LICM) */
};

#define NL_VARIADIC (-1)

/* An op interface implementation: a named table of hooks (the C form of
 * MLIR's op interfaces, e.g. "loop-like" for LICM, "tiling"). The table
 * layout is defined by whoever defines the interface name. */
typedef struct NlOpIface {
  const char *name;
  const void *table;
} NlOpIface;

/* The op's implementation of interface `name`, or NULL. */
NL_API const void *nl_op_iface(const NlOp *op, const char *name);

typedef NlResult (*NlVerifyFn)(NlOp *op);
/* Hashed symbol lookups shared by one verification (see symbols below). */
typedef struct NlSymbolCache NlSymbolCache;
/* Checks the symbols an op refers to (MLIR's verifySymbolUses), e.g. that
 * func.call's callee exists; lookups go through the shared cache so that
 * verifying many users stays linear. */
typedef NlResult (*NlVerifySymbolUsesFn)(NlOp *op, NlSymbolCache *symbols);
/* Custom-form parse hook: called after the op name (and any results) was
 * read; fills st (operands, result types, attributes, regions). The parser
 * adds the location. Report errors through the parser and fail. */
typedef NlResult (*NlParseFn)(NlParser *p, NlOpState *st);
/* Custom-form print hook: prints everything after the op name. */
typedef void (*NlPrintFn)(NlPrinter *p, NlOp *op);

struct NlOpDef {
  const char *name;      /* full name, "func.func" */
  int32_t noperands;     /* exact count, or NL_VARIADIC */
  int32_t nresults;      /* exact count, or NL_VARIADIC */
  int32_t nregions;      /* exact count, or NL_VARIADIC */
  int32_t nsuccessors;   /* exact count, or NL_VARIADIC */
  uint32_t traits;
  NlVerifyFn verify;     /* optional; runs after the structural checks */
  NlParseFn parse;       /* optional custom form */
  NlPrintFn print;       /* optional custom form */
  /* Dialect whose ops may drop their prefix inside this op's regions, as
   * `return` inside func.func ("func"). NULL = inherit. */
  const char *default_dialect;
  const NlOpIface *ifaces; /* op interfaces, {NULL, NULL}-terminated, or
                              NULL; query with nl_op_iface */
  /* Folding and canonicalization (see rewrite.h); all optional. */
  NlResult (*fold)(NlOp *op, NlAttr *const *consts, NlFoldResult *out);
  const NlPattern *canonical; /* canonicalization patterns */
  uint32_t ncanonical;
  NlVerifySymbolUsesFn verify_symbol_uses; /* optional; runs after verify */
  /* Set when the dialect is loaded; never set these in tables. The table
   * passed to nl_context_load_dialect is copied into the context. */
  const NlDialect *dialect;
  NlIdent *ident;
};

struct NlDialect {
  const char *name; /* "func" */
  const NlOpDef *ops;
  uint32_t nops;
  const char *summary;
  /* Creates a constant op of this dialect for a folded value, or NULL
   * when it cannot (see rewrite.h). Optional. */
  NlOp *(*materialize_constant)(NlBuilder *b, NlAttr *value,
                                NlType *type, NlLoc *loc);
  const NlPattern *canonical; /* dialect-wide patterns */
  uint32_t ncanonical;
};

/* ---- values and uses --------------------------------------------------------- */

typedef enum NlValueKind {
  NL_VALUE_RESULT,
  NL_VALUE_BLOCK_ARG,
  NL_VALUE_PLACEHOLDER, /* parser forward reference; never in finished IR */
} NlValueKind;

struct NlUse {           /* one operand slot; a node in its value's use-list */
  NlValue *value;
  NlUse *next;           /* next use of the same value */
  NlUse **back;          /* the pointer that points at this node */
  NlOp *owner;
};

struct NlValue {
  NlType *type;          /* interned; compare with == */
  NlUse *uses;           /* head of the use-list */
  void *owner;           /* NlOp* (result) or NlBlock* (argument) */
  uint32_t index;        /* result number or argument number */
  uint8_t kind;          /* NlValueKind */
  NlLoc *loc;            /* block arguments only; NULL for results */
  /* Printer scratch (never read elsewhere): the name the printer numbered
   * this value with, valid when print_gen is that printer's generation. A
   * field instead of a hash map keeps printing large modules cheap. */
  uint32_t print_gen, print_id;
};

static inline NlOp *
nl_value_defining_op(NlValue *v)
{
  return v->kind == NL_VALUE_RESULT ? (NlOp *)v->owner : NULL;
}
static inline NlBlock *
nl_value_owner_block(NlValue *v)
{
  return v->kind == NL_VALUE_BLOCK_ARG ? (NlBlock *)v->owner : NULL;
}
/* The block that defines v (its op's parent for results). */
NL_API NlBlock *nl_value_parent_block(NlValue *v);
NL_API bool nl_value_has_uses(const NlValue *v);
NL_API bool nl_value_has_one_use(const NlValue *v);
NL_API size_t nl_value_num_uses(const NlValue *v);
/* Makes every use of `from` use `to` instead. Constant work per use, with
 * no allocation: the uses are relinked onto to's list. */
NL_API void nl_value_replace_all_uses(NlValue *from, NlValue *to);
/* Same, but only uses whose owner is not `except`. */
NL_API void nl_value_replace_all_uses_except(NlValue *from, NlValue *to,
                                             NlOp *except);
/* Points one use at a new value (O(1)). */
NL_API void nl_use_set(NlUse *u, NlValue *v);
#define nl_value_foreach_use(v, u) for (NlUse *u = (v)->uses; u; u = u->next)

/* ---- block and region layout ------------------------------------------- */

struct NlBlock {
  NlOp *first, *last;
  NlBlock *prev, *next;
  NlRegion *parent;      /* NULL while detached */
  NlValue **args;        /* stable addresses; each separately allocated */
  uint32_t nargs, args_cap;
  bool order_valid;      /* ops' `order` fields are up to date */
};

struct NlRegion {
  NlBlock *first, *last;
  NlOp *parent;          /* NULL for a detached region (e.g. in NlOpState) */
};

/* ---- operations ---------------------------------------------------------------- */

struct NlOp {
  const NlOpDef *def;     /* identity of the op: compare pointers */
  NlOp *prev, *next;      /* intrusive list in the parent block */
  NlBlock *parent;        /* NULL while detached */
  NlLoc *loc;             /* never NULL */
  NlUse *operands;
  uint32_t noperands;
  uint32_t nresults;
  NlValue *results;       /* stable addresses */
  uint32_t nregions;
  NlRegion *regions;      /* stable addresses */
  uint32_t nsuccessors;
  NlBlock **successors;
  NlAttr *attrs;          /* interned dictionary, never NULL */
  NlAttr *props;          /* properties dictionary `<{...}>`, or NULL */
  uint32_t order;         /* position in block; valid while
                             parent->order_valid */
};

/* Everything needed to create an op. Initialize with nl_op_state_init and
 * release with nl_op_state_fini (also after nl_op_create, which takes the
 * regions' blocks but copies everything else). */
struct NlOpState {
  NlContext *ctx;
  const NlOpDef *def;
  NlLoc *loc;
  NlValue **operands;
  uint32_t noperands, operands_cap;
  NlType **result_types;
  uint32_t nresults, results_cap;
  NlNamedAttr *attrs;     /* unsorted; duplicates: last one wins */
  uint32_t nattrs, attrs_cap;
  NlAttr *props;          /* or NULL */
  NlRegion **regions;     /* detached regions, owned by the state */
  uint32_t nregions, regions_cap;
  NlBlock **successors;
  uint32_t nsuccessors, successors_cap;
};

NL_API void nl_op_state_init(NlOpState *st, NlContext *ctx,
                             const NlOpDef *def, NlLoc *loc);
NL_API void nl_op_state_add_operand(NlOpState *st, NlValue *v);
NL_API void nl_op_state_add_operands(NlOpState *st, NlValue *const *vs,
                                     uint32_t n);
NL_API void nl_op_state_add_result(NlOpState *st, NlType *t);
NL_API void nl_op_state_add_results(NlOpState *st, NlType *const *ts,
                                    uint32_t n);
NL_API void nl_op_state_add_attr(NlOpState *st, const char *name, NlAttr *a);
NL_API void nl_op_state_add_attr_ident(NlOpState *st, NlIdent *name,
                                       NlAttr *a);
/* Adds a new empty detached region owned by the state and returns it. */
NL_API NlRegion *nl_op_state_add_region(NlOpState *st);
NL_API void nl_op_state_add_successor(NlOpState *st, NlBlock *b);
NL_API void nl_op_state_fini(NlOpState *st);

/* Creates a detached op (one allocation for the op, results and regions).
 * Moves the blocks of st's regions into the op. Never fails: constraints are
 * checked by the verifier. */
NL_API NlOp *nl_op_create(NlOpState *st);
/* Destroys a detached op and everything nested in it. Its results must have
 * no uses left outside of it. */
NL_API void nl_op_destroy(NlOp *op);
/* Unlinks op from its block and destroys it. */
NL_API void nl_op_erase(NlOp *op);
/* Unlinks op from its block without destroying it. */
NL_API void nl_op_remove(NlOp *op);
/* Deep copy (regions included), detached. Uses of values defined outside of
 * op keep pointing at them. */
NL_API NlOp *nl_op_clone(NlOp *op);

NL_API NlContext *nl_op_context(const NlOp *op);
NL_API const char *nl_op_name(const NlOp *op);
NL_API bool nl_op_is(const NlOp *op, const char *name);
NL_API bool nl_op_has_trait(const NlOp *op, uint32_t trait);
NL_API NlOp *nl_op_parent_op(const NlOp *op);
/* Nearest ancestor (excluding op) with the given trait, or NULL. */
NL_API NlOp *nl_op_ancestor_with_trait(NlOp *op, uint32_t trait);
NL_API bool nl_op_is_ancestor(const NlOp *ancestor, const NlOp *op);
/* Whether a comes before b in the same block (uses cached order). */
NL_API bool nl_op_is_before_in_block(NlOp *a, NlOp *b);

static inline NlValue *
nl_op_result(NlOp *op, uint32_t i)
{
  return &op->results[i];
}
static inline NlValue *
nl_op_operand(NlOp *op, uint32_t i)
{
  return op->operands[i].value;
}
static inline NlRegion *
nl_op_region(NlOp *op, uint32_t i)
{
  return &op->regions[i];
}

NL_API void nl_op_set_operand(NlOp *op, uint32_t i, NlValue *v);
/* Replaces the whole operand list (may change its length). */
NL_API void nl_op_set_operands(NlOp *op, NlValue *const *vs, uint32_t n);
NL_API void nl_op_set_successor(NlOp *op, uint32_t i, NlBlock *b);

/* Attributes. set with value NULL removes. */
NL_API NlAttr *nl_op_attr(const NlOp *op, const char *name);
NL_API void nl_op_set_attr(NlOp *op, const char *name, NlAttr *value);
NL_API void nl_op_set_attr_ident(NlOp *op, NlIdent *name, NlAttr *value);
NL_API void nl_op_set_attrs(NlOp *op, NlAttr *dict);

/* Drops the uses this op (and all ops nested in it) make, so that a group
 * of ops that use each other can be destroyed in any order. */
NL_API void nl_op_drop_all_uses_of_operands(NlOp *op);

/* ---- blocks and regions ------------------------------------------------------ */

NL_API NlBlock *nl_block_create(void);
/* Destroys a detached block, its ops and its arguments. */
NL_API void nl_block_destroy(NlBlock *b);
NL_API NlValue *nl_block_add_arg(NlBlock *b, NlType *t, NlLoc *loc);
NL_API NlValue *nl_block_insert_arg(NlBlock *b, uint32_t i, NlType *t,
                                    NlLoc *loc);
/* The argument must have no uses. */
NL_API void nl_block_erase_arg(NlBlock *b, uint32_t i);
NL_API void nl_block_append_op(NlBlock *b, NlOp *op);   /* op detached */
NL_API void nl_block_prepend_op(NlBlock *b, NlOp *op);
NL_API void nl_block_insert_op_before(NlOp *pos, NlOp *op);
NL_API void nl_block_insert_op_after(NlOp *pos, NlOp *op);
NL_API NlOp *nl_block_parent_op(const NlBlock *b);
/* The last op if it has NL_TERMINATOR or is unregistered, else NULL. */
NL_API NlOp *nl_block_terminator(NlBlock *b);
NL_API bool nl_block_is_entry(const NlBlock *b);
/* Moves ops [first, end) to the end of dst (end NULL: to the end). */
NL_API void nl_block_splice(NlBlock *dst, NlOp *first, NlOp *end);
/* Erases b from its region (its ops and arguments must have no uses left
 * outside the block). */
NL_API void nl_block_erase(NlBlock *b);

NL_API void nl_region_append_block(NlRegion *r, NlBlock *b);
NL_API void nl_region_insert_block_before(NlRegion *r, NlBlock *pos,
                                          NlBlock *b);
NL_API void nl_region_remove_block(NlRegion *r, NlBlock *b);
/* Moves all blocks of src to the end of dst. */
NL_API void nl_region_take_body(NlRegion *dst, NlRegion *src);
NL_API bool nl_region_empty(const NlRegion *r);
NL_API size_t nl_region_num_blocks(const NlRegion *r);
/* Destroys all blocks of r (drops uses first). */
NL_API void nl_region_clear(NlRegion *r);
/* A detached heap region (used by parsers building NlOpState). */
NL_API NlRegion *nl_region_create(void);
NL_API void nl_region_destroy(NlRegion *r);

#define nl_block_foreach_op(b, op)                                             \
  for (NlOp *op = (b)->first; op; op = op->next)
#define nl_block_foreach_op_safe(b, op, tmp)                                   \
  for (NlOp *op = (b)->first, *tmp = op ? op->next : NULL; op;                 \
       op = tmp, tmp = op ? op->next : NULL)
#define nl_region_foreach_block(r, b)                                          \
  for (NlBlock *b = (r)->first; b; b = b->next)

/* ---- building --------------------------------------------------------------- */

typedef struct NlBuilder {
  NlContext *ctx;
  NlBlock *block; /* insertion block, or NULL: ops are left detached */
  NlOp *before;   /* insert before this op; NULL: at the end of block */
} NlBuilder;

NL_API void nl_builder_init(NlBuilder *b, NlContext *ctx);
NL_API void nl_builder_set_end(NlBuilder *b, NlBlock *block);
NL_API void nl_builder_set_start(NlBuilder *b, NlBlock *block);
NL_API void nl_builder_set_before(NlBuilder *b, NlOp *op);
NL_API void nl_builder_set_after(NlBuilder *b, NlOp *op);
/* Creates the op from st and inserts it at the insertion point. */
NL_API NlOp *nl_builder_insert(NlBuilder *b, NlOpState *st);

/* ---- walking ------------------------------------------------------------------ */

typedef enum NlWalkResult {
  NL_WALK_ADVANCE,
  NL_WALK_SKIP,      /* pre-order: do not visit this op's regions */
  NL_WALK_INTERRUPT, /* stop the whole walk */
} NlWalkResult;

typedef enum NlWalkOrder { NL_WALK_PRE, NL_WALK_POST } NlWalkOrder;

typedef NlWalkResult (*NlWalkFn)(NlOp *op, void *ud);

/* Visits op and every op nested in it. In post-order the callback may erase
 * the op it is given (and ops nested in it); in pre-order it may erase it
 * only when it returns NL_WALK_SKIP. Returns NL_WALK_INTERRUPT if
 * interrupted. */
NL_API NlWalkResult nl_op_walk(NlOp *op, NlWalkOrder order, NlWalkFn fn,
                               void *ud);

/* ---- symbols ----------------------------------------------------------------- */

/* sym_name of a symbol op, or NULL. */
NL_API NlIdent *nl_symbol_name(const NlOp *op);
/* Linear lookup in the symbol table op's first region. */
NL_API NlOp *nl_symbol_lookup_in(NlOp *table, NlIdent *name);
/* Resolves a (possibly nested) symbol reference from `from`: the nearest
 * enclosing symbol table is searched for the root, then nested tables. */
NL_API NlOp *nl_symbol_lookup_ref(NlOp *from, const NlAttr *symref);

/* A hashed view of one symbol table for repeated lookups. */
typedef struct NlSymbolTable NlSymbolTable;
NL_API NlSymbolTable *nl_symbol_table_create(NlOp *table);
NL_API NlOp *nl_symbol_table_lookup(NlSymbolTable *t, NlIdent *name);
/* Inserts op at the end of the table's body and renames it (name_1, ...)
 * if its name is taken. Returns the final name. */
NL_API NlIdent *nl_symbol_table_insert(NlSymbolTable *t, NlOp *op);
NL_API void nl_symbol_table_erase(NlSymbolTable *t, NlOp *op);
NL_API void nl_symbol_table_destroy(NlSymbolTable *t);

/* Hashed views of many symbol tables, each built on first use (MLIR's
 * SymbolTableCollection). The views go stale when symbols are added,
 * renamed or erased: create a new cache after changing the IR. */
NL_API NlSymbolCache *nl_symbol_cache_create(void);
NL_API void nl_symbol_cache_destroy(NlSymbolCache *c);
/* nl_symbol_lookup_ref through the cache: the nearest symbol table around
 * `from` (from itself included) is searched for the root, then nested
 * tables. NULL when not found; no diagnostic. */
NL_API NlOp *nl_symbol_cache_lookup_ref(NlSymbolCache *c, NlOp *from,
                                        const NlAttr *symref);
/* The op named `name` in symbol table op `table`, or NULL. */
NL_API NlOp *nl_symbol_cache_lookup_in(NlSymbolCache *c, NlOp *table,
                                       NlIdent *name);

/* ---- dominance --------------------------------------------------------------- */

/* Dominance information for all regions nested under root, computed lazily
 * per region and discarded with nl_dominance_destroy. Graph regions (see
 * NL_GRAPH_REGION) have no dominance constraints. */
typedef struct NlDominance NlDominance;
NL_API NlDominance *nl_dominance_create(NlOp *root);
NL_API void nl_dominance_destroy(NlDominance *d);
/* Whether a dominates b (a == b counts). Blocks of the same region. */
NL_API bool nl_dominance_block_dominates(NlDominance *d, NlBlock *a,
                                         NlBlock *b);
/* Whether block b is reachable from its region's entry. */
NL_API bool nl_dominance_block_reachable(NlDominance *d, NlBlock *b);
/* Whether v is visible at (dominates) a use in op `user`. */
NL_API bool nl_dominance_value_dominates(NlDominance *d, NlValue *v,
                                         NlOp *user);
/* Whether a properly dominates b. */
NL_API bool nl_dominance_op_dominates(NlDominance *d, NlOp *a, NlOp *b);

/* ---- verification ---------------------------------------------------------- */

/* Verifies op and everything nested in it: operand/result/region/successor
 * counts, terminators, successors, dominance in SSA regions, isolation,
 * symbol uniqueness in symbol tables, and per-op verify hooks. Symbol uses
 * (verify_symbol_uses) are checked only for ops inside a symbol table at or
 * below op, as MLIR checks them when verifying the table, so verifying one
 * function after a nested pass stays linear. Reports every problem it finds
 * (does not stop at the first op). */
NL_API NL_NODISCARD NlResult nl_op_verify(NlOp *op);

#endif
