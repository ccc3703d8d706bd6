/*
 * Private to bufferize (passes/bufferize/): the state of one function's
 * bufferization, shared by the checker (check.c), the alias analysis
 * (alias.c), the op rewrites (rewrite.c) and the driver (bufferize.c). See
 * docs/lowering.md "Bufferization" for what the pass does.
 */
#ifndef NULL_PASSES_BUFFERIZE_INTERNAL_H
#define NULL_PASSES_BUFFERIZE_INTERNAL_H

#include "null/null.h"
#include "passes/ptrmap.h"

/* What a buffer (an alias class of tensor values) is rooted in. */
typedef enum BzRootKind {
  BZ_ALLOC, /* a loop.alloc made here: writable */
  BZ_ARG,   /* a function input: read-only */
  BZ_CONST, /* a loop.get_global of a constant: read-only */
} BzRootKind;

/* One buffer. Every tensor value whose memref is this buffer or a view of
 * it is a member: a write into the buffer clobbers them all. */
typedef struct BzRoot {
  NlValue *mem;      /* the root memref; NULL while a tensor.empty has not
                        needed its loop.alloc yet */
  uint8_t kind;      /* BzRootKind */
  NlValue **members; /* tensor values held in the buffer, in program order */
  uint32_t nmembers, members_cap;
} BzRoot;

/* What a tensor value became. */
typedef struct BzInfo {
  NlValue *mem;  /* its memref (the root or a view of it); NULL while its
                    tensor.empty is pending */
  uint32_t root; /* index into Bz.roots */
  bool undef;    /* contents undefined (a tensor.empty) */
  /* When the value was computed in a slice of its root (see
   * source_in_slice in rewrite.c): the slice, in the root's coordinates,
   * which holds everything the value's memref reaches; NULL otherwise. */
  const int64_t *box_off, *box_size, *box_stride;
} BzInfo;

typedef struct Bz {
  NlContext *ctx;
  NlOp *func;
  NlBlock *body; /* the function's only block */
  NlBuilder b;   /* set before the op being rewritten */
  NlOp *cur;     /* the (tensor-level) op being rewritten */
  PtrMap pos;    /* original top-level op -> position + 1 */
  PtrMap info;   /* tensor value -> index into infos + 1 */
  BzInfo *infos;
  uint32_t ninfos, infos_cap;
  BzRoot *roots;
  uint32_t nroots, roots_cap;
  PtrMap allocs; /* loop.alloc ops made here -> 1 + the position of
                    the op being rewritten when made */
  NlOp **made;   /* buffers and views made here (alloc, get_global,
                    subview, reshape; NULL once erased), swept in
                    reverse when left unused */
  uint32_t nmade, made_cap;
  PtrMap *globals; /* constant attribute -> its loop.global op (module) */
  NlSymbolTable *symbols; /* the module's, for unique global names */
  NlOp **last_global;     /* the last loop.global made in the module */
  NlOp **dead;            /* original ops to erase at the end, in order */
  uint32_t ndead, dead_cap;
} Bz;

/* ---- check.c ------------------------------------------------------------- */

/* Whether op is one the rewrite knows (structured ops, tensor.empty, pad,
 * slices, reshape, extract, tensor constants). */
NL_INTERNAL bool nl_bz_is_known(NlOp *op);
/* Whether op or anything nested in it has a tensor operand, result or
 * block argument. */
NL_INTERNAL bool nl_bz_touches_tensors(NlOp *op);
/* Reports everything bufferize cannot handle in func (dynamic shapes,
 * unsupported element types and ops, several blocks, non-tensor results);
 * fails when anything was reported. */
NL_INTERNAL NlResult nl_bz_check_func(NlOp *func);

/* ---- alias.c ------------------------------------------------------------- */

NL_INTERNAL uint32_t nl_bz_new_root(Bz *bz, NlValue *mem, BzRootKind kind);
/* Records that tensor value v is held in memref mem of root `root`. */
NL_INTERNAL void nl_bz_map(Bz *bz, NlValue *v, NlValue *mem, uint32_t root,
                           bool undef);
NL_INTERNAL BzInfo *nl_bz_info(Bz *bz, NlValue *v);
/* The memref of tensor value v, creating a pending tensor.empty's
 * loop.alloc at the insertion point. */
NL_INTERNAL NlValue *nl_bz_mem(Bz *bz, NlValue *v);
/* Whether op X may write into the buffer `root` (through memref `target`)
 * now: the buffer is writable and no member of it is read after X, nor by
 * X itself except through operand `allowed` (-1: none) or through an
 * operand k with same[k] (same may be NULL) that is `target` itself: X
 * reads each element there right before it writes the same element. */
NL_INTERNAL bool nl_bz_can_write(Bz *bz, uint32_t root, NlOp *x,
                                 NlValue *target, const bool *same,
                                 int64_t allowed);
/* Replaces every use of memref `from` by `to` in the IR and in the tables. */
NL_INTERNAL void nl_bz_replace_mem(Bz *bz, NlValue *from, NlValue *to);
/* Erases an op of `made` (a buffer or view made here). */
NL_INTERNAL void nl_bz_erase_made(Bz *bz, NlOp *op);
/* The position of the op that was being rewritten when loop.alloc `alloc`
 * was made, or -1 when the pass did not make it. */
NL_INTERNAL int64_t nl_bz_alloc_pos(Bz *bz, NlOp *alloc);
/* Whether a member of `root` is used at a position in [from, to) (or at an
 * unknown one), other than as the dest of a tensor.insert_slice whose
 * slice is disjoint from the static slice offs/sizes/strides (of the
 * members' rank). */
NL_INTERNAL bool nl_bz_read_between(Bz *bz, uint32_t root, int64_t from,
                                    int64_t to, const int64_t *offs,
                                    const int64_t *sizes,
                                    const int64_t *strides);

/* ---- rewrite.c ----------------------------------------------------------- */

/* The identity-layout memref type of a static tensor type. */
NL_INTERNAL NlType *nl_bz_memref_of(NlContext *ctx, NlType *tensor);
/* A new loop.alloc of (the memref form of) type t at the insertion point;
 * returns its result. */
NL_INTERNAL NlValue *nl_bz_alloc(Bz *bz, NlType *t);
/* tensor.copy ins(src) outs(dst) at the insertion point. */
NL_INTERNAL void nl_bz_copy(Bz *bz, NlValue *src, NlValue *dst);
/* Rewrites one top-level op of the function body (the builder is set
 * before it). Ops that touch no tensor are left alone. */
NL_INTERNAL NlResult nl_bz_rewrite_op(Bz *bz, NlOp *op);

#endif
