/*
 * null-translate: translations between null IR and other formats, like
 * mlir-translate. --import-onnx reads an ONNX model and writes
 * graph-dialect IR (verified; the pass flags of null-opt may follow, so a
 * pipeline can run right after the import). --emit=llvm|obj|asm|header
 * compiles a model (.onnx, imported) or IR (.nir, parsed) through the
 * default lowering pipeline (docs/lowering.md; --pass-pipeline or pass
 * flags replace it) and the LLVM backend (docs/llvm-backend.md). A thin
 * driver over frontends/onnx, passes/ and backends/llvm. Exit status: 0
 * success, 1 diagnostics, 2 usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backends/llvm/backend.h"
#include "common/tool_options.h"
#include "common/tool_passes.h"
#include "null/null.h"
#include "onnx_import.h"
#include "passes/pipelines.h"
#include "registry.h"

#ifndef NULL_VERSION
#define NULL_VERSION "unknown"
#endif

enum { EXIT_DIAG = 1, EXIT_USAGE = 2 };

typedef enum Translation { TR_NONE, TR_IMPORT_ONNX, TR_EMIT } Translation;

typedef struct Options {
  NlToolPasses *passes;
  Translation tr;
  const char *input;
  const char *output; /* NULL or "-": stdout */
  bool allow_unregistered;
  bool help, version;
  NlPrintFlags print;
  NlEmitKind emit;         /* TR_EMIT */
  NlTargetOptions target;  /* --target, --mcpu, --mattr, --opt-level */
  char *pipeline_arg;      /* the synthesized --pass-pipeline=... */
  bool print_memory_plan;  /* memory-plan{print=true} in the default pipeline */
} Options;

typedef NlToolOption OptDef;

static const OptDef options[] = {
    {"import-onnx", NL_OPT_FLAG, NULL, "Translate an ONNX model (.onnx) to graph IR"},
    {"emit", NL_OPT_VALUE, "KIND",
     "Compile IN.onnx or IN.nir to KIND: llvm, asm, obj or header"},
    {"target", NL_OPT_VALUE, "ARCH",
     "--emit target: x86_64 (default on x86_64 hosts) or aarch64"},
    {"mcpu", NL_OPT_VALUE, "CPU",
     "--emit CPU (default: the host's for x86_64, generic for aarch64)"},
    {"mattr", NL_OPT_VALUE, "FEATURES", "--emit CPU features, e.g. +avx2,-fma"},
    {"opt-level", NL_OPT_VALUE, "N", "--emit LLVM optimization level 0-3 (default 3)"},
    {"print-memory-plan", NL_OPT_FLAG, NULL,
     "--emit: write the memory plan of each function to stderr"},
    {"o", NL_OPT_VALUE, "FILE", "Write the output to FILE (default: stdout)"},
    {"elide-large-constants", NL_OPT_OPTIONAL_VALUE, "N",
     "Print dense constants of more than N elements (default 16) elided"},
    {"mlir-print-op-generic", NL_OPT_FLAG, NULL, "Print every op in generic form"},
    {"mlir-print-debuginfo", NL_OPT_FLAG, NULL, "Print op locations"},
    {"allow-unregistered-dialect", NL_OPT_FLAG, NULL,
     "Accept ops of dialects that are not loaded"},
    {"help", NL_OPT_FLAG, NULL, "Print this help and exit"},
    {"version", NL_OPT_FLAG, NULL, "Print the version and exit"},
};

enum { NOPTIONS = sizeof(options) / sizeof(options[0]) };

static void
usage_error(const char *fmt, const char *a)
{
  nl_tool_usage_error("null-translate", fmt, a, NULL);
}

static const OptDef *
lookup_option(const char *arg, const char **value)
{
  return nl_tool_option_lookup(options, NOPTIONS, arg, value);
}

