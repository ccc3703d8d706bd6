/*
 * loop ops to LLVM IR (docs/llvm-backend.md). Control flow becomes basic
 * blocks: loop.for a counted loop with one phi per carried value,
 * loop.parallel nested sequential loops, loop.if a diamond with phis. A
 * memref value is one pointer to its first element: views, subviews and
 * reshapes are pointer arithmetic, loads and stores address
 * base + sum(index * stride) with the static strides of the type, i1
 * elements are bytes. Vector transfers load and store the innermost,
 * contiguous dim; a transfer that may pass the end of that dim takes a
 * masked path (llvm.masked.load with the padding value / masked.store).
 * loop.global becomes a private constant global of the raw element bytes.
 */
#include <string.h>

#include "backends/llvm/internal.h"
#include "loop/loop.h"

/* ---- memrefs ------------------------------------------------------------- */

/* Static strides (elements) of a memref value used by op; false after an
 * error. */
static bool
memref_strides(NlOp *op, NlType *ty, int64_t *strides)
{
  int64_t offset;
  if (ty->kind != NL_TYPE_MEMREF || !nl_type_has_static_shape(ty)) {
    nl_op_emit_error(op, "expects a memref of static shape");
    return false;
  }
  if (!nl_loop_memref_strides(ty, strides, &offset)) {
    nl_op_emit_error(op, "memref layouts other than identity and strided<> "
                         "are not supported by the LLVM backend");
    return false;
  }
  for (uint32_t i = 0; i < ty->shaped.rank; i++)
    if (strides[i] == NL_DYNAMIC) {
      nl_op_emit_error(op, "dynamic strides are not supported by the LLVM "
                           "backend");
      return false;
    }
  return true;
}

/* The address of memref[indices]: operands first..first+rank-1 of op are
 * the indices. *elem receives the element's storage type. */
static LLVMValueRef
elem_ptr(NlLlvmTr *t, NlOp *op, NlValue *memref, uint32_t first,
         LLVMTypeRef *elem)
{
  NlType *ty = memref->type;
  int64_t strides[64];
  if (ty->kind == NL_TYPE_MEMREF && ty->shaped.rank > 64) {
    nl_op_emit_error(op, "memrefs of rank above 64 are not supported");
    return NULL;
  }
  if (!memref_strides(op, ty, strides))
    return NULL;
  uint32_t rank = ty->shaped.rank;
  if (first + rank > op->noperands) {
    nl_op_emit_error(op, "expects %u indices", rank);
    return NULL;
  }
  *elem = nl_llvm_storage_type(t, ty->shaped.elem, op);
  if (!*elem)
    return NULL;
  LLVMValueRef lin = NULL;
  for (uint32_t i = 0; i < rank; i++) {
    LLVMValueRef idx = nl_llvm_get(t, nl_op_operand(op, first + i));
    if (LLVMIsAConstantInt(idx) && LLVMConstIntGetSExtValue(idx) == 0)
      continue;
    if (LLVMTypeOf(idx) != t->index)
      idx = LLVMBuildSExtOrBitCast(t->b, idx, t->index, "");
    if (strides[i] != 1)
      idx = LLVMBuildNSWMul(t->b, idx,
                            LLVMConstInt(t->index, (uint64_t)strides[i], 1),
                            "");
    lin = lin ? LLVMBuildNSWAdd(t->b, lin, idx, "") : idx;
  }
  LLVMValueRef base = nl_llvm_get(t, memref);
  if (!lin)
    return base;
  return LLVMBuildInBoundsGEP2(t->b, *elem, base, &lin, 1, "");
}

static NlResult
translate_load(NlLlvmTr *t, NlOp *op)
{
  LLVMTypeRef et;
  LLVMValueRef p = elem_ptr(t, op, nl_op_operand(op, 0), 1, &et);
  if (!p)
    return nl_failure();
  LLVMValueRef v = LLVMBuildLoad2(t->b, et, p, "");
  if (nl_type_is_integer(nl_op_result(op, 0)->type, 1))
    v = LLVMBuildTrunc(t->b, v, t->i1, "");
  nl_llvm_set(t, nl_op_result(op, 0), v);
  return nl_success();
}

