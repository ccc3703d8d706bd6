/*
 * The LLVM backend (docs/lowering.md): translates a loop-level module
 * (func, arith, math, loop ops on memrefs, scalars and vectors) to LLVM IR
 * with the LLVM-C API, optimizes it and emits LLVM IR text, assembly or an
 * object file; also writes the C header of the model ABI.
 */
#ifndef NULL_BACKENDS_LLVM_BACKEND_H
#define NULL_BACKENDS_LLVM_BACKEND_H

#include <stdio.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "null/null.h"

typedef enum NlEmitKind {
  NL_EMIT_LLVM,   /* textual LLVM IR */
  NL_EMIT_ASM,    /* assembly */
  NL_EMIT_OBJ,    /* ELF object file */
  NL_EMIT_HEADER, /* the C header of the model ABI */
} NlEmitKind;

typedef struct NlTargetOptions {
  const char *triple;   /* NULL: the host's */
  const char *cpu;      /* NULL: "native" for the host, "generic" otherwise */
  const char *features; /* NULL: the host's for the host, "" otherwise */
  /* LLVM's pipeline default<On> and codegen level: 0 (the zero value) is
   * the default, O3; 1-3 are O1-O3; -1 is O0 (no optimization). */
  int opt_level;
} NlTargetOptions;

/* Creates a target machine for t; on failure reports an error at loc and
 * returns NULL. */
LLVMTargetMachineRef nl_llvm_target_machine(NlContext *ctx, NlLoc *loc,
                                            const NlTargetOptions *t);

/* Translates module (loop level, after memory-plan and
 * convert-tensor-to-loop) into a new LLVM module in lctx, laid out for tm.
 * Errors are reported at the offending op. */
NlResult nl_llvm_translate(NlOp *module, LLVMContextRef lctx,
                           LLVMTargetMachineRef tm, LLVMModuleRef *out);

/* Runs LLVM's default<On> pipeline on m for tm (opt_level as in
 * NlTargetOptions: 0 means O3, -1 O0). */
NlResult nl_llvm_optimize(NlContext *ctx, LLVMModuleRef m,
                          LLVMTargetMachineRef tm, int opt_level);

/* Writes the C header of the model ABI (docs/lowering.md) of the public
 * function of a loop-level module (after memory-plan) to out (header.c). */
NlResult nl_llvm_write_header(NlOp *module, FILE *out);

/* Translate + optimize + write `kind` to path ("-" = stdout). */
NlResult nl_llvm_emit(NlOp *module, const NlTargetOptions *t, NlEmitKind kind,
                      const char *path);

#endif
