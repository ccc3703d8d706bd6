/*
 * Dialect conversion (see null/conversion.h): conversion targets, type
 * converters, and the driver. The driver visits the ops under the root in
 * pre-order and legalizes each illegal (or, in a full conversion, unknown)
 * op with the first conversion pattern that succeeds, then the ops that
 * pattern created, depth first. Values replaced by values of another type
 * are bridged with casts (source materializations) so that unconverted
 * users still see their old type; patterns are handed the new values
 * (remapped operands). At the end, casts that turned out useless are
 * erased, and cast pairs that cancel out are folded away.
 */
#include <stdlib.h>
#include <string.h>

#include "rewrite_internal.h"

/* ---- conversion target --------------------------------------------------- */

enum { SET_LEGAL, SET_ILLEGAL, SET_DYNAMIC };

typedef struct Setting {
  uint8_t kind;
  NlLegalityFn fn;
  void *ud;
} Setting;

struct NlConversionTarget {
  NlContext *ctx;
  NlPtrMap ops;      /* NlIdent* (op name) -> Setting* */
  NlPtrMap dialects; /* NlIdent* (dialect name) -> Setting* */
  bool has_unknown;
  Setting unknown;
  Setting **owned;
  uint32_t nowned, owned_cap;
};

NlConversionTarget *
nl_conversion_target_create(NlContext *ctx)
{
  NlConversionTarget *t = nl_xcalloc(1, sizeof *t);
  t->ctx = ctx;
  return t;
}

void
nl_conversion_target_destroy(NlConversionTarget *t)
{
  if (!t)
    return;
  for (uint32_t i = 0; i < t->nowned; i++)
    free(t->owned[i]);
  free(t->owned);
  nl_ptrmap_free(&t->ops);
  nl_ptrmap_free(&t->dialects);
  free(t);
}

static void
set(NlConversionTarget *t, NlPtrMap *m, const char *name, uint8_t kind,
    NlLegalityFn fn, void *ud)
{
  NlIdent *id = nl_ident_cstr(t->ctx, name);
  Setting *s = nl_ptrmap_get(m, id);
  if (!s) {
    s = nl_xmalloc(sizeof *s);
    NL_VEC_PUSH(t->owned, t->nowned, t->owned_cap, s);
    nl_ptrmap_put(m, id, s);
  }
  *s = (Setting){kind, fn, ud};
}

void
nl_conversion_target_add_legal_op(NlConversionTarget *t, const char *op)
{
  set(t, &t->ops, op, SET_LEGAL, NULL, NULL);
}

void
nl_conversion_target_add_illegal_op(NlConversionTarget *t, const char *op)
{
  set(t, &t->ops, op, SET_ILLEGAL, NULL, NULL);
}

void
nl_conversion_target_add_dynamic_op(NlConversionTarget *t, const char *op,
                                    NlLegalityFn fn, void *ud)
{
  set(t, &t->ops, op, SET_DYNAMIC, fn, ud);
}

void
nl_conversion_target_add_legal_dialect(NlConversionTarget *t,
                                       const char *dialect)
{
  set(t, &t->dialects, dialect, SET_LEGAL, NULL, NULL);
}

void
nl_conversion_target_add_illegal_dialect(NlConversionTarget *t,
                                         const char *dialect)
{
  set(t, &t->dialects, dialect, SET_ILLEGAL, NULL, NULL);
}

void
nl_conversion_target_add_dynamic_dialect(NlConversionTarget *t,
                                         const char *dialect, NlLegalityFn fn,
                                         void *ud)
{
  set(t, &t->dialects, dialect, SET_DYNAMIC, fn, ud);
}

void
nl_conversion_target_set_unknown_legal(NlConversionTarget *t, NlLegalityFn fn,
                                       void *ud)
{
  t->has_unknown = true;
  t->unknown = (Setting){fn ? SET_DYNAMIC : SET_LEGAL, fn, ud};
}

