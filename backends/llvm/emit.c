/*
 * The backend's one-call entry (docs/llvm-backend.md): target machine,
 * translation, optimization, then LLVM IR text, assembly or an object file
 * written to a path ("-" or NULL: stdout); the C header through header.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backends/llvm/internal.h"

/* Writes n bytes to path (stdout for "-"/NULL); errors at loc. */
static NlResult
write_out(NlContext *ctx, NlLoc *loc, const char *path, const char *data,
          size_t n)
{
  bool to_stdout = !path || !strcmp(path, "-");
  FILE *f = to_stdout ? stdout : fopen(path, "wb");
  bool ok = f && (n == 0 || fwrite(data, 1, n, f) == n);
  if (f)
    ok &= (to_stdout ? fflush(f) : fclose(f)) == 0;
  if (!ok) {
    nl_emit_error(ctx, loc, "cannot write '%s': %s",
                  to_stdout ? "<stdout>" : path, strerror(errno));
    return nl_failure();
  }
  return nl_success();
}

NlResult
nl_llvm_emit(NlOp *module, const NlTargetOptions *t, NlEmitKind kind,
             const char *path)
{
  NlContext *ctx = nl_op_context(module);
  if (kind == NL_EMIT_HEADER) { /* header.c, into memory then write_out */
    char *text = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&text, &len);
    if (!mf) {
      nl_op_emit_error(module, "cannot buffer the header: %s",
                       strerror(errno));
      return nl_failure();
    }
    NlResult hr = nl_llvm_write_header(module, mf);
    fclose(mf);
    if (nl_succeeded(hr))
      hr = write_out(ctx, module->loc, path, text, len);
    free(text);
    return hr;
  }
  LLVMTargetMachineRef tm = nl_llvm_target_machine(ctx, module->loc, t);
  if (!tm)
    return nl_failure();
  LLVMContextRef lctx = LLVMContextCreate();
  LLVMModuleRef m = NULL;
  NlResult r = nl_llvm_translate(module, lctx, tm, &m);
  if (nl_succeeded(r))
    r = nl_llvm_optimize(ctx, m, tm, t->opt_level);
  if (nl_succeeded(r) && kind == NL_EMIT_LLVM) {
    char *text = LLVMPrintModuleToString(m);
    r = write_out(ctx, module->loc, path, text, strlen(text));
    LLVMDisposeMessage(text);
  } else if (nl_succeeded(r)) {
    char *err = NULL;
    LLVMMemoryBufferRef buf = NULL;
    LLVMCodeGenFileType ft =
        kind == NL_EMIT_ASM ? LLVMAssemblyFile : LLVMObjectFile;
    if (LLVMTargetMachineEmitToMemoryBuffer(tm, m, ft, &err, &buf)) {
      nl_op_emit_error(module, "LLVM code generation failed: %s",
                       err ? err : "unknown error");
      r = nl_failure();
    } else {
      r = write_out(ctx, module->loc, path, LLVMGetBufferStart(buf),
                    LLVMGetBufferSize(buf));
      LLVMDisposeMemoryBuffer(buf);
    }
    LLVMDisposeMessage(err);
  }
  if (m)
    LLVMDisposeModule(m);
  LLVMContextDispose(lctx);
  LLVMDisposeTargetMachine(tm);
  return r;
}
