// RUN: nl-unit-pass_manager 2>&1 | FileCheck %s
//
// The pass manager through its C API: the registry, pipeline text in and
// out, options, nesting and scheduling, failures, verify-each, IR printing
// and timing. The passes here record what they run on in a trace.

// CHECK: registry: ok
// CHECK: pipelines: ok
// CHECK: pipeline errors: ok
// CHECK: options: ok
// CHECK: add: ok
// CHECK: run: ok
// CHECK: failures: ok
// CHECK: instrumentation: ok
// CHECK: timing: ok
// CHECK: all checks passed

#include <stddef.h>

#include "null/pass.h"
#include "unit.h"

/* ---- diagnostics, collected as "error@LOC: msg" lines ------------------- */

static NlBuf diags;

static void
collect(const NlDiag *d, void *ud)
{
  (void)ud;
  static const char *sev[] = {"error", "warning", "remark", "note"};
  nl_buf_printf(&diags, "%s@", sev[d->severity]);
  nl_loc_describe(d->loc, &diags);
  nl_buf_printf(&diags, ": %s\n", d->msg);
}

static char *last_diags;

static const char *
take_diags(NlContext *ctx)
{
  char *last = last_diags;
  nl_diag_flush(ctx);
  free(last);
  last_diags = nl_buf_take(&diags);
  return last_diags ? last_diags : "";
}

/* ---- test passes ----------------------------------------------------------- */

static NlBuf trace;

static void
trace_op(const char *pass, NlOp *op)
{
  NlIdent *name = nl_symbol_name(op);
  nl_buf_printf(&trace, "%s:%s ", pass, name ? name->str : nl_op_name(op));
}

static NlResult
rec_run(NlOp *anchor, NlPassState *ps)
{
  trace_op("rec", anchor);
  nl_pass_mark_unchanged(ps);
  return nl_success();
}

static NlResult
fpass_run(NlOp *anchor, NlPassState *ps)
{
  trace_op("fpass", anchor);
  nl_pass_mark_unchanged(ps);
  return nl_success();
}

/* Changes nothing but does not say so. */
static NlResult
touch_run(NlOp *anchor, NlPassState *ps)
{
  (void)ps;
  trace_op("touch", anchor);
  return nl_success();
}

static NlResult
mark_run(NlOp *anchor, NlPassState *ps)
{
  trace_op("mark", anchor);
  nl_op_set_attr(anchor, "mark", nl_attr_unit(nl_pass_context(ps)));
  return nl_success();
}

static NlResult
fail_run(NlOp *anchor, NlPassState *ps)
{
  (void)ps;
  trace_op("fail", anchor);
  return nl_failure();
}

/* Erases the terminator of a t.func: the verifier must notice. */
static NlResult
break_run(NlOp *anchor, NlPassState *ps)
{
  (void)ps;
  trace_op("break", anchor);
  NlBlock *b = nl_op_region(anchor, 0)->first;
  nl_op_erase(b->last);
  return nl_success();
}

typedef struct Opts {
  bool flag;
  int64_t n;
  const char *s;
  NlIntList l;
} Opts;

static const NlPassOption opt_table[] = {
    {"flag", NL_OPT_BOOL, offsetof(Opts, flag), "a bool", NULL},
    {"n", NL_OPT_INT, offsetof(Opts, n), "an int", "7"},
    {"s", NL_OPT_STRING, offsetof(Opts, s), "a string", "dflt"},
    {"l", NL_OPT_INT_LIST, offsetof(Opts, l), "a list", "1,2,3"},
};

static Opts seen_opts;

static NlResult
opts_run(NlOp *anchor, NlPassState *ps)
{
  (void)anchor;
  const Opts *o = nl_pass_options(ps);
  seen_opts.flag = o->flag;
  seen_opts.n = o->n;
  nl_buf_printf(&trace, "opts:%s:%s:", o->flag ? "T" : "F", o->s);
  for (uint32_t i = 0; i < o->l.n; i++)
    nl_buf_printf(&trace, "%s%lld", i ? "," : "", (long long)o->l.v[i]);
  nl_buf_printf(&trace, ":%lld ", (long long)o->n);
  nl_pass_mark_unchanged(ps);
  return nl_success();
}

