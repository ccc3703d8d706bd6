/*
 * The pass-related flags of null-opt: collecting them from argv, building
 * the pass manager from them, running it, and the --help section that
 * lists every registered pass with its options. Parsing pipelines and
 * options is the library's job (ir/pipeline.c); this file only maps flags.
 */
#include "common/tool_passes.h"

#include "passes/registry.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One --PASS[=OPTIONS] flag, in command-line order. */
typedef struct PassFlag {
  const char *arg;     /* the registered name (borrowed from the table) */
  const char *options; /* borrowed from argv; NULL without '=' */
  const char *flag;    /* the whole argument, for messages */
} PassFlag;

struct NlToolPasses {
  NlContext *ctx;            /* owned: the pass registry flags refer to */
  const char *prog;
  const char **plugins;      /* --load-pass-plugin paths, from argv */
  uint32_t nplugins, plugins_cap;
  NlPassManagerConfig cfg;
  const char *pipeline;      /* --pass-pipeline, borrowed from argv */
  PassFlag *passes;
  uint32_t npasses, passes_cap;
  NlBuf print_before;        /* comma-joined --print-ir-before values */
  NlBuf print_after;
  bool dump_pipeline;        /* --dump-pass-pipeline */
  NlPassManager *pm;         /* built by nl_tool_passes_finish */
};

double
nl_tool_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

NlToolPasses *
nl_tool_passes_create(const char *prog)
{
  NlToolPasses *tp = nl_xcalloc(1, sizeof *tp);
  tp->ctx = nl_context_create();
  tp->prog = prog ? prog : "null-opt";
  nl_pass_manager_config_init(&tp->cfg);
  /* Built-in passes cannot clash with each other. */
  NlResult r = nl_register_all_passes(tp->ctx);
  nl_assert(nl_succeeded(r));
  return tp;
}

void
nl_tool_passes_destroy(NlToolPasses *tp)
{
  if (!tp)
    return;
  nl_pass_manager_destroy(tp->pm);
  nl_context_destroy(tp->ctx);
  free(tp->plugins);
  free(tp->passes);
  nl_buf_free(&tp->print_before);
  nl_buf_free(&tp->print_after);
  free(tp);
}

static void
usage_error(NlToolPasses *tp, const char *fmt, ...) NL_PRINTF(2, 3);

static void
usage_error(NlToolPasses *tp, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: ", tp->prog);
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\nTry '%s --help' for more information.\n", tp->prog);
  va_end(ap);
}

/* A flag's name without its dashes, its length up to '=' and its value
 * after '=' (NULL when there is none). Returns false for non-flags. */
static bool
split_flag(const char *a, const char **name, size_t *len, const char **value)
{
  if (a[0] != '-' || a[1] == 0)
    return false;
  a += a[1] == '-' ? 2 : 1;
  if (!*a)
    return false; /* "--" */
  const char *eq = strchr(a, '=');
  *name = a;
  *len = eq ? (size_t)(eq - a) : strlen(a);
  *value = eq ? eq + 1 : NULL;
  return true;
}

static bool
name_is(const char *name, size_t len, const char *what)
{
  return strlen(what) == len && memcmp(name, what, len) == 0;
}

/* The value of a flag that takes one: after '=' or in the next argument.
 * meta names the value in the message when it is missing or empty. */
static const char *
flag_value(NlToolPasses *tp, int argc, char **argv, int *i, const char *value,
           const char *meta, bool allow_empty)
{
  const char *spelled = argv[*i];
  if (!value && *i + 1 < argc) {
    (*i)++;
    value = argv[*i];
  }
  if (!value || (!*value && !allow_empty)) {
    usage_error(tp, "option '%s' requires a value (%s)", spelled, meta);
    return NULL;
  }
  return value;
}

int
nl_tool_passes_load_plugins(NlToolPasses *tp, int argc, char **argv)
{
  for (int i = 1; i < argc; i++) {
    const char *name, *value;
    size_t len;
    if (strcmp(argv[i], "--") == 0)
      break; /* only file names follow */
    if (!split_flag(argv[i], &name, &len, &value) ||
        !name_is(name, len, "load-pass-plugin"))
      continue;
    const char *path =
        flag_value(tp, argc, argv, &i, value, "LIB.so", false);
    if (!path)
      return 2;
    NL_VEC_PUSH(tp->plugins, tp->nplugins, tp->plugins_cap, path);
    if (nl_failed(nl_context_load_pass_plugin(tp->ctx, path))) {
      nl_diag_flush(tp->ctx);
      return 1;
    }
  }
  return 0;
}

NlResult
nl_tool_passes_setup_context(NlToolPasses *tp, NlContext *ctx)
{
  if (nl_failed(nl_register_all_passes(ctx)))
    return nl_failure();
  for (uint32_t i = 0; i < tp->nplugins; i++)
    if (nl_failed(nl_context_load_pass_plugin(ctx, tp->plugins[i])))
      return nl_failure();
  return nl_success();
}

