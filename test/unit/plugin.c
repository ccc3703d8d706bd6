// RUN: nl-unit-plugin %lib 2>&1 | FileCheck %s
//
// Dialect plug-ins: a good plug-in registers its dialect; every failure
// (missing file, a library that is no plug-in, a wrong ABI version, a
// register function that fails) is one clear diagnostic naming the file.
// argv[1] is the directory of the test plug-ins (lit's %lib).

#include "unit.h"

static void
print_diag(const NlDiag *d, void *ud)
{
  (void)ud;
  printf("diag: %s\n", d->msg);
}

static NlContext *
context(void)
{
  NlContext *ctx = nl_context_create();
  nl_context_set_diag_handler(ctx, print_diag, NULL);
  return ctx;
}

static char *
lib_path(const char *dir, const char *name)
{
  NlBuf b = {0};
  nl_buf_printf(&b, "%s/%s", dir, name);
  return nl_buf_take(&b);
}

int
main(int argc, char **argv)
{
  if (argc < 2) {
    printf("usage: nl-unit-plugin LIBDIR\n");
    return 2;
  }
  const char *dir = argv[1];

  // CHECK: good: ok
  NlContext *ctx = context();
  char *good = lib_path(dir, "libnull-test-plugin.so");
  CHECK(nl_succeeded(nl_context_load_dialect_plugin(ctx, good)));
  CHECK(nl_context_lookup_dialect(ctx, "plug", 4) != NULL);
  CHECK(nl_context_lookup_op(ctx, "plug.const", 10) != NULL);
  CHECK(nl_context_error_count(ctx) == 0);
  nl_context_destroy(ctx);
  unit_report("good");

  // CHECK: diag: cannot load dialect plugin '{{.*}}/no-such-plugin.so': No such
  // file or directory CHECK: missing: ok
  ctx = context();
  char *missing = lib_path(dir, "no-such-plugin.so");
  CHECK(nl_failed(nl_context_load_dialect_plugin(ctx, missing)));
  CHECK(nl_context_error_count(ctx) == 1);
  nl_diag_flush(ctx);
  unit_report("missing");

  // CHECK: diag: '{{.*}}libnull.so' is not a null dialect plugin: it does not
  // export 'nl_dialect_plugin_info' CHECK: not a plugin: ok
  char *core = lib_path(dir, "libnull.so");
  CHECK(nl_failed(nl_context_load_dialect_plugin(ctx, core)));
  nl_diag_flush(ctx);
  unit_report("not a plugin");

  // CHECK: diag: dialect plugin '{{.*}}libnull-test-plugin-bad-abi.so' has ABI
  // version 101, but this null expects ABI version 1 CHECK: bad abi: ok
  char *bad = lib_path(dir, "libnull-test-plugin-bad-abi.so");
  CHECK(nl_failed(nl_context_load_dialect_plugin(ctx, bad)));
  nl_diag_flush(ctx);
  unit_report("bad abi");

  // CHECK: diag: cannot load dialect 'func': a dialect with that name is
  // already loaded CHECK-NOT: diag: CHECK: failing register: ok
  static const NlDialect func = {.name = "func"};
  CHECK(nl_succeeded(nl_context_load_dialect(ctx, &func)));
  char *clash = lib_path(dir, "libnull-test-plugin-clash.so");
  CHECK(nl_failed(nl_context_load_dialect_plugin(ctx, clash)));
  nl_diag_flush(ctx);
  CHECK(nl_context_error_count(ctx) == 4);
  nl_context_destroy(ctx);
  unit_report("failing register");

  free(good);
  free(missing);
  free(core);
  free(bad);
  free(clash);
  // CHECK: all checks passed
  return unit_finish();
}
