/*
 * null-opt: reads MLIR-syntax IR, verifies it, runs passes on it and prints
 * it back, like mlir-opt. A thin driver over libnull: its own options,
 * reading the input, --split-input-file, --verify-diagnostics and writing
 * the output; the pass flags are tools/common/tool_passes.h's.
 * Exit status: 0 success, 1 diagnostics were reported, 2 usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/tool_options.h"
#include "common/tool_passes.h"
#include "null/diag_verify.h"
#include "null/null.h"
#include "registry.h"
#include "test_dialect.h"

#ifndef NULL_VERSION
#define NULL_VERSION "unknown"
#endif

enum { EXIT_DIAG = 1, EXIT_USAGE = 2 };

typedef struct Options {
  NlToolPasses *passes;
  const char *input;  /* NULL or "-": stdin */
  const char *output; /* NULL or "-": stdout */
  bool allow_unregistered;
  bool split;
  bool verify_diags;
  bool help;
  bool version;
  NlPrintFlags print;
  const char **plugins;
  size_t nplugins, plugins_cap;
} Options;

/* ---- options ----------------------------------------------------------- */

typedef NlToolOption OptDef;

static const OptDef options[] = {
    {"o", NL_OPT_VALUE, "FILE", "Write the output to FILE (default: stdout)"},
    {"allow-unregistered-dialect", NL_OPT_FLAG, NULL,
     "Accept ops of dialects that are not loaded"},
    {"split-input-file", NL_OPT_FLAG, NULL,
     "Process the chunks between '// -----' lines separately"},
    {"verify-diagnostics", NL_OPT_FLAG, NULL,
     "Check diagnostics against 'expected-*' comments"},
    {"mlir-print-op-generic", NL_OPT_FLAG, NULL, "Print every op in generic form"},
    {"mlir-print-debuginfo", NL_OPT_FLAG, NULL, "Print op locations"},
    {"elide-large-constants", NL_OPT_OPTIONAL_VALUE, "N",
     "Elide dense constants of more than N elements (default 16)"},
    {"mlir-elide-elementsattrs-if-larger", NL_OPT_VALUE, "N",
     "Same as --elide-large-constants=N"},
    {"load-dialect-plugin", NL_OPT_VALUE, "LIB.so",
     "Load a dialect plug-in (may be repeated)"},
    {"help", NL_OPT_FLAG, NULL, "Print this help and exit"},
    {"version", NL_OPT_FLAG, NULL, "Print the version and exit"},
};

enum { NOPTIONS = sizeof(options) / sizeof(options[0]) };

static void
usage_error(const char *fmt, const char *a, const char *b)
{
  nl_tool_usage_error("null-opt", fmt, a, b);
}

static bool
parse_count(const char *s, size_t *out)
{
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (!*s || *end || errno || s[0] == '-')
    return false;
  *out = (size_t)v;
  return true;
}

/* Applies one recognized option. Returns false after a usage error. */
static bool
apply(Options *o, const OptDef *d, const char *spelled, const char *value)
{
  const char *n = d->name;
  if (!strcmp(n, "o")) {
    o->output = value;
  } else if (!strcmp(n, "allow-unregistered-dialect")) {
    o->allow_unregistered = true;
  } else if (!strcmp(n, "split-input-file")) {
    o->split = true;
  } else if (!strcmp(n, "verify-diagnostics")) {
    o->verify_diags = true;
  } else if (!strcmp(n, "mlir-print-op-generic")) {
    o->print.generic = true;
  } else if (!strcmp(n, "mlir-print-debuginfo")) {
    o->print.debuginfo = true;
  } else if (!strcmp(n, "elide-large-constants") ||
             !strcmp(n, "mlir-elide-elementsattrs-if-larger")) {
    o->print.elide_large = true;
    if (value && !parse_count(value, &o->print.elide_limit)) {
      usage_error("invalid element count '%s' for '%s'", value, spelled);
      return false;
    }
  } else if (!strcmp(n, "load-dialect-plugin")) {
    NL_VEC_PUSH(o->plugins, o->nplugins, o->plugins_cap, value);
  } else if (!strcmp(n, "help")) {
    o->help = true;
  } else if (!strcmp(n, "version")) {
    o->version = true;
  }
  return true;
}

static const OptDef *
lookup_option(const char *arg, const char **value)
{
  return nl_tool_option_lookup(options, NOPTIONS, arg, value);
}

/* Parses argv like LLVM's command line: options take one or two dashes,
 * values follow `=` or come as the next argument, `-` is stdin and `--`
 * ends the options. What is not null-opt's own goes to the pass flags. */