static NlLegality
apply(const Setting *s, NlOp *op)
{
  switch (s->kind) {
  case SET_LEGAL:
    return NL_LEGALITY_LEGAL;
  case SET_ILLEGAL:
    return NL_LEGALITY_ILLEGAL;
  default:
    return s->fn(op, s->ud) ? NL_LEGALITY_LEGAL : NL_LEGALITY_ILLEGAL;
  }
}

NlLegality
nl_conversion_target_legality(const NlConversionTarget *t, NlOp *op)
{
  const char *name = op->def->name;
  NlIdent *id = nl_ident_cstr(t->ctx, name);
  const Setting *s = nl_ptrmap_get(&t->ops, id);
  if (s)
    return apply(s, op);
  const char *dot = strchr(name, '.');
  if (dot) {
    NlIdent *d = nl_ident_get(t->ctx, name, (size_t)(dot - name));
    s = nl_ptrmap_get(&t->dialects, d);
    if (s)
      return apply(s, op);
  }
  if (t->has_unknown)
    return apply(&t->unknown, op);
  return NL_LEGALITY_UNKNOWN;
}

/* ---- type converter ------------------------------------------------------ */

typedef struct ConvFn {
  NlTypeConvertFn fn;
  void *ud;
} ConvFn;

struct NlTypeConverter {
  NlContext *ctx;
  ConvFn *fns;
  uint32_t nfns, fns_cap;
  NlCastMaterializeFn source, target;
  void *source_ud, *target_ud;
  NlPtrMap cache; /* NlType* -> converted NlType*, or the converter itself
                     when the type cannot be converted */
};

NlTypeConverter *
nl_type_converter_create(NlContext *ctx)
{
  NlTypeConverter *tc = nl_xcalloc(1, sizeof *tc);
  tc->ctx = ctx;
  return tc;
}

void
nl_type_converter_destroy(NlTypeConverter *tc)
{
  if (!tc)
    return;
  free(tc->fns);
  nl_ptrmap_free(&tc->cache);
  free(tc);
}

void
nl_type_converter_add(NlTypeConverter *tc, NlTypeConvertFn fn, void *ud)
{
  NL_VEC_PUSH(tc->fns, tc->nfns, tc->fns_cap, ((ConvFn){fn, ud}));
  nl_ptrmap_free(&tc->cache);
}

void
nl_type_converter_set_source_materialization(NlTypeConverter *tc,
                                             NlCastMaterializeFn fn, void *ud)
{
  tc->source = fn;
  tc->source_ud = ud;
}

void
nl_type_converter_set_target_materialization(NlTypeConverter *tc,
                                             NlCastMaterializeFn fn, void *ud)
{
  tc->target = fn;
  tc->target_ud = ud;
}

NlType *
nl_type_converter_convert(const NlTypeConverter *tc, NlType *t)
{
  /* The cache is not part of the converter's observable state. */
  NlTypeConverter *m = (NlTypeConverter *)tc;
  void *hit = nl_ptrmap_get(&m->cache, t);
  if (hit)
    return hit == (void *)tc ? NULL : hit;
  NlType *out = NULL;
  for (uint32_t i = tc->nfns; i-- > 0;) {
    bool reject = false;
    NlType *r = tc->fns[i].fn(t, tc->fns[i].ud, &reject);
    if (reject)
      break;
    if (r) {
      out = r;
      break;
    }
  }
  nl_ptrmap_put(&m->cache, t, out ? (void *)out : (void *)tc);
  return out;
}

bool
nl_type_converter_is_legal(const NlTypeConverter *tc, NlType *t)
{
  return nl_type_converter_convert(tc, t) == t;
}

bool
nl_type_converter_is_legal_op(const NlTypeConverter *tc, NlOp *op)
{
  for (uint32_t i = 0; i < op->noperands; i++)
    if (!nl_type_converter_is_legal(tc, op->operands[i].value->type))
      return false;
  for (uint32_t i = 0; i < op->nresults; i++)
    if (!nl_type_converter_is_legal(tc, op->results[i].type))
      return false;
  return true;
}