static NlResult
translate_store(NlLlvmTr *t, NlOp *op)
{
  LLVMTypeRef et;
  LLVMValueRef p = elem_ptr(t, op, nl_op_operand(op, 1), 2, &et);
  if (!p)
    return nl_failure();
  LLVMValueRef v = nl_llvm_get(t, nl_op_operand(op, 0));
  if (LLVMTypeOf(v) == t->i1)
    v = LLVMBuildZExt(t->b, v, t->i8, "");
  LLVMBuildStore(t->b, v, p);
  return nl_success();
}

/* ---- vectors ----------------------------------------------------------------- */

static LLVMValueRef
splat(NlLlvmTr *t, LLVMValueRef s, unsigned n)
{
  LLVMTypeRef vt = LLVMVectorType(LLVMTypeOf(s), n);
  LLVMValueRef v = LLVMBuildInsertElement(t->b, LLVMGetPoison(vt), s,
                                          LLVMConstInt(t->i32, 0, 0), "");
  LLVMValueRef mask = LLVMConstNull(LLVMVectorType(t->i32, n));
  return LLVMBuildShuffleVector(t->b, v, LLVMGetPoison(vt), mask, "");
}

/* The constant value of an index computed by arith.constant, if it is. */
static bool
const_index(NlValue *v, int64_t *out)
{
  NlOp *d = nl_value_defining_op(v);
  if (!d || !nl_op_is(d, "arith.constant"))
    return false;
  return nl_llvm_int_attr(d, "value", out);
}

typedef struct Transfer {
  LLVMValueRef ptr;   /* address of the first element */
  LLVMTypeRef svt;    /* vector of storage elements */
  LLVMValueRef inb;   /* i1: the whole vector is inside the dim; NULL when
                         known in bounds */
  LLVMValueRef mask;  /* lanes inside the dim (when inb) */
  unsigned align;     /* of one element */
} Transfer;

/* Shared by transfer_read (memref at operand 0, vector = result) and
 * transfer_write (vector at operand 0, memref at operand 1). */
static bool
transfer_setup(NlLlvmTr *t, NlOp *op, NlValue *memref, uint32_t first,
               NlType *vty, Transfer *tr)
{
  NlType *mty = memref->type;
  if (!nl_llvm_type(t, vty, op))
    return false;
  if (vty->kind != NL_TYPE_VECTOR || mty->kind != NL_TYPE_MEMREF ||
      vty->shaped.elem != mty->shaped.elem || mty->shaped.rank == 0) {
    nl_op_emit_error(op, "expects a 1-D vector of the memref's element type");
    return false;
  }
  int64_t strides[64];
  if (mty->shaped.rank > 64 || !memref_strides(op, mty, strides))
    return false;
  uint32_t rank = mty->shaped.rank;
  if (strides[rank - 1] != 1) {
    nl_op_emit_error(op, "expects a memref whose innermost dim is contiguous "
                         "(stride 1)");
    return false;
  }
  LLVMTypeRef et;
  tr->ptr = elem_ptr(t, op, memref, first, &et);
  if (!tr->ptr)
    return false;
  unsigned n = (unsigned)vty->shaped.dims[0];
  tr->svt = LLVMVectorType(et, n);
  tr->align = (unsigned)nl_loop_elem_bytes(mty->shaped.elem);
  int64_t dim = mty->shaped.dims[rank - 1], j;
  NlValue *jv = nl_op_operand(op, first + rank - 1);
  tr->inb = tr->mask = NULL;
  if (const_index(jv, &j) && j >= 0 && j + (int64_t)n <= dim)
    return true;
  LLVMValueRef jl = nl_llvm_get(t, jv);
  if (LLVMTypeOf(jl) != t->index)
    jl = LLVMBuildSExtOrBitCast(t->b, jl, t->index, "");
  tr->inb = dim >= (int64_t)n
                ? LLVMBuildICmp(t->b, LLVMIntSLE, jl,
                                LLVMConstInt(t->index, (uint64_t)(dim - n), 1),
                                "")
                : LLVMConstInt(t->i1, 0, 0);
  LLVMValueRef *iota = nl_xmalloc(n * sizeof *iota);
  for (unsigned i = 0; i < n; i++)
    iota[i] = LLVMConstInt(t->index, i, 0);
  LLVMValueRef lanes =
      LLVMBuildAdd(t->b, splat(t, jl, n), LLVMConstVector(iota, n), "");
  free(iota);
  tr->mask = LLVMBuildICmp(t->b, LLVMIntSLT, lanes,
                           splat(t, LLVMConstInt(t->index, (uint64_t)dim, 1), n),
                           "");
  return true;
}