static bool
parse_args(Options *o, int argc, char **argv)
{
  bool only_files = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (only_files || arg[0] != '-' || !strcmp(arg, "-")) {
      if (o->input) {
        usage_error("too many input files ('%s' and '%s')", o->input, arg);
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
      usage_error("unknown option '%s'%s", arg, "");
      return false;
    }
    if (d->kind == NL_OPT_FLAG && value) {
      usage_error("option '%s' does not take a value%s", arg, "");
      return false;
    }
    if (d->kind == NL_OPT_VALUE && !value) {
      if (i + 1 >= argc) {
        usage_error("option '%s' requires a value (%s)", arg, d->meta);
        return false;
      }
      value = argv[++i];
    }
    if (d->kind == NL_OPT_VALUE && !*value) {
      usage_error("option '%s' requires a value (%s)", arg, d->meta);
      return false;
    }
    if (!apply(o, d, arg, value))
      return false;
  }
  return true;
}

/* ---- contexts ------------------------------------------------------------ */

/* A context with every dialect null-opt knows: the built-in ones, the test
 * dialect and the requested plug-ins. Reports and returns NULL on error. */
static NlContext *
make_context(const Options *o)
{
  NlContext *ctx = nl_context_create();
  nl_context_set_allow_unregistered(ctx, o->allow_unregistered);
  bool ok = nl_succeeded(nl_register_all_dialects(ctx)) &&
            nl_succeeded(nl_test_register(ctx));
  for (size_t i = 0; ok && i < o->nplugins; i++)
    ok = nl_succeeded(nl_context_load_dialect_plugin(ctx, o->plugins[i]));
  ok = ok && nl_succeeded(nl_tool_passes_setup_context(o->passes, ctx));
  nl_diag_flush(ctx);
  if (!ok) {
    nl_context_destroy(ctx);
    return NULL;
  }
  return ctx;
}

static void
print_help(const Options *o)
{
  printf("OVERVIEW: null optimizer driver: parses, verifies, transforms and "
         "prints IR\n\n"
         "USAGE: null-opt [options] [FILE|-]\n\n"
         "Reads FILE, or stdin when it is absent or '-'. Options take one "
         "or two dashes.\n\n"
         "Options:\n");
  for (size_t i = 0; i < NOPTIONS; i++) {
    char spelled[96];
    const OptDef *d = &options[i];
    const char *dashes = strlen(d->name) == 1 ? "-" : "--";
    if (d->kind == NL_OPT_VALUE && strlen(d->name) == 1)
      snprintf(spelled, sizeof spelled, "%s%s %s", dashes, d->name, d->meta);
    else if (d->kind == NL_OPT_VALUE)
      snprintf(spelled, sizeof spelled, "%s%s=%s", dashes, d->name, d->meta);
    else if (d->kind == NL_OPT_OPTIONAL_VALUE)
      snprintf(spelled, sizeof spelled, "%s%s[=%s]", dashes, d->name, d->meta);
    else
      snprintf(spelled, sizeof spelled, "%s%s", dashes, d->name);
    /* Same layout as the pass section below: help in column 32, or on the
     * next line after a long option. */
    nl_tool_print_option_line(stdout, spelled, d->help);
  }
  nl_tool_passes_print_help(o->passes, stdout);
  printf("\nRegistered dialects:\n");
  NlContext *ctx = make_context(o);
  if (!ctx)
    return;
  const NlDialect *d;
  for (size_t i = 0; (d = nl_context_dialect_at(ctx, i)); i++) {
    int w = printf("  %s", d->name);
    printf("%*s%3u ops  %s\n", w < 16 ? 16 - w : 1, "", (unsigned)d->nops,
           d->summary ? d->summary : "");
  }
  nl_context_destroy(ctx);
}

/* ---- input and output --------------------------------------------------- */

/* The whole stream (caller frees), or NULL with errno set. Regular files
 * are read in one piece; pipes in chunks. */
static char *
read_all(FILE *f, size_t *len)
{
  NlBuf b = {0};
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    b.cap = (size_t)st.st_size + 1;
    b.data = nl_xmalloc(b.cap);
    b.len = fread(b.data, 1, (size_t)st.st_size, f);
    b.data[b.len] = '\0';
  }
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

