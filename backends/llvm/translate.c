/*
 * Translation of a loop-level module to LLVM IR with the LLVM-C API
 * (docs/lowering.md, docs/llvm-backend.md): the module and its functions,
 * the value map, structured regions as basic blocks, func.call and
 * func.return, and the model ABI wrappers of every public function
 * (G_workspace_size, G_packed). The ops of each dialect are translated in
 * translate_arith.c, translate_math.c and translate_loop.c.
 */
#include <string.h>

#include <llvm-c/Analysis.h>

#include "backends/llvm/internal.h"
#include "arith/arith.h"
#include "func/func.h"

/* ---- errors, attributes ------------------------------------------------- */

NlResult
nl_llvm_unsupported(NlOp *op)
{
  nl_op_emit_error(op, "is not supported by the LLVM backend");
  return nl_failure();
}

NlAttr *
nl_llvm_attr(const NlOp *op, const char *name)
{
  NlAttr *a = nl_attr_dict_get(op->attrs, name);
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, name);
  return a;
}

bool
nl_llvm_int_attr(const NlOp *op, const char *name, int64_t *out)
{
  NlAttr *a = nl_llvm_attr(op, name);
  if (!a || a->kind != NL_ATTR_INTEGER)
    return false;
  *out = nl_attr_integer_value(a, NULL);
  return true;
}

/* ---- types ---------------------------------------------------------------- */

static void
type_error(NlOp *op, const char *what, NlType *ty)
{
  NlBuf b = {0};
  nl_type_print(ty, &b);
  nl_op_emit_error(op, "%s '%s' is not supported by the LLVM backend", what,
                   b.data);
  nl_buf_free(&b);
}

static LLVMTypeRef
scalar_type(NlLlvmTr *t, NlType *ty)
{
  switch (ty->kind) {
  case NL_TYPE_INTEGER:
    return LLVMIntTypeInContext(t->lctx, ty->integer.width);
  case NL_TYPE_INDEX:
    return t->index;
  case NL_TYPE_FLOAT:
    switch (ty->flt.fkind) {
    case NL_F16:
      return LLVMHalfTypeInContext(t->lctx);
    case NL_BF16:
      return LLVMBFloatTypeInContext(t->lctx);
    case NL_F32:
      return LLVMFloatTypeInContext(t->lctx);
    case NL_F64:
      return LLVMDoubleTypeInContext(t->lctx);
    default:
      return NULL;
    }
  default:
    return NULL;
  }
}

LLVMTypeRef
nl_llvm_type(NlLlvmTr *t, NlType *ty, NlOp *op)
{
  LLVMTypeRef r = scalar_type(t, ty);
  if (r)
    return r;
  if (ty->kind == NL_TYPE_VECTOR && ty->shaped.rank == 1 &&
      !ty->shaped.scalable && ty->shaped.dims[0] > 0) {
    LLVMTypeRef e = scalar_type(t, ty->shaped.elem);
    if (e)
      return LLVMVectorType(e, (unsigned)ty->shaped.dims[0]);
  }
  if (ty->kind == NL_TYPE_MEMREF && nl_type_has_static_shape(ty) &&
      scalar_type(t, ty->shaped.elem))
    return t->ptr;
  type_error(op, ty->kind == NL_TYPE_MEMREF && !nl_type_has_static_shape(ty)
                     ? "dynamically shaped type"
                     : "type",
             ty);
  return NULL;
}

LLVMTypeRef
nl_llvm_storage_type(NlLlvmTr *t, NlType *ty, NlOp *op)
{
  if (nl_type_is_integer(ty, 1))
    return t->i8;
  LLVMTypeRef r = scalar_type(t, ty);
  if (!r)
    type_error(op, "element type", ty);
  return r;
}

/* ---- values and blocks ---------------------------------------------------- */

LLVMValueRef
nl_llvm_get(NlLlvmTr *t, NlValue *v)
{
  LLVMValueRef r = ptrmap_get(&t->values, v);
  nl_assert(r);
  return r;
}

void
nl_llvm_set(NlLlvmTr *t, NlValue *v, LLVMValueRef lv)
{
  ptrmap_put(&t->values, v, lv);
}

LLVMBasicBlockRef
nl_llvm_new_block(NlLlvmTr *t, const char *name)
{
  return LLVMAppendBasicBlockInContext(t->lctx, t->fn, name);
}