static NlResult
translate_transfer_read(NlLlvmTr *t, NlOp *op)
{
  NlValue *res = nl_op_result(op, 0);
  Transfer tr;
  if (op->noperands < 2 ||
      !transfer_setup(t, op, nl_op_operand(op, 0), 1, res->type, &tr))
    return nl_failure();
  LLVMTypeRef vt = nl_llvm_type(t, res->type, op);
  bool i1 = vt != tr.svt;
  LLVMValueRef v;
  if (!tr.inb) {
    v = LLVMBuildLoad2(t->b, tr.svt, tr.ptr, "");
    LLVMSetAlignment(v, tr.align);
  } else {
    LLVMValueRef pad = nl_llvm_get(t, nl_op_operand(op, op->noperands - 1));
    if (i1)
      pad = LLVMBuildZExt(t->b, pad, t->i8, "");
    LLVMValueRef pads = splat(t, pad, LLVMGetVectorSize(vt));
    LLVMBasicBlockRef fast = nl_llvm_new_block(t, "read.full");
    LLVMBasicBlockRef slow = nl_llvm_new_block(t, "read.tail");
    LLVMBasicBlockRef done = nl_llvm_new_block(t, "read.done");
    LLVMBuildCondBr(t->b, tr.inb, fast, slow);
    LLVMPositionBuilderAtEnd(t->b, fast);
    LLVMValueRef a = LLVMBuildLoad2(t->b, tr.svt, tr.ptr, "");
    LLVMSetAlignment(a, tr.align);
    LLVMBuildBr(t->b, done);
    LLVMPositionBuilderAtEnd(t->b, slow);
    LLVMTypeRef tys[2] = {tr.svt, t->ptr}, ft;
    LLVMValueRef f = nl_llvm_intrinsic(t, "llvm.masked.load", tys, 2, &ft);
    LLVMValueRef args[4] = {tr.ptr, LLVMConstInt(t->i32, tr.align, 0), tr.mask,
                            pads};
    LLVMValueRef m = LLVMBuildCall2(t->b, ft, f, args, 4, "");
    LLVMBuildBr(t->b, done);
    LLVMPositionBuilderAtEnd(t->b, done);
    v = LLVMBuildPhi(t->b, tr.svt, "");
    LLVMValueRef in[2] = {a, m};
    LLVMBasicBlockRef from[2] = {fast, slow};
    LLVMAddIncoming(v, in, from, 2);
  }
  if (i1)
    v = LLVMBuildTrunc(t->b, v, vt, "");
  nl_llvm_set(t, res, v);
  return nl_success();
}

static NlResult
translate_transfer_write(NlLlvmTr *t, NlOp *op)
{
  NlValue *vec = nl_op_operand(op, 0);
  Transfer tr;
  if (op->noperands < 2 ||
      !transfer_setup(t, op, nl_op_operand(op, 1), 2, vec->type, &tr))
    return nl_failure();
  LLVMValueRef v = nl_llvm_get(t, vec);
  if (LLVMTypeOf(v) != tr.svt)
    v = LLVMBuildZExt(t->b, v, tr.svt, "");
  if (!tr.inb) {
    LLVMSetAlignment(LLVMBuildStore(t->b, v, tr.ptr), tr.align);
    return nl_success();
  }
  LLVMBasicBlockRef fast = nl_llvm_new_block(t, "write.full");
  LLVMBasicBlockRef slow = nl_llvm_new_block(t, "write.tail");
  LLVMBasicBlockRef done = nl_llvm_new_block(t, "write.done");
  LLVMBuildCondBr(t->b, tr.inb, fast, slow);
  LLVMPositionBuilderAtEnd(t->b, fast);
  LLVMSetAlignment(LLVMBuildStore(t->b, v, tr.ptr), tr.align);
  LLVMBuildBr(t->b, done);
  LLVMPositionBuilderAtEnd(t->b, slow);
  LLVMTypeRef tys[2] = {tr.svt, t->ptr}, ft;
  LLVMValueRef f = nl_llvm_intrinsic(t, "llvm.masked.store", tys, 2, &ft);
  LLVMValueRef args[4] = {v, tr.ptr, LLVMConstInt(t->i32, tr.align, 0),
                          tr.mask};
  LLVMBuildCall2(t->b, ft, f, args, 4, "");
  LLVMBuildBr(t->b, done);
  LLVMPositionBuilderAtEnd(t->b, done);
  return nl_success();
}

