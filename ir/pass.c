/*
 * The pass registry on the context and the pass manager's execution:
 * running a pipeline on an op, nested pipelines over the op's immediate
 * children (as MLIR's OpToOpPassAdaptor), verification after each pass and
 * the calls into the instrumentation. Pipeline text lives in pipeline.c,
 * IR printing and timing in pass_instrument.c.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pass_internal.h"

double
nl_pm_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the registry ----------------------------------------------------------- */

static NlPassRegistry *
registry(NlContext *ctx)
{
  if (!ctx->passes) {
    ctx->passes = nl_arena_alloc(&ctx->arena, sizeof(NlPassRegistry),
                                 alignof(NlPassRegistry));
    *ctx->passes = (NlPassRegistry){0};
  }
  return ctx->passes;
}

/* Pass names appear in pipelines and as flags: letters, digits, '-', '_'
 * and '.', so that they never collide with pipeline punctuation. */
static bool
valid_name(const char *s)
{
  if (!s || !*s)
    return false;
  for (; *s; s++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      return false;
  }
  return true;
}

static size_t
option_field_size(NlPassOptionKind kind, size_t *align)
{
  switch (kind) {
  case NL_OPT_BOOL:
    *align = alignof(bool);
    return sizeof(bool);
  case NL_OPT_INT:
    *align = alignof(int64_t);
    return sizeof(int64_t);
  case NL_OPT_STRING:
    *align = alignof(const char *);
    return sizeof(const char *);
  case NL_OPT_INT_LIST:
    *align = alignof(NlIntList);
    return sizeof(NlIntList);
  }
  *align = 1;
  return 0;
}

/* Checks a pass table before it is registered: a plug-in's mistakes get a
 * diagnostic here instead of a crash when the pass first runs. */
static NlResult
check_def(NlContext *ctx, const NlPassDef *def)
{
  NlLoc *loc = nl_loc_unknown(ctx);
  if (!def) {
    nl_emit_error(ctx, loc, "cannot register a NULL pass definition");
    return nl_failure();
  }
  if (!valid_name(def->arg)) {
    nl_emit_error(ctx, loc,
                  "cannot register pass '%s': a pass name is made of "
                  "letters, digits, '-', '_' and '.'",
                  def->arg ? def->arg : "");
    return nl_failure();
  }
  if (!def->run) {
    nl_emit_error(ctx, loc, "cannot register pass '%s': it has no run "
                  "function", def->arg);
    return nl_failure();
  }
  if (def->noptions && (!def->options || !def->options_size)) {
    nl_emit_error(ctx, loc,
                  "cannot register pass '%s': %u options but no option "
                  "table or options size",
                  def->arg, (unsigned)def->noptions);
    return nl_failure();
  }
  for (uint32_t i = 0; i < def->noptions; i++) {
    const NlPassOption *o = &def->options[i];
    size_t align;
    size_t size = option_field_size(o->kind, &align);
    if (!valid_name(o->name) || size == 0 || o->offset % align != 0 ||
        o->offset + size > def->options_size) {
      nl_emit_error(ctx, loc,
                    "cannot register pass '%s': option #%u ('%s') has a bad "
                    "name, kind or offset",
                    def->arg, (unsigned)i, o->name ? o->name : "");
      return nl_failure();
    }
    for (uint32_t j = 0; j < i; j++)
      if (strcmp(def->options[j].name, o->name) == 0) {
        nl_emit_error(ctx, loc,
                      "cannot register pass '%s': option '%s' is listed "
                      "twice",
                      def->arg, o->name);
        return nl_failure();
      }
  }
  /* Defaults must parse; create (and drop) one Options struct. */
  void *opts;
  if (nl_failed(nl_pass_options_create(ctx, def, &opts)))
    return nl_failure();
  nl_pass_options_free(def, opts);
  return nl_success();
}

NlResult
nl_context_register_pass(NlContext *ctx, const NlPassDef *def)
{
  if (nl_failed(check_def(ctx, def)))
    return nl_failure();
  NlPassRegistry *r = registry(ctx);
  for (uint32_t i = 0; i < r->n; i++) {
    if (r->defs[i] == def)
      return nl_success(); /* idempotent for the same table */
    if (strcmp(r->defs[i]->arg, def->arg) == 0) {
      nl_emit_error(ctx, nl_loc_unknown(ctx),
                    "cannot register pass '%s': a pass with that name is "
                    "already registered",
                    def->arg);
      return nl_failure();
    }
  }
  if (r->n == r->cap) {
    uint32_t cap = r->cap ? r->cap * 2 : 32;
    const NlPassDef **defs = nl_arena_alloc(
        &ctx->arena, cap * sizeof *defs, alignof(const NlPassDef *));
    if (r->n)
      memcpy(defs, r->defs, r->n * sizeof *defs);
    r->defs = defs;
    r->cap = cap;
  }
  r->defs[r->n++] = def;
  return nl_success();
}

