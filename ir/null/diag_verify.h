/*
 * --verify-diagnostics: checks the diagnostics reported while processing
 * source buffers against the `// expected-error {{...}}` comments in them,
 * with MLIR's conventions (SourceMgrDiagnosticVerifierHandler): kinds
 * error, warning, remark and note; `-re` for regular expressions inside
 * `{{...}}`; line designators `@+N`, `@-N`, `@above`, `@below`, `@unknown`.
 */
#ifndef NULL_DIAG_VERIFY_H
#define NULL_DIAG_VERIFY_H

#include "null/diag.h"

typedef struct NlDiagVerifier NlDiagVerifier;

/* Installs a diagnostic handler on ctx that matches every diagnostic (and
 * each of its notes) against the expectations of the added sources instead
 * of printing it. A diagnostic nobody expected is printed to `out` as
 * "unexpected error: ..." at its location; so are other mismatches. The
 * verifier must be finished before ctx is destroyed. */
NL_API NlDiagVerifier *nl_diag_verifier_create(NlContext *ctx, FILE *out);

/* Reads the expected-* comments of a buffer named `name` whose first line
 * is numbered first_line (a chunk of a split file keeps the file's line
 * numbers). The buffer is borrowed until nl_diag_verifier_finish. A
 * malformed `-re` expectation is reported at once and fails the check. */
NL_API void nl_diag_verifier_add_source(NlDiagVerifier *v, const char *name,
                                        const char *buf, size_t len,
                                        uint32_t first_line);

/* Flushes the pending diagnostic, reports each expectation that was not
 * produced ("expected error "..." was not produced", at the comment), and
 * restores the context's default handler. Fails if anything mismatched. */
NL_API NL_NODISCARD NlResult nl_diag_verifier_finish(NlDiagVerifier *v);

/* Frees the verifier (finishing it first if needed). */
NL_API void nl_diag_verifier_destroy(NlDiagVerifier *v);

#endif
