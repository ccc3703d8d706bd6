/*
 * --target=aarch64: the model becomes an aarch64 object (nl_llvm_emit),
 * runtime/null_run_driver.c is compiled and statically linked with it by
 * aarch64-linux-gnu-gcc, and the program runs under qemu-aarch64 with the
 * inputs and outputs passed as raw files in a temporary directory. The
 * driver does the --bench timing itself (inside the emulated process).
 *
 * Environment overrides: NULL_AARCH64_CC (default aarch64-linux-gnu-gcc),
 * NULL_QEMU_AARCH64 (default qemu-aarch64), NULL_RUNTIME_DIR (the runtime/
 * directory of the source tree), NULL_RUN_KEEP_TEMPS=1 keeps the temporary
 * directory and prints its name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backends/llvm/backend.h"
#include "run.h"

#ifndef NULL_RUNTIME_DIR
#define NULL_RUNTIME_DIR "runtime"
#endif

/* The temporary directory and the files made in it. */
typedef struct Temps {
  char dir[4096];
  char **files;
  size_t n;
} Temps;

static const char *
temp_file(Temps *t, const char *name)
{
  char *p = malloc(strlen(t->dir) + strlen(name) + 2);
  sprintf(p, "%s/%s", t->dir, name);
  char **nf = realloc(t->files, (t->n + 1) * sizeof(*nf));
  if (!nf) {
    free(p);
    return NULL;
  }
  t->files = nf;
  t->files[t->n++] = p;
  return p;
}

static void
temps_cleanup(Temps *t)
{
  const char *keep = getenv("NULL_RUN_KEEP_TEMPS");
  bool k = keep && *keep && strcmp(keep, "0") != 0;
  for (size_t i = 0; i < t->n; i++) {
    if (!k)
      unlink(t->files[i]);
    free(t->files[i]);
  }
  free(t->files);
  if (t->dir[0]) {
    if (k)
      fprintf(stderr, "null-run: temporary files kept in %s\n", t->dir);
    else
      rmdir(t->dir);
  }
}

static const char *
env_or(const char *var, const char *def)
{
  const char *v = getenv(var);
  return v && *v ? v : def;
}

/* Runs argv (NULL-terminated) and waits; false after a message. */
static bool
run_command(char *const *argv)
{
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "null-run: cannot fork: %s\n", strerror(errno));
    return false;
  }
  if (pid == 0) {
    execvp(argv[0], argv);
    fprintf(stderr, "null-run: cannot run '%s': %s\n", argv[0],
            strerror(errno));
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "null-run: waitpid: %s\n", strerror(errno));
      return false;
    }
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return true;
  fprintf(stderr, "null-run: command failed (");
  if (WIFEXITED(status))
    fprintf(stderr, "exit status %d", WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    fprintf(stderr, "signal %d", WTERMSIG(status));
  fprintf(stderr, "):");
  for (char *const *a = argv; *a; a++)
    fprintf(stderr, " %s", *a);
  fprintf(stderr, "\n");
  return false;
}

static bool
write_raw(const char *path, const NrTensor *t)
{
  FILE *f = fopen(path, "wb");
  size_t n = t->count * t->esize;
  bool ok = f && (!n || fwrite(t->data, 1, n, f) == n);
  if (f && fclose(f) != 0)
    ok = false;
  if (!ok)
    fprintf(stderr, "null-run: cannot write '%s': %s\n", path, strerror(errno));
  return ok;
}

static bool
read_raw(const char *path, NrTensor *t)
{
  FILE *f = fopen(path, "rb");
  size_t n = t->count * t->esize;
  bool ok = f && (!n || fread(t->data, 1, n, f) == n);
  if (f)
    fclose(f);
  if (!ok)
    fprintf(stderr, "null-run: cannot read %zu bytes of output from '%s'\n", n,
            path);
  return ok;
}