NlType *
nl_type_converter_convert_function(const NlTypeConverter *tc, NlType *fn)
{
  if (fn->kind != NL_TYPE_FUNCTION)
    return NULL;
  uint32_t n = fn->function.ninputs + fn->function.nresults;
  NlType **ts = nl_xmalloc((n ? n : 1) * sizeof *ts);
  for (uint32_t i = 0; i < n; i++) {
    ts[i] = nl_type_converter_convert(tc, fn->function.types[i]);
    if (!ts[i]) {
      free(ts);
      return NULL;
    }
  }
  NlType *r =
      nl_type_function(tc->ctx, ts, fn->function.ninputs,
                       ts + fn->function.ninputs, fn->function.nresults);
  free(ts);
  return r;
}

/* ---- pattern sets -------------------------------------------------------- */

void
nl_conversion_pattern_set_init(NlConversionPatternSet *s)
{
  *s = (NlConversionPatternSet){0};
}

void
nl_conversion_pattern_set_add(NlConversionPatternSet *s,
                              const NlConversionPattern *ps, uint32_t n)
{
  NL_VEC_RESERVE(s->patterns, s->n, s->cap, n);
  for (uint32_t i = 0; i < n; i++)
    s->patterns[s->n++] = &ps[i];
}

void
nl_conversion_pattern_set_fini(NlConversionPatternSet *s)
{
  free(s->patterns);
  *s = (NlConversionPatternSet){0};
}

/* ---- the driver ---------------------------------------------------------- */

typedef struct NlConversion {
  NlContext *ctx;
  NlOp *root;
  const NlConversionTarget *target;
  const NlConversionPatternSet *patterns;
  const NlTypeConverter *tc;
  void *user_data;
  bool full;
  bool failed;
  NlRewriter rw;
  NlRewriteListener listener;
  NlPtrMap alive;   /* ops seen by the driver and not erased */
  NlPtrMap mapping; /* bridging value -> the converted value it stands for */
  NlOp **casts;     /* unrealized casts the driver made */
  uint32_t ncasts, casts_cap;
  NlPtrMap is_cast; /* those casts */
  NlOp **fresh;     /* ops created by patterns, to legalize next */
  uint32_t nfresh, fresh_cap;
  uint64_t napplied, limit;
} NlConversion;

static void
on_inserted(void *ud, NlOp *op)
{
  NlConversion *c = ud;
  nl_ptrmap_put(&c->alive, op, op);
  NL_VEC_PUSH(c->fresh, c->nfresh, c->fresh_cap, op);
}

static void
on_erasing(void *ud, NlOp *op)
{
  NlConversion *c = ud;
  nl_ptrmap_del(&c->alive, op);
  nl_ptrmap_del(&c->is_cast, op);
}

/* Follows the bridging map to the newest value standing for v. */
static NlValue *
remap(NlConversion *c, NlValue *v)
{
  for (int guard = 0; v && guard < 64; guard++) {
    NlValue *n = nl_ptrmap_get(&c->mapping, v);
    if (!n)
      break;
    v = n;
  }
  return v;
}

static NlValue *
unrealized_cast(NlConversion *c, NlBuilder *b, NlType *to, NlValue *from,
                NlLoc *loc)
{
  const char *name = "builtin.unrealized_conversion_cast";
  const NlOpDef *def = nl_context_lookup_op(c->ctx, name, strlen(name));
  if (!def)
    def = nl_context_unregistered_op(c->ctx, name, strlen(name));
  NlOpState st;
  nl_op_state_init(&st, c->ctx, def, loc);
  nl_op_state_add_operand(&st, from);
  nl_op_state_add_result(&st, to);
  NlOp *op = nl_builder_insert(b, &st);
  nl_op_state_fini(&st);
  NL_VEC_PUSH(c->casts, c->ncasts, c->casts_cap, op);
  nl_ptrmap_put(&c->is_cast, op, op);
  nl_ptrmap_put(&c->alive, op, op);
  return &op->results[0];
}