static const NlPassDef passes[] = {
    {.arg = "rec", .summary = "record", .run = rec_run},
    {.arg = "fpass", .summary = "on t.func", .anchor = "t.func",
     .run = fpass_run},
    {.arg = "touch", .summary = "touch", .run = touch_run},
    {.arg = "mark", .summary = "mark", .run = mark_run},
    {.arg = "fail", .summary = "fail", .run = fail_run},
    {.arg = "break", .summary = "break", .anchor = "t.func",
     .run = break_run},
    {.arg = "opts", .summary = "options", .run = opts_run,
     .options = opt_table, .noptions = 4, .options_size = sizeof(Opts)},
};

static NlContext *
pass_context(void)
{
  NlContext *ctx = unit_context();
  nl_context_set_diag_handler(ctx, collect, NULL);
  for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++)
    if (nl_failed(nl_context_register_pass(ctx, &passes[i])))
      printf("FAIL: cannot register %s\n", passes[i].arg);
  return ctx;
}

/* ---- IR: t.module { t.func @f, t.op { region }, t.func @g } ---------------- */

static NlOp *
make_func(NlContext *ctx, const char *name)
{
  NlOp *f = unit_op(ctx, "t.func", NULL, 0, NULL, 0, 1, NULL, 0);
  nl_op_set_attr(f, "sym_name", nl_attr_string_cstr(ctx, name));
  NlBlock *b = nl_block_create();
  nl_region_append_block(nl_op_region(f, 0), b);
  nl_block_append_op(b, unit_op(ctx, "t.ret", NULL, 0, NULL, 0, 0, NULL, 0));
  return f;
}

static NlOp *
make_module(NlContext *ctx, bool with_region_op)
{
  NlOp *m = unit_op(ctx, "t.module", NULL, 0, NULL, 0, 1, NULL, 0);
  NlBlock *b = nl_block_create();
  nl_region_append_block(nl_op_region(m, 0), b);
  nl_block_append_op(b, make_func(ctx, "f"));
  if (with_region_op) {
    NlOp *op = unit_op(ctx, "t.op", NULL, 0, NULL, 0, 1, NULL, 0);
    NlBlock *ob = nl_block_create();
    nl_region_append_block(nl_op_region(op, 0), ob);
    nl_block_append_op(ob,
                       unit_op(ctx, "t.ret", NULL, 0, NULL, 0, 0, NULL, 0));
    nl_block_append_op(b, op);
  }
  nl_block_append_op(b, make_func(ctx, "g"));
  return m;
}

/* Parses `text` into a fresh t.module manager and returns its canonical
 * form (or "ERR"); diagnostics are left for take_diags. */
static char *
roundtrip(NlContext *ctx, const char *text)
{
  NlPassManager *pm = nl_pass_manager_create(ctx, "t.module", NULL);
  char *s = nl_succeeded(nl_pass_manager_parse(pm, text))
                ? nl_pass_manager_str(pm)
                : nl_xstrndup("ERR", 3);
  nl_pass_manager_destroy(pm);
  return s;
}

#define CHECK_RT(ctx, text, want)                                              \
  do {                                                                         \
    char *got_ = roundtrip(ctx, text);                                         \
    CHECK_STR(got_, want);                                                     \
    free(got_);                                                                \
  } while (0)

#define CHECK_ERR(ctx, text, want)                                             \
  do {                                                                         \
    char *got_ = roundtrip(ctx, text);                                         \
    CHECK_STR(got_, "ERR");                                                    \
    free(got_);                                                                \
    CHECK_STR(take_diags(ctx), want);                                          \
  } while (0)

/* ---- groups ----------------------------------------------------------------- */

static NlResult
nop_run(NlOp *anchor, NlPassState *ps)
{
  (void)anchor;
  (void)ps;
  return nl_success();
}