static NlResult
translate_broadcast(NlLlvmTr *t, NlOp *op)
{
  LLVMTypeRef vt = nl_llvm_type(t, nl_op_result(op, 0)->type, op);
  if (!vt)
    return nl_failure();
  if (LLVMGetTypeKind(vt) != LLVMVectorTypeKind) {
    nl_op_emit_error(op, "expects a vector result");
    return nl_failure();
  }
  nl_llvm_set(t, nl_op_result(op, 0),
              splat(t, nl_llvm_get(t, nl_op_operand(op, 0)),
                    LLVMGetVectorSize(vt)));
  return nl_success();
}

/* The `kind` of a loop.reduction: "add", "mul", "max", "min" (a string,
 * or an opaque/enum spelling that contains the word). */
static int
reduction_kind(NlOp *op)
{
  static const char *const names[] = {"add", "mul", "max", "min"};
  NlAttr *a = nl_llvm_attr(op, "kind");
  const char *s = NULL;
  if (a && a->kind == NL_ATTR_STRING)
    s = a->str.value->str;
  else if (a && a->kind == NL_ATTR_OPAQUE)
    s = a->opaque.body->str;
  else if (a && a->kind == NL_ATTR_INTEGER) {
    int64_t k = nl_attr_integer_value(a, NULL);
    return k >= 0 && k < 4 ? (int)k : -1;
  }
  for (int k = 0; s && k < 4; k++) {
    const char *w = strstr(s, names[k]);
    if (w && (w == s || w[-1] == '<') && (!w[3] || w[3] == '>'))
      return k;
  }
  return -1;
}

static NlResult
translate_reduction(NlLlvmTr *t, NlOp *op)
{
  static const char *const fnames[] = {
      "llvm.vector.reduce.fadd", "llvm.vector.reduce.fmul",
      "llvm.vector.reduce.fmaximum", "llvm.vector.reduce.fminimum"};
  static const char *const inames[] = {
      "llvm.vector.reduce.add", "llvm.vector.reduce.mul",
      "llvm.vector.reduce.smax", "llvm.vector.reduce.smin"};
  int k = reduction_kind(op);
  if (k < 0) {
    nl_op_emit_error(op, "requires attribute 'kind' (add, mul, max, min)");
    return nl_failure();
  }
  NlValue *src = nl_op_operand(op, 0);
  LLVMTypeRef vt = nl_llvm_type(t, src->type, op);
  if (!vt || !nl_llvm_type(t, nl_op_result(op, 0)->type, op))
    return nl_failure();
  if (LLVMGetTypeKind(vt) != LLVMVectorTypeKind) {
    nl_op_emit_error(op, "expects a vector operand");
    return nl_failure();
  }
  bool flt = nl_type_is_float(src->type->shaped.elem);
  LLVMValueRef v = nl_llvm_get(t, src), ft, r;
  LLVMTypeRef fty;
  ft = nl_llvm_intrinsic(t, flt ? fnames[k] : inames[k], &vt, 1, &fty);
  if (flt && k < 2) {
    /* Start value: -0.0 for add (the identity), 1.0 for mul. The lanes
     * are combined in any order (reassoc), as a vectorized loop does. */
    LLVMTypeRef et = LLVMGetElementType(vt);
    LLVMValueRef args[2] = {LLVMConstReal(et, k == 0 ? -0.0 : 1.0), v};
    r = LLVMBuildCall2(t->b, fty, ft, args, 2, "");
    LLVMSetFastMathFlags(r, LLVMFastMathAllowReassoc);
  } else {
    r = LLVMBuildCall2(t->b, fty, ft, &v, 1, "");
  }
  nl_llvm_set(t, nl_op_result(op, 0), r);
  return nl_success();
}

/* ---- views ------------------------------------------------------------------ */

static NlResult
translate_view(NlLlvmTr *t, NlOp *op)
{
  int64_t off;
  if (!nl_llvm_int_attr(op, "offset", &off)) {
    nl_op_emit_error(op, "requires the i64 attribute 'offset'");
    return nl_failure();
  }
  if (!nl_llvm_type(t, nl_op_result(op, 0)->type, op))
    return nl_failure();
  LLVMValueRef base = nl_llvm_get(t, nl_op_operand(op, 0));
  LLVMValueRef o = LLVMConstInt(t->i64, (uint64_t)off, 1);
  nl_llvm_set(t, nl_op_result(op, 0),
              off ? LLVMBuildInBoundsGEP2(t->b, t->i8, base, &o, 1, "")
                  : base);
  return nl_success();
}