static bool
apply(Options *o, const OptDef *d, const char *arg, const char *value)
{
  const char *n = d->name;
  if (!strcmp(n, "import-onnx")) {
    if (o->tr == TR_EMIT) {
      usage_error("'%s' cannot be combined with --emit", arg);
      return false;
    }
    o->tr = TR_IMPORT_ONNX;
  } else if (!strcmp(n, "emit")) {
    static const char *const kinds[] = {"llvm", "asm", "obj", "header"};
    static const NlEmitKind ids[] = {NL_EMIT_LLVM, NL_EMIT_ASM, NL_EMIT_OBJ,
                                     NL_EMIT_HEADER};
    size_t k = 0;
    while (k < 4 && strcmp(value, kinds[k]))
      k++;
    if (k == 4) {
      usage_error("invalid --emit kind '%s' (expected llvm, asm, obj or "
                  "header)", value);
      return false;
    }
    if (o->tr == TR_IMPORT_ONNX) {
      usage_error("'%s' cannot be combined with --import-onnx", arg);
      return false;
    }
    o->tr = TR_EMIT;
    o->emit = ids[k];
  } else if (!strcmp(n, "target")) {
    if (!strcmp(value, "x86_64") || !strcmp(value, "x86_64-unknown-linux-gnu")) {
      o->target.triple = "x86_64-unknown-linux-gnu";
    } else if (!strcmp(value, "aarch64") ||
               !strcmp(value, "aarch64-unknown-linux-gnu")) {
      o->target.triple = "aarch64-unknown-linux-gnu";
    } else if (!strcmp(value, "npu")) {
      usage_error("--target=%s is not supported yet", value);
      return false;
    } else {
      usage_error("unknown target '%s' (expected x86_64 or aarch64)", value);
      return false;
    }
  } else if (!strcmp(n, "mcpu")) {
    if (!*value) {
      usage_error("option '%s' requires a CPU name", arg);
      return false;
    }
    o->target.cpu = value;
  } else if (!strcmp(n, "mattr")) {
    o->target.features = value;
  } else if (!strcmp(n, "opt-level")) {
    if (strlen(value) != 1 || value[0] < '0' || value[0] > '3') {
      usage_error("invalid optimization level '%s' (expected 0-3)", value);
      return false;
    }
    o->target.opt_level = value[0] == '0' ? -1 : value[0] - '0';
  } else if (!strcmp(n, "print-memory-plan")) {
    o->print_memory_plan = true;
  } else if (!strcmp(n, "o")) {
    o->output = value;
  } else if (!strcmp(n, "elide-large-constants")) {
    o->print.elide_large = true;
    if (value) {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(value, &end, 10);
      if (!*value || *end || errno || value[0] == '-') {
        usage_error("invalid element count in '%s'", arg);
        return false;
      }
      o->print.elide_limit = (size_t)v;
    }
  } else if (!strcmp(n, "mlir-print-op-generic")) {
    o->print.generic = true;
  } else if (!strcmp(n, "mlir-print-debuginfo")) {
    o->print.debuginfo = true;
  } else if (!strcmp(n, "allow-unregistered-dialect")) {
    o->allow_unregistered = true;
  } else if (!strcmp(n, "help")) {
    o->help = true;
  } else if (!strcmp(n, "version")) {
    o->version = true;
  }
  return true;
}

static bool
parse_args(Options *o, int argc, char **argv)
{
  bool only_files = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (only_files || arg[0] != '-' || !strcmp(arg, "-")) {
      if (o->input) {
        fprintf(stderr,
                "null-translate: too many input files ('%s' and '%s')\n",
                o->input, arg);
        return false;
      }
      o->input = arg;
      continue;
    }
    if (!strcmp(arg, "--")) {
      only_files = true;
      continue;
    }
    const char *value;
    const OptDef *d = lookup_option(arg, &value);
    if (!d) {
      switch (nl_tool_passes_parse_arg(o->passes, argc, argv, &i)) {
      case NL_TOOL_ARG_USED:
        continue;
      case NL_TOOL_ARG_ERROR:
        return false;
      case NL_TOOL_ARG_NOT_MINE:
        break;
      }
      usage_error("unknown option '%s'", arg);
      return false;
    }
    if (d->kind == NL_OPT_FLAG && value) {
      usage_error("option '%s' does not take a value", arg);
      return false;
    }
    if (d->kind == NL_OPT_VALUE && !value) {
      if (i + 1 >= argc) {
        usage_error("option '%s' requires a value", arg);
        return false;
      }
      value = argv[++i];
    }
    if (!apply(o, d, arg, value))
      return false;
  }
  return true;
}

static void
print_help(Options *o)
{
  printf("OVERVIEW: null translation driver\n\n"
         "USAGE: null-translate --import-onnx MODEL.onnx [-o OUT.nir] "
         "[options]\n"
         "       null-translate IN.(onnx|nir) --emit=llvm|asm|obj|header "
         "[--target=x86_64|aarch64]\n"
         "                      [--mcpu=CPU] [--mattr=FEATURES] [-o OUT] "
         "[options]\n\n"
         "Options:\n");
  for (size_t i = 0; i < NOPTIONS; i++) {
    const OptDef *d = &options[i];
    char spelled[96];
    const char *dashes = strlen(d->name) == 1 ? "-" : "--";
    if (d->kind == NL_OPT_VALUE)
      snprintf(spelled, sizeof spelled, "%s%s %s", dashes, d->name, d->meta);
    else if (d->kind == NL_OPT_OPTIONAL_VALUE)
      snprintf(spelled, sizeof spelled, "%s%s[=%s]", dashes, d->name, d->meta);
    else
      snprintf(spelled, sizeof spelled, "%s%s", dashes, d->name);
    nl_tool_print_option_line(stdout, spelled, d->help);
  }
  nl_tool_passes_print_help(o->passes, stdout);
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
  default:
    return "note";
  }
}

