/*
 * null-run: compiles a model (.onnx or .nir) with the default lowering
 * pipeline, runs it on DIR/input_<i>.pb and compares the outputs with
 * DIR/output_<i>.pb, or writes them to --out; --bench times it. See
 * docs/null-run.md and DESIGN.md section 6. This file is the command line
 * and the order of the steps; run.h lists the others. Exit status: 0 when
 * every output matches (or was written), 1 on any mismatch or error.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/tool_options.h"
#include "passes/pipelines.h"
#include "run.h"

#ifndef NULL_VERSION
#define NULL_VERSION "unknown"
#endif

typedef enum Target { TARGET_HOST, TARGET_AARCH64, TARGET_NPU } Target;

typedef struct Options {
  NlToolPasses *passes;
  const char *model, *data, *out, *cpu;
  Target target;
  long threads;
  int bench;
  double rtol, atol;
  bool print_memory_plan, help, version;
  char *pipeline_flag; /* the default pipeline's flag, borrowed by passes */
} Options;

typedef NlToolOption OptDef;

static const OptDef options[] = {
    {"data", NL_OPT_VALUE, "DIR", "Directory of input_<i>.pb (and output_<i>.pb)"},
    {"out", NL_OPT_VALUE, "DIR",
     "Write output_<i>.pb to DIR instead of comparing (DIR is created)"},
    {"target", NL_OPT_VALUE, "T", "host (default, JIT), aarch64 (qemu) or npu"},
    {"threads", NL_OPT_VALUE, "N", "Threads (only 1 for now)"},
    {"bench", NL_OPT_VALUE, "N",
     "Time N runs after a warm-up: latency_ms: median=X min=Y max=Z"},
    {"rtol", NL_OPT_VALUE, "R", "Relative tolerance of the comparison (1e-3)"},
    {"atol", NL_OPT_VALUE, "A", "Absolute tolerance of the comparison (1e-5)"},
    {"mcpu", NL_OPT_VALUE, "CPU", "Target CPU (host: native, aarch64: generic)"},
    {"print-memory-plan", NL_OPT_FLAG, NULL, "Print the memory plan to stderr"},
    {"help", NL_OPT_FLAG, NULL, "Print this help and exit"},
    {"version", NL_OPT_FLAG, NULL, "Print the version and exit"},
};

enum { NOPTIONS = sizeof(options) / sizeof(options[0]) };

static void
usage_error(const char *fmt, const char *a)
{
  nl_tool_usage_error("null-run", fmt, a, NULL);
}

static const OptDef *
lookup_option(const char *arg, const char **value)
{
  return nl_tool_option_lookup(options, NOPTIONS, arg, value);
}

static bool
parse_long(const char *arg, const char *v, long lo, long *out)
{
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (!*v || *end || errno || n < lo || n > 1000000000L) {
    usage_error("invalid number in '%s'", arg);
    return false;
  }
  *out = n;
  return true;
}

static bool
parse_tol(const char *arg, const char *v, double *out)
{
  char *end;
  errno = 0;
  double d = strtod(v, &end);
  if (!*v || *end || errno || !(d >= 0) || isinf(d)) {
    usage_error("invalid tolerance in '%s'", arg);
    return false;
  }
  *out = d;
  return true;
}