const NlPassDef *
nl_context_lookup_pass(NlContext *ctx, const char *arg, size_t len)
{
  NlPassRegistry *r = ctx->passes;
  if (!r || !arg)
    return NULL;
  for (uint32_t i = 0; i < r->n; i++) {
    const char *name = r->defs[i]->arg;
    if (strncmp(name, arg, len) == 0 && name[len] == 0)
      return r->defs[i];
  }
  return NULL;
}

const NlPassDef *
nl_context_pass_at(NlContext *ctx, size_t i)
{
  NlPassRegistry *r = ctx->passes;
  return r && i < r->n ? r->defs[i] : NULL;
}

/* ---- inside a pass -------------------------------------------------------------- */

NlContext *
nl_pass_context(NlPassState *ps)
{
  return ps->ctx;
}

const void *
nl_pass_options(NlPassState *ps)
{
  return ps->opts;
}

NlArena *
nl_pass_arena(NlPassState *ps)
{
  return ps->arena;
}

void
nl_pass_mark_unchanged(NlPassState *ps)
{
  ps->unchanged = true;
}

/* ---- managers -------------------------------------------------------------------- */

void
nl_pass_manager_config_init(NlPassManagerConfig *c)
{
  *c = (NlPassManagerConfig){0};
  c->verify_each = true;
}

NlPassManager *
nl_pm_new(NlContext *ctx, NlPassManager *root, const char *anchor)
{
  NlPassManager *pm = nl_xcalloc(1, sizeof *pm);
  pm->ctx = ctx;
  pm->root = root ? root : pm;
  if (anchor)
    pm->anchor = nl_xstrndup(anchor, strlen(anchor));
  return pm;
}

NlPmItem *
nl_pm_push(NlPassManager *pm, NlPmItemKind kind)
{
  NL_VEC_RESERVE(pm->items, pm->nitems, pm->items_cap, 1);
  NlPmItem *it = &pm->items[pm->nitems++];
  *it = (NlPmItem){.kind = kind};
  return it;
}

void
nl_pass_options_free(const NlPassDef *def, void *opts)
{
  if (!opts)
    return;
  for (uint32_t i = 0; i < def->noptions; i++) {
    const NlPassOption *o = &def->options[i];
    char *field = (char *)opts + o->offset;
    if (o->kind == NL_OPT_STRING) {
      char *s;
      memcpy(&s, field, sizeof s);
      free(s);
    } else if (o->kind == NL_OPT_INT_LIST) {
      NlIntList l;
      memcpy(&l, field, sizeof l);
      free(l.v);
    }
  }
  free(opts);
}

void
nl_pm_free(NlPassManager *pm)
{
  for (uint32_t i = 0; i < pm->nitems; i++) {
    NlPmItem *it = &pm->items[i];
    if (it->kind == NL_PM_PASS) {
      nl_pass_options_free(it->def, it->opts);
    } else {
      nl_pm_free(it->nested);
      free(it->nested);
    }
  }
  free(pm->items);
  free(pm->anchor);
  pm->items = NULL;
  pm->nitems = pm->items_cap = 0;
}

/* Splits a comma-separated list of pass names (for --print-ir-before and
 * --print-ir-after) into owned strings. */
static void
split_names(const char *s, char ***out, uint32_t *n)
{
  *out = NULL;
  *n = 0;
  if (!s)
    return;
  uint32_t cap = 0;
  while (*s) {
    const char *e = s;
    while (*e && *e != ',')
      e++;
    const char *a = s, *b = e;
    while (a < b && (*a == ' ' || *a == '\t'))
      a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
      b--;
    if (b > a)
      NL_VEC_PUSH(*out, *n, cap, nl_xstrndup(a, (size_t)(b - a)));
    s = *e ? e + 1 : e;
  }
}

NlPassManager *
nl_pass_manager_create(NlContext *ctx, const char *anchor,
                       const NlPassManagerConfig *c)
{
  if (anchor && strcmp(anchor, "any") == 0)
    anchor = NULL;
  NlPassManager *pm = nl_pm_new(ctx, NULL, anchor);
  if (c)
    pm->cfg = *c;
  else
    nl_pass_manager_config_init(&pm->cfg);
  split_names(pm->cfg.print_before, &pm->before_names, &pm->nbefore_names);
  split_names(pm->cfg.print_after, &pm->after_names, &pm->nafter_names);
  /* The caller's strings need not outlive the call. */
  pm->cfg.print_before = NULL;
  pm->cfg.print_after = NULL;
  if (!pm->cfg.print_out)
    pm->cfg.print_out = stderr;
  if (!pm->cfg.timing_out)
    pm->cfg.timing_out = stderr;
  nl_arena_init(&pm->arena);
  pm->start = nl_pm_now();
  return pm;
}

void
nl_pass_manager_destroy(NlPassManager *pm)
{
  if (!pm)
    return;
  if (pm->cfg.timing)
    nl_pm_timing_report(pm);
  nl_pm_free(pm);
  for (uint32_t i = 0; i < pm->nbefore_names; i++)
    free(pm->before_names[i]);
  free(pm->before_names);
  for (uint32_t i = 0; i < pm->nafter_names; i++)
    free(pm->after_names[i]);
  free(pm->after_names);
  for (uint32_t i = 0; i < pm->nrows; i++)
    free(pm->rows[i].name);
  free(pm->rows);
  nl_arena_destroy(&pm->arena);
  free(pm);
}