/* Parses an optional boolean flag value (`--verify-each=false`). */
static bool
parse_bool(NlToolPasses *tp, const char *flag, const char *value, bool *out)
{
  if (!value || strcmp(value, "true") == 0 || strcmp(value, "1") == 0) {
    *out = true;
    return true;
  }
  if (strcmp(value, "false") == 0 || strcmp(value, "0") == 0) {
    *out = false;
    return true;
  }
  usage_error(tp, "option '--%s' expects true or false, got '%s'", flag,
              value);
  return false;
}

static void
append_names(NlBuf *b, const char *names)
{
  if (b->len)
    nl_buf_putc(b, ',');
  nl_buf_puts(b, names);
}

/* The instrumentation flags: (name, field of the config) pairs. */
typedef struct BoolFlag {
  const char *name;
  size_t offset;
} BoolFlag;

static const BoolFlag bool_flags[] = {
    {"verify-each", offsetof(NlPassManagerConfig, verify_each)},
    {"print-ir-before-all", offsetof(NlPassManagerConfig, print_before_all)},
    {"print-ir-after-all", offsetof(NlPassManagerConfig, print_after_all)},
    {"print-ir-after-change",
     offsetof(NlPassManagerConfig, print_after_change)},
    {"print-ir-after-failure",
     offsetof(NlPassManagerConfig, print_after_failure)},
    {"timing", offsetof(NlPassManagerConfig, timing)},
};

NlToolArg
nl_tool_passes_parse_arg(NlToolPasses *tp, int argc, char **argv, int *i)
{
  const char *arg = argv[*i];
  const char *name, *value;
  size_t len;
  if (!split_flag(arg, &name, &len, &value))
    return NL_TOOL_ARG_NOT_MINE;
  /* mlir-opt spells the instrumentation flags --mlir-...; accept both. */
  if (len > 5 && memcmp(name, "mlir-", 5) == 0 &&
      (memcmp(name + 5, "print-ir-", 9) == 0 ||
       name_is(name + 5, len - 5, "timing"))) {
    name += 5;
    len -= 5;
  }

  for (size_t k = 0; k < sizeof bool_flags / sizeof bool_flags[0]; k++) {
    if (!name_is(name, len, bool_flags[k].name))
      continue;
    bool v;
    if (!parse_bool(tp, bool_flags[k].name, value, &v))
      return NL_TOOL_ARG_ERROR;
    memcpy((char *)&tp->cfg + bool_flags[k].offset, &v, sizeof v);
    return NL_TOOL_ARG_USED;
  }
  if (name_is(name, len, "dump-pass-pipeline")) {
    if (!parse_bool(tp, "dump-pass-pipeline", value, &tp->dump_pipeline))
      return NL_TOOL_ARG_ERROR;
    return NL_TOOL_ARG_USED;
  }
  if (name_is(name, len, "load-pass-plugin")) {
    /* Loaded by nl_tool_passes_load_plugins; skip a separate value. */
    if (!value && *i + 1 < argc)
      (*i)++;
    return NL_TOOL_ARG_USED;
  }
  if (name_is(name, len, "pass-pipeline")) {
    const char *v = flag_value(tp, argc, argv, i, value, "PIPELINE", true);
    if (!v)
      return NL_TOOL_ARG_ERROR;
    if (tp->pipeline) {
      usage_error(tp, "option '--pass-pipeline' may be given only once");
      return NL_TOOL_ARG_ERROR;
    }
    tp->pipeline = v;
    return NL_TOOL_ARG_USED;
  }
  if (name_is(name, len, "print-ir-before") ||
      name_is(name, len, "print-ir-after")) {
    bool before = name_is(name, len, "print-ir-before");
    const char *v = flag_value(tp, argc, argv, i, value, "PASSES", false);
    if (!v)
      return NL_TOOL_ARG_ERROR;
    append_names(before ? &tp->print_before : &tp->print_after, v);
    return NL_TOOL_ARG_USED;
  }

  const NlPassDef *def = nl_context_lookup_pass(tp->ctx, name, len);
  if (!def)
    return NL_TOOL_ARG_NOT_MINE;
  PassFlag f = {def->arg, value, arg};
  NL_VEC_PUSH(tp->passes, tp->npasses, tp->passes_cap, f);
  return NL_TOOL_ARG_USED;
}

/* Every name of a --print-ir-before/after list must be a pass. */
static bool
check_names(NlToolPasses *tp, const char *flag, const NlBuf *names)
{
  const char *s = names->data;
  while (s && *s) {
    size_t n = strcspn(s, ",");
    if (n && !nl_context_lookup_pass(tp->ctx, s, n)) {
      usage_error(tp, "option '--%s': unknown pass '%.*s'", flag, (int)n, s);
      return false;
    }
    s += n;
    if (*s == ',')
      s++;
  }
  return true;
}