static void
test_registry(void)
{
  NlContext *ctx = pass_context();
  CHECK(nl_context_lookup_pass(ctx, "rec", 3) == &passes[0]);
  CHECK(nl_context_lookup_pass(ctx, "recx", 3) == &passes[0]);
  CHECK(nl_context_lookup_pass(ctx, "re", 2) == NULL);
  CHECK(nl_context_pass_at(ctx, 1) == &passes[1]);
  CHECK(nl_context_pass_at(ctx, 7) == NULL);
  /* The same table again is fine; another table with a taken name is not. */
  CHECK(nl_succeeded(nl_context_register_pass(ctx, &passes[0])));
  static const NlPassDef dup = {.arg = "rec", .run = nop_run};
  CHECK(nl_failed(nl_context_register_pass(ctx, &dup)));
  CHECK_STR(take_diags(ctx),
            "error@<unknown>: cannot register pass 'rec': a pass with that "
            "name is already registered\n");
  static const NlPassDef badname = {.arg = "a(b", .run = nop_run};
  CHECK(nl_failed(nl_context_register_pass(ctx, &badname)));
  static const NlPassDef norun = {.arg = "norun"};
  CHECK(nl_failed(nl_context_register_pass(ctx, &norun)));
  static const NlPassOption badopt[] = {
      {"x", NL_OPT_INT, 4, "misaligned", NULL}};
  static const NlPassDef badoff = {.arg = "badoff", .run = nop_run,
                                   .options = badopt, .noptions = 1,
                                   .options_size = 16};
  CHECK(nl_failed(nl_context_register_pass(ctx, &badoff)));
  static const NlPassOption baddef[] = {
      {"x", NL_OPT_INT, 0, "bad default", "seven"}};
  static const NlPassDef baddefault = {.arg = "baddef", .run = nop_run,
                                       .options = baddef, .noptions = 1,
                                       .options_size = 8};
  CHECK(nl_failed(nl_context_register_pass(ctx, &baddefault)));
  const char *d = take_diags(ctx);
  CHECK(strstr(d, "cannot register pass 'a(b'") != NULL);
  CHECK(strstr(d, "cannot register pass 'norun': it has no run function"));
  CHECK(strstr(d, "option #0 ('x') has a bad name, kind or offset"));
  CHECK(strstr(d, "pass 'baddef': invalid default value 'seven' of option "
                  "'x': option 'x' of pass 'baddef' expects an integer, got "
                  "'seven'"));
  CHECK(nl_context_lookup_pass(ctx, "baddef", 6) == NULL);
  nl_context_destroy(ctx);
  unit_report("registry");
}

static void
test_pipelines(void)
{
  NlContext *ctx = pass_context();
  CHECK_RT(ctx, "", "t.module()");
  CHECK_RT(ctx, "   ", "t.module()");
  CHECK_RT(ctx, "rec", "t.module(rec)");
  CHECK_RT(ctx, "t.module(rec)", "t.module(rec)");
  CHECK_RT(ctx, "t.module()", "t.module()");
  CHECK_RT(ctx, "rec,touch", "t.module(rec,touch)");
  CHECK_RT(ctx, " t.module( t.func( fpass , rec ) ,\n rec ) ",
           "t.module(t.func(fpass,rec),rec)");
  CHECK_RT(ctx, "t.func(fpass),rec", "t.module(t.func(fpass),rec)");
  /* A nested module pipeline inside the anchored form stays nested. */
  CHECK_RT(ctx, "t.module(t.module(rec))", "t.module(t.module(rec))");
  CHECK_RT(ctx, "any(rec,t.func())", "t.module(any(rec,t.func()))");
  CHECK_RT(ctx, "opts", "t.module(opts{flag=false n=7 s=dflt l=1,2,3})");
  CHECK_RT(ctx, "opts{}", "t.module(opts{flag=false n=7 s=dflt l=1,2,3})");
  CHECK_RT(ctx, "opts{flag n=-3 s=\"a b\" l=}",
           "t.module(opts{flag=true n=-3 s=\"a b\" l=})");
  CHECK_RT(ctx, "opts{ l={4, 5} s='x\"y' n=0x10 flag=false }",
           "t.module(opts{flag=false n=16 s='x\"y' l=4,5})");
  CHECK_RT(ctx, "opts{s={a(b),c}}", "t.module(opts{flag=false n=7 "
                                    "s=\"a(b),c\" l=1,2,3})");
  CHECK_RT(ctx, "rec{}", "t.module(rec)");
  /* A leading zero is decimal, not octal. */
  CHECK_RT(ctx, "opts{n=010 l=-0x10,+3}",
           "t.module(opts{flag=false n=10 s=dflt l=-16,3})");
  nl_context_destroy(ctx);
  unit_report("pipelines");
}