/* ---- running ------------------------------------------------------------------------ */

static NlResult run_items(NlPassManager *pm, NlOp *op);

/* Runs one pass on op, with instrumentation and verification. */
static NlResult
run_pass(NlPassManager *root, NlPmItem *it, NlOp *op)
{
  NlContext *ctx = nl_op_context(op);
  const NlPassDef *def = it->def;
  NlBuf before = {0};
  nl_pm_before_pass(root, def, op, &before);

  NlPassState ps = {ctx, it->opts, &root->arena, false};
  size_t nerrors = nl_context_error_count(ctx);
  double t0 = nl_pm_now();
  NlResult r = def->run(op, &ps);
  it->secs += nl_pm_now() - t0;
  nl_arena_reset(&root->arena);

  bool failed = nl_failed(r);
  /* A failure is never silent: say which pass failed if it did not. */
  if (failed && nl_context_error_count(ctx) == nerrors)
    nl_op_emit_error(op, "pass '%s' failed", def->arg);
  if (!failed && root->cfg.verify_each && !ps.unchanged) {
    t0 = nl_pm_now();
    if (nl_failed(nl_op_verify(op))) {
      nl_emit_error(ctx, op->loc, "verification failed after pass '%s'",
                    def->arg);
      failed = true;
    }
    root->verify_secs += nl_pm_now() - t0;
  }
  nl_pm_after_pass(root, def, op, failed, ps.unchanged, &before);
  nl_buf_free(&before);
  return failed ? nl_failure() : nl_success();
}

/* Whether a nested manager runs on op: by name, through a one-entry cache
 * keyed by the op's definition (siblings are mostly of one kind). */
static bool
matches(NlPassManager *pm, const NlOp *op)
{
  if (!pm->anchor)
    return true;
  if (op->def != pm->match_def) {
    pm->match_def = op->def;
    pm->match_result = strcmp(nl_op_name(op), pm->anchor) == 0;
  }
  return pm->match_result;
}

/* A nested pipeline may only run on ops whose regions are closed, so that
 * a pass never sees (or changes) values of its siblings. Ops an op-agnostic
 * (`any`) pipeline cannot run on are skipped; an explicit op name that
 * cannot be scheduled is an error, as in MLIR. */
static int
schedulable(NlPassManager *pm, NlOp *op)
{
  const char *why = NULL;
  if (nl_op_has_trait(op, NL_UNREGISTERED))
    why = "trying to schedule a pass on an unregistered operation";
  else if (!nl_op_has_trait(op, NL_ISOLATED_FROM_ABOVE))
    why = "trying to schedule a pass on an operation not marked as "
          "'IsolatedFromAbove'";
  if (!why)
    return 1;
  if (!pm->anchor)
    return 0;
  nl_op_emit_error(op, "%s", why);
  return -1;
}

/* Runs nested manager pm on every matching op among the immediate children
 * of op's regions, one op at a time through the whole nested pipeline. */
static NlResult
run_nested(NlPassManager *pm, NlOp *op)
{
  for (uint32_t i = 0; i < op->nregions; i++) {
    nl_region_foreach_block(&op->regions[i], b) {
      for (NlOp *c = b->first; c; c = c->next) {
        if (!matches(pm, c))
          continue;
        int s = schedulable(pm, c);
        if (s < 0)
          return nl_failure();
        if (s > 0 && nl_failed(run_items(pm, c)))
          return nl_failure();
      }
    }
  }
  return nl_success();
}

static NlResult
run_items(NlPassManager *pm, NlOp *op)
{
  NlPassManager *root = pm->root;
  for (uint32_t i = 0; i < pm->nitems; i++) {
    NlPmItem *it = &pm->items[i];
    if (it->kind == NL_PM_PASS) {
      if (nl_failed(run_pass(root, it, op)))
        return nl_failure();
      continue;
    }
    /* A nested pipeline's row excludes verification and printing, which
     * have rows (or no row) of their own. */
    double t0 = nl_pm_now();
    double excluded = root->verify_secs + root->other_secs;
    NlResult r = run_nested(it->nested, op);
    double spent = nl_pm_now() - t0;
    spent -= root->verify_secs + root->other_secs - excluded;
    it->secs += spent > 0 ? spent : 0;
    if (nl_failed(r))
      return nl_failure();
  }
  return nl_success();
}

NlResult
nl_pass_manager_run(NlPassManager *pm, NlOp *root)
{
  nl_assert(pm->root == pm);
  if (pm->anchor && !nl_op_is(root, pm->anchor)) {
    nl_emit_error(nl_op_context(root), root->loc,
                  "can't run '%s' pass manager on '%s' op", pm->anchor,
                  nl_op_name(root));
    return nl_failure();
  }
  if (pm->cfg.timing)
    nl_pm_timing_start(pm);
  return run_items(pm, root);
}
