/*
 * Passes and the pass manager: a registry of passes on the context, MLIR's
 * textual pipeline syntax (`builtin.module(func.func(canonicalize,cse))`)
 * with per-pass options (`tile{sizes=64,64 interchange=1,0}`), nesting by
 * op name, verification after each pass and instrumentation (printing IR
 * around passes, timing).
 */
#ifndef NULL_PASS_H
#define NULL_PASS_H

#include "null/asm.h"

typedef struct NlPassState NlPassState;
typedef struct NlPassManager NlPassManager;

typedef enum NlPassOptionKind {
  NL_OPT_BOOL,     /* bool; `name` alone or name=true|false|1|0 */
  NL_OPT_INT,      /* int64_t */
  NL_OPT_STRING,   /* const char * (owned by the pass manager) */
  NL_OPT_INT_LIST, /* NlIntList */
} NlPassOptionKind;

typedef struct NlIntList {
  int64_t *v;
  uint32_t n;
} NlIntList;

typedef struct NlPassOption {
  const char *name;
  NlPassOptionKind kind;
  size_t offset;          /* offsetof(Options, field) */
  const char *help;
  const char *default_value; /* textual default, parsed like user input;
                                NULL: zero */
} NlPassOption;

/* A pass runs on one anchor op (an op named `anchor`, or any op when
 * anchor is NULL). It may change the anchor's regions but not the anchor's
 * siblings. */
typedef NlResult (*NlPassRunFn)(NlOp *anchor, NlPassState *ps);

typedef struct NlPassDef {
  const char *arg;         /* pipeline name and flag: "canonicalize" */
  const char *summary;
  const char *anchor;      /* op name or NULL for any op */
  NlPassRunFn run;
  const NlPassOption *options;
  uint32_t noptions;
  size_t options_size;     /* sizeof(Options); 0 when no options */
} NlPassDef;

/* Registers a pass (the table must outlive the context). Fails with a
 * diagnostic if the name is taken. */
NL_API NL_NODISCARD NlResult nl_context_register_pass(NlContext *ctx,
                                                      const NlPassDef *def);
NL_API const NlPassDef *nl_context_lookup_pass(NlContext *ctx,
                                               const char *arg, size_t len);
/* Iterates registered passes in registration order; NULL at the end. */
NL_API const NlPassDef *nl_context_pass_at(NlContext *ctx, size_t i);

/* Inside a pass. */
NL_API NlContext *nl_pass_context(NlPassState *ps);
NL_API const void *nl_pass_options(NlPassState *ps); /* the Options struct */
/* Scratch arena reset after the pass finishes on this anchor. */
NL_API NlArena *nl_pass_arena(NlPassState *ps);
/* Tells the manager the pass changed nothing (for --print-ir-after-change;
 * passes that do not call it are assumed to have changed the IR). */
NL_API void nl_pass_mark_unchanged(NlPassState *ps);

/* ---- pass manager ------------------------------------------------------- */

typedef struct NlPassManagerConfig {
  bool verify_each;         /* default true */
  bool print_before_all;
  bool print_after_all;
  bool print_after_change;  /* only when the pass changed the IR */
  bool print_after_failure;
  const char *print_before; /* comma-separated pass names, or NULL */
  const char *print_after;
  bool timing;              /* print a tree of wall times on destroy */
  FILE *print_out;          /* where IR dumps go; default stderr */
  FILE *timing_out;         /* default stderr */
  NlPrintFlags print_flags;
} NlPassManagerConfig;

NL_API void nl_pass_manager_config_init(NlPassManagerConfig *c);
/* A manager anchored on ops named `anchor` (usually "builtin.module"). */
NL_API NlPassManager *nl_pass_manager_create(NlContext *ctx,
                                             const char *anchor,
                                             const NlPassManagerConfig *c);
NL_API void nl_pass_manager_destroy(NlPassManager *pm);
/* Parses an MLIR pipeline, either anchored (`builtin.module(a,b)`) or a
 * bare list (`a,func.func(b)`) nested into the manager's anchor. Reports a
 * diagnostic pointing into the pipeline text on error. */
NL_API NL_NODISCARD NlResult nl_pass_manager_parse(NlPassManager *pm,
                                                   const char *pipeline);
/* Adds one pass by name with an option string ("sizes=4,4 flag"), nested
 * under the pass's anchor when it differs from the manager's. */
NL_API NL_NODISCARD NlResult nl_pass_manager_add(NlPassManager *pm,
                                                 const char *arg,
                                                 const char *options);
/* The pipeline in canonical textual form (caller frees). */
NL_API char *nl_pass_manager_str(NlPassManager *pm);
/* Runs the pipeline on root (which must be an op named as the anchor).
 * root may live in another context than the manager (null-opt uses one
 * context per --split-input-file chunk and one manager for all): passes and
 * their diagnostics then use root's context. Stops at the first pass that
 * fails or leaves IR that does not verify. */
NL_API NL_NODISCARD NlResult nl_pass_manager_run(NlPassManager *pm,
                                                 NlOp *root);
/* Adds secs to the top-level row `name` of the --timing report, for phases
 * a tool measures itself ("Parser", "Output"). Rows are listed in the order
 * they were first added, the pipeline's rows where it first ran. Does
 * nothing unless the config asked for timing. */
NL_API void nl_pass_manager_add_timing(NlPassManager *pm, const char *name,
                                       double secs);

/* ---- plug-ins ------------------------------------------------------------ */

/* What a pass plug-in's exported `nl_pass_plugin_info` returns. */
typedef struct NlPassPluginInfo {
  uint32_t abi_version; /* must equal NL_PLUGIN_ABI_VERSION */
  const char *name;
  const char *version;
  NlResult (*register_fn)(NlContext *ctx);
} NlPassPluginInfo;

NL_API NL_NODISCARD NlResult nl_context_load_pass_plugin(NlContext *ctx,
                                                         const char *path);

#endif
