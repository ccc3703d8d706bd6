/*
 * Private header of the pass manager, shared by pass.c (registry, running),
 * pipeline.c (textual pipelines and options) and pass_instrument.c (IR
 * printing around passes, timing). Not exported; plug-ins and tools see
 * only null/pass.h.
 */
#ifndef NULL_IR_PASS_INTERNAL_H
#define NULL_IR_PASS_INTERNAL_H

#include "internal.h"
#include "null/pass.h"

/* The passes registered on a context, in registration order. Allocated in
 * ctx->arena (grown by copying; pass lists are short). Lookups are linear:
 * they happen once per pipeline element or command-line flag. */
typedef struct NlPassRegistry {
  const NlPassDef **defs;
  uint32_t n, cap;
} NlPassRegistry;

/* One element of a pipeline: a pass instance or a nested pipeline. */
typedef enum NlPmItemKind { NL_PM_PASS, NL_PM_NESTED } NlPmItemKind;

typedef struct NlPmItem {
  NlPmItemKind kind;
  const NlPassDef *def;  /* NL_PM_PASS */
  void *opts;            /* NL_PM_PASS: owned Options struct, NULL when the
                            pass has no options */
  NlPassManager *nested; /* NL_PM_NESTED: owned */
  double secs;           /* accumulated wall time, for --timing */
} NlPmItem;

/* A row of the timing report that the manager does not measure itself
 * ("Parser", "Output" from a tool), or the place of the pipeline's rows. */
typedef enum NlTimingRowKind {
  NL_ROW_TOOL,     /* added by nl_pass_manager_add_timing */
  NL_ROW_PIPELINE, /* the root pipeline's items go here */
  NL_ROW_VERIFIER, /* all --verify-each runs */
} NlTimingRowKind;

typedef struct NlTimingRow {
  NlTimingRowKind kind;
  char *name; /* owned; NULL for NL_ROW_PIPELINE */
  double secs;
} NlTimingRow;

struct NlPassManager {
  NlContext *ctx;
  char *anchor;         /* op name; NULL runs on any op ("any") */
  NlPassManager *root;  /* the top-level manager (itself for the root) */
  NlPmItem *items;
  uint32_t nitems, items_cap;
  /* Nested managers: a one-entry cache of the last op definition tested
   * against `anchor`, so that scanning many siblings is a pointer test. */
  const NlOpDef *match_def;
  bool match_result;

  /* The fields below are used on the root only. */
  NlPassManagerConfig cfg; /* print_before/after point at owned copies */
  char **before_names;     /* split cfg.print_before */
  uint32_t nbefore_names;
  char **after_names;
  uint32_t nafter_names;
  NlArena arena;           /* handed to passes; reset after each run */
  double start;            /* creation time, for the total */
  double verify_secs;      /* time in --verify-each verification */
  double other_secs;       /* time in instrumentation (IR printing) */
  NlTimingRow *rows;
  uint32_t nrows, rows_cap;
};

/* What nl_pass_options etc. hand to a running pass. */
struct NlPassState {
  NlContext *ctx;
  const void *opts;
  NlArena *arena;
  bool unchanged; /* set by nl_pass_mark_unchanged */
};

/* ---- pass.c ------------------------------------------------------------- */

/* Monotonic wall time in seconds. */
NL_INTERNAL double nl_pm_now(void);
/* A new, empty manager with the given anchor (copied; NULL for any op).
 * root is the top-level manager it belongs to, or NULL to make a root. */
NL_INTERNAL NlPassManager *nl_pm_new(NlContext *ctx, NlPassManager *root,
                                     const char *anchor);
/* Frees a manager's items and nested managers, but not root-only state. */
NL_INTERNAL void nl_pm_free(NlPassManager *pm);
NL_INTERNAL NlPmItem *nl_pm_push(NlPassManager *pm, NlPmItemKind kind);
/* Frees an Options struct of def, including strings and lists it owns. */
NL_INTERNAL void nl_pass_options_free(const NlPassDef *def, void *opts);

/* ---- pipeline.c --------------------------------------------------------- */

/* Creates the Options struct of def filled with the defaults of its
 * table into *out (NULL when the pass has no options). Fails, with a
 * diagnostic naming the pass, if a default value does not parse: a bug in
 * the pass's table. */
NL_INTERNAL NL_NODISCARD NlResult nl_pass_options_create(NlContext *ctx,
                                                         const NlPassDef *def,
                                                         void **out);
/* Appends `name{opt=value ...}` for one pass instance. */
NL_INTERNAL void nl_pass_print_instance(const NlPassDef *def,
                                        const void *opts, NlBuf *out);

/* ---- pass_instrument.c -------------------------------------------------- */

/* Called around each pass run on op. `before_text` receives a snapshot of
 * op for --print-ir-after-change when needed (caller frees with
 * nl_buf_free). */
NL_INTERNAL void nl_pm_before_pass(NlPassManager *root, const NlPassDef *def,
                                   NlOp *op, NlBuf *before_text);
/* failed: the pass (or the verification after it) failed. unchanged: the
 * pass reported that it changed nothing. */
NL_INTERNAL void nl_pm_after_pass(NlPassManager *root, const NlPassDef *def,
                                  NlOp *op, bool failed, bool unchanged,
                                  NlBuf *before_text);
/* Creates the timing rows of the pipeline at its first run. */
NL_INTERNAL void nl_pm_timing_start(NlPassManager *root);
/* Prints the timing report of the root manager to cfg.timing_out. */
NL_INTERNAL void nl_pm_timing_report(NlPassManager *root);

#endif
