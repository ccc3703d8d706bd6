/*
 * Diagnostics: errors, warnings, remarks with notes, reported through a
 * handler on the context. A diagnostic stays open for notes until the next
 * one is emitted or nl_diag_flush is called, like MLIR's
 * InFlightDiagnostic; then it goes to the handler.
 */
#ifndef NULL_DIAG_H
#define NULL_DIAG_H

#include "null/ir.h"

typedef enum NlSeverity {
  NL_DIAG_ERROR,
  NL_DIAG_WARNING,
  NL_DIAG_REMARK,
  NL_DIAG_NOTE,
} NlSeverity;

typedef struct NlDiag NlDiag;
struct NlDiag {
  NlSeverity severity;
  NlLoc *loc;
  char *msg;     /* owned */
  NlDiag *notes; /* first attached note (severity NL_DIAG_NOTE) */
  NlDiag *next;  /* next note in the parent's list */
};

typedef void (*NlDiagHandler)(const NlDiag *d, void *ud);

/* Replaces the handler (NULL restores the default, which prints to stderr
 * with nl_diag_print). */
NL_API void nl_context_set_diag_handler(NlContext *ctx, NlDiagHandler h,
                                        void *ud);
/* Number of errors handed to the handler (or still pending). */
NL_API size_t nl_context_error_count(NlContext *ctx);

/* Emit. The returned diagnostic may receive notes until the next emission;
 * never store it. */
NL_API NlDiag *nl_emit_error(NlContext *ctx, NlLoc *loc, const char *fmt, ...)
    NL_PRINTF(3, 4);
NL_API NlDiag *nl_emit_warning(NlContext *ctx, NlLoc *loc, const char *fmt,
                               ...) NL_PRINTF(3, 4);
NL_API NlDiag *nl_emit_remark(NlContext *ctx, NlLoc *loc, const char *fmt,
                              ...) NL_PRINTF(3, 4);
NL_API NlDiag *nl_emit_diag(NlContext *ctx, NlSeverity sev, NlLoc *loc,
                            const char *fmt, va_list ap);
/* Prefixes the message with "'op.name' op ", as MLIR does. */
NL_API NlDiag *nl_op_emit_error(NlOp *op, const char *fmt, ...)
    NL_PRINTF(2, 3);
NL_API NlDiag *nl_op_emit_warning(NlOp *op, const char *fmt, ...)
    NL_PRINTF(2, 3);
NL_API NlDiag *nl_op_emit_remark(NlOp *op, const char *fmt, ...)
    NL_PRINTF(2, 3);
/* Attaches a note; loc NULL means the parent's location. */
NL_API void nl_diag_note(NlDiag *d, NlLoc *loc, const char *fmt, ...)
    NL_PRINTF(3, 4);
/* Hands the open diagnostic (if any) to the handler. */
NL_API void nl_diag_flush(NlContext *ctx);

/* ---- sources and printing --------------------------------------------------- */

/* Registers a source buffer (borrowed; must outlive its use) so that
 * diagnostics at `name:line:col` can show the line and a caret. Lines of
 * the buffer are numbered from first_line. */
NL_API void nl_context_add_source(NlContext *ctx, const char *name,
                                  const char *buf, size_t len,
                                  uint32_t first_line);
/* Prints `file:line:col: error: msg`, the source line and a caret, then the
 * notes, the way the tools show diagnostics. */
NL_API void nl_diag_print(NlContext *ctx, const NlDiag *d, FILE *out);
/* Appends a short form of loc for messages ("file:3:7", "'Conv_12'"). */
NL_API void nl_loc_describe(const NlLoc *loc, NlBuf *out);

#endif
