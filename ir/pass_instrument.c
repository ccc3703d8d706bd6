/*
 * Pass instrumentation: printing the IR before and after passes
 * (--print-ir-before/after[-all], -after-change, -after-failure, in
 * MLIR's `// -----// IR Dump After cse //----- //` format) and the timing
 * report, a tree of wall times per pass laid out like -mlir-timing.
 * Running passes is pass.c's job; this file only observes.
 */
#include <string.h>

#include "pass_internal.h"

/* ---- printing IR around passes ------------------------------------------------ */

static bool
in_list(char *const *names, uint32_t n, const char *arg)
{
  for (uint32_t i = 0; i < n; i++)
    if (strcmp(names[i], arg) == 0)
      return true;
  return false;
}

static bool
wants_before(const NlPassManager *root, const NlPassDef *def)
{
  return root->cfg.print_before_all ||
         in_list(root->before_names, root->nbefore_names, def->arg);
}

/* --print-ir-after-change alone means "after every pass that changed the
 * IR"; with --print-ir-after-all or --print-ir-after=NAME it narrows those
 * to the passes that changed the IR. */
static bool
wants_after(const NlPassManager *root, const NlPassDef *def)
{
  const NlPassManagerConfig *c = &root->cfg;
  if (c->print_after_all ||
      in_list(root->after_names, root->nafter_names, def->arg))
    return true;
  return c->print_after_change && root->nafter_names == 0;
}

/* Nested ops print alone, without aliases or a resource section, as
 * MLIR's IR printer does for ops that are not the root. */
static NlPrintFlags
dump_flags(const NlPassManager *root, const NlOp *op)
{
  NlPrintFlags f = root->cfg.print_flags;
  if (op->parent)
    f.local_scope = true;
  return f;
}

/* Prints the header of a dump. Diagnostics the pass left open are handed
 * out first, so that messages and dumps appear in the order they arose. */
static void
dump_header(NlPassManager *root, NlOp *op, const char *when,
            const NlPassDef *def, const char *suffix)
{
  nl_diag_flush(nl_op_context(op));
  fprintf(root->cfg.print_out, "// -----// IR Dump %s %s%s //----- //\n",
          when, def->arg, suffix);
}

static void
dump_text(NlPassManager *root, const NlBuf *text)
{
  FILE *out = root->cfg.print_out;
  if (text->len)
    fwrite(text->data, 1, text->len, out);
  fputc('\n', out);
  fflush(out);
}

static void
dump_op(NlPassManager *root, const char *when, const NlPassDef *def,
        const char *suffix, NlOp *op)
{
  NlPrintFlags f = dump_flags(root, op);
  dump_header(root, op, when, def, suffix);
  nl_op_print(op, root->cfg.print_out, &f);
  fputc('\n', root->cfg.print_out);
  fflush(root->cfg.print_out);
}

void
nl_pm_before_pass(NlPassManager *root, const NlPassDef *def, NlOp *op,
                  NlBuf *before_text)
{
  bool before = wants_before(root, def);
  bool snapshot = root->cfg.print_after_change && wants_after(root, def);
  if (!before && !snapshot)
    return;
  double t0 = nl_pm_now();
  if (snapshot) {
    NlPrintFlags f = dump_flags(root, op);
    nl_op_print_buf(op, before_text, &f);
    if (before) {
      dump_header(root, op, "Before", def, "");
      dump_text(root, before_text);
    }
  } else {
    dump_op(root, "Before", def, "", op);
  }
  root->other_secs += nl_pm_now() - t0;
}

void
nl_pm_after_pass(NlPassManager *root, const NlPassDef *def, NlOp *op,
                 bool failed, bool unchanged, NlBuf *before_text)
{
  const NlPassManagerConfig *c = &root->cfg;
  double t0 = nl_pm_now();
  if (failed) {
    if (c->print_after_failure || wants_after(root, def))
      dump_op(root, "After", def, " Failed", op);
  } else if (wants_after(root, def)) {
    if (!c->print_after_change) {
      dump_op(root, "After", def, "", op);
    } else if (!unchanged) {
      /* Compare the printed forms: exact, and only paid for when the
       * flag is on. */
      NlPrintFlags f = dump_flags(root, op);
      NlBuf now = {0};
      nl_op_print_buf(op, &now, &f);
      if (now.len != before_text->len ||
          (now.len && memcmp(now.data, before_text->data, now.len) != 0)) {
        dump_header(root, op, "After", def, "");
        dump_text(root, &now);
      }
      nl_buf_free(&now);
    }
  }
  root->other_secs += nl_pm_now() - t0;
}