static void
test_pipeline_errors(void)
{
  NlContext *ctx = pass_context();
  CHECK_ERR(ctx, "t.module(rec,foo)",
            "error@pipeline:1:14: unknown pass 'foo'\n");
  CHECK_ERR(ctx, "t.module(rex)",
            "error@pipeline:1:10: unknown pass 'rex'; did you mean 'rec'?\n");
  CHECK_ERR(ctx, "rec,\n  touch,,rec",
            "error@pipeline:2:9: expected a pass or pipeline name, found "
            "','\n");
  CHECK_ERR(ctx, "rec,", "error@pipeline:1:5: expected a pass or pipeline "
                         "name\n");
  CHECK_ERR(ctx, "t.module(rec",
            "error@pipeline:1:13: missing ')' to close the 't.module' "
            "pipeline opened at column 9\n");
  CHECK_ERR(ctx, "rec)", "error@pipeline:1:4: unbalanced ')'\n");
  CHECK_ERR(ctx, "t.module(rec) rec",
            "error@pipeline:1:15: expected ',' or the end after a pipeline "
            "element, found 'r'\n");
  CHECK_ERR(ctx, "t.func(rec x)",
            "error@pipeline:1:12: expected ',' or ')' after a pipeline "
            "element, found 'x'\n");
  CHECK_ERR(ctx, "fpass",
            "error@pipeline:1:1: pass 'fpass' runs on 't.func' ops and cannot "
            "be added to a 't.module' pipeline; nest it: t.func(fpass)\n");
  CHECK_ERR(ctx, "any(fpass)",
            "error@pipeline:1:5: pass 'fpass' runs on 't.func' ops and cannot "
            "be added to an 'any' pipeline; nest it: t.func(fpass)\n");
  CHECK_ERR(ctx, "opts{flag",
            "error@pipeline:1:5: missing '}' after the options of pass "
            "'opts'\n");
  CHECK_ERR(ctx, "opts{sizez=1}",
            "error@pipeline:1:6: pass 'opts' has no option 'sizez' (its "
            "options: flag, n, s, l)\n");
  CHECK_ERR(ctx, "opts{flg}",
            "error@pipeline:1:6: pass 'opts' has no option 'flg'; did you "
            "mean 'flag'?\n");
  CHECK_ERR(ctx, "rec{x=1}",
            "error@pipeline:1:5: pass 'rec' has no options (got 'x')\n");
  CHECK_ERR(ctx, "opts{n=1 n=2}",
            "error@pipeline:1:10: option 'n' of pass 'opts' is given more "
            "than once\n");
  CHECK_ERR(ctx, "opts{n}",
            "error@pipeline:1:6: option 'n' of pass 'opts' needs a value: "
            "n=<an integer>\n");
  CHECK_ERR(ctx, "opts{n=}",
            "error@pipeline:1:8: option 'n' of pass 'opts' expects an integer "
            "after '='\n");
  CHECK_ERR(ctx, "opts{n=x1}",
            "error@pipeline:1:8: option 'n' of pass 'opts' expects an "
            "integer, got 'x1'\n");
  CHECK_ERR(ctx, "opts{n=99999999999999999999}",
            "error@pipeline:1:8: option 'n' of pass 'opts': "
            "'99999999999999999999' is out of range for a 64-bit integer\n");
  CHECK_ERR(ctx, "opts{flag=yes}",
            "error@pipeline:1:11: option 'flag' of pass 'opts' expects true "
            "or false, got 'yes'\n");
  CHECK_ERR(ctx, "opts{l=1,x,3}",
            "error@pipeline:1:10: option 'l' of pass 'opts' expects a list of "
            "integers, got 'x'\n");
  CHECK_ERR(ctx, "opts{l=1,,3}",
            "error@pipeline:1:10: option 'l' of pass 'opts': expected an "
            "integer in the list\n");
  CHECK_ERR(ctx, "opts{l=1,2,}",
            "error@pipeline:1:12: option 'l' of pass 'opts': expected an "
            "integer after ','\n");
  CHECK_ERR(ctx, "opts{s=\"abc}",
            "error@pipeline:1:5: missing '}' after the options of pass "
            "'opts'\n");
  CHECK_ERR(ctx, "opts{=3}",
            "error@pipeline:1:6: expected an option name before '='\n");
  nl_context_destroy(ctx);
  unit_report("pipeline errors");
}

