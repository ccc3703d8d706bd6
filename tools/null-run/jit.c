/*
 * Host execution: the loop-level module goes through the LLVM backend
 * (nl_llvm_target_machine, nl_llvm_translate, nl_llvm_optimize) into a
 * context owned by ORC, then LLJIT compiles it for the same target
 * machine. libm/libc symbols (expf, tanhf, memcpy, ...) resolve against
 * the process. G_packed(args, workspace) is called with a 64-byte aligned
 * workspace of G_workspace_size() bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>

#include "backends/llvm/backend.h"
#include "run.h"

typedef void (*PackedFn)(void *const *args, void *workspace);

/* Exit status of the child of run_isolated after its own error message. */
enum { CHILD_FAILED = 125 };
typedef size_t (*SizeFn)(void);

static bool
check(LLVMErrorRef err, const char *what)
{
  if (!err)
    return true;
  char *msg = LLVMGetErrorMessage(err);
  fprintf(stderr, "null-run: %s: %s\n", what, msg);
  LLVMDisposeErrorMessage(msg);
  return false;
}

static bool
lookup(LLVMOrcLLJITRef jit, const char *sym, const char *suffix,
       LLVMOrcExecutorAddress *addr)
{
  char name[1024];
  snprintf(name, sizeof name, "%s%s", sym, suffix);
  char what[1100];
  snprintf(what, sizeof what, "cannot find '%s' in the compiled model", name);
  return check(LLVMOrcLLJITLookup(jit, addr, name), what);
}

/* Runs the model once, then the benchmark. */
static bool
run_model(PackedFn packed, void **args, void *ws, const NrRunOptions *o)
{
  double t = nl_tool_now();
  packed(args, ws);
  nl_tool_passes_add_timing(o->passes, "Run", nl_tool_now() - t);
  if (o->bench <= 0)
    return true;
  double *samples = malloc((size_t)o->bench * sizeof(*samples));
  if (!samples) {
    fprintf(stderr, "null-run: out of memory\n");
    return false;
  }
  /* The checked run above was the warm-up. */
  for (int i = 0; i < o->bench; i++) {
    double t0 = nr_now();
    packed(args, ws);
    samples[i] = nr_now() - t0;
  }
  nr_print_latency(samples, o->bench);
  free(samples);
  return true;
}

/* run_model in a child process, so that a compiled model that crashes is
 * reported rather than taking null-run down: the outputs live in shared
 * memory and are copied to outs afterwards. NULL_RUN_NO_FORK=1 runs in
 * process (for a debugger). */
static bool
run_isolated(PackedFn packed, void **args, void *ws, const NrSignature *sig,
             NrTensor *outs, const NrRunOptions *o)
{
  const char *nofork = getenv("NULL_RUN_NO_FORK");
  if (nofork && *nofork && strcmp(nofork, "0") != 0)
    return run_model(packed, args, ws, o);
  size_t total = 64, *offs = calloc(sig->nout + 1, sizeof(*offs));
  for (uint32_t i = 0; offs && i < sig->nout; i++) {
    offs[i] = total;
    total += (outs[i].count * outs[i].esize + 63) / 64 * 64;
  }
  void *shared = offs ? mmap(NULL, total, PROT_READ | PROT_WRITE,
                             MAP_SHARED | MAP_ANONYMOUS, -1, 0)
                      : MAP_FAILED;
  if (shared == MAP_FAILED) {
    fprintf(stderr, "null-run: cannot map %zu bytes for the outputs: %s\n",
            total, strerror(errno));
    free(offs);
    return false;
  }
  for (uint32_t i = 0; i < sig->nout; i++)
    args[sig->nin + i] = (char *)shared + offs[i];
  fflush(stdout);
  fflush(stderr);
  double t = nl_tool_now();
  pid_t pid = fork();
  if (pid == 0) {
    bool ok = run_model(packed, args, ws, o);
    fflush(stdout);
    _exit(ok ? 0 : CHILD_FAILED);
  }
  bool ok = pid > 0;
  int status = 0;
  if (!ok)
    fprintf(stderr, "null-run: cannot fork: %s\n", strerror(errno));
  while (ok && waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "null-run: waitpid: %s\n", strerror(errno));
      ok = false;
    }
  }
  nl_tool_passes_add_timing(o->passes, "Run (child process)",
                            nl_tool_now() - t);
  if (ok && WIFSIGNALED(status)) {
    fprintf(stderr, "null-run: the compiled model crashed (signal %d: %s)\n",
            WTERMSIG(status), strsignal(WTERMSIG(status)));
    ok = false;
  } else if (ok && WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    /* CHILD_FAILED: the child said why; anything else is the model's end
     * (e.g. a sanitizer's report of its crash) */
    if (WEXITSTATUS(status) != CHILD_FAILED)
      fprintf(stderr, "null-run: the compiled model crashed (exit status %d)\n",
              WEXITSTATUS(status));
    ok = false;
  }
  for (uint32_t i = 0; ok && i < sig->nout; i++)
    memcpy(outs[i].data, (char *)shared + offs[i],
           outs[i].count * outs[i].esize);
  munmap(shared, total);
  free(offs);
  return ok;
}