/* A dense i64 array attribute of n entries, or NULL. */
static const int64_t *
i64_array(NlOp *op, const char *name, uint32_t n)
{
  NlAttr *a = nl_llvm_attr(op, name);
  if (!a || a->kind != NL_ATTR_DENSE_ARRAY || a->dense_array.n != n ||
      !nl_type_is_integer(a->dense_array.elem, 64))
    return NULL;
  return a->dense_array.data;
}

static NlResult
translate_subview(NlLlvmTr *t, NlOp *op)
{
  NlValue *src = nl_op_operand(op, 0);
  NlType *sty = src->type;
  int64_t strides[64];
  if (sty->kind != NL_TYPE_MEMREF || sty->shaped.rank > 64 ||
      !memref_strides(op, sty, strides) ||
      !nl_llvm_type(t, nl_op_result(op, 0)->type, op))
    return nl_failure();
  uint32_t rank = sty->shaped.rank, dyn = 1;
  const int64_t *offs = i64_array(op, "static_offsets", rank);
  if (!offs && rank) {
    nl_op_emit_error(op, "requires 'static_offsets' (array<i64>) with one "
                         "entry per dim");
    return nl_failure();
  }
  LLVMTypeRef et = nl_llvm_storage_type(t, sty->shaped.elem, op);
  if (!et)
    return nl_failure();
  int64_t cst = 0;
  LLVMValueRef lin = NULL;
  for (uint32_t i = 0; i < rank; i++) {
    if (offs[i] != NL_DYNAMIC) {
      cst += offs[i] * strides[i];
      continue;
    }
    if (dyn >= op->noperands) {
      nl_op_emit_error(op, "has fewer offset operands than '?' offsets");
      return nl_failure();
    }
    LLVMValueRef v = nl_llvm_get(t, nl_op_operand(op, dyn++));
    if (LLVMTypeOf(v) != t->index)
      v = LLVMBuildSExtOrBitCast(t->b, v, t->index, "");
    if (strides[i] != 1)
      v = LLVMBuildNSWMul(t->b, v,
                          LLVMConstInt(t->index, (uint64_t)strides[i], 1), "");
    lin = lin ? LLVMBuildNSWAdd(t->b, lin, v, "") : v;
  }
  if (cst) {
    LLVMValueRef c = LLVMConstInt(t->index, (uint64_t)cst, 1);
    lin = lin ? LLVMBuildNSWAdd(t->b, lin, c, "") : c;
  }
  LLVMValueRef base = nl_llvm_get(t, src);
  nl_llvm_set(t, nl_op_result(op, 0),
              lin ? LLVMBuildInBoundsGEP2(t->b, et, base, &lin, 1, "") : base);
  return nl_success();
}

static NlResult
translate_get_global(NlLlvmTr *t, NlOp *op)
{
  NlAttr *a = nl_llvm_attr(op, "name");
  LLVMValueRef g = NULL;
  if (a && a->kind == NL_ATTR_SYMBOL_REF && !a->symref.nnested)
    g = ptrmap_get(&t->globals, a->symref.root);
  if (!g) {
    nl_op_emit_error(op, "does not reference a loop.global of the module");
    return nl_failure();
  }
  nl_llvm_set(t, nl_op_result(op, 0), g);
  return nl_success();
}

