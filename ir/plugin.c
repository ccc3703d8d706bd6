/*
 * Dialect plug-ins: shared libraries that export `nl_dialect_plugin_info`.
 * Loading checks the ABI version before calling any registration code, and
 * every failure is a diagnostic that names the file and the reason. Loaded
 * libraries stay open until the context is destroyed.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#define PLUGIN_SYMBOL "nl_dialect_plugin_info"

NlResult
nl_context_load_dialect_plugin(NlContext *ctx, const char *path)
{
  NlLoc *unknown = nl_loc_unknown(ctx);
  struct stat st;
  if (!path || stat(path, &st) != 0) {
    nl_emit_error(ctx, unknown, "cannot load dialect plugin '%s': %s",
                  path ? path : "", path ? strerror(errno) : "no path given");
    return nl_failure();
  }
  if (S_ISDIR(st.st_mode)) {
    nl_emit_error(ctx, unknown,
                  "cannot load dialect plugin '%s': is a directory", path);
    return nl_failure();
  }
  /* dlopen treats names without a slash as library names to search for;
   * the user gave a file, so make the path explicit. */
  NlBuf file = {0};
  if (!strchr(path, '/'))
    nl_buf_puts(&file, "./");
  nl_buf_puts(&file, path);
  dlerror();
  void *h = dlopen(file.data, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    /* dlerror() usually starts with the file name: do not repeat it. */
    const char *why = dlerror();
    if (!why)
      why = "unknown dlopen error";
    size_t n = strlen(file.data);
    if (strncmp(why, file.data, n) == 0 && strncmp(why + n, ": ", 2) == 0)
      why += n + 2;
    nl_emit_error(ctx, unknown, "cannot load dialect plugin '%s': %s", path,
                  why);
    nl_buf_free(&file);
    return nl_failure();
  }
  nl_buf_free(&file);
  NL_VEC_PUSH(ctx->plugins, ctx->nplugins, ctx->plugins_cap, h);

  dlerror();
  void *sym = dlsym(h, PLUGIN_SYMBOL);
  if (!sym) {
    nl_emit_error(ctx, unknown,
                  "'%s' is not a null dialect plugin: it does not export '%s'",
                  path, PLUGIN_SYMBOL);
    return nl_failure();
  }
  /* POSIX guarantees that object pointers returned by dlsym convert to
   * function pointers; go through memcpy to keep -Wpedantic quiet. */
  NlDialectPluginInfoFn fn;
  memcpy(&fn, &sym, sizeof fn);
  NlDialectPluginInfo info = fn();
  if (info.abi_version != NL_PLUGIN_ABI_VERSION) {
    nl_emit_error(ctx, unknown,
                  "dialect plugin '%s' has ABI version %u, but this null "
                  "expects ABI version %u",
                  path, (unsigned)info.abi_version,
                  (unsigned)NL_PLUGIN_ABI_VERSION);
    return nl_failure();
  }
  if (!info.register_fn) {
    nl_emit_error(ctx, unknown,
                  "dialect plugin '%s' (%s) has no register function", path,
                  info.name ? info.name : "unnamed");
    return nl_failure();
  }
  size_t before = nl_context_error_count(ctx);
  if (nl_failed(info.register_fn(ctx))) {
    /* Report once: the register function usually said why. */
    if (nl_context_error_count(ctx) == before)
      nl_emit_error(ctx, unknown, "dialect plugin '%s' (%s) failed to register",
                    path, info.name ? info.name : "unnamed");
    return nl_failure();
  }
  return nl_success();
}

void
nl_plugins_fini(NlContext *ctx)
{
  for (size_t i = ctx->nplugins; i-- > 0;)
    dlclose(ctx->plugins[i]);
  free(ctx->plugins);
  ctx->plugins = NULL;
  ctx->nplugins = ctx->plugins_cap = 0;
}
