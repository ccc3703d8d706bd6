/*
 * Private to the LLVM backend: the state of one translation (null module ->
 * LLVM module) shared by translate.c (module, functions, regions, ABI
 * wrappers), translate_arith.c, translate_math.c and translate_loop.c (one
 * op family each), and small helpers for types, constants and intrinsics.
 */
#ifndef NULL_BACKENDS_LLVM_INTERNAL_H
#define NULL_BACKENDS_LLVM_INTERNAL_H

#include "backends/llvm/backend.h"
#include "passes/ptrmap.h"

typedef struct NlLlvmTr {
  NlContext *ctx;
  NlOp *module;
  LLVMContextRef lctx;
  LLVMModuleRef mod;
  LLVMBuilderRef b;
  LLVMTargetDataRef td; /* NULL: no target (index is 64 bits) */
  LLVMTypeRef ptr, i1, i8, i32, i64, index, voidt;
  PtrMap values;  /* NlValue * -> LLVMValueRef */
  PtrMap funcs;   /* func.func NlOp * -> LLVMValueRef */
  PtrMap globals; /* NlIdent * (loop.global name) -> LLVMValueRef */
  LLVMValueRef fn; /* the function being translated */
  NlOp *op;        /* the op being translated, for helpers' errors */
} NlLlvmTr;

/* ---- translate.c ---------------------------------------------------------- */

/* The LLVM type of a scalar, index or vector type; memrefs are pointers.
 * Reports an error at op and returns NULL for anything else. */
NL_INTERNAL LLVMTypeRef nl_llvm_type(NlLlvmTr *t, NlType *ty, NlOp *op);
/* How an element of type ty is stored in memory (i1 as i8). */
NL_INTERNAL LLVMTypeRef nl_llvm_storage_type(NlLlvmTr *t, NlType *ty,
                                             NlOp *op);
/* The translated value of v (must have been translated). */
NL_INTERNAL LLVMValueRef nl_llvm_get(NlLlvmTr *t, NlValue *v);
NL_INTERNAL void nl_llvm_set(NlLlvmTr *t, NlValue *v, LLVMValueRef lv);
/* Translates the ops of b up to (not including) its terminator, which is
 * returned through *term (NULL when the block has none). */
NL_INTERNAL NlResult nl_llvm_translate_block(NlLlvmTr *t, NlBlock *b,
                                             NlOp **term);
/* Appends a new basic block to the current function. */
NL_INTERNAL LLVMBasicBlockRef nl_llvm_new_block(NlLlvmTr *t, const char *name);
/* The declaration of intrinsic `name` overloaded on tys (ntys of them). */
NL_INTERNAL LLVMValueRef nl_llvm_intrinsic(NlLlvmTr *t, const char *name,
                                           LLVMTypeRef *tys, unsigned ntys,
                                           LLVMTypeRef *fnty);
/* Calls intrinsic `name` overloaded on the type of args[0]. */
NL_INTERNAL LLVMValueRef nl_llvm_call_intrinsic(NlLlvmTr *t, const char *name,
                                                LLVMValueRef *args,
                                                unsigned nargs);
/* An integer attribute of op (dictionary or properties); false if absent
 * or not an integer. */
NL_INTERNAL bool nl_llvm_int_attr(const NlOp *op, const char *name,
                                  int64_t *out);
/* The attribute `name` of op from its dictionary, else its properties. */
NL_INTERNAL NlAttr *nl_llvm_attr(const NlOp *op, const char *name);
/* Applies the op's fastmath flags to an instruction that accepts them. */
NL_INTERNAL void nl_llvm_fastmath(NlLlvmTr *t, NlOp *op, LLVMValueRef inst);
/* The op's unsupported-op error. */
NL_INTERNAL NlResult nl_llvm_unsupported(NlOp *op);

/* ---- per op family: NL_SUCCESS/FAILURE, or *handled = false ------------- */

NL_INTERNAL NlResult nl_llvm_translate_arith(NlLlvmTr *t, NlOp *op,
                                             bool *handled);
NL_INTERNAL NlResult nl_llvm_translate_math(NlLlvmTr *t, NlOp *op,
                                            bool *handled);
NL_INTERNAL NlResult nl_llvm_translate_loop(NlLlvmTr *t, NlOp *op,
                                            bool *handled);
/* A module-level loop.global (translate_loop.c). */
NL_INTERNAL NlResult nl_llvm_translate_global(NlLlvmTr *t, NlOp *op);

/* Constants (translate_arith.c): an integer, float or dense vector
 * attribute as an LLVM constant of type ty; NULL after an error at op. */
NL_INTERNAL LLVMValueRef nl_llvm_const(NlLlvmTr *t, NlAttr *a, NlType *ty,
                                       NlOp *op);

/* ---- target.c -------------------------------------------------------------- */

/* Initializes the x86 and AArch64 targets once. */
NL_INTERNAL void nl_llvm_init_targets(void);

#endif
