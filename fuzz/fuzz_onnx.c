/*
 * libFuzzer target for the ONNX importer: any byte string is a model.
 * Import, verify and print must never crash, leak or trip a sanitizer;
 * diagnostics are expected and dropped. Built only with -DNULL_FUZZ=ON
 * (clang); see scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>

#include "null/null.h"
#include "onnx_import.h"

static void
drop(const NlDiag *d, void *ud)
{
  (void)d;
  (void)ud;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  NlContext *ctx = nl_context_create();
  nl_context_set_diag_handler(ctx, drop, NULL);
  /* A directory that does not exist: external data never reads files. */
  NlOp *m = nl_onnx_import_buffer(ctx, "/nonexistent-null-fuzz/model.onnx",
                                  data, size, NULL);
  if (m) {
    if (nl_succeeded(nl_op_verify(m))) {
      NlBuf out = {0};
      NlPrintFlags flags = {0};
      nl_op_print_buf(m, &out, &flags);
      nl_buf_free(&out);
    }
    nl_op_destroy(m);
  }
  nl_context_destroy(ctx);
  return 0;
}
