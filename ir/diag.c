/*
 * Diagnostics: emission with at most one open (pending) diagnostic per
 * context, notes, the handler, error counting, the registry of source
 * buffers and the printer that shows `file:line:col: error: msg` with the
 * source line and a caret, as mlir-opt does.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void
diag_free(NlDiag *d)
{
  while (d) {
    NlDiag *next = d->next;
    diag_free(d->notes);
    free(d->msg);
    free(d);
    d = next;
  }
}

static void
default_handler(const NlDiag *d, void *ud)
{
  nl_diag_print((NlContext *)ud, d, stderr);
}

void
nl_context_set_diag_handler(NlContext *ctx, NlDiagHandler h, void *ud)
{
  nl_diag_flush(ctx);
  ctx->diag_handler = h;
  ctx->diag_ud = ud;
}

size_t
nl_context_error_count(NlContext *ctx)
{
  return ctx->nerrors;
}

void
nl_diag_flush(NlContext *ctx)
{
  NlDiag *d = ctx->diag_pending;
  if (!d)
    return;
  /* Clear first: the handler may emit (and so flush) diagnostics itself. */
  ctx->diag_pending = NULL;
  if (ctx->diag_handler)
    ctx->diag_handler(d, ctx->diag_ud);
  else
    default_handler(d, ctx);
  diag_free(d);
}

static NlDiag *
diag_new(NlSeverity sev, NlLoc *loc, const char *prefix, const char *fmt,
         va_list ap)
{
  NlBuf b = {0};
  if (prefix)
    nl_buf_puts(&b, prefix);
  nl_buf_vprintf(&b, fmt, ap);
  NlDiag *d = nl_xcalloc(1, sizeof *d);
  d->severity = sev;
  d->loc = loc;
  d->msg = nl_buf_take(&b);
  return d;
}

static NlDiag *
emit(NlContext *ctx, NlSeverity sev, NlLoc *loc, const char *prefix,
     const char *fmt, va_list ap)
{
  nl_diag_flush(ctx);
  if (!loc)
    loc = nl_loc_unknown(ctx);
  NlDiag *d = diag_new(sev, loc, prefix, fmt, ap);
  if (sev == NL_DIAG_ERROR)
    ctx->nerrors++;
  ctx->diag_pending = d;
  return d;
}

NlDiag *
nl_emit_diag(NlContext *ctx, NlSeverity sev, NlLoc *loc, const char *fmt,
             va_list ap)
{
  return emit(ctx, sev, loc, NULL, fmt, ap);
}

NlDiag *
nl_emit_error(NlContext *ctx, NlLoc *loc, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  NlDiag *d = emit(ctx, NL_DIAG_ERROR, loc, NULL, fmt, ap);
  va_end(ap);
  return d;
}

NlDiag *
nl_emit_warning(NlContext *ctx, NlLoc *loc, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  NlDiag *d = emit(ctx, NL_DIAG_WARNING, loc, NULL, fmt, ap);
  va_end(ap);
  return d;
}

NlDiag *
nl_emit_remark(NlContext *ctx, NlLoc *loc, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  NlDiag *d = emit(ctx, NL_DIAG_REMARK, loc, NULL, fmt, ap);
  va_end(ap);
  return d;
}

static NlDiag *
op_emit(NlOp *op, NlSeverity sev, const char *fmt, va_list ap)
{
  NlBuf prefix = {0};
  nl_buf_printf(&prefix, "'%s' op ", nl_op_name(op));
  NlDiag *d = emit(nl_op_context(op), sev, op->loc, prefix.data, fmt, ap);
  nl_buf_free(&prefix);
  return d;
}

NlDiag *
nl_op_emit_error(NlOp *op, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  NlDiag *d = op_emit(op, NL_DIAG_ERROR, fmt, ap);
  va_end(ap);
  return d;
}

NlDiag *
nl_op_emit_warning(NlOp *op, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  NlDiag *d = op_emit(op, NL_DIAG_WARNING, fmt, ap);
  va_end(ap);
  return d;
}

NlDiag *
nl_op_emit_remark(NlOp *op, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  NlDiag *d = op_emit(op, NL_DIAG_REMARK, fmt, ap);
  va_end(ap);
  return d;
}

void
nl_diag_note(NlDiag *d, NlLoc *loc, const char *fmt, ...)
{
  if (!d)
    return;
  va_list ap;
  va_start(ap, fmt);
  NlDiag *n = diag_new(NL_DIAG_NOTE, loc ? loc : d->loc, NULL, fmt, ap);
  va_end(ap);
  NlDiag **tail = &d->notes;
  while (*tail)
    tail = &(*tail)->next;
  *tail = n;
}

/* ---- sources ------------------------------------------------------------- */