static bool
apply(Options *o, const OptDef *d, const char *arg, const char *v)
{
  const char *n = d->name;
  long l;
  if (!strcmp(n, "data"))
    o->data = v;
  else if (!strcmp(n, "out"))
    o->out = v;
  else if (!strcmp(n, "mcpu"))
    o->cpu = v;
  else if (!strcmp(n, "print-memory-plan"))
    o->print_memory_plan = true;
  else if (!strcmp(n, "help"))
    o->help = true;
  else if (!strcmp(n, "version"))
    o->version = true;
  else if (!strcmp(n, "rtol"))
    return parse_tol(arg, v, &o->rtol);
  else if (!strcmp(n, "atol"))
    return parse_tol(arg, v, &o->atol);
  else if (!strcmp(n, "threads")) {
    if (!parse_long(arg, v, 1, &l))
      return false;
    o->threads = l;
  } else if (!strcmp(n, "bench")) {
    if (!parse_long(arg, v, 1, &l))
      return false;
    o->bench = (int)l;
  } else if (!strcmp(n, "target")) {
    if (!strcmp(v, "host") || !strcmp(v, "native")
#if defined(__x86_64__)
        || !strcmp(v, "x86_64")
#endif
    )
      o->target = TARGET_HOST;
    else if (!strcmp(v, "aarch64"))
      o->target = TARGET_AARCH64;
    else if (!strcmp(v, "npu"))
      o->target = TARGET_NPU;
    else {
      usage_error("unknown target in '%s' (expected host, aarch64 or npu)",
                  arg);
      return false;
    }
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
      if (o->model) {
        fprintf(stderr, "null-run: too many model files ('%s' and '%s')\n",
                o->model, arg);
        return false;
      }
      o->model = arg;
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
  printf("OVERVIEW: null model runner: compiles a model, runs it on test "
         "data, compares or writes the outputs\n\n"
         "USAGE: null-run MODEL.(onnx|nir) --data DIR [--out OUTDIR] "
         "[options]\n\n"
         "Options:\n");
  for (size_t i = 0; i < NOPTIONS; i++) {
    const OptDef *d = &options[i];
    char spelled[96];
    if (d->kind == NL_OPT_VALUE)
      snprintf(spelled, sizeof spelled, "--%s %s", d->name, d->meta);
    else
      snprintf(spelled, sizeof spelled, "--%s", d->name);
    nl_tool_print_option_line(stdout, spelled, d->help);
  }
  printf("\nThe pass flags below apply to the lowering pipeline; "
         "--pass-pipeline replaces\nthe default one.\n");
  nl_tool_passes_print_help(o->passes, stdout);
}

/* Adds the default lowering pipeline unless the user gave passes. */
static bool
add_default_pipeline(Options *o)
{
  if (nl_tool_passes_any(o->passes))
    return true;
  const char *p = NL_DEFAULT_LOWERING_PIPELINE;
  NlBuf b = {0};
  nl_buf_puts(&b, "--pass-pipeline=");
  const char *mp = o->print_memory_plan ? strstr(p, "memory-plan") : NULL;
  if (mp) { /* memory-plan{print=true ...} */
    const char *rest = mp + strlen("memory-plan");
    nl_buf_append(&b, p, (size_t)(rest - p));
    nl_buf_puts(&b, *rest == '{' ? "{print=true " : "{print=true}");
    nl_buf_puts(&b, *rest == '{' ? rest + 1 : rest);
  } else {
    nl_buf_puts(&b, p);
  }
  char *flag = o->pipeline_flag = nl_buf_take(&b);
  char *argv[] = {"null-run", flag, NULL};
  int i = 1;
  bool ok =
      nl_tool_passes_parse_arg(o->passes, 2, argv, &i) == NL_TOOL_ARG_USED;
  return ok;
}

static bool
is_dir(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool
exists(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0;
}

static char *
data_path(const char *dir, const char *kind, uint32_t i)
{
  size_t n = strlen(dir) + strlen(kind) + 32;
  char *p = malloc(n);
  snprintf(p, n, "%s/%s_%u.pb", dir, kind, i);
  return p;
}

/* Reads DIR/<kind>_<i>.pb for every tensor of want and checks its type
 * and shape against the model. */
static bool
read_set(const char *dir, const char *kind, const NrTensor *want, uint32_t n,
         NrTensor *got)
{
  for (uint32_t i = 0; i < n; i++) {
    char *path = data_path(dir, kind, i);
    bool ok = nr_tensor_read(path, &got[i]);
    bool same =
        ok && got[i].dtype == want[i].dtype && got[i].rank == want[i].rank;
    for (uint32_t d = 0; same && d < want[i].rank; d++)
      same = got[i].dims[d] == want[i].dims[d];
    if (ok && !same) {
      char w[512], g[512];
      nr_tensor_describe(&want[i], w, sizeof w);
      nr_tensor_describe(&got[i], g, sizeof g);
      fprintf(stderr,
              "null-run: '%s': %s %u '%s' of the model is %s, the file "
              "holds %s\n",
              path, kind, i, want[i].name ? want[i].name : "", w, g);
      ok = false;
    }
    free(path);
    if (!ok)
      return false;
    /* The model's name wins (the file may have none). */
    free(got[i].name);
    got[i].name = want[i].name ? strdup(want[i].name) : NULL;
  }
  char *extra = data_path(dir, kind, n);
  bool more = exists(extra);
  if (more)
    fprintf(stderr, "null-run: '%s': the model has only %u %s%s\n", extra, n,
            kind, n == 1 ? "" : "s");
  free(extra);
  return !more;
}

static bool
write_outputs(const char *dir, NrTensor *outs, uint32_t n)
{
  if (!is_dir(dir) && mkdir(dir, 0777) != 0 && !is_dir(dir)) {
    fprintf(stderr, "null-run: cannot create output directory '%s': %s\n", dir,
            strerror(errno));
    return false;
  }
  for (uint32_t i = 0; i < n; i++) {
    char *path = data_path(dir, "output", i);
    bool ok = nr_tensor_write(path, &outs[i]);
    if (ok)
      printf("output_%u '%s': written to %s\n", i,
             outs[i].name ? outs[i].name : "", path);
    free(path);
    if (!ok)
      return false;
  }
  return true;
}

static int
run(Options *o)
{
  if (!is_dir(o->data)) {
    fprintf(stderr, "null-run: data directory '%s' does not exist\n", o->data);
    return 1;
  }
  if (o->out && exists(o->out) && !is_dir(o->out)) {
    fprintf(stderr, "null-run: '%s' exists and is not a directory\n", o->out);
    return 1;
  }
  NlContext *ctx = nl_context_create();
  nl_context_set_diag_handler(ctx, nr_print_diag, ctx);
  NrSignature sig;
  NrCompileOptions co = {.model = o->model, .passes = o->passes};
  NlOp *top = nr_compile(ctx, &co, &sig);
  nl_diag_flush(ctx);
  int status = 1;
  NrTensor *ins = NULL, *outs = NULL, *refs = NULL;
  if (!top)
    goto done;
  ins = calloc(sig.nin + 1, sizeof(*ins));
  outs = calloc(sig.nout + 1, sizeof(*outs));
  refs = calloc(sig.nout + 1, sizeof(*refs));
  if (!read_set(o->data, "input", sig.in, sig.nin, ins))
    goto done;
  if (!o->out && !read_set(o->data, "output", sig.out, sig.nout, refs))
    goto done;
  for (uint32_t i = 0; i < sig.nout; i++) {
    nr_tensor_copy_desc(&outs[i], &sig.out[i]);
    if (!nr_tensor_alloc(&outs[i]))
      goto done;
  }
  NrRunOptions ro = {.cpu = o->cpu, .bench = o->bench, .passes = o->passes};
  bool ok = o->target == TARGET_AARCH64
                ? nr_run_aarch64(ctx, top, &sig, ins, outs, &ro)
                : nr_run_host(ctx, top, &sig, ins, outs, &ro);
  nl_diag_flush(ctx);
  if (!ok)
    goto done;
  if (o->out) {
    status = write_outputs(o->out, outs, sig.nout) ? 0 : 1;
    goto done;
  }
  bool all = true;
  for (uint32_t i = 0; i < sig.nout; i++)
    all &= nr_compare(i, &outs[i], &refs[i], o->rtol, o->atol);
  if (!all)
    fprintf(stderr, "null-run: outputs differ from the reference\n");
  status = all ? 0 : 1;
done:
  for (uint32_t i = 0; top && i < sig.nin; i++)
    nr_tensor_free(&ins[i]);
  for (uint32_t i = 0; top && i < sig.nout; i++) {
    nr_tensor_free(&outs[i]);
    nr_tensor_free(&refs[i]);
  }
  free(ins);
  free(outs);
  free(refs);
  if (top) {
    nr_signature_free(&sig);
    nl_op_destroy(top);
  }
  nl_diag_flush(ctx);
  nl_context_destroy(ctx);
  free(co.source);
  fflush(stdout);
  return status;
}

int
main(int argc, char **argv)
{
  Options o = {.threads = 1, .rtol = 1e-3, .atol = 1e-5};
  int status = 1;
  /* Lines on stdout and stderr interleave in order when both are redirected
   * to one file. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  o.passes = nl_tool_passes_create("null-run");
  if (nl_tool_passes_load_plugins(o.passes, argc, argv))
    goto done;
  if (!parse_args(&o, argc, argv))
    goto done;
  status = 0;
  if (o.help) {
    print_help(&o);
    goto done;
  }
  if (o.version) {
    printf("null-run version %s\n", NULL_VERSION);
    goto done;
  }
  status = 1;
  if (!o.model) {
    usage_error("no model file given%s", "");
    goto done;
  }
  if (!o.data) {
    usage_error("option '--data DIR' is required%s", "");
    goto done;
  }
  if (o.target == TARGET_NPU) {
    fprintf(stderr, "null-run: --target=npu is not supported yet\n");
    goto done;
  }
  if (o.threads > 1) {
    fprintf(stderr,
            "null-run: --threads %ld: only one thread is supported for now "
            "(the parallel runtime does not exist yet)\n",
            o.threads);
    goto done;
  }
  if (!exists(o.model)) {
    fprintf(stderr, "null-run: cannot open model '%s': %s\n", o.model,
            strerror(ENOENT));
    goto done;
  }
  if (!add_default_pipeline(&o) || nl_tool_passes_finish(o.passes, NULL))
    goto done;
  status = run(&o);
done:
  nl_tool_passes_destroy(o.passes);
  free(o.pipeline_flag);
  return status;
}
