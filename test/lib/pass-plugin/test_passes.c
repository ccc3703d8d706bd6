/*
 * A pass plug-in for testing the pass manager, loaded with
 * `null-opt --load-pass-plugin=libnull-test-pass-plugin.so`. Its passes
 * report what they see (as remarks), take every kind of option, fail on
 * request, change the IR in a visible way, or break it so that
 * --verify-each has something to catch. Not a place for real passes.
 */
#include <stddef.h>

#include "null/null.h"
#include "null/pass.h"

/* ---- test-count-ops: remark "N nested ops" on each anchor --------------- */

static NlWalkResult
count_op(NlOp *op, void *ud)
{
  (void)op;
  (*(size_t *)ud)++;
  return NL_WALK_ADVANCE;
}

static NlResult
count_ops_run(NlOp *anchor, NlPassState *ps)
{
  size_t n = 0;
  nl_op_walk(anchor, NL_WALK_PRE, count_op, &n);
  nl_op_emit_remark(anchor, "has %zu nested ops", n - 1);
  nl_pass_mark_unchanged(ps);
  return nl_success();
}

/* ---- test-func-name: an op-specific pass (func.func only) ---------------- */

static NlResult
func_name_run(NlOp *anchor, NlPassState *ps)
{
  NlIdent *name = nl_symbol_name(anchor);
  nl_op_emit_remark(anchor, "test-func-name: @%s", name ? name->str : "?");
  nl_pass_mark_unchanged(ps);
  return nl_success();
}

/* ---- test-options: one option of each kind, echoed in a remark ---------- */

typedef struct TestOptions {
  bool flag;
  int64_t count;
  const char *label;
  NlIntList sizes;
} TestOptions;

static const NlPassOption test_options[] = {
    {"flag", NL_OPT_BOOL, offsetof(TestOptions, flag), "A boolean", NULL},
    {"count", NL_OPT_INT, offsetof(TestOptions, count), "An integer", "3"},
    {"label", NL_OPT_STRING, offsetof(TestOptions, label), "A string",
     "none"},
    {"sizes", NL_OPT_INT_LIST, offsetof(TestOptions, sizes),
     "A list of integers", "1,2"},
};

static NlResult
options_run(NlOp *anchor, NlPassState *ps)
{
  const TestOptions *o = nl_pass_options(ps);
  NlBuf b = {0};
  for (uint32_t i = 0; i < o->sizes.n; i++)
    nl_buf_printf(&b, "%s%lld", i ? "," : "", (long long)o->sizes.v[i]);
  nl_op_emit_remark(anchor, "flag=%s count=%lld label='%s' sizes=[%s]",
                    o->flag ? "true" : "false", (long long)o->count,
                    o->label ? o->label : "", b.data ? b.data : "");
  nl_buf_free(&b);
  nl_pass_mark_unchanged(ps);
  return nl_success();
}

/* ---- test-mark: sets the unit attribute `test.mark` on the anchor --------
 * Deliberately never calls nl_pass_mark_unchanged, so that the manager's
 * own change detection (--print-ir-after-change) is what gets tested. */

static NlResult
mark_run(NlOp *anchor, NlPassState *ps)
{
  nl_op_set_attr(anchor, "test.mark", nl_attr_unit(nl_pass_context(ps)));
  return nl_success();
}

/* ---- test-fail: fails, with a diagnostic unless `silent` ---------------- */

typedef struct FailOptions {
  bool silent;
} FailOptions;

static const NlPassOption fail_options[] = {
    {"silent", NL_OPT_BOOL, offsetof(FailOptions, silent),
     "Fail without reporting why", NULL},
};

static NlResult
fail_run(NlOp *anchor, NlPassState *ps)
{
  const FailOptions *o = nl_pass_options(ps);
  if (!o->silent)
    nl_op_emit_error(anchor, "test-fail: failing as requested");
  return nl_failure();
}

/* ---- test-break-ir: erases the terminator of a function's entry block --- */

static NlResult
break_ir_run(NlOp *anchor, NlPassState *ps)
{
  (void)ps;
  NlRegion *body = anchor->nregions ? nl_op_region(anchor, 0) : NULL;
  NlOp *term = body && body->first ? nl_block_terminator(body->first) : NULL;
  if (term)
    nl_op_erase(term);
  return nl_success();
}

/* ---- registration ---------------------------------------------------------- */

static const NlPassDef test_passes[] = {
    {.arg = "test-count-ops",
     .summary = "Report the number of ops nested in each anchor",
     .run = count_ops_run},
    {.arg = "test-func-name",
     .summary = "Report the name of each function",
     .anchor = "func.func",
     .run = func_name_run},
    {.arg = "test-options",
     .summary = "Report the values of its options",
     .run = options_run,
     .options = test_options,
     .noptions = sizeof test_options / sizeof test_options[0],
     .options_size = sizeof(TestOptions)},
    {.arg = "test-mark",
     .summary = "Set the unit attribute test.mark on each anchor",
     .run = mark_run},
    {.arg = "test-fail",
     .summary = "Fail",
     .run = fail_run,
     .options = fail_options,
     .noptions = 1,
     .options_size = sizeof(FailOptions)},
    {.arg = "test-break-ir",
     .summary = "Erase the terminator of each function (breaks the IR)",
     .anchor = "func.func",
     .run = break_ir_run},
};

static NlResult
register_passes(NlContext *ctx)
{
  for (size_t i = 0; i < sizeof test_passes / sizeof test_passes[0]; i++)
    if (nl_failed(nl_context_register_pass(ctx, &test_passes[i])))
      return nl_failure();
  return nl_success();
}

NL_API NlPassPluginInfo nl_pass_plugin_info(void);

NlPassPluginInfo
nl_pass_plugin_info(void)
{
  return (NlPassPluginInfo){NL_PLUGIN_ABI_VERSION, "test-passes", "1.0",
                            register_passes};
}