LLVMValueRef
nl_llvm_intrinsic(NlLlvmTr *t, const char *name, LLVMTypeRef *tys,
                  unsigned ntys, LLVMTypeRef *fnty)
{
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  nl_assert(id != 0);
  *fnty = LLVMIntrinsicGetType(t->lctx, id, tys, ntys);
  return LLVMGetIntrinsicDeclaration(t->mod, id, tys, ntys);
}

LLVMValueRef
nl_llvm_call_intrinsic(NlLlvmTr *t, const char *name, LLVMValueRef *args,
                       unsigned nargs)
{
  LLVMTypeRef ty = LLVMTypeOf(args[0]), fnty;
  LLVMValueRef f = nl_llvm_intrinsic(t, name, &ty, 1, &fnty);
  return LLVMBuildCall2(t->b, fnty, f, args, nargs, "");
}

void
nl_llvm_fastmath(NlLlvmTr *t, NlOp *op, LLVMValueRef inst)
{
  (void)t;
  /* MLIR's fastmath flag bits are LLVM's. */
  uint32_t f = nl_arith_fastmath(op);
  if (f && LLVMIsAInstruction(inst) && LLVMCanValueUseFastMathFlags(inst))
    LLVMSetFastMathFlags(inst, f);
}

static NlResult translate_op(NlLlvmTr *t, NlOp *op);

static bool
is_terminator(NlOp *op)
{
  if (op->next)
    return false;
  return nl_op_has_trait(op, NL_TERMINATOR) || nl_op_is(op, "loop.yield") ||
         nl_op_is(op, "func.return");
}

NlResult
nl_llvm_translate_block(NlLlvmTr *t, NlBlock *b, NlOp **term)
{
  *term = NULL;
  nl_block_foreach_op(b, op) {
    if (is_terminator(op)) {
      *term = op;
      break;
    }
    if (nl_failed(translate_op(t, op)))
      return nl_failure();
  }
  return nl_success();
}

/* ---- func.call / func.return ----------------------------------------------- */

static LLVMValueRef
lookup_func(NlLlvmTr *t, NlOp *op, NlAttr *ref)
{
  if (!ref || ref->kind != NL_ATTR_SYMBOL_REF || ref->symref.nnested) {
    nl_op_emit_error(op, "expects a flat symbol reference 'callee'");
    return NULL;
  }
  NlOp *f = nl_symbol_lookup_in(t->module, ref->symref.root);
  LLVMValueRef r = f ? ptrmap_get(&t->funcs, f) : NULL;
  if (!r)
    nl_op_emit_error(op, "'@%s' does not reference a func.func of the module",
                     ref->symref.root->str);
  return r;
}

static NlResult
translate_call(NlLlvmTr *t, NlOp *op)
{
  LLVMValueRef f = lookup_func(t, op, nl_llvm_attr(op, "callee"));
  if (!f)
    return nl_failure();
  LLVMValueRef *args = nl_xmalloc((op->noperands + 1) * sizeof *args);
  for (uint32_t i = 0; i < op->noperands; i++)
    args[i] = nl_llvm_get(t, nl_op_operand(op, i));
  LLVMValueRef call = LLVMBuildCall2(t->b, LLVMGlobalGetValueType(f), f, args,
                                     op->noperands, "");
  free(args);
  if (op->nresults == 1)
    nl_llvm_set(t, nl_op_result(op, 0), call);
  for (uint32_t i = 0; op->nresults > 1 && i < op->nresults; i++)
    nl_llvm_set(t, nl_op_result(op, i),
                LLVMBuildExtractValue(t->b, call, i, ""));
  return nl_success();
}

static NlResult
translate_return(NlLlvmTr *t, NlOp *op)
{
  if (!op || !nl_op_is(op, "func.return")) {
    if (op)
      nl_op_emit_error(op, "expected func.return at the end of a function");
    return nl_failure();
  }
  if (op->noperands == 0) {
    LLVMBuildRetVoid(t->b);
  } else if (op->noperands == 1) {
    LLVMBuildRet(t->b, nl_llvm_get(t, nl_op_operand(op, 0)));
  } else {
    LLVMTypeRef rt = LLVMGetReturnType(LLVMGlobalGetValueType(t->fn));
    LLVMValueRef agg = LLVMGetUndef(rt);
    for (uint32_t i = 0; i < op->noperands; i++)
      agg = LLVMBuildInsertValue(t->b, agg, nl_llvm_get(t, nl_op_operand(op, i)),
                                 i, "");
    LLVMBuildRet(t->b, agg);
  }
  return nl_success();
}

