/*
 * Pass plug-ins: shared libraries that export `nl_pass_plugin_info`, the
 * pass counterpart of dialect plug-ins (plugin.c). The ABI version is
 * checked before any code of the plug-in runs; every failure is a
 * diagnostic naming the file and the reason. Loaded libraries join the
 * context's list of plug-in handles and stay open until it is destroyed,
 * because the pass tables they register live in them.
 */
#include <dlfcn.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "null/pass.h"

#define PASS_PLUGIN_SYMBOL "nl_pass_plugin_info"

typedef NlPassPluginInfo (*NlPassPluginInfoFn)(void);

/* dlopen()s path as a file (never a library-path search). NULL after a
 * diagnostic. */
static void *
open_library(NlContext *ctx, const char *path)
{
  NlLoc *unknown = nl_loc_unknown(ctx);
  struct stat st;
  if (!path || !*path) {
    nl_emit_error(ctx, unknown, "cannot load pass plugin: no path given");
    return NULL;
  }
  if (stat(path, &st) != 0) {
    nl_emit_error(ctx, unknown, "cannot load pass plugin '%s': %s", path,
                  strerror(errno));
    return NULL;
  }
  if (S_ISDIR(st.st_mode)) {
    nl_emit_error(ctx, unknown, "cannot load pass plugin '%s': is a directory",
                  path);
    return NULL;
  }
  NlBuf file = {0};
  if (!strchr(path, '/'))
    nl_buf_puts(&file, "./");
  nl_buf_puts(&file, path);
  dlerror();
  void *h = dlopen(file.data, RTLD_NOW | RTLD_LOCAL);
  nl_buf_free(&file);
  if (!h) {
    const char *why = dlerror();
    nl_emit_error(ctx, unknown, "cannot load pass plugin '%s': %s", path,
                  why ? why : "unknown dlopen error");
    return NULL;
  }
  return h;
}

NlResult
nl_context_load_pass_plugin(NlContext *ctx, const char *path)
{
  NlLoc *unknown = nl_loc_unknown(ctx);
  void *h = open_library(ctx, path);
  if (!h)
    return nl_failure();

  dlerror();
  void *sym = dlsym(h, PASS_PLUGIN_SYMBOL);
  if (!sym) {
    nl_emit_error(ctx, unknown,
                  "'%s' is not a null pass plugin: it does not export '%s'",
                  path, PASS_PLUGIN_SYMBOL);
    dlclose(h);
    return nl_failure();
  }
  /* Object pointers from dlsym convert to function pointers on POSIX; go
   * through memcpy to keep -Wpedantic quiet. */
  NlPassPluginInfoFn fn;
  memcpy(&fn, &sym, sizeof fn);
  NlPassPluginInfo info = fn();
  const char *name = info.name ? info.name : "unnamed";
  if (info.abi_version != NL_PLUGIN_ABI_VERSION) {
    nl_emit_error(ctx, unknown,
                  "pass plugin '%s' has ABI version %u, but this null expects "
                  "ABI version %u",
                  path, (unsigned)info.abi_version,
                  (unsigned)NL_PLUGIN_ABI_VERSION);
    dlclose(h);
    return nl_failure();
  }
  if (!info.register_fn) {
    nl_emit_error(ctx, unknown,
                  "pass plugin '%s' (%s) has no register function", path,
                  name);
    dlclose(h);
    return nl_failure();
  }
  /* From here on the plug-in may have registered tables that live in it:
   * keep it loaded whatever happens. */
  NL_VEC_PUSH(ctx->plugins, ctx->nplugins, ctx->plugins_cap, h);
  size_t before = nl_context_error_count(ctx);
  if (nl_failed(info.register_fn(ctx))) {
    if (nl_context_error_count(ctx) == before)
      nl_emit_error(ctx, unknown, "pass plugin '%s' (%s) failed to register",
                    path, name);
    return nl_failure();
  }
  return nl_success();
}
