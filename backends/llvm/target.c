/*
 * Targets of the LLVM backend (docs/llvm-backend.md): x86_64 and AArch64
 * Linux, a target machine per --target/--mcpu/--mattr (the host's CPU and
 * features for x86_64 by default, "generic" for aarch64), and LLVM's
 * default<On> optimization pipeline through LLVMRunPasses.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/Error.h>
#include <llvm-c/Target.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "backends/llvm/internal.h"

void
nl_llvm_init_targets(void)
{
  /* Idempotent: LLVM's registration only fills in fixed tables. */
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86AsmPrinter();
  LLVMInitializeAArch64TargetInfo();
  LLVMInitializeAArch64Target();
  LLVMInitializeAArch64TargetMC();
  LLVMInitializeAArch64AsmPrinter();
}

static bool
has_prefix(const char *s, const char *p)
{
  return !strncmp(s, p, strlen(p));
}

/* Runs LLVMCreateTargetMachine with LLVM's stderr warnings captured: an
 * unknown CPU or feature is only a warning to LLVM ("'x' is not a
 * recognized processor for this target (ignoring processor)"), an error
 * here. *warn receives what LLVM printed (caller frees). */
static LLVMTargetMachineRef
create_captured(LLVMTargetRef target, const char *triple, const char *cpu,
                const char *features, LLVMCodeGenOptLevel level, char **warn)
{
  *warn = NULL;
  fflush(stderr);
  FILE *tmp = tmpfile();
  int saved = tmp ? dup(2) : -1;
  if (saved >= 0 && dup2(fileno(tmp), 2) < 0) {
    close(saved);
    saved = -1;
  }
  LLVMTargetMachineRef tm = LLVMCreateTargetMachine(
      target, triple, cpu, features, level, LLVMRelocPIC, LLVMCodeModelDefault);
  if (saved >= 0) {
    dup2(saved, 2);
    close(saved);
    long n = ftell(tmp);
    if (n > 0) {
      *warn = nl_xmalloc((size_t)n + 1);
      rewind(tmp);
      size_t got = fread(*warn, 1, (size_t)n, tmp);
      (*warn)[got] = 0;
    }
  }
  if (tmp)
    fclose(tmp);
  return tm;
}

LLVMTargetMachineRef
nl_llvm_target_machine(NlContext *ctx, NlLoc *loc, const NlTargetOptions *o)
{
  nl_llvm_init_targets();
  char *host = LLVMGetDefaultTargetTriple();
  /* The host's architecture, spelled as the supported triples are. */
  const char *triple = o->triple;
  if (!triple)
    triple = has_prefix(host, "aarch64") ? "aarch64-unknown-linux-gnu"
             : has_prefix(host, "x86_64") ? "x86_64-unknown-linux-gnu"
                                          : host;
  bool x86 = has_prefix(triple, "x86_64"), arm = has_prefix(triple, "aarch64");
  LLVMTargetMachineRef tm = NULL;
  char *hcpu = NULL, *hfeat = NULL, *err = NULL, *warn = NULL;
  NlBuf fbuf = {0};
  if (!x86 && !arm) {
    nl_emit_error(ctx, loc, "target '%s' is not supported (supported: "
                  "x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu)",
                  triple);
    goto done;
  }
  LLVMTargetRef target;
  if (LLVMGetTargetFromTriple(triple, &target, &err)) {
    nl_emit_error(ctx, loc, "target '%s': %s", triple, err);
    goto done;
  }
  const char *cpu = o->cpu, *features = o->features;
  bool on_host = has_prefix(host, x86 ? "x86_64" : "aarch64");
  bool native = cpu && !strcmp(cpu, "native");
  if (native && !on_host) {
    nl_emit_error(ctx, loc, "--mcpu=native: the host is not %s",
                  x86 ? "x86_64" : "aarch64");
    goto done;
  }
  if ((!cpu && x86 && on_host) || native) {
    /* The host's CPU and features (these also turn off what the OS does
     * not enable, e.g. AVX-512 in some VMs); --mattr adds to them. */
    cpu = hcpu = LLVMGetHostCPUName();
    hfeat = LLVMGetHostCPUFeatures();
    nl_buf_puts(&fbuf, hfeat);
    if (features && *features) {
      if (fbuf.len)
        nl_buf_putc(&fbuf, ',');
      nl_buf_puts(&fbuf, features);
    }
    features = fbuf.data ? fbuf.data : "";
  }
  if (!cpu)
    cpu = x86 ? "x86-64" : "generic";
  if (!features)
    features = "";
  int lvl = o->opt_level == 0 ? 3 : o->opt_level < 0 ? 0 : o->opt_level;
  LLVMCodeGenOptLevel cg = lvl == 0   ? LLVMCodeGenLevelNone
                           : lvl == 1 ? LLVMCodeGenLevelLess
                           : lvl == 2 ? LLVMCodeGenLevelDefault
                                      : LLVMCodeGenLevelAggressive;
  tm = create_captured(target, triple, cpu, features, cg, &warn);
  if (!tm) {
    nl_emit_error(ctx, loc, "cannot create a target machine for '%s'", triple);
  } else if (warn && strstr(warn, "not a recognized processor")) {
    nl_emit_error(ctx, loc, "unknown CPU '%s' for target '%s' (--mcpu)", cpu,
                  triple);
  } else if (warn && strstr(warn, "not a recognized feature")) {
    const char *q = strchr(warn, '\''), *e = q ? strchr(q + 1, '\'') : NULL;
    nl_emit_error(ctx, loc, "unknown feature '%.*s' for target '%s' (--mattr)",
                  e ? (int)(e - q - 1) : 0, e ? q + 1 : "", triple);
  } else {
    if (warn)
      fputs(warn, stderr);
    goto done;
  }
  if (tm)
    LLVMDisposeTargetMachine(tm);
  tm = NULL;
done:
  nl_buf_free(&fbuf);
  free(warn);
  LLVMDisposeMessage(err);
  LLVMDisposeMessage(hcpu);
  LLVMDisposeMessage(hfeat);
  LLVMDisposeMessage(host);
  return tm;
}

NlResult
nl_llvm_optimize(NlContext *ctx, LLVMModuleRef m, LLVMTargetMachineRef tm,
                 int opt_level)
{
  int lvl = opt_level == 0 ? 3 : opt_level < 0 ? 0 : opt_level;
  if (lvl > 3)
    lvl = 3;
  char pipeline[16];
  snprintf(pipeline, sizeof pipeline, "default<O%d>", lvl);
  LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(m, pipeline, tm, po);
  LLVMDisposePassBuilderOptions(po);
  if (e) {
    char *msg = LLVMGetErrorMessage(e);
    nl_emit_error(ctx, nl_loc_unknown(ctx), "LLVM pipeline '%s' failed: %s",
                  pipeline, msg);
    LLVMDisposeErrorMessage(msg);
    return nl_failure();
  }
  return nl_success();
}