/* ---- ops ------------------------------------------------------------------- */

static NlResult
translate_op(NlLlvmTr *t, NlOp *op)
{
  const char *name = nl_op_name(op);
  bool handled = true;
  NlResult r;
  if (!strncmp(name, "arith.", 6))
    r = nl_llvm_translate_arith(t, op, &handled);
  else if (!strncmp(name, "math.", 5))
    r = nl_llvm_translate_math(t, op, &handled);
  else if (!strncmp(name, "loop.", 5))
    r = nl_llvm_translate_loop(t, op, &handled);
  else if (!strcmp(name, "func.call"))
    r = translate_call(t, op);
  else
    handled = false;
  if (!handled)
    return nl_llvm_unsupported(op);
  return r;
}

/* ---- functions ------------------------------------------------------------- */

/* The i-th argument dictionary of a func.func, or NULL. */
static NlAttr *
arg_dict(NlOp *func, uint32_t i)
{
  NlAttr *arr = nl_llvm_attr(func, "arg_attrs");
  if (!arr || arr->kind != NL_ATTR_ARRAY || i >= arr->array.n)
    return NULL;
  NlAttr *d = arr->array.elems[i];
  return d->kind == NL_ATTR_DICT ? d : NULL;
}

static bool
is_private(NlOp *func)
{
  NlAttr *v = nl_llvm_attr(func, "sym_visibility");
  return v && v->kind == NL_ATTR_STRING && strcmp(v->str.value->str, "public");
}

/* The C identifier of a public symbol: [A-Za-z0-9_], not starting with a
 * digit (docs/lowering.md, "The model ABI"). */
static char *
c_identifier(const char *s)
{
  size_t n = strlen(s);
  char *r = nl_xmalloc(n + 2), *w = r;
  if (!n || (s[0] >= '0' && s[0] <= '9'))
    *w++ = '_';
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_';
    *w++ = ok ? c : '_';
  }
  *w = 0;
  return r;
}

static void
add_fn_attr(NlLlvmTr *t, LLVMValueRef f, const char *name)
{
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                          LLVMCreateEnumAttribute(t->lctx, kind, 0));
}

static NlResult
declare_func(NlLlvmTr *t, NlOp *func)
{
  NlType *fty = nl_func_type(func);
  NlIdent *sym = nl_symbol_name(func);
  if (!fty || !sym) {
    nl_op_emit_error(func, "has no valid function_type or sym_name");
    return nl_failure();
  }
  uint32_t nin = fty->function.ninputs, nres = fty->function.nresults;
  LLVMTypeRef *tys = nl_xmalloc((nin + nres + 1) * sizeof *tys);
  bool ok = true;
  for (uint32_t i = 0; ok && i < nin + nres; i++)
    ok = (tys[i] = nl_llvm_type(t, fty->function.types[i], func)) != NULL;
  if (!ok) {
    free(tys);
    return nl_failure();
  }
  LLVMTypeRef ret = nres == 0   ? t->voidt
                    : nres == 1 ? tys[nin]
                                : LLVMStructTypeInContext(t->lctx, tys + nin,
                                                          nres, 0);
  LLVMTypeRef ft = LLVMFunctionType(ret, tys, nin, 0);
  free(tys);
  bool priv = is_private(func);
  bool decl = nl_region_empty(nl_op_region(func, 0));
  char *name = priv ? nl_xstrndup(sym->str, strlen(sym->str))
                    : c_identifier(sym->str);
  if (!priv && LLVMGetNamedFunction(t->mod, name)) {
    nl_op_emit_error(func, "public name '%s' is used twice", name);
    free(name);
    return nl_failure();
  }
  LLVMValueRef f = LLVMAddFunction(t->mod, name, ft);
  free(name);
  if (priv && !decl)
    LLVMSetLinkage(f, LLVMInternalLinkage);
  if (!decl)
    add_fn_attr(t, f, "nounwind");
  /* The ABI's workspace is 64-byte aligned (docs/lowering.md). */
  for (uint32_t i = 0; i < nin; i++) {
    NlAttr *d = arg_dict(func, i);
    if (d && nl_attr_dict_get(d, "null.workspace") &&
        fty->function.types[i]->kind == NL_TYPE_MEMREF) {
      unsigned kind = LLVMGetEnumAttributeKindForName("align", 5);
      LLVMAddAttributeAtIndex(f, i + 1,
                              LLVMCreateEnumAttribute(t->lctx, kind, 64));
    }
  }
  ptrmap_put(&t->funcs, func, f);
  return nl_success();
}