static void
test_options(void)
{
  NlContext *ctx = pass_context();
  NlOp *m = make_module(ctx, false);
  NlPassManager *pm = nl_pass_manager_create(ctx, "t.module", NULL);
  CHECK(nl_succeeded(nl_pass_manager_parse(pm, "opts,opts{flag s=x l=9 "
                                               "n=-1}")));
  CHECK(nl_succeeded(nl_pass_manager_run(pm, m)));
  CHECK_STR(trace.data, "opts:F:dflt:1,2,3:7 opts:T:x:9:-1 ");
  nl_buf_free(&trace);
  nl_pass_manager_destroy(pm);
  nl_op_destroy(m);
  CHECK_STR(take_diags(ctx), "");
  nl_context_destroy(ctx);
  unit_report("options");
}

static void
test_add(void)
{
  NlContext *ctx = pass_context();
  NlPassManager *pm = nl_pass_manager_create(ctx, "t.module", NULL);
  CHECK(nl_succeeded(nl_pass_manager_add(pm, "fpass", NULL)));
  CHECK(nl_succeeded(nl_pass_manager_add(pm, "break", "")));
  CHECK(nl_succeeded(nl_pass_manager_add(pm, "rec", "  ")));
  CHECK(nl_succeeded(nl_pass_manager_add(pm, "fpass", NULL)));
  CHECK(nl_succeeded(nl_pass_manager_add(pm, "opts", "n=2 l=5")));
  char *s = nl_pass_manager_str(pm);
  CHECK_STR(s, "t.module(t.func(fpass,break),rec,t.func(fpass),"
               "opts{flag=false n=2 s=dflt l=5})");
  free(s);
  CHECK(nl_failed(nl_pass_manager_add(pm, "nope", NULL)));
  CHECK(nl_failed(nl_pass_manager_add(pm, "opts", "q=1")));
  CHECK(nl_failed(nl_pass_manager_add(pm, "t.func(rec)", NULL)));
  CHECK(nl_failed(nl_pass_manager_add(pm, "rec", "x}y")));
  CHECK_STR(take_diags(ctx),
            "error@pipeline:1:1: unknown pass 'nope'\n"
            "error@pipeline:1:6: pass 'opts' has no option 'q' (its options: "
            "flag, n, s, l)\n"
            "error@pipeline:1:1: expected a pass name, not a nested "
            "pipeline\n"
            "error@pipeline:1:5: pass 'rec' has no options (got 'x')\n");
  s = nl_pass_manager_str(pm);
  CHECK_STR(s, "t.module(t.func(fpass,break),rec,t.func(fpass),"
               "opts{flag=false n=2 s=dflt l=5})");
  free(s);
  nl_pass_manager_destroy(pm);
  /* An op-agnostic root. */
  pm = nl_pass_manager_create(ctx, NULL, NULL);
  CHECK(nl_succeeded(nl_pass_manager_add(pm, "fpass", NULL)));
  CHECK(nl_succeeded(nl_pass_manager_parse(pm, "any(rec)")));
  s = nl_pass_manager_str(pm);
  CHECK_STR(s, "any(t.func(fpass),rec)");
  free(s);
  nl_pass_manager_destroy(pm);
  nl_context_destroy(ctx);
  unit_report("add");
}

static NlResult
run_text(NlContext *ctx, NlOp *m, const char *pipeline)
{
  NlPassManager *pm = nl_pass_manager_create(ctx, "t.module", NULL);
  NlResult r = nl_pass_manager_parse(pm, pipeline);
  if (nl_succeeded(r))
    r = nl_pass_manager_run(pm, m);
  nl_pass_manager_destroy(pm);
  return r;
}

static void
test_run(void)
{
  NlContext *ctx = pass_context();
  NlOp *m = make_module(ctx, true);
  CHECK(nl_succeeded(run_text(ctx, m, "rec,t.func(fpass,rec),rec")));
  CHECK_STR(trace.data, "rec:t.module fpass:f rec:f fpass:g rec:g "
                        "rec:t.module ");
  nl_buf_free(&trace);
  /* `any` visits the isolated children and skips the t.op. */
  CHECK(nl_succeeded(run_text(ctx, m, "any(rec)")));
  CHECK_STR(trace.data, "rec:f rec:g ");
  nl_buf_free(&trace);
  /* Naming a non-isolated op is an error, as in MLIR. */
  CHECK(nl_failed(run_text(ctx, m, "t.op(rec)")));
  CHECK_STR(take_diags(ctx),
            "error@<unknown>: 't.op' op trying to schedule a pass on an "
            "operation not marked as 'IsolatedFromAbove'\n");
  CHECK(trace.len == 0);
  /* Nothing matches: nothing runs. */
  CHECK(nl_succeeded(run_text(ctx, m, "t.nothing(rec)")));
  CHECK(trace.len == 0);
  /* The root must be the anchor. */
  NlPassManager *pm = nl_pass_manager_create(ctx, "t.func", NULL);
  CHECK(nl_failed(nl_pass_manager_run(pm, m)));
  nl_pass_manager_destroy(pm);
  CHECK_STR(take_diags(ctx), "error@<unknown>: can't run 't.func' pass "
                             "manager on 't.module' op\n");
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("run");
}