void
nl_context_add_source(NlContext *ctx, const char *name, const char *buf,
                      size_t len, uint32_t first_line)
{
  NlIdent *id = nl_ident_cstr(ctx, name);
  if (first_line == 0)
    first_line = 1;
  /* Re-registering a chunk replaces it. */
  for (size_t i = 0; i < ctx->nsources; i++) {
    NlSource *s = &ctx->sources[i];
    if (s->name == id && s->first_line == first_line) {
      free(s->line_starts);
      *s = (NlSource){id, buf, len, first_line, NULL, 0};
      return;
    }
  }
  NlSource s = {id, buf, len, first_line, NULL, 0};
  NL_VEC_PUSH(ctx->sources, ctx->nsources, ctx->sources_cap, s);
}

static void
index_lines(NlSource *s)
{
  if (s->line_starts)
    return;
  size_t n = 1;
  for (size_t i = 0; i < s->len; i++)
    if (s->buf[i] == '\n')
      n++;
  s->line_starts = nl_xmalloc(n * sizeof *s->line_starts);
  s->nlines = (uint32_t)n;
  n = 0;
  s->line_starts[n++] = 0;
  for (size_t i = 0; i < s->len; i++)
    if (s->buf[i] == '\n')
      s->line_starts[n++] = (uint32_t)(i + 1);
}

/* The registered chunk of `file` that contains `line`, or NULL. */
static NlSource *
find_source(NlContext *ctx, NlIdent *file, uint32_t line)
{
  for (size_t i = 0; i < ctx->nsources; i++) {
    NlSource *s = &ctx->sources[i];
    if (s->name != file || line < s->first_line)
      continue;
    index_lines(s);
    if (line - s->first_line < s->nlines)
      return s;
  }
  return NULL;
}

void
nl_diag_fini(NlContext *ctx)
{
  nl_diag_flush(ctx);
  for (size_t i = 0; i < ctx->nsources; i++)
    free(ctx->sources[i].line_starts);
  free(ctx->sources);
  ctx->sources = NULL;
  ctx->nsources = ctx->sources_cap = 0;
}

/* ---- printing ------------------------------------------------------------ */

void
nl_loc_describe(const NlLoc *loc, NlBuf *out)
{
  const NlLoc *f = loc ? nl_loc_find_file(loc) : NULL;
  if (f) {
    nl_buf_append(out, f->file.file->str, f->file.file->len);
    nl_buf_printf(out, ":%u:%u", (unsigned)f->file.line, (unsigned)f->file.col);
    return;
  }
  /* No file anywhere: the first name is the most useful thing to show. */
  while (loc) {
    switch ((NlLocKind)loc->kind) {
    case NL_LOC_NAME:
      nl_buf_putc(out, '\'');
      nl_buf_append(out, loc->name.name->str, loc->name.name->len);
      nl_buf_putc(out, '\'');
      return;
    case NL_LOC_CALLSITE:
      loc = loc->callsite.callee;
      continue;
    case NL_LOC_FUSED:
      loc = loc->fused.n ? loc->fused.locs[0] : NULL;
      continue;
    default:
      loc = NULL;
      break;
    }
  }
  nl_buf_puts(out, "<unknown>");
}

static const char *
severity_name(NlSeverity s)
{
  switch (s) {
  case NL_DIAG_ERROR:
    return "error";
  case NL_DIAG_WARNING:
    return "warning";
  case NL_DIAG_REMARK:
    return "remark";
  case NL_DIAG_NOTE:
    return "note";
  }
  return "error";
}

/* Appends the source line of a file location and a caret under its
 * column, if the file is registered. */
static void
show_source(NlContext *ctx, const NlLoc *f, NlBuf *out)
{
  NlSource *s = find_source(ctx, f->file.file, f->file.line);
  if (!s)
    return;
  uint32_t li = f->file.line - s->first_line;
  size_t start = s->line_starts[li];
  size_t end = li + 1 < s->nlines ? s->line_starts[li + 1] - 1 : s->len;
  if (end > start && s->buf[end - 1] == '\r')
    end--;
  nl_buf_append(out, s->buf + start, end - start);
  nl_buf_putc(out, '\n');
  /* Columns are 1-based bytes; tabs are copied so the caret lines up. */
  size_t col = f->file.col ? f->file.col - 1 : 0;
  for (size_t i = 0; i < col; i++) {
    char c = start + i < end ? s->buf[start + i] : ' ';
    nl_buf_putc(out, c == '\t' ? '\t' : ' ');
  }
  nl_buf_puts(out, "^\n");
}

static void
print_one(NlContext *ctx, const NlDiag *d, NlBuf *out)
{
  nl_loc_describe(d->loc, out);
  nl_buf_printf(out, ": %s: %s\n", severity_name(d->severity), d->msg);
  const NlLoc *f = d->loc ? nl_loc_find_file(d->loc) : NULL;
  if (f)
    show_source(ctx, f, out);
}

void
nl_diag_print(NlContext *ctx, const NlDiag *d, FILE *out)
{
  NlBuf b = {0};
  print_one(ctx, d, &b);
  for (const NlDiag *n = d->notes; n; n = n->next)
    print_one(ctx, n, &b);
  if (b.len)
    fwrite(b.data, 1, b.len, out);
  nl_buf_free(&b);
}