NlResult
nl_llvm_translate_global(NlLlvmTr *t, NlOp *op)
{
  NlIdent *name = nl_symbol_name(op);
  NlAttr *ta = nl_llvm_attr(op, "type");
  NlType *ty = ta && ta->kind == NL_ATTR_TYPE ? ta->type_attr.value : NULL;
  if (!name || !ty || ty->kind != NL_TYPE_MEMREF) {
    nl_op_emit_error(op, "requires 'sym_name' and a memref 'type'");
    return nl_failure();
  }
  if (!nl_llvm_type(t, ty, op))
    return nl_failure();
  int64_t es = nl_loop_elem_bytes(ty->shaped.elem);
  int64_t numel = nl_type_num_elements(ty);
  size_t nbytes = (size_t)(numel * es);
  NlAttr *init = nl_llvm_attr(op, "initial_value");
  const void *data = NULL;
  char *owned = NULL;
  if (init && init->kind == NL_ATTR_DENSE) {
    if ((size_t)nl_dense_elem_size(ty->shaped.elem) != (size_t)es ||
        init->type->shaped.elem != ty->shaped.elem ||
        (!init->dense.splat && init->dense.nbytes != nbytes)) {
      nl_op_emit_error(op, "initial value does not match the type");
      return nl_failure();
    }
    if (init->dense.splat) {
      owned = nl_xmalloc(nbytes ? nbytes : 1);
      for (int64_t i = 0; i < numel; i++)
        memcpy(owned + i * es, init->dense.data, (size_t)es);
      data = owned;
    } else {
      data = init->dense.data;
    }
  } else if (init && init->kind == NL_ATTR_DENSE_RESOURCE) {
    NlResource *r = init->resource.blob;
    if (!r->data || r->size != nbytes) {
      nl_op_emit_error(op, "resource '%s' holds %zu bytes, expected %zu",
                       r->key->str, r->data ? r->size : 0, nbytes);
      return nl_failure();
    }
    data = r->data;
  } else if (init && init->kind != NL_ATTR_UNIT) {
    nl_op_emit_error(op, "initial value must be dense<...> or "
                         "dense_resource<...>");
    return nl_failure();
  }
  LLVMTypeRef at = LLVMArrayType2(t->i8, nbytes);
  LLVMValueRef g = LLVMAddGlobal(t->mod, at, name->str);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
  if (data) {
    LLVMSetInitializer(
        g, LLVMConstStringInContext2(t->lctx, data, nbytes, 1));
    LLVMSetGlobalConstant(g, 1);
  } else {
    LLVMSetInitializer(g, LLVMConstNull(at));
  }
  free(owned);
  int64_t align = 0;
  nl_llvm_int_attr(op, "alignment", &align);
  if (align < es)
    align = es;
  LLVMSetAlignment(g, (unsigned)align);
  ptrmap_put(&t->globals, name, g);
  return nl_success();
}

/* ---- control flow ------------------------------------------------------------ */

typedef struct Loop {
  LLVMBasicBlockRef pre, header, exit;
  LLVMValueRef iv, lb, step;
  LLVMValueRef *phis, *inits;
  uint32_t n;
} Loop;

/* Starts `for (iv = lb; iv < ub; iv += step)` with n carried values of
 * the given types and initial values; the builder is left in the body. */
static void
loop_open(NlLlvmTr *t, Loop *L, LLVMValueRef lb, LLVMValueRef ub,
          LLVMValueRef step, LLVMValueRef *inits, uint32_t n)
{
  L->pre = LLVMGetInsertBlock(t->b);
  L->header = nl_llvm_new_block(t, "loop.header");
  LLVMBasicBlockRef body = nl_llvm_new_block(t, "loop.body");
  L->exit = nl_llvm_new_block(t, "loop.exit");
  L->lb = lb;
  L->step = step;
  L->n = n;
  L->inits = inits;
  LLVMBuildBr(t->b, L->header);
  LLVMPositionBuilderAtEnd(t->b, L->header);
  L->iv = LLVMBuildPhi(t->b, LLVMTypeOf(lb), "iv");
  L->phis = nl_xmalloc((n + 1) * sizeof *L->phis);
  for (uint32_t i = 0; i < n; i++)
    L->phis[i] = LLVMBuildPhi(t->b, LLVMTypeOf(inits[i]), "");
  LLVMValueRef c = LLVMBuildICmp(t->b, LLVMIntSLT, L->iv, ub, "");
  LLVMBuildCondBr(t->b, c, body, L->exit);
  LLVMPositionBuilderAtEnd(t->b, body);
}

/* Ends the body with the next carried values; the builder is left after
 * the loop. */
static void
loop_close(NlLlvmTr *t, Loop *L, LLVMValueRef *nexts)
{
  LLVMBasicBlockRef latch = LLVMGetInsertBlock(t->b);
  /* iv < ub before the step: no signed wrap for the static bounds of
   * this level. */
  LLVMValueRef next = LLVMBuildNSWAdd(t->b, L->iv, L->step, "");
  LLVMBuildBr(t->b, L->header);
  LLVMBasicBlockRef from[2] = {L->pre, latch};
  LLVMValueRef in[2] = {L->lb, next};
  LLVMAddIncoming(L->iv, in, from, 2);
  for (uint32_t i = 0; i < L->n; i++) {
    LLVMValueRef vi[2] = {L->inits[i], nexts[i]};
    LLVMAddIncoming(L->phis[i], vi, from, 2);
  }
  LLVMPositionBuilderAtEnd(t->b, L->exit);
}