/* Imported ops are located at `loc("node"("model.onnx":0:0))`: such
 * diagnostics read `model.onnx: 'node': error: ...` (there is no line
 * to show); others print the usual way. */
static void
print_diag(const NlDiag *d, void *ud)
{
  NlContext *ctx = ud;
  for (const NlDiag *n = d; n; n = n == d ? d->notes : n->next) {
    const NlLoc *l = n->loc;
    const NlLoc *f = l ? nl_loc_find_file(l) : NULL;
    if (l && l->kind == NL_LOC_NAME && f && f->file.line == 0) {
      fprintf(stderr, "%s: '%s': %s: %s\n", f->file.file->str,
              l->name.name->str, severity_name(n->severity), n->msg);
    } else if (f && f->file.line == 0) {
      fprintf(stderr, "%s: %s: %s\n", f->file.file->str,
              severity_name(n->severity), n->msg);
    } else {
      NlDiag copy = *n;
      copy.notes = NULL;
      nl_diag_print(ctx, &copy, stderr);
    }
  }
}

/* Removes a partial output file (only a regular file). */
static void
remove_output(const char *path)
{
  struct stat st;
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
    unlink(path);
}

/* The pipeline --emit runs when no --pass-pipeline or pass flag is given:
 * the default lowering pipeline of docs/lowering.md. Options that change
 * it (e.g. a --print-memory-plan that sets memory-plan{print=true}) hook
 * in here. Caller frees. */
static char *
lowering_pipeline(const Options *o)
{
  NlBuf b = {0};
  const char *p = NL_DEFAULT_LOWERING_PIPELINE;
  const char *mp = o->print_memory_plan ? strstr(p, "memory-plan") : NULL;
  if (mp) {
    mp += strlen("memory-plan");
    nl_buf_append(&b, p, (size_t)(mp - p));
    nl_buf_puts(&b, "{print=true}");
    p = mp;
  }
  nl_buf_puts(&b, p);
  return nl_buf_take(&b);
}

/* Hands `--pass-pipeline=<lowering_pipeline>` to the pass flags unless the
 * command line chose passes itself. False after a usage error. */
static bool
add_lowering_pipeline(Options *o)
{
  if (o->tr != TR_EMIT || nl_tool_passes_any(o->passes))
    return true;
  char *p = lowering_pipeline(o);
  NlBuf arg = {0};
  nl_buf_printf(&arg, "--pass-pipeline=%s", p);
  free(p);
  o->pipeline_arg = nl_buf_take(&arg);
  char *argv[] = {"null-translate", o->pipeline_arg, NULL};
  int i = 1;
  return nl_tool_passes_parse_arg(o->passes, 2, argv, &i) == NL_TOOL_ARG_USED;
}

static bool
has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

/* Reads all of f (NULL on a read error); caller frees. */
static char *
read_all(FILE *f, size_t *len)
{
  NlBuf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    nl_buf_append(&b, chunk, n);
  if (ferror(f)) {
    nl_buf_free(&b);
    return NULL;
  }
  if (!b.data)
    nl_buf_puts(&b, "");
  *len = b.len;
  return nl_buf_take(&b);
}

/* --emit's input: an ONNX model (imported) or textual IR (parsed; "-" is
 * stdin). *src keeps the text alive for diagnostics. */
static NlOp *
load_input(NlContext *ctx, const char *path, char **src)
{
  *src = NULL;
  if (has_suffix(path, ".onnx"))
    return nl_onnx_import_file(ctx, path, NULL);
  bool in = !strcmp(path, "-");
  FILE *f = in ? stdin : fopen(path, "rb");
  size_t len = 0;
  if (f) {
    *src = read_all(f, &len);
    if (!in)
      fclose(f);
  }
  if (!*src) {
    nl_emit_error(ctx, nl_loc_unknown(ctx), "cannot read '%s': %s", path,
                  strerror(errno));
    return NULL;
  }
  return nl_parse_source(ctx, in ? "<stdin>" : path, *src, len, NULL);
}