static void
test_failures(void)
{
  NlContext *ctx = pass_context();
  NlOp *m = make_module(ctx, false);
  /* A failing pass stops the pipeline, and says so if the pass did not. */
  CHECK(nl_failed(run_text(ctx, m, "t.func(rec,fail,rec),rec")));
  CHECK_STR(trace.data, "rec:f fail:f ");
  nl_buf_free(&trace);
  CHECK_STR(take_diags(ctx), "error@<unknown>: 't.func' op pass 'fail' "
                             "failed\n");
  /* verify-each catches broken IR and names the pass. */
  CHECK(nl_failed(run_text(ctx, m, "t.func(break,rec)")));
  CHECK_STR(trace.data, "break:f ");
  nl_buf_free(&trace);
  /* The verifier's own errors come first, then the one naming the pass. */
  const char *d = take_diags(ctx);
  const char *named = strstr(d, "error@<unknown>: verification failed after "
                                "pass 'break'\n");
  CHECK(named != NULL && named != d);
  nl_op_destroy(m);

  /* Without verification the pipeline goes on. */
  m = make_module(ctx, false);
  NlPassManagerConfig cfg;
  nl_pass_manager_config_init(&cfg);
  cfg.verify_each = false;
  NlPassManager *pm2 = nl_pass_manager_create(ctx, "t.module", &cfg);
  CHECK(nl_succeeded(nl_pass_manager_parse(pm2, "t.func(break,rec)")));
  CHECK(nl_succeeded(nl_pass_manager_run(pm2, m)));
  nl_pass_manager_destroy(pm2);
  CHECK_STR(trace.data, "break:f rec:f break:g rec:g ");
  nl_buf_free(&trace);
  CHECK_STR(take_diags(ctx), "");
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("failures");
}

static size_t
count_str(const char *hay, const char *needle)
{
  size_t n = 0;
  for (const char *p = hay; p && (p = strstr(p, needle)); p++)
    n++;
  return n;
}

/* Runs pipeline with cfg's printing into a string. */
static char *
run_printing(NlContext *ctx, NlPassManagerConfig *cfg, const char *pipeline,
             bool expect_ok)
{
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  cfg->print_out = f;
  NlOp *m = make_module(ctx, false);
  NlPassManager *pm = nl_pass_manager_create(ctx, "t.module", cfg);
  CHECK(nl_succeeded(nl_pass_manager_parse(pm, pipeline)));
  CHECK(nl_succeeded(nl_pass_manager_run(pm, m)) == expect_ok);
  nl_pass_manager_destroy(pm);
  nl_op_destroy(m);
  fclose(f);
  nl_buf_free(&trace);
  return out;
}

