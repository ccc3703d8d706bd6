/*
 * The pass-related command line of null-opt (and any tool that runs
 * pipelines): --pass-pipeline=, one --PASS[=OPTIONS] flag per registered
 * pass, --verify-each, the --print-ir-* flags, --timing,
 * --dump-pass-pipeline and --load-pass-plugin, plus their --help section
 * (docs/pass-manager.md). The tool keeps its own
 * flags and hands everything it does not know to this module.
 *
 * Flags are parsed once, against a context of its own where the built-in
 * passes and the --load-pass-plugin plug-ins are registered; the one pass
 * manager built from them then runs on the IR of every context the tool
 * makes (null-opt makes one per --split-input-file chunk), so --timing
 * adds up over all chunks. A driver uses it in this order:
 *
 *   NlToolPasses *tp = nl_tool_passes_create("null-opt");
 *   if ((rc = nl_tool_passes_load_plugins(tp, argc, argv))) exit(rc);
 *   for (int i = 1; i < argc; i++) {
 *     if (<the tool's own flag>) continue;
 *     switch (nl_tool_passes_parse_arg(tp, argc, argv, &i)) {
 *     case NL_TOOL_ARG_USED: continue;
 *     case NL_TOOL_ARG_ERROR: exit(2);
 *     case NL_TOOL_ARG_NOT_MINE: <unknown flag or input file>;
 *     }
 *   }
 *   if ((rc = nl_tool_passes_finish(tp, &print_flags))) exit(rc);
 *   for each context ctx the tool makes:
 *     nl_tool_passes_setup_context(tp, ctx);  // passes + plug-ins in ctx
 *     t = nl_tool_now(); <parse>; nl_tool_passes_add_timing(tp, "Parser", ..);
 *     if (nl_failed(nl_tool_passes_run(tp, module))) <exit code 1>;
 *     t = nl_tool_now(); <print>; nl_tool_passes_add_timing(tp, "Output", ..);
 *   nl_tool_passes_destroy(tp); // prints the --timing report
 */
#ifndef NULL_TOOLS_COMMON_TOOL_PASSES_H
#define NULL_TOOLS_COMMON_TOOL_PASSES_H

#include "null/null.h"
#include "null/pass.h"

typedef struct NlToolPasses NlToolPasses;

typedef enum NlToolArg {
  NL_TOOL_ARG_NOT_MINE, /* not a pass-related flag: the tool handles it */
  NL_TOOL_ARG_USED,     /* consumed, with its separate value if it had one */
  NL_TOOL_ARG_ERROR,    /* usage error, already printed: exit 2 */
} NlToolArg;

/* Monotonic wall-clock seconds, for the rows a tool times itself. */
double nl_tool_now(void);

/* State for one tool run, with its own context holding the built-in
 * passes. prog names the tool in usage errors ("null-opt: error: ..."). */
NlToolPasses *nl_tool_passes_create(const char *prog);
/* Prints the --timing report (if asked for) and frees everything. */
void nl_tool_passes_destroy(NlToolPasses *tp);

/* Loads the plug-ins of every --load-pass-plugin=LIB (or
 * --load-pass-plugin LIB) in argv, before the other flags are parsed, so
 * that their passes have flags too. Returns 0, 1 after a diagnostic (already
 * printed), or 2 after a usage error (a missing file name). */
int nl_tool_passes_load_plugins(NlToolPasses *tp, int argc, char **argv);

/* Looks at argv[*i] (and argv[*i + 1] for flags whose value may be
 * separate, like `--pass-pipeline P`; then *i is advanced past it). Flags
 * may start with one or two dashes; the --print-ir-* and --timing flags
 * also answer to their mlir-opt names (--mlir-print-ir-after-all,
 * --mlir-timing). */
NlToolArg nl_tool_passes_parse_arg(NlToolPasses *tp, int argc, char **argv,
                                   int *i);

/* After the last argument: builds the pipeline. Returns 0, 1 after a
 * diagnostic (a bad pipeline or pass option; printed), or 2 after a usage
 * error (e.g. --pass-pipeline together with --PASS flags). print_flags
 * (may be NULL) is how the --print-ir-* flags print IR. */
int nl_tool_passes_finish(NlToolPasses *tp, const NlPrintFlags *print_flags);

/* Registers the built-in passes and loads the pass plug-ins into ctx, a
 * context the tool parses IR into, so that passes find the same registry
 * there (e.g. a pass that runs a nested pipeline by name). Fails after a
 * diagnostic in ctx. */
NL_NODISCARD NlResult nl_tool_passes_setup_context(NlToolPasses *tp,
                                                  NlContext *ctx);

/* Whether any pass was requested. */
bool nl_tool_passes_any(const NlToolPasses *tp);

/* Runs the pipeline on the top-level op (a builtin.module) of any context
 * set up with nl_tool_passes_setup_context. Fails after a diagnostic in
 * that context: the tool then exits 1. */
NL_NODISCARD NlResult nl_tool_passes_run(NlToolPasses *tp, NlOp *top);

/* Adds a row (e.g. "Parser", "Output") to the --timing report. */
void nl_tool_passes_add_timing(NlToolPasses *tp, const char *name,
                               double secs);

/* The --help section: the pass flags, then every registered pass with its
 * summary and options (plug-in passes too, once loaded). */
void nl_tool_passes_print_help(NlToolPasses *tp, FILE *out);

#endif