/* A value of type `to` for `from`, built at b: a source (converted ->
 * original) or target (original -> converted) materialization. */
static NlValue *
materialize(NlConversion *c, NlBuilder *b, bool source, NlType *to,
            NlValue *from, NlLoc *loc)
{
  const NlTypeConverter *tc = c->tc;
  NlCastMaterializeFn fn = tc ? (source ? tc->source : tc->target) : NULL;
  if (fn) {
    NlValue *v = fn(b, to, from, loc, source ? tc->source_ud : tc->target_ud);
    if (v)
      return v;
  }
  return unrealized_cast(c, b, to, from, loc);
}

/* The value that replaces `from` for its existing users: `to` itself, or a
 * cast back to from's type built at b (users still expect it). */
static NlValue *
bridge(NlConversion *c, NlBuilder *b, NlValue *from, NlValue *to, NlLoc *loc)
{
  if (!to || to->type == from->type)
    return to;
  NlValue *m = materialize(c, b, true, from->type, to, loc);
  nl_ptrmap_put(&c->mapping, m, to);
  return m;
}

NlValue *
nl_conversion_bridge(NlRewriter *rw, NlValue *from, NlValue *to)
{
  NlConversion *c = rw->conv;
  if (!to || to->type == from->type)
    return to;
  NlBuilder b;
  nl_builder_init(&b, c->ctx);
  NlLoc *loc;
  if (from->kind == NL_VALUE_RESULT && ((NlOp *)from->owner)->parent) {
    NlOp *def = from->owner;
    nl_builder_set_before(&b, def);
    loc = def->loc;
  } else {
    nl_builder_set_start(&b, nl_value_parent_block(from));
    loc = from->loc ? from->loc : nl_loc_unknown(c->ctx);
  }
  return bridge(c, &b, from, to, loc);
}

const NlTypeConverter *
nl_rewriter_type_converter(NlRewriter *rw)
{
  return rw->conv ? rw->conv->tc : NULL;
}

void *
nl_rewriter_user_data(NlRewriter *rw)
{
  return rw->conv ? rw->conv->user_data : NULL;
}

NlResult
nl_rewriter_convert_region_types(NlRewriter *rw, NlRegion *r)
{
  NlConversion *c = rw->conv;
  if (!c || !c->tc)
    return nl_success();
  /* Check every type first: a failing pattern must leave the IR as is. */
  nl_region_foreach_block(r, b)
  {
    for (uint32_t i = 0; i < b->nargs; i++) {
      NlValue *a = b->args[i];
      if (nl_type_converter_convert(c->tc, a->type))
        continue;
      NlBuf buf = {0};
      nl_type_print(a->type, &buf);
      nl_emit_error(c->ctx, a->loc ? a->loc : nl_loc_unknown(c->ctx),
                    "failed to convert the type '%s' of block argument #%u",
                    buf.data, i);
      nl_buf_free(&buf);
      return nl_failure();
    }
  }
  nl_region_foreach_block(r, b)
  {
    NlBuilder bld;
    nl_builder_init(&bld, c->ctx);
    nl_builder_set_start(&bld, b);
    for (uint32_t i = 0; i < b->nargs; i++) {
      NlValue *a = b->args[i];
      NlType *old = a->type;
      NlType *nt = nl_type_converter_convert(c->tc, old);
      if (nt == old)
        continue;
      a->type = nt;
      if (!a->uses)
        continue;
      /* Existing users keep seeing the old type through a cast. */
      NlValue *m = materialize(c, &bld, true, old, a,
                               a->loc ? a->loc : nl_loc_unknown(c->ctx));
      nl_value_replace_all_uses_except(a, m, nl_value_defining_op(m));
      nl_ptrmap_put(&c->mapping, m, a);
    }
  }
  return nl_success();
}

