/*
 * libFuzzer target for the textual parser: any byte string is a .nir
 * file. Parse, verify and print must never crash, leak or trip a
 * sanitizer; diagnostics are expected and dropped. Built only with
 * -DNULL_FUZZ=ON (clang); see scripts/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>

#include "null/null.h"
#include "registry.h"

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
  if (nl_succeeded(nl_register_all_dialects(ctx))) {
    NlOp *m = nl_parse_source(ctx, "fuzz.nir", (const char *)data, size, NULL);
    if (m) {
      if (nl_succeeded(nl_op_verify(m))) {
        NlBuf out = {0};
        NlPrintFlags flags = {0};
        nl_op_print_buf(m, &out, &flags);
        nl_buf_free(&out);
      }
      nl_op_destroy(m);
    }
  }
  nl_context_destroy(ctx);
  return 0;
}
