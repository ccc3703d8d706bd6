/*
 * canonicalize: folds ops and applies every loaded dialect's and op's
 * canonicalization patterns with the greedy driver, to a fixed point, on
 * the regions of the anchor op. Options are MLIR's. Unlike MLIR, not
 * converging is always an error (MLIR only fails with test-convergence).
 */
#include <string.h>

#include "null/rewrite.h"
#include "passes.h"

const NlPassOption nl_canonicalize_options[] = {
    {"top-down", NL_OPT_BOOL, offsetof(NlCanonicalizeOptions, top_down),
     "Seed the worklist in general top-down order", "true"},
    {"region-simplify", NL_OPT_STRING,
     offsetof(NlCanonicalizeOptions, region_simplify),
     "Control-flow simplification between sweeps: disabled or normal "
     "(aggressive is accepted and means normal)",
     "normal"},
    {"max-iterations", NL_OPT_INT,
     offsetof(NlCanonicalizeOptions, max_iterations),
     "Max. iterations between applying patterns / simplifying regions "
     "(-1: no limit)",
     "10"},
    {"max-num-rewrites", NL_OPT_INT,
     offsetof(NlCanonicalizeOptions, max_num_rewrites),
     "Max. number of pattern rewrites within an iteration (-1: no limit)",
     "-1"},
    {"test-convergence", NL_OPT_BOOL,
     offsetof(NlCanonicalizeOptions, test_convergence),
     "Fail on non-convergence (always done; accepted for MLIR "
     "compatibility)",
     "false"},
    {"disable-patterns", NL_OPT_STRING,
     offsetof(NlCanonicalizeOptions, disable_patterns),
     "Comma-separated names of patterns not to apply", NULL},
    {"enable-patterns", NL_OPT_STRING,
     offsetof(NlCanonicalizeOptions, enable_patterns),
     "Comma-separated names of the only patterns to apply", NULL},
};
const uint32_t nl_canonicalize_noptions =
    sizeof nl_canonicalize_options / sizeof nl_canonicalize_options[0];

/* Whether `name` is an element of the comma-separated list. */
static bool
in_list(const char *list, const char *name)
{
  if (!list || !name)
    return false;
  size_t n = strlen(name);
  const char *p = list;
  while (*p) {
    while (*p == ' ' || *p == ',')
      p++;
    const char *e = p;
    while (*e && *e != ',')
      e++;
    const char *t = e;
    while (t > p && t[-1] == ' ')
      t--;
    if ((size_t)(t - p) == n && strncmp(p, name, n) == 0)
      return true;
    p = e;
  }
  return false;
}

static uint32_t
clamp_u32(int64_t v)
{
  return v > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

NlResult
nl_canonicalize_run(NlOp *anchor, NlPassState *ps)
{
  NlContext *ctx = nl_pass_context(ps);
  const NlCanonicalizeOptions *o = nl_pass_options(ps);
  NlGreedyConfig cfg;
  nl_greedy_config_init(&cfg);
  const char *disable = NULL, *enable = NULL;
  if (o) {
    cfg.top_down = o->top_down;
    const char *rs = o->region_simplify;
    if (rs && *rs && strcmp(rs, "normal") != 0 &&
        strcmp(rs, "aggressive") != 0 && strcmp(rs, "disabled") != 0) {
      nl_op_emit_error(anchor,
                       "canonicalize: invalid region-simplify value '%s' "
                       "(expected disabled, normal or aggressive)",
                       rs);
      return nl_failure();
    }
    cfg.region_simplify = !rs || strcmp(rs, "disabled") != 0;
    /* MLIR spells "no limit" -1; zero iterations or rewrites does nothing. */
    if (o->max_iterations == 0 || o->max_num_rewrites == 0) {
      nl_pass_mark_unchanged(ps);
      return nl_success();
    }
    cfg.max_iterations =
        o->max_iterations < 0 ? 0 : clamp_u32(o->max_iterations);
    cfg.max_rewrites =
        o->max_num_rewrites < 0 ? 0 : clamp_u32(o->max_num_rewrites);
    disable = o->disable_patterns && *o->disable_patterns ? o->disable_patterns
                                                          : NULL;
    enable =
        o->enable_patterns && *o->enable_patterns ? o->enable_patterns : NULL;
  }

  NlPatternSet all, set;
  nl_pattern_set_init(&all);
  nl_pattern_set_add_canonical(&all, ctx);
  nl_pattern_set_init(&set);
  for (uint32_t i = 0; i < all.n; i++) {
    const NlPattern *p = all.patterns[i];
    if (disable && in_list(disable, p->name))
      continue;
    if (enable && !in_list(enable, p->name))
      continue;
    nl_pattern_set_add(&set, p, 1);
  }
  nl_pattern_set_fini(&all);

  bool changed = false;
  NlResult r = nl_apply_patterns_greedily(anchor, &set, &cfg, &changed);
  nl_pattern_set_fini(&set);
  if (!changed)
    nl_pass_mark_unchanged(ps);
  return r;
}