static int
run_emit(Options *o)
{
  NlContext *ctx = nl_context_create();
  nl_context_set_allow_unregistered(ctx, o->allow_unregistered);
  nl_context_set_diag_handler(ctx, print_diag, ctx);
  char *src = NULL;
  NlOp *top = NULL;
  int status = EXIT_DIAG;
  if (nl_failed(nl_register_all_dialects(ctx)) ||
      nl_failed(nl_tool_passes_setup_context(o->passes, ctx)))
    goto done;
  double t = nl_tool_now();
  top = load_input(ctx, o->input, &src);
  bool ok = top && nl_succeeded(nl_op_verify(top));
  nl_tool_passes_add_timing(o->passes, has_suffix(o->input, ".onnx")
                                           ? "Import"
                                           : "Parser",
                            nl_tool_now() - t);
  ok = ok && nl_succeeded(nl_tool_passes_run(o->passes, top));
  if (!ok)
    goto done;
  t = nl_tool_now();
  ok = nl_succeeded(
      nl_llvm_emit(top, &o->target, o->emit, o->output ? o->output : "-"));
  nl_tool_passes_add_timing(o->passes, "LLVM backend", nl_tool_now() - t);
  status = ok ? 0 : EXIT_DIAG;
done:
  if (top)
    nl_op_destroy(top);
  nl_diag_flush(ctx);
  nl_context_destroy(ctx);
  free(src);
  bool to_file = o->output && strcmp(o->output, "-") != 0;
  if (status == EXIT_DIAG && to_file)
    remove_output(o->output);
  return status;
}

static int
run(Options *o)
{
  bool to_file = o->output && strcmp(o->output, "-") != 0;
  if (to_file) {
    FILE *f = fopen(o->output, "w");
    if (!f) {
      fprintf(stderr, "null-translate: cannot open output file '%s': %s\n",
              o->output, strerror(errno));
      return EXIT_USAGE;
    }
    fclose(f);
  }
  if (o->tr == TR_EMIT)
    return run_emit(o);
  NlContext *ctx = nl_context_create();
  nl_context_set_allow_unregistered(ctx, o->allow_unregistered);
  nl_context_set_diag_handler(ctx, print_diag, ctx);
  int status = 0;
  NlOp *top = NULL;
  NlBuf out = {0};
  if (nl_failed(nl_tool_passes_setup_context(o->passes, ctx))) {
    status = EXIT_DIAG;
    goto done;
  }
  double t = nl_tool_now();
  top = nl_onnx_import_file(ctx, o->input, NULL);
  bool ok = top && nl_succeeded(nl_op_verify(top));
  nl_tool_passes_add_timing(o->passes, "Import", nl_tool_now() - t);
  if (ok && nl_tool_passes_any(o->passes))
    ok = nl_succeeded(nl_tool_passes_run(o->passes, top));
  if (!ok) {
    status = EXIT_DIAG;
    goto done;
  }
  t = nl_tool_now();
  nl_op_print_buf(top, &out, &o->print);
  nl_tool_passes_add_timing(o->passes, "Output", nl_tool_now() - t);
  FILE *f = to_file ? fopen(o->output, "w") : stdout;
  if (!f || (out.len && fwrite(out.data, 1, out.len, f) != out.len) ||
      (to_file ? fclose(f) : fflush(f)) != 0) {
    fprintf(stderr, "null-translate: cannot write output file '%s': %s\n",
            to_file ? o->output : "<stdout>", strerror(errno));
    status = EXIT_USAGE;
  }
done:
  if (top)
    nl_op_destroy(top);
  nl_diag_flush(ctx);
  nl_context_destroy(ctx);
  nl_buf_free(&out);
  if (status == EXIT_DIAG && to_file)
    remove_output(o->output);
  return status;
}

int
main(int argc, char **argv)
{
  Options o = {0};
  int status;
  o.passes = nl_tool_passes_create("null-translate");
  if ((status = nl_tool_passes_load_plugins(o.passes, argc, argv)))
    goto done;
  if (!parse_args(&o, argc, argv)) {
    status = EXIT_USAGE;
    goto done;
  }
  if (o.help) {
    print_help(&o);
    goto done;
  }
  if (o.version) {
    printf("null-translate version %s\n", NULL_VERSION);
    goto done;
  }
  if (o.tr == TR_NONE) {
    usage_error("no translation given (expected %s)",
                "--import-onnx or --emit=KIND");
    status = EXIT_USAGE;
    goto done;
  }
  if (!o.input) {
    usage_error("no input file%s", "");
    status = EXIT_USAGE;
    goto done;
  }
  if (!add_lowering_pipeline(&o)) {
    status = EXIT_USAGE;
    goto done;
  }
  if ((status = nl_tool_passes_finish(o.passes, &o.print)))
    goto done;
  status = run(&o);
done:
  nl_tool_passes_destroy(o.passes);
  free(o.pipeline_arg);
  return status;
}