/* ---- timing ----------------------------------------------------------------- */

static NlTimingRow *
push_row(NlPassManager *root, NlTimingRowKind kind, const char *name)
{
  NL_VEC_RESERVE(root->rows, root->nrows, root->rows_cap, 1);
  NlTimingRow *r = &root->rows[root->nrows++];
  *r = (NlTimingRow){.kind = kind,
                     .name = name ? nl_xstrndup(name, strlen(name)) : NULL};
  return r;
}

void
nl_pm_timing_start(NlPassManager *root)
{
  for (uint32_t i = 0; i < root->nrows; i++)
    if (root->rows[i].kind == NL_ROW_PIPELINE)
      return;
  push_row(root, NL_ROW_PIPELINE, NULL);
  if (root->cfg.verify_each && root->nitems)
    push_row(root, NL_ROW_VERIFIER, "Verifier");
}

void
nl_pass_manager_add_timing(NlPassManager *pm, const char *name, double secs)
{
  NlPassManager *root = pm->root;
  if (!root->cfg.timing || !name)
    return;
  for (uint32_t i = 0; i < root->nrows; i++) {
    NlTimingRow *r = &root->rows[i];
    if (r->kind == NL_ROW_TOOL && strcmp(r->name, name) == 0) {
      r->secs += secs;
      return;
    }
  }
  push_row(root, NL_ROW_TOOL, name)->secs = secs;
}

/* One line of the report: `    0.0012 ( 33.3%)    name`. */
static void
row(FILE *out, double secs, double total, unsigned depth, const char *pre,
    const char *name, const char *post)
{
  double pct = total > 0 ? 100.0 * secs / total : 0.0;
  fprintf(out, "  %8.4f (%5.1f%%)  %*s%s%s%s\n", secs, pct, (int)(2 * depth),
          "", pre, name, post);
}

static double
pipeline_secs(const NlPassManager *pm)
{
  double s = 0;
  for (uint32_t i = 0; i < pm->nitems; i++)
    s += pm->items[i].secs;
  return s;
}

static void
print_items(FILE *out, const NlPassManager *pm, double total, unsigned depth)
{
  for (uint32_t i = 0; i < pm->nitems; i++) {
    const NlPmItem *it = &pm->items[i];
    if (it->kind == NL_PM_PASS) {
      row(out, it->secs, total, depth, "", it->def->arg, "");
      continue;
    }
    const char *a = it->nested->anchor ? it->nested->anchor : "any";
    row(out, it->secs, total, depth, "'", a, "' Pipeline");
    print_items(out, it->nested, total, depth + 1);
  }
}

static double
row_secs(const NlPassManager *root, const NlTimingRow *r)
{
  switch (r->kind) {
  case NL_ROW_TOOL:
    return r->secs;
  case NL_ROW_PIPELINE:
    return pipeline_secs(root);
  case NL_ROW_VERIFIER:
    return root->verify_secs;
  }
  return 0;
}

void
nl_pm_timing_report(NlPassManager *root)
{
  FILE *out = root->cfg.timing_out;
  double total = nl_pm_now() - root->start;
  double sum = 0;
  for (uint32_t i = 0; i < root->nrows; i++)
    sum += row_secs(root, &root->rows[i]);
  if (sum > total)
    total = sum;
  fputs("===----------------------------------------------------------------"
        "---------===\n"
        "                         ... Execution time report ...\n"
        "===----------------------------------------------------------------"
        "---------===\n",
        out);
  fprintf(out, "  Total Execution Time: %.4f seconds\n\n", total);
  fputs("  ----Wall Time----  ----Name----\n", out);
  for (uint32_t i = 0; i < root->nrows; i++) {
    const NlTimingRow *r = &root->rows[i];
    if (r->kind == NL_ROW_PIPELINE)
      print_items(out, root, total, 0);
    else
      row(out, row_secs(root, r), total, 0, "", r->name, "");
  }
  row(out, total - sum, total, 0, "", "Rest", "");
  row(out, total, total, 0, "", "Total", "");
  fflush(out);
}