static NlResult
define_func(NlLlvmTr *t, NlOp *func)
{
  NlRegion *body = nl_op_region(func, 0);
  if (nl_region_empty(body))
    return nl_success();
  if (nl_region_num_blocks(body) != 1) {
    nl_op_emit_error(func, "functions with more than one block are not "
                           "supported by the LLVM backend");
    return nl_failure();
  }
  t->fn = ptrmap_get(&t->funcs, func);
  NlBlock *entry = body->first;
  for (uint32_t i = 0; i < entry->nargs; i++)
    nl_llvm_set(t, entry->args[i], LLVMGetParam(t->fn, i));
  LLVMPositionBuilderAtEnd(t->b, nl_llvm_new_block(t, "entry"));
  NlOp *term;
  if (nl_failed(nl_llvm_translate_block(t, entry, &term)))
    return nl_failure();
  if (!term) {
    nl_op_emit_error(func, "body does not end with func.return");
    return nl_failure();
  }
  return translate_return(t, term);
}

/* ---- the model ABI (docs/lowering.md) -------------------------------------- */

static LLVMValueRef
add_wrapper(NlLlvmTr *t, NlOp *func, const char *name, LLVMTypeRef ft)
{
  if (LLVMGetNamedFunction(t->mod, name) ||
      LLVMGetNamedGlobal(t->mod, name)) {
    nl_op_emit_error(func, "cannot define the ABI function '%s': the name is "
                           "taken", name);
    return NULL;
  }
  LLVMValueRef f = LLVMAddFunction(t->mod, name, ft);
  add_fn_attr(t, f, "nounwind");
  t->fn = f;
  LLVMPositionBuilderAtEnd(t->b, nl_llvm_new_block(t, "entry"));
  return f;
}

/* size_t G_workspace_size(void) and void G_packed(void *const *args,
 * void *workspace) for the public function G. */
static NlResult
abi_wrappers(NlLlvmTr *t, NlOp *func)
{
  LLVMValueRef g = ptrmap_get(&t->funcs, func);
  NlType *fty = nl_func_type(func);
  const char *gname = LLVMGetValueName(g);
  NlBuf name = {0};
  NlResult r = nl_failure();

  if (strcmp(gname, "main") == 0) {
    /* The object is linked into a C program, which has its own main. */
    nl_op_emit_error(func, "a model function named 'main' would clash with "
                           "the C entry point of the program linking it; "
                           "rename the graph");
    goto done;
  }
  int64_t ws = 0;
  if (nl_llvm_int_attr(func, "null.workspace_size", &ws) && ws < 0) {
    nl_op_emit_error(func, "has a negative null.workspace_size");
    goto done;
  }
  nl_buf_printf(&name, "%s_workspace_size", gname);
  LLVMTypeRef sizet = t->td ? LLVMIntPtrTypeInContext(t->lctx, t->td) : t->i64;
  if (!add_wrapper(t, func, name.data, LLVMFunctionType(sizet, NULL, 0, 0)))
    goto done;
  LLVMBuildRet(t->b, LLVMConstInt(sizet, (unsigned long long)ws, 0));

  if (fty->function.nresults) { /* no packed form for value results */
    r = nl_success();
    goto done;
  }
  name.len = 0;
  nl_buf_printf(&name, "%s_packed", gname);
  LLVMTypeRef pt[2] = {t->ptr, t->ptr};
  LLVMValueRef f =
      add_wrapper(t, func, name.data, LLVMFunctionType(t->voidt, pt, 2, 0));
  if (!f)
    goto done;
  uint32_t nin = fty->function.ninputs, k = 0;
  LLVMValueRef *args = nl_xmalloc((nin + 1) * sizeof *args);
  for (uint32_t i = 0; i < nin; i++) {
    NlAttr *d = arg_dict(func, i);
    if (d && nl_attr_dict_get(d, "null.workspace")) {
      args[i] = LLVMGetParam(f, 1);
      continue;
    }
    LLVMValueRef idx = LLVMConstInt(t->i64, k++, 0);
    LLVMValueRef slot =
        LLVMBuildInBoundsGEP2(t->b, t->ptr, LLVMGetParam(f, 0), &idx, 1, "");
    LLVMValueRef p = LLVMBuildLoad2(t->b, t->ptr, slot, "");
    NlType *at = fty->function.types[i];
    if (at->kind != NL_TYPE_MEMREF) /* a scalar: passed by address */
      p = LLVMBuildLoad2(t->b, nl_llvm_type(t, at, func), p, "");
    args[i] = p;
  }
  LLVMBuildCall2(t->b, LLVMGlobalGetValueType(g), g, args, nin, "");
  LLVMBuildRetVoid(t->b);
  free(args);
  r = nl_success();
done:
  nl_buf_free(&name);
  return r;
}