/* Looks the model up and runs it (and the benchmark). */
static bool
execute(LLVMOrcLLJITRef jit, const NrSignature *sig, NrTensor *ins,
        NrTensor *outs, const NrRunOptions *o)
{
  LLVMOrcExecutorAddress packed_addr = 0, size_addr = 0;
  double t = nl_tool_now();
  if (!lookup(jit, sig->symbol, "_packed", &packed_addr) ||
      !lookup(jit, sig->symbol, "_workspace_size", &size_addr))
    return false;
  nl_tool_passes_add_timing(o->passes, "JIT compile", nl_tool_now() - t);
  PackedFn packed = (PackedFn)(uintptr_t)packed_addr;
  SizeFn wsize = (SizeFn)(uintptr_t)size_addr;
  size_t ws = wsize();
  if (ws != sig->workspace_size)
    fprintf(stderr,
            "null-run: warning: G_workspace_size() is %zu, the IR says %zu\n",
            ws, sig->workspace_size);
  NrTensor arena = {.count = ws, .esize = 1};
  void **args = calloc(sig->nin + sig->nout + 1, sizeof(*args));
  bool ok = nr_tensor_alloc(&arena) && args;
  if (ok) {
    for (uint32_t i = 0; i < sig->nin; i++)
      args[i] = ins[i].data;
    for (uint32_t i = 0; i < sig->nout; i++)
      args[sig->nin + i] = outs[i].data;
    ok = run_isolated(packed, args, arena.data, sig, outs, o);
  }
  free(args);
  nr_tensor_free(&arena);
  return ok;
}

bool
nr_run_host(NlContext *ctx, NlOp *module, const NrSignature *sig, NrTensor *ins,
            NrTensor *outs, const NrRunOptions *o)
{
  LLVMInitializeNativeTarget();
  LLVMInitializeNativeAsmPrinter();
  NlTargetOptions topts = {.cpu = o->cpu, .opt_level = 3};
  LLVMTargetMachineRef tm = nl_llvm_target_machine(ctx, module->loc, &topts);
  if (!tm)
    return false;
  LLVMOrcThreadSafeContextRef tsc = LLVMOrcCreateNewThreadSafeContext();
  LLVMContextRef lctx = LLVMOrcThreadSafeContextGetContext(tsc);
  LLVMModuleRef lm = NULL;
  double t = nl_tool_now();
  bool ok = nl_succeeded(nl_llvm_translate(module, lctx, tm, &lm));
  nl_tool_passes_add_timing(o->passes, "Translate to LLVM IR",
                            nl_tool_now() - t);
  t = nl_tool_now();
  ok = ok && nl_succeeded(nl_llvm_optimize(ctx, lm, tm, 3));
  nl_tool_passes_add_timing(o->passes, "LLVM optimize", nl_tool_now() - t);
  if (!ok) {
    if (lm)
      LLVMDisposeModule(lm);
    LLVMDisposeTargetMachine(tm);
    LLVMOrcDisposeThreadSafeContext(tsc);
    return false;
  }
  /* The JIT compiles for the very target machine the IR was laid out for
   * (the builder takes ownership of tm). */
  LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
  LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(
      builder, LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(tm));
  LLVMOrcLLJITRef jit = NULL;
  LLVMOrcThreadSafeModuleRef tsm = LLVMOrcCreateNewThreadSafeModule(lm, tsc);
  ok = check(LLVMOrcCreateLLJIT(&jit, builder), "cannot create the JIT");
  if (ok) {
    LLVMOrcJITDylibRef jd = LLVMOrcLLJITGetMainJITDylib(jit);
    LLVMOrcDefinitionGeneratorRef gen = NULL;
    ok = check(LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
                   &gen, LLVMOrcLLJITGetGlobalPrefix(jit), NULL, NULL),
               "cannot resolve symbols of the process");
    if (ok)
      LLVMOrcJITDylibAddGenerator(jd, gen);
    if (ok) {
      ok = check(LLVMOrcLLJITAddLLVMIRModule(jit, jd, tsm),
                 "cannot add the module to the JIT");
      tsm = NULL; /* owned by the JIT, or destroyed on error */
    }
  }
  if (tsm)
    LLVMOrcDisposeThreadSafeModule(tsm);
  LLVMOrcDisposeThreadSafeContext(tsc); /* modules keep it alive */
  if (ok)
    ok = execute(jit, sig, ins, outs, o);
  if (jit)
    check(LLVMOrcDisposeLLJIT(jit), "cannot destroy the JIT");
  return ok;
}