/* ---- legalizing ---------------------------------------------------------- */

static bool
pattern_applies(const NlConversionPattern *p, NlOp *op)
{
  return !p->root || strcmp(p->root, op->def->name) == 0;
}

/* The operands handed to patterns: remapped, and with converted types when
 * a type converter is in use. */
static NlValue **
remapped_operands(NlConversion *c, NlOp *op)
{
  NlValue **vals =
      nl_xmalloc((op->noperands ? op->noperands : 1) * sizeof *vals);
  NlBuilder b;
  nl_builder_init(&b, c->ctx);
  nl_builder_set_before(&b, op);
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlValue *v = remap(c, op->operands[i].value);
    if (c->tc && v) {
      NlType *nt = nl_type_converter_convert(c->tc, v->type);
      if (nt && nt != v->type) {
        NlValue *m = materialize(c, &b, false, nt, v, op->loc);
        v = m;
      }
    }
    vals[i] = v;
  }
  return vals;
}

/* Tries op's patterns by decreasing benefit (stable). */
static bool
apply_patterns(NlConversion *c, NlOp *op)
{
  const NlConversionPatternSet *s = c->patterns;
  uint32_t n = s ? s->n : 0;
  if (!n)
    return false;
  const NlConversionPattern **order = nl_xmalloc(n * sizeof *order);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++)
    if (pattern_applies(s->patterns[i], op) &&
        s->patterns[i]->match_and_rewrite)
      order[k++] = s->patterns[i];
  for (uint32_t i = 1; i < k; i++) {
    const NlConversionPattern *x = order[i];
    uint32_t j = i;
    while (j > 0 && order[j - 1]->benefit < x->benefit) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = x;
  }
  bool done = false;
  if (k) {
    NlValue **vals = remapped_operands(c, op);
    for (uint32_t i = 0; i < k && !done; i++) {
      nl_builder_set_before(&c->rw.b, op);
      done = nl_succeeded(order[i]->match_and_rewrite(op, vals, &c->rw));
    }
    free(vals);
  }
  free(order);
  return done;
}

static void
legalize(NlConversion *c, NlOp *op)
{
  if (c->failed || !nl_ptrmap_has(&c->alive, op) ||
      nl_ptrmap_has(&c->is_cast, op))
    return;
  NlLegality l = nl_conversion_target_legality(c->target, op);
  if (l == NL_LEGALITY_LEGAL)
    return;
  if (++c->napplied > c->limit) {
    nl_op_emit_error(op, "dialect conversion did not terminate: patterns "
                         "keep rewriting this op");
    c->failed = true;
    return;
  }
  uint32_t base = c->nfresh;
  if (!apply_patterns(c, op)) {
    /* A partial conversion may leave ops of unknown legality alone. */
    if (l == NL_LEGALITY_UNKNOWN && !c->full)
      return;
    if (l == NL_LEGALITY_ILLEGAL && !c->full)
      nl_emit_error(c->ctx, op->loc,
                    "failed to legalize operation '%s' that was explicitly "
                    "marked illegal",
                    op->def->name);
    else
      nl_emit_error(c->ctx, op->loc, "failed to legalize operation '%s'",
                    op->def->name);
    c->failed = true;
    return;
  }
  /* The ops the pattern made, then op itself if it was updated in place. */
  bool again = nl_ptrmap_has(&c->alive, op);
  while (c->nfresh > base && !c->failed) {
    NlOp *n = c->fresh[--c->nfresh];
    legalize(c, n);
  }
  if (again && !c->failed)
    legalize(c, op);
}

static NlWalkResult
collect(NlOp *op, void *ud)
{
  NlConversion *c = ud;
  if (op != c->root) {
    nl_ptrmap_put(&c->alive, op, op);
    NL_VEC_PUSH(c->fresh, c->nfresh, c->fresh_cap, op);
  }
  return NL_WALK_ADVANCE;
}

