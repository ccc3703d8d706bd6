/*
 * null-translate: translations between null IR and other formats, like
 * mlir-translate. Today one: --import-onnx reads an ONNX model and writes
 * graph-dialect IR (verified; the pass flags of null-opt may follow, so a
 * pipeline can run right after the import). A thin driver over
 * frontends/onnx. Exit status: 0 success, 1 diagnostics, 2 usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/tool_passes.h"
#include "null/null.h"
#include "onnx_import.h"

#ifndef NULL_VERSION
#define NULL_VERSION "unknown"
#endif

enum { EXIT_DIAG = 1, EXIT_USAGE = 2 };

typedef enum Translation { TR_NONE, TR_IMPORT_ONNX } Translation;

typedef struct Options {
  NlToolPasses *passes;
  Translation tr;
  const char *input;
  const char *output; /* NULL or "-": stdout */
  bool allow_unregistered;
  bool help, version;
  NlPrintFlags print;
} Options;

typedef struct OptDef {
  const char *name;
  int kind; /* 0 flag, 1 value, 2 optional value */
  const char *meta;
  const char *help;
} OptDef;

static const OptDef options[] = {
    {"import-onnx", 0, NULL, "Translate an ONNX model (.onnx) to graph IR"},
    {"o", 1, "FILE", "Write the output to FILE (default: stdout)"},
    {"elide-large-constants", 2, "N",
     "Print dense constants of more than N elements (default 16) elided"},
    {"mlir-print-op-generic", 0, NULL, "Print every op in generic form"},
    {"mlir-print-debuginfo", 0, NULL, "Print op locations"},
    {"allow-unregistered-dialect", 0, NULL,
     "Accept ops of dialects that are not loaded"},
    {"help", 0, NULL, "Print this help and exit"},
    {"version", 0, NULL, "Print the version and exit"},
};

enum { NOPTIONS = sizeof(options) / sizeof(options[0]) };

static void
usage_error(const char *fmt, const char *a)
{
  fprintf(stderr, "null-translate: ");
  fprintf(stderr, fmt, a);
  fprintf(stderr, "\nTry 'null-translate --help' for more information.\n");
}

/* The option spelled by arg (`-x`, `--x`, `--x=v`), or NULL. */
static const OptDef *
lookup_option(const char *arg, const char **value)
{
  const char *name = arg + (arg[1] == '-' ? 2 : 1);
  const char *eq = strchr(name, '=');
  size_t len = eq ? (size_t)(eq - name) : strlen(name);
  *value = eq ? eq + 1 : NULL;
  for (size_t k = 0; k < NOPTIONS; k++)
    if (strlen(options[k].name) == len && !strncmp(options[k].name, name, len))
      return &options[k];
  if (len == 1 && name[0] == 'h')
    return &options[NOPTIONS - 2];
  return NULL;
}

static bool
apply(Options *o, const OptDef *d, const char *arg, const char *value)
{
  const char *n = d->name;
  if (!strcmp(n, "import-onnx")) {
    o->tr = TR_IMPORT_ONNX;
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
    if (d->kind == 0 && value) {
      usage_error("option '%s' does not take a value", arg);
      return false;
    }
    if (d->kind == 1 && !value) {
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
         "[options]\n\n"
         "Options:\n");
  for (size_t i = 0; i < NOPTIONS; i++) {
    const OptDef *d = &options[i];
    char spelled[96];
    const char *dashes = strlen(d->name) == 1 ? "-" : "--";
    if (d->kind == 1)
      snprintf(spelled, sizeof spelled, "%s%s %s", dashes, d->name, d->meta);
    else if (d->kind == 2)
      snprintf(spelled, sizeof spelled, "%s%s[=%s]", dashes, d->name, d->meta);
    else
      snprintf(spelled, sizeof spelled, "%s%s", dashes, d->name);
    int w = printf("  %s", spelled);
    if (w >= 31) {
      putchar('\n');
      w = 0;
    }
    printf("%*s%s\n", 32 - w, "", d->help);
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
    usage_error("no translation given (expected %s)", "--import-onnx");
    status = EXIT_USAGE;
    goto done;
  }
  if (!o.input) {
    usage_error("no input file%s", "");
    status = EXIT_USAGE;
    goto done;
  }
  if ((status = nl_tool_passes_finish(o.passes, &o.print)))
    goto done;
  status = run(&o);
done:
  nl_tool_passes_destroy(o.passes);
  return status;
}