/* Translates a region's single block up to its loop.yield; *term gets the
 * yield (checked to carry n values). */
static NlResult
translate_body(NlLlvmTr *t, NlOp *op, NlRegion *r, uint32_t n, NlOp **term)
{
  if (nl_region_num_blocks(r) != 1) {
    nl_op_emit_error(op, "expects regions of one block");
    return nl_failure();
  }
  if (nl_failed(nl_llvm_translate_block(t, r->first, term)))
    return nl_failure();
  if (!*term || !nl_op_is(*term, "loop.yield") || (*term)->noperands != n) {
    nl_op_emit_error(op, "expects its region to end with loop.yield of %u "
                         "values", n);
    return nl_failure();
  }
  return nl_success();
}

static NlResult
translate_for(NlLlvmTr *t, NlOp *op)
{
  if (op->noperands < 3 || op->nregions != 1 ||
      nl_region_empty(nl_op_region(op, 0))) {
    nl_op_emit_error(op, "expects lb, ub, step and a body");
    return nl_failure();
  }
  uint32_t n = op->noperands - 3;
  NlBlock *body = nl_op_region(op, 0)->first;
  if (body->nargs != n + 1 || op->nresults != n) {
    nl_op_emit_error(op, "expects one body argument per carried value after "
                         "the induction variable");
    return nl_failure();
  }
  LLVMValueRef *inits = nl_xmalloc((n + 1) * sizeof *inits);
  for (uint32_t i = 0; i < n; i++)
    inits[i] = nl_llvm_get(t, nl_op_operand(op, 3 + i));
  Loop L;
  loop_open(t, &L, nl_llvm_get(t, nl_op_operand(op, 0)),
            nl_llvm_get(t, nl_op_operand(op, 1)),
            nl_llvm_get(t, nl_op_operand(op, 2)), inits, n);
  nl_llvm_set(t, body->args[0], L.iv);
  for (uint32_t i = 0; i < n; i++)
    nl_llvm_set(t, body->args[1 + i], L.phis[i]);
  NlOp *y;
  NlResult r = translate_body(t, op, nl_op_region(op, 0), n, &y);
  if (nl_succeeded(r)) {
    LLVMValueRef *nexts = nl_xmalloc((n + 1) * sizeof *nexts);
    for (uint32_t i = 0; i < n; i++)
      nexts[i] = nl_llvm_get(t, nl_op_operand(y, i));
    loop_close(t, &L, nexts);
    free(nexts);
    for (uint32_t i = 0; i < n; i++)
      nl_llvm_set(t, nl_op_result(op, i), L.phis[i]);
  }
  free(L.phis);
  free(inits);
  return r;
}

static NlResult
translate_parallel(NlLlvmTr *t, NlOp *op)
{
  uint32_t n = op->noperands / 3;
  if (op->noperands % 3 || op->nresults || op->nregions != 1 ||
      nl_region_empty(nl_op_region(op, 0)) ||
      nl_op_region(op, 0)->first->nargs != n) {
    nl_op_emit_error(op, "expects lbs, ubs and steps of one body argument "
                         "each, and no results");
    return nl_failure();
  }
  NlBlock *body = nl_op_region(op, 0)->first;
  Loop *loops = nl_xmalloc((n + 1) * sizeof *loops);
  for (uint32_t d = 0; d < n; d++) {
    loop_open(t, &loops[d], nl_llvm_get(t, nl_op_operand(op, d)),
              nl_llvm_get(t, nl_op_operand(op, n + d)),
              nl_llvm_get(t, nl_op_operand(op, 2 * n + d)), NULL, 0);
    nl_llvm_set(t, body->args[d], loops[d].iv);
  }
  NlOp *y;
  NlResult r = translate_body(t, op, nl_op_region(op, 0), 0, &y);
  for (uint32_t d = n; nl_succeeded(r) && d-- > 0;)
    loop_close(t, &loops[d], NULL);
  for (uint32_t d = 0; d < n; d++)
    free(loops[d].phis);
  free(loops);
  return r;
}