/* Erases casts without uses and folds cast(cast(x)) back to x, until
 * nothing changes; then reports casts that are still needed, unless the
 * target accepts them. */
static void
cleanup_casts(NlConversion *c)
{
  bool changed = true;
  while (changed) {
    changed = false;
    for (uint32_t i = 0; i < c->ncasts; i++) {
      NlOp *op = c->casts[i];
      if (!op || !nl_ptrmap_has(&c->is_cast, op))
        continue;
      NlValue *in = op->operands[0].value;
      NlOp *inner = in ? nl_value_defining_op(in) : NULL;
      if (op->results[0].uses && inner && nl_ptrmap_has(&c->is_cast, inner) &&
          inner->operands[0].value->type == op->results[0].type) {
        nl_value_replace_all_uses(&op->results[0], inner->operands[0].value);
        changed = true;
      }
      if (!op->results[0].uses) {
        nl_ptrmap_del(&c->is_cast, op);
        nl_op_erase(op);
        c->casts[i] = NULL;
        changed = true;
      }
    }
  }
  if (c->failed)
    return;
  for (uint32_t i = 0; i < c->ncasts; i++) {
    NlOp *op = c->casts[i];
    if (!op || !nl_ptrmap_has(&c->is_cast, op))
      continue;
    if (nl_conversion_target_legality(c->target, op) == NL_LEGALITY_LEGAL)
      continue;
    NlBuf from = {0}, to = {0};
    nl_type_print(op->operands[0].value->type, &from);
    nl_type_print(op->results[0].type, &to);
    NlDiag *d = nl_emit_error(c->ctx, op->loc,
                              "failed to legalize unresolved materialization "
                              "from ('%s') to '%s' that remained live after "
                              "conversion",
                              from.data, to.data);
    nl_buf_free(&from);
    nl_buf_free(&to);
    nl_diag_note(d, op->results[0].uses->owner->loc,
                 "see existing live user here");
    c->failed = true;
    return;
  }
}

static NlResult
convert(NlOp *root, const NlConversionTarget *target,
        const NlConversionPatternSet *patterns,
        const NlConversionConfig *config, bool full)
{
  NlConversion c = {
      .ctx = nl_op_context(root),
      .root = root,
      .target = target,
      .patterns = patterns,
      .tc = config ? config->types : NULL,
      .user_data = config ? config->user_data : NULL,
      .full = full,
  };
  c.listener = (NlRewriteListener){
      .ud = &c, .inserted = on_inserted, .erasing = on_erasing};
  nl_rewriter_init(&c.rw, c.ctx, &c.listener);
  c.rw.conv = &c;

  nl_op_walk(root, NL_WALK_PRE, collect, &c);
  /* The pre-order list, consumed from the front. */
  uint32_t n = c.nfresh;
  NlOp **order = c.fresh;
  c.fresh = NULL;
  c.nfresh = c.fresh_cap = 0;
  c.limit = 64 * (uint64_t)n + 1024;
  for (uint32_t i = 0; i < n && !c.failed; i++)
    legalize(&c, order[i]);
  free(order);
  cleanup_casts(&c);

  free(c.fresh);
  free(c.casts);
  nl_ptrmap_free(&c.alive);
  nl_ptrmap_free(&c.mapping);
  nl_ptrmap_free(&c.is_cast);
  return c.failed ? nl_failure() : nl_success();
}

NlResult
nl_apply_full_conversion(NlOp *root, const NlConversionTarget *target,
                         const NlConversionPatternSet *patterns,
                         const NlConversionConfig *config)
{
  return convert(root, target, patterns, config, true);
}

NlResult
nl_apply_partial_conversion(NlOp *root, const NlConversionTarget *target,
                            const NlConversionPatternSet *patterns,
                            const NlConversionConfig *config)
{
  return convert(root, target, patterns, config, false);
}
