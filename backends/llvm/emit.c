/* TEMPORARY stub (docs/lowering.md). */
#include "backends/llvm/backend.h"

NlResult
nl_llvm_emit(NlOp *module, const NlTargetOptions *t, NlEmitKind kind,
             const char *path)
{
  (void)t, (void)kind, (void)path;
  nl_op_emit_error(module, "the LLVM backend is not implemented yet");
  return nl_failure();
}