static bool
file_exists(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Builds the driver program; false after a message. */
static bool
build(NlOp *module, const NrSignature *sig, const NrRunOptions *o, Temps *tm,
      const char **exe)
{
  const char *obj = temp_file(tm, "model.o");
  *exe = temp_file(tm, "model.aarch64");
  if (!obj || !*exe)
    return false;
  NlTargetOptions topts = {
      .triple = "aarch64-unknown-linux-gnu", .cpu = o->cpu, .opt_level = 3};
  double t = nl_tool_now();
  bool ok = nl_succeeded(nl_llvm_emit(module, &topts, NL_EMIT_OBJ, obj));
  nl_tool_passes_add_timing(o->passes, "Emit aarch64 object",
                            nl_tool_now() - t);
  if (!ok)
    return false;
  const char *rt = env_or("NULL_RUNTIME_DIR", NULL_RUNTIME_DIR);
  char driver[4096], define[1200];
  snprintf(driver, sizeof driver, "%s/null_run_driver.c", rt);
  if (!file_exists(driver)) {
    fprintf(stderr,
            "null-run: the aarch64 driver '%s' is missing (set "
            "NULL_RUNTIME_DIR to the runtime/ directory of the sources)\n",
            driver);
    return false;
  }
  snprintf(define, sizeof define, "-DNL_MODEL=%s", sig->symbol);
  char *cc_argv[] = {(char *)env_or("NULL_AARCH64_CC", "aarch64-linux-gnu-gcc"),
                     "-std=c11",
                     "-O2",
                     "-static",
                     define,
                     "-o",
                     (char *)*exe,
                     driver,
                     (char *)obj,
                     "-lm",
                     NULL};
  t = nl_tool_now();
  ok = run_command(cc_argv);
  nl_tool_passes_add_timing(o->passes, "Link aarch64 driver",
                            nl_tool_now() - t);
  return ok;
}

bool
nr_run_aarch64(NlContext *ctx, NlOp *module, const NrSignature *sig,
               NrTensor *ins, NrTensor *outs, const NrRunOptions *o)
{
  (void)ctx;
  Temps tm = {{0}, NULL, 0};
  snprintf(tm.dir, sizeof tm.dir, "%s/null-run-XXXXXX",
           env_or("TMPDIR", "/tmp"));
  if (!mkdtemp(tm.dir)) {
    fprintf(stderr,
            "null-run: cannot create a temporary directory in "
            "'%s': %s\n",
            env_or("TMPDIR", "/tmp"), strerror(errno));
    tm.dir[0] = 0;
    return false;
  }
  const char *exe = NULL;
  bool ok = build(module, sig, o, &tm, &exe);
  /* argv: qemu exe BENCH NIN NOUT (file bytes)... */
  uint32_t nio = sig->nin + sig->nout;
  char **argv = calloc(6 + 2 * (size_t)nio + 1, sizeof(*argv));
  char **owned = calloc(3 + 2 * (size_t)nio, sizeof(*owned));
  size_t k = 0, nowned = 0;
  if (ok && (!argv || !owned)) {
    fprintf(stderr, "null-run: out of memory\n");
    ok = false;
  }
  if (ok) {
    argv[k++] = (char *)env_or("NULL_QEMU_AARCH64", "qemu-aarch64");
    argv[k++] = (char *)exe;
    char num[64];
    snprintf(num, sizeof num, "%d", o->bench > 0 ? o->bench : 0);
    argv[k++] = owned[nowned++] = strdup(num);
    snprintf(num, sizeof num, "%u", sig->nin);
    argv[k++] = owned[nowned++] = strdup(num);
    snprintf(num, sizeof num, "%u", sig->nout);
    argv[k++] = owned[nowned++] = strdup(num);
  }
  for (uint32_t i = 0; ok && i < nio; i++) {
    char name[64], num[64];
    bool in = i < sig->nin;
    NrTensor *t = in ? &ins[i] : &outs[i - sig->nin];
    snprintf(name, sizeof name, in ? "input_%u.bin" : "output_%u.bin",
             in ? i : i - sig->nin);
    const char *path = temp_file(&tm, name);
    if (!path || (in && !write_raw(path, t))) {
      ok = false;
      break;
    }
    snprintf(num, sizeof num, "%zu", t->count * t->esize);
    argv[k++] = (char *)path;
    argv[k++] = owned[nowned++] = strdup(num);
  }
  if (ok) {
    double t = nl_tool_now();
    ok = run_command(argv);
    nl_tool_passes_add_timing(o->passes, "Run under qemu-aarch64",
                              nl_tool_now() - t);
  }
  for (uint32_t i = 0; ok && i < sig->nout; i++)
    ok = read_raw(tm.files[tm.n - sig->nout + i], &outs[i]);
  for (size_t i = 0; i < nowned; i++)
    free(owned[i]);
  free(owned);
  free(argv);
  temps_cleanup(&tm);
  return ok;
}