int
nl_tool_passes_finish(NlToolPasses *tp, const NlPrintFlags *print_flags)
{
  if (tp->pipeline && tp->npasses) {
    usage_error(tp, "option '--pass-pipeline' cannot be combined with "
                "individual pass flags such as '%s'", tp->passes[0].flag);
    return 2;
  }
  if (!check_names(tp, "print-ir-before", &tp->print_before) ||
      !check_names(tp, "print-ir-after", &tp->print_after))
    return 2;
  NlPassManagerConfig cfg = tp->cfg;
  cfg.print_before = tp->print_before.data;
  cfg.print_after = tp->print_after.data;
  if (print_flags)
    cfg.print_flags = *print_flags;
  tp->pm = nl_pass_manager_create(tp->ctx, "builtin.module", &cfg);
  bool ok = !tp->pipeline ||
            nl_succeeded(nl_pass_manager_parse(tp->pm, tp->pipeline));
  for (uint32_t i = 0; ok && i < tp->npasses; i++)
    ok = nl_succeeded(nl_pass_manager_add(tp->pm, tp->passes[i].arg,
                                          tp->passes[i].options));
  nl_diag_flush(tp->ctx);
  if (ok && tp->dump_pipeline) {
    char *text = nl_pass_manager_str(tp->pm);
    fprintf(stderr, "%s\n", text);
    free(text);
  }
  return ok ? 0 : 1;
}

bool
nl_tool_passes_any(const NlToolPasses *tp)
{
  return tp->npasses || tp->pipeline;
}

NlResult
nl_tool_passes_run(NlToolPasses *tp, NlOp *top)
{
  nl_assert(tp->pm);
  return nl_pass_manager_run(tp->pm, top);
}

void
nl_tool_passes_add_timing(NlToolPasses *tp, const char *name, double secs)
{
  if (tp->pm)
    nl_pass_manager_add_timing(tp->pm, name, secs);
}

/* ---- --help ----------------------------------------------------------------- */

/* `  --flag   help`, with the help in column 32 (or on the next line). */
static void
help_line(FILE *out, const char *indent, const char *flag, const char *help)
{
  int w = fprintf(out, "%s%s", indent, flag);
  if (w >= 31) {
    fputc('\n', out);
    w = 0;
  }
  fprintf(out, "%*s%s\n", 32 - w, "", help ? help : "");
}

static const char *
option_kind_name(NlPassOptionKind k)
{
  switch (k) {
  case NL_OPT_BOOL:
    return "bool";
  case NL_OPT_INT:
    return "int";
  case NL_OPT_STRING:
    return "string";
  case NL_OPT_INT_LIST:
    return "int,...";
  }
  return "value";
}

void
nl_tool_passes_print_help(NlToolPasses *tp, FILE *out)
{
  NlContext *ctx = tp->ctx;
  fputs("\nPass options:\n", out);
  help_line(out, "  ", "--pass-pipeline=PIPELINE",
            "Run a textual pipeline, e.g. "
            "'builtin.module(func.func(cse),canonicalize)'");
  help_line(out, "  ", "--PASS[=OPTIONS]",
            "Run one pass (list below), nested under its op if it has one; "
            "OPTIONS as in a pipeline: --PASS='a=1 b=2,3'");
  help_line(out, "  ", "--verify-each[=false]",
            "Verify the IR after each pass (default: true)");
  help_line(out, "  ", "--print-ir-before=PASSES",
            "Print the IR before the listed passes (comma-separated)");
  help_line(out, "  ", "--print-ir-before-all",
            "Print the IR before every pass");
  help_line(out, "  ", "--print-ir-after=PASSES",
            "Print the IR after the listed passes (comma-separated)");
  help_line(out, "  ", "--print-ir-after-all",
            "Print the IR after every pass");
  help_line(out, "  ", "--print-ir-after-change",
            "Print the IR after a pass only if the pass changed it");
  help_line(out, "  ", "--print-ir-after-failure",
            "Print the IR after a pass that failed");
  help_line(out, "  ", "--timing",
            "Print a tree of wall times per pass (like -mlir-timing)");
  help_line(out, "  ", "--dump-pass-pipeline",
            "Print the pipeline to stderr before running it");
  help_line(out, "  ", "--load-pass-plugin=LIB",
            "Load passes from a shared library (before other flags)");

  fputs("\nPasses:\n", out);
  const NlPassDef *d;
  for (size_t i = 0; (d = nl_context_pass_at(ctx, i)); i++) {
    NlBuf flag = {0}, help = {0};
    nl_buf_printf(&flag, "--%s", d->arg);
    nl_buf_puts(&help, d->summary ? d->summary : "");
    if (d->anchor)
      nl_buf_printf(&help, " (on %s)", d->anchor);
    help_line(out, "  ", flag.data, help.data);
    for (uint32_t k = 0; k < d->noptions; k++) {
      const NlPassOption *o = &d->options[k];
      nl_buf_free(&flag);
      nl_buf_free(&help);
      nl_buf_printf(&flag, "%s=<%s>", o->name, option_kind_name(o->kind));
      nl_buf_puts(&help, o->help ? o->help : "");
      if (o->default_value)
        nl_buf_printf(&help, " (default: %s)", o->default_value);
      help_line(out, "      ", flag.data, help.data);
    }
    nl_buf_free(&flag);
    nl_buf_free(&help);
  }
}