static void
test_instrumentation(void)
{
  NlContext *ctx = pass_context();
  NlPassManagerConfig cfg;

  nl_pass_manager_config_init(&cfg);
  cfg.print_after_all = true;
  char *out = run_printing(ctx, &cfg, "t.func(rec),touch", true);
  CHECK(count_str(out, "// -----// IR Dump After rec //----- //\n") == 2);
  CHECK(count_str(out, "// -----// IR Dump After touch //----- //\n") == 1);
  CHECK(count_str(out, "// -----// IR Dump") == 3);
  free(out);

  nl_pass_manager_config_init(&cfg);
  cfg.print_before = "touch, mark";
  cfg.print_after = "rec";
  out = run_printing(ctx, &cfg, "t.func(rec),touch,mark", true);
  CHECK(count_str(out, "// -----// IR Dump After rec //----- //\n") == 2);
  CHECK(count_str(out, "// -----// IR Dump Before touch //----- //\n") == 1);
  CHECK(count_str(out, "// -----// IR Dump Before mark //----- //\n") == 1);
  CHECK(count_str(out, "// -----// IR Dump") == 4);
  free(out);

  /* After-change: rec says unchanged, touch changes nothing without
   * saying so, mark changes the IR once then nothing. */
  nl_pass_manager_config_init(&cfg);
  cfg.print_after_change = true;
  out = run_printing(ctx, &cfg, "rec,touch,mark,t.func(mark,mark),mark", true);
  CHECK(count_str(out, "// -----// IR Dump After mark //----- //\n") == 3);
  CHECK(count_str(out, "// -----// IR Dump") == 3);
  free(out);

  /* After-change narrows --print-ir-after to changes. */
  nl_pass_manager_config_init(&cfg);
  cfg.print_after_change = true;
  cfg.print_after = "touch";
  out = run_printing(ctx, &cfg, "touch,mark,touch", true);
  CHECK(count_str(out, "// -----// IR Dump") == 0);
  free(out);

  nl_pass_manager_config_init(&cfg);
  cfg.print_after_failure = true;
  out = run_printing(ctx, &cfg, "rec,t.func(rec,fail)", false);
  CHECK(count_str(out, "// -----// IR Dump After fail Failed //----- //\n") ==
        1);
  CHECK(count_str(out, "// -----// IR Dump") == 1);
  free(out);

  nl_pass_manager_config_init(&cfg);
  cfg.print_after_failure = true;
  out = run_printing(ctx, &cfg, "t.func(break)", false);
  CHECK(count_str(out, "// -----// IR Dump After break Failed //----- //\n") ==
        1);
  free(out);

  nl_pass_manager_config_init(&cfg);
  cfg.print_before_all = true;
  out = run_printing(ctx, &cfg, "rec,t.func(rec)", true);
  CHECK(count_str(out, "// -----// IR Dump Before rec //----- //\n") == 3);
  free(out);
  take_diags(ctx);
  nl_context_destroy(ctx);
  unit_report("instrumentation");
}

static void
test_timing(void)
{
  NlContext *ctx = pass_context();
  char *out = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&out, &len);
  NlPassManagerConfig cfg;
  nl_pass_manager_config_init(&cfg);
  cfg.timing = true;
  cfg.timing_out = f;
  NlPassManager *pm = nl_pass_manager_create(ctx, "t.module", &cfg);
  CHECK(nl_succeeded(nl_pass_manager_parse(pm, "t.func(rec,mark),touch")));
  nl_pass_manager_add_timing(pm, "Parser", 0.25);
  NlOp *m = make_module(ctx, false);
  CHECK(nl_succeeded(nl_pass_manager_run(pm, m)));
  CHECK(nl_succeeded(nl_pass_manager_run(pm, m)));
  nl_pass_manager_add_timing(pm, "Output", 0.25);
  nl_pass_manager_add_timing(pm, "Parser", 0.25);
  nl_pass_manager_destroy(pm);
  fclose(f);
  nl_op_destroy(m);
  nl_buf_free(&trace);
  CHECK(strstr(out, "===-------------------------------------------------"
                    "------------------------===\n"
                    "                         ... Execution time report "
                    "...\n") == out);
  CHECK(strstr(out, "  Total Execution Time: ") != NULL);
  CHECK(strstr(out, "  ----Wall Time----  ----Name----\n") != NULL);
  /* Rows in order, nested ones indented. */
  const char *rows[] = {"    0.5000 (", "%)  Parser\n", "%)  't.func' Pipeline\n",
                        "%)    rec\n", "%)    mark\n", "%)  touch\n",
                        "%)  Verifier\n", "    0.2500 (", "%)  Output\n",
                        "%)  Rest\n", "(100.0%)  Total\n"};
  const char *p = out;
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    const char *q = strstr(p, rows[i]);
    if (!q)
      printf("FAIL: timing row '%s' missing or out of order in:\n%s",
             rows[i], out);
    CHECK(q != NULL);
    if (q)
      p = q;
  }
  free(out);
  nl_context_destroy(ctx);
  unit_report("timing");
}

int
main(void)
{
  test_registry();
  test_pipelines();
  test_pipeline_errors();
  test_options();
  test_add();
  test_run();
  test_failures();
  test_instrumentation();
  test_timing();
  nl_buf_free(&diags);
  free(last_diags);
  return unit_finish();
}