/* ---- the module ------------------------------------------------------------- */

static NlResult
translate_module(NlLlvmTr *t)
{
  NlRegion *r = nl_op_region(t->module, 0);
  if (nl_region_empty(r))
    return nl_success();
  NlBlock *body = r->first;
  bool ok = true;
  /* Globals and function declarations first: bodies refer to them. */
  nl_block_foreach_op(body, op) {
    if (nl_op_is(op, "loop.global"))
      ok &= nl_succeeded(nl_llvm_translate_global(t, op));
    else if (nl_op_is(op, "func.func"))
      ok &= nl_succeeded(declare_func(t, op));
    else
      ok &= nl_succeeded(nl_llvm_unsupported(op));
  }
  if (!ok)
    return nl_failure();
  nl_block_foreach_op(body, op) {
    if (!nl_op_is(op, "func.func"))
      continue;
    ok &= nl_succeeded(define_func(t, op));
    if (ok && !is_private(op) && !nl_region_empty(nl_op_region(op, 0)))
      ok &= nl_succeeded(abi_wrappers(t, op));
  }
  return ok ? nl_success() : nl_failure();
}

NlResult
nl_llvm_translate(NlOp *module, LLVMContextRef lctx, LLVMTargetMachineRef tm,
                  LLVMModuleRef *out)
{
  *out = NULL;
  if (!nl_op_is(module, "builtin.module")) {
    nl_op_emit_error(module, "expected a builtin.module to translate");
    return nl_failure();
  }
  NlLlvmTr t = {0};
  t.ctx = nl_op_context(module);
  t.module = module;
  t.lctx = lctx;
  t.mod = LLVMModuleCreateWithNameInContext("null", lctx);
  if (tm) {
    char *triple = LLVMGetTargetMachineTriple(tm);
    LLVMSetTarget(t.mod, triple);
    LLVMDisposeMessage(triple);
    t.td = LLVMCreateTargetDataLayout(tm);
    LLVMSetModuleDataLayout(t.mod, t.td);
  }
  t.b = LLVMCreateBuilderInContext(lctx);
  t.ptr = LLVMPointerTypeInContext(lctx, 0);
  t.i1 = LLVMInt1TypeInContext(lctx);
  t.i8 = LLVMInt8TypeInContext(lctx);
  t.i32 = LLVMInt32TypeInContext(lctx);
  t.i64 = LLVMInt64TypeInContext(lctx);
  t.index = t.i64;
  t.voidt = LLVMVoidTypeInContext(lctx);

  NlResult r = translate_module(&t);
  if (nl_succeeded(r)) {
    char *msg = NULL;
    if (LLVMVerifyModule(t.mod, LLVMReturnStatusAction, &msg)) {
      nl_op_emit_error(module, "the translated LLVM module is invalid: %s",
                       msg);
      r = nl_failure();
    }
    LLVMDisposeMessage(msg);
  }
  LLVMDisposeBuilder(t.b);
  if (t.td)
    LLVMDisposeTargetData(t.td);
  ptrmap_free(&t.values);
  ptrmap_free(&t.funcs);
  ptrmap_free(&t.globals);
  if (nl_failed(r))
    LLVMDisposeModule(t.mod);
  else
    *out = t.mod;
  return r;
}