/* Whether [p, end) is a `// -----` line (surrounding blanks allowed). */
static bool
is_split_marker(const char *p, const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  if ((size_t)(end - p) < 8 || memcmp(p, "// -----", 8) != 0)
    return false;
  for (p += 8; p < end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r')
      return false;
  return true;
}

/* Processes one buffer (a whole file or one chunk): parse, verify and, on
 * success, print into out. With --verify-diagnostics the result is whether
 * the diagnostics matched the expectations. */
static bool
process(const Options *o, const char *name, const char *buf, size_t len,
        uint32_t first_line, NlBuf *out)
{
  NlContext *ctx = make_context(o);
  if (!ctx)
    return false;
  NlDiagVerifier *dv = NULL;
  if (o->verify_diags) {
    dv = nl_diag_verifier_create(ctx, stderr);
    nl_diag_verifier_add_source(dv, name, buf, len, first_line);
  }
  NlParseConfig cfg = {.first_line = first_line};
  double t = nl_tool_now();
  NlOp *top = nl_parse_source(ctx, name, buf, len, &cfg);
  bool ok = top && nl_succeeded(nl_op_verify(top));
  nl_tool_passes_add_timing(o->passes, "Parser", nl_tool_now() - t);
  if (ok && nl_tool_passes_any(o->passes))
    ok = nl_succeeded(nl_tool_passes_run(o->passes, top));
  if (ok) {
    t = nl_tool_now();
    nl_op_print_buf(top, out, &o->print);
    nl_buf_putc(out, '\n');
    nl_tool_passes_add_timing(o->passes, "Output", nl_tool_now() - t);
  }
  if (top)
    nl_op_destroy(top);
  nl_diag_flush(ctx);
  if (dv) {
    ok = nl_succeeded(nl_diag_verifier_finish(dv));
    nl_diag_verifier_destroy(dv);
  }
  nl_context_destroy(ctx);
  return ok;
}

/* --split-input-file: each chunk keeps the line numbers of the file, and
 * the outputs are separated by `// -----` lines as mlir-opt does. */
static bool
process_split(const Options *o, const char *name, const char *buf, size_t len,
              NlBuf *out)
{
  bool ok = true;
  const char *start = buf, *end = buf + len;
  uint32_t line = 1, first = 1;
  for (const char *p = buf;;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (is_split_marker(p, nl ? nl : end)) {
      ok &= process(o, name, start, (size_t)(p - start), first, out);
      nl_buf_puts(out, "// -----\n");
      start = nl ? nl + 1 : end;
      first = line + 1;
    }
    if (!nl)
      break;
    p = nl + 1;
    line++;
  }
  ok &= process(o, name, start, (size_t)(end - start), first, out);
  return ok;
}

static bool
write_output(const char *path, const NlBuf *text)
{
  bool to_stdout = !path || !strcmp(path, "-");
  FILE *f = to_stdout ? stdout : fopen(path, "w");
  if (!f)
    return false;
  bool ok = text->len == 0 || fwrite(text->data, 1, text->len, f) == text->len;
  ok &= to_stdout ? fflush(f) == 0 : fclose(f) == 0;
  return ok;
}

/* Removes the output file of a failed run, like LLVM's ToolOutputFile, but
 * only a regular file (never /dev/null and the like). */
static void
remove_output(const char *path)
{
  struct stat st;
  if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
    unlink(path);
}

/* Reads the input, processes it and writes the output; returns the exit
 * status. */
static int
run(Options *o)
{
  /* Read the input and check that the output can be written before doing
   * any work, as mlir-opt does. */
  bool from_stdin = !o->input || !strcmp(o->input, "-");
  const char *name = from_stdin ? "<stdin>" : o->input;
  FILE *in = from_stdin ? stdin : fopen(o->input, "rb");
  size_t len = 0;
  char *buf = NULL;
  if (in) {
    buf = read_all(in, &len);
    if (!from_stdin)
      fclose(in);
  }
  if (!buf) {
    fprintf(stderr, "null-opt: cannot open input file '%s': %s\n", name,
            strerror(errno));
    return EXIT_USAGE;
  }
  bool to_file = o->output && strcmp(o->output, "-") != 0;
  if (to_file) {
    FILE *f = fopen(o->output, "w");
    if (!f) {
      fprintf(stderr, "null-opt: cannot open output file '%s': %s\n", o->output,
              strerror(errno));
      free(buf);
      return EXIT_USAGE;
    }
    fclose(f);
  }

  /* Dialect plug-ins are loaded once up front so that a bad one is
   * reported once, not once per chunk. */
  int status = 0;
  NlBuf out = {0};
  NlContext *probe = make_context(o);
  if (!probe) {
    status = EXIT_DIAG;
  } else {
    nl_context_destroy(probe);
    bool ok = o->split ? process_split(o, name, buf, len, &out)
                       : process(o, name, buf, len, 1, &out);
    if (!ok)
      status = EXIT_DIAG;
  }

  /* With --verify-diagnostics, IR is printed only when everything matched;
   * a failed run leaves no output file behind. */
  if (status != 0 && o->verify_diags)
    out.len = 0;
  if (status != 0 && to_file) {
    remove_output(o->output);
  } else if (!write_output(o->output, &out)) {
    fprintf(stderr, "null-opt: cannot write output file '%s': %s\n",
            o->output ? o->output : "<stdout>", strerror(errno));
    status = EXIT_USAGE;
  }
  free(buf);
  nl_buf_free(&out);
  return status;
}

int
main(int argc, char **argv)
{
  Options o = {0};
  int status;
  o.passes = nl_tool_passes_create("null-opt");
  /* Pass plug-ins first: their passes get flags like built-in ones. */
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
    printf("null-opt version %s\n", NULL_VERSION);
    goto done;
  }
  if ((status = nl_tool_passes_finish(o.passes, &o.print)))
    goto done;
  status = run(&o);
done:
  /* Also prints the --timing report. */
  nl_tool_passes_destroy(o.passes);
  free(o.plugins);
  return status;
}