static NlResult
translate_if(NlLlvmTr *t, NlOp *op)
{
  uint32_t n = op->nresults;
  NlRegion *then = op->nregions > 0 ? nl_op_region(op, 0) : NULL;
  NlRegion *els = op->nregions > 1 ? nl_op_region(op, 1) : NULL;
  bool has_else = els && !nl_region_empty(els);
  if (op->noperands != 1 || !then || nl_region_empty(then) ||
      (n && !has_else)) {
    nl_op_emit_error(op, "expects a condition, a then region and, with "
                         "results, an else region");
    return nl_failure();
  }
  LLVMTypeRef *tys = nl_xmalloc((n + 1) * sizeof *tys);
  for (uint32_t i = 0; i < n; i++)
    if (!(tys[i] = nl_llvm_type(t, nl_op_result(op, i)->type, op))) {
      free(tys);
      return nl_failure();
    }
  LLVMBasicBlockRef tb = nl_llvm_new_block(t, "if.then");
  LLVMBasicBlockRef eb = has_else ? nl_llvm_new_block(t, "if.else") : NULL;
  LLVMBasicBlockRef merge = nl_llvm_new_block(t, "if.end");
  LLVMBuildCondBr(t->b, nl_llvm_get(t, nl_op_operand(op, 0)), tb,
                  eb ? eb : merge);
  LLVMValueRef *vals = nl_xmalloc((2 * n + 1) * sizeof *vals);
  LLVMBasicBlockRef ends[2];
  NlOp *y;
  NlResult r = nl_success();
  for (int side = 0; side < (has_else ? 2 : 1) && nl_succeeded(r); side++) {
    LLVMPositionBuilderAtEnd(t->b, side ? eb : tb);
    r = translate_body(t, op, side ? els : then, n, &y);
    if (nl_failed(r))
      break;
    for (uint32_t i = 0; i < n; i++)
      vals[side * n + i] = nl_llvm_get(t, nl_op_operand(y, i));
    ends[side] = LLVMGetInsertBlock(t->b);
    LLVMBuildBr(t->b, merge);
  }
  if (nl_succeeded(r)) {
    LLVMPositionBuilderAtEnd(t->b, merge);
    for (uint32_t i = 0; i < n; i++) {
      LLVMValueRef phi = LLVMBuildPhi(t->b, tys[i], "");
      LLVMValueRef in[2] = {vals[i], vals[n + i]};
      LLVMAddIncoming(phi, in, ends, 2);
      nl_llvm_set(t, nl_op_result(op, i), phi);
    }
  }
  free(vals);
  free(tys);
  return r;
}

/* ---- dispatch ---------------------------------------------------------------- */

NlResult
nl_llvm_translate_loop(NlLlvmTr *t, NlOp *op, bool *handled)
{
  const char *name = nl_op_name(op) + 5;
  *handled = true;
  if (!strcmp(name, "for"))
    return translate_for(t, op);
  if (!strcmp(name, "parallel"))
    return translate_parallel(t, op);
  if (!strcmp(name, "if"))
    return translate_if(t, op);
  if (!strcmp(name, "load") && op->noperands >= 1 && op->nresults == 1)
    return translate_load(t, op);
  if (!strcmp(name, "store") && op->noperands >= 2)
    return translate_store(t, op);
  if (!strcmp(name, "transfer_read") && op->nresults == 1)
    return translate_transfer_read(t, op);
  if (!strcmp(name, "transfer_write"))
    return translate_transfer_write(t, op);
  if (!strcmp(name, "broadcast") && op->noperands == 1 && op->nresults == 1)
    return translate_broadcast(t, op);
  if (!strcmp(name, "reduction") && op->noperands == 1 && op->nresults == 1)
    return translate_reduction(t, op);
  if (!strcmp(name, "view") && op->noperands == 1 && op->nresults == 1)
    return translate_view(t, op);
  if (!strcmp(name, "subview") && op->noperands >= 1 && op->nresults == 1)
    return translate_subview(t, op);
  if (!strcmp(name, "reshape") && op->noperands == 1 && op->nresults == 1) {
    if (!nl_llvm_type(t, nl_op_result(op, 0)->type, op))
      return nl_failure();
    nl_llvm_set(t, nl_op_result(op, 0), nl_llvm_get(t, nl_op_operand(op, 0)));
    return nl_success();
  }
  if (!strcmp(name, "get_global") && op->nresults == 1)
    return translate_get_global(t, op);
  if (!strcmp(name, "alloc")) {
    nl_op_emit_error(op, "must be placed in the workspace before the "
                         "translation to LLVM IR (run memory-plan)");
    return nl_failure();
  }
  *handled = false;
  return nl_failure();
}
