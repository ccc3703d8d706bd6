/*
 * loop.for, loop.parallel, loop.if and loop.yield: custom forms after
 * MLIR's scf dialect, verifiers, the loop-like interface (LICM) and the
 * canonicalizations (a loop.for that runs zero times is replaced by its
 * initial values, a loop.if on a constant condition by the taken branch).
 * A region without results may omit its empty loop.yield in the custom
 * form; the parser adds it.
 */
#include <stdlib.h>

#include "loop/internal.h"

/* ---- shared pieces --------------------------------------------------------- */

/* Adds an empty loop.yield to the last block of r when it has no
 * terminator (creating the block, with arguments of the given types, when
 * r is empty). */
static void
ensure_yield(NlContext *ctx, NlRegion *r, NlLoc *loc, NlType *const *args,
             uint32_t nargs)
{
  if (!r->first) {
    NlBlock *b = nl_block_create();
    for (uint32_t i = 0; i < nargs; i++)
      nl_block_add_arg(b, args[i], loc);
    nl_region_append_block(r, b);
  }
  NlBlock *b = r->last;
  if (b->last && (b->last->def->traits & NL_TERMINATOR))
    return;
  NlOpState st;
  nl_loop_state_init(&st, ctx, NL_LOOP_YIELD, loc);
  nl_block_append_op(b, nl_op_create(&st));
  nl_op_state_fini(&st);
}

static NlResult
expect_keyword(NlParser *p, const char *kw)
{
  if (nl_parser_accept_keyword(p, kw))
    return nl_success();
  nl_parser_error(p, "expected '%s'", kw);
  return nl_failure();
}

/* Checks that region r's block ends with a loop.yield of values of the
 * given types. */
static NlResult
verify_yield_types(NlOp *op, NlRegion *r, NlType *const *types, uint32_t n,
                   const char *where)
{
  NlBlock *b = r->first;
  NlOp *t = b ? b->last : NULL;
  if (!t || nl_loop_op_kind(t) != NL_LOOP_YIELD) {
    nl_op_emit_error(op, "%s must end with 'loop.yield'", where);
    return nl_failure();
  }
  if (t->noperands != n) {
    nl_op_emit_error(op, "%s yields %u values, but the op has %u results",
                     where, t->noperands, n);
    return nl_failure();
  }
  for (uint32_t i = 0; i < n; i++)
    if (t->operands[i].value->type != types[i]) {
      NlBuf a = {0}, c = {0};
      nl_op_emit_error(op, "%s yields '%s' for result #%u of type '%s'",
                       where,
                       nl_loop_type_str(NULL, &a, t->operands[i].value->type),
                       i, nl_loop_type_str(NULL, &c, types[i]));
      nl_buf_free(&a);
      nl_buf_free(&c);
      return nl_failure();
    }
  return nl_success();
}

static NlResult
verify_index_operands(NlOp *op, uint32_t first, uint32_t n)
{
  NlType *index = nl_type_index(nl_op_context(op));
  for (uint32_t i = first; i < first + n; i++)
    if (op->operands[i].value->type != index) {
      nl_op_emit_error(op, "operand #%u must be index", i);
      return nl_failure();
    }
  return nl_success();
}

static NlType **
result_types(NlOp *op)
{
  NlType **ts = nl_xmalloc((op->nresults + 1) * sizeof *ts);
  for (uint32_t i = 0; i < op->nresults; i++)
    ts[i] = op->results[i].type;
  return ts;
}

/* ` -> (i32, f32)`, or nothing when op has no results. */
static void
print_result_types(NlPrinter *p, NlOp *op)
{
  if (!op->nresults)
    return;
  nl_printer_puts(p, " -> (");
  for (uint32_t i = 0; i < op->nresults; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, op->results[i].type);
  }
  nl_printer_puts(p, ")");
}

static NlRegion *
body_region(NlOp *loop)
{
  return loop->nregions ? &loop->regions[0] : NULL;
}

const NlLoopLikeIface nl_loop_for_loop_like = {.body = body_region};
const NlLoopLikeIface nl_loop_parallel_loop_like = {.body = body_region};

/* ---- loop.for ---------------------------------------------------------------- */

/* for-op ::= ssa-id `=` ssa-use `to` ssa-use `step` ssa-use
 *            (`iter_args` `(` ssa-id `=` ssa-use (`,` ...)* `)`
 *             `->` type-list)? region attr-dict */
NlResult
nl_loop_parse_for(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlType *index = nl_type_index(ctx);
  NlLoc *loc = nl_parser_loc(p);
  NlArgument *args = NULL;
  NlUnresolvedOperand *inits = NULL;
  NlType **types = NULL, **argtypes = NULL;
  uint32_t nargs = 0, args_cap = 0, ninits = 0, inits_cap = 0, ntypes = 0;
  NlUnresolvedOperand bounds[3];
  NlArgument iv;
  NlResult r = nl_failure();
  if (nl_failed(nl_parser_parse_argument(p, false, &iv)) ||
      nl_failed(nl_parser_expect(p, "=")) ||
      nl_failed(nl_parser_parse_operand(p, &bounds[0])) ||
      nl_failed(expect_keyword(p, "to")) ||
      nl_failed(nl_parser_parse_operand(p, &bounds[1])) ||
      nl_failed(expect_keyword(p, "step")) ||
      nl_failed(nl_parser_parse_operand(p, &bounds[2])))
    goto out;
  for (int i = 0; i < 3; i++) {
    NlValue *v;
    if (nl_failed(nl_parser_resolve_operand(p, &bounds[i], index, &v)))
      goto out;
    nl_op_state_add_operand(st, v);
  }
  iv.type = index;
  NL_VEC_PUSH(args, nargs, args_cap, iv);
  if (nl_parser_accept_keyword(p, "iter_args")) {
    if (nl_failed(nl_parser_expect(p, "(")))
      goto out;
    do {
      NlArgument a;
      NlUnresolvedOperand init;
      if (nl_failed(nl_parser_parse_argument(p, false, &a)) ||
          nl_failed(nl_parser_expect(p, "=")) ||
          nl_failed(nl_parser_parse_operand(p, &init)))
        goto out;
      NL_VEC_PUSH(args, nargs, args_cap, a);
      NL_VEC_PUSH(inits, ninits, inits_cap, init);
    } while (nl_parser_accept(p, ","));
    if (nl_failed(nl_parser_expect(p, ")")) ||
        nl_failed(nl_parser_expect(p, "->")) ||
        nl_failed(nl_parser_parse_type_list(p, &types, &ntypes)))
      goto out;
    if (ntypes != ninits) {
      nl_parser_error(p, "expected as many result types as iter_args (%u), "
                         "got %u",
                      ninits, ntypes);
      goto out;
    }
    for (uint32_t i = 0; i < ninits; i++) {
      NlValue *v;
      if (nl_failed(nl_parser_resolve_operand(p, &inits[i], types[i], &v)))
        goto out;
      nl_op_state_add_operand(st, v);
      nl_op_state_add_result(st, types[i]);
      args[i + 1].type = types[i];
    }
  }
  NlRegion *body = nl_op_state_add_region(st);
  if (nl_failed(nl_parser_parse_region(p, body, args, nargs)))
    goto out;
  if (!ninits) {
    argtypes = nl_xmalloc(sizeof *argtypes);
    argtypes[0] = index;
    ensure_yield(ctx, body, loc, argtypes, 1);
  }
  r = nl_parser_parse_optional_attr_dict(p, st);
out:
  free(args);
  free(inits);
  free(argtypes);
  return r; /* types live in the parser's arena */
}

void
nl_loop_print_for(NlPrinter *p, NlOp *op)
{
  NlBlock *body = op->regions[0].first;
  uint32_t ninits = op->noperands >= 3 ? op->noperands - 3 : 0;
  if (nl_loop_print_malformed(p, op,
                              op->noperands < 3 || !body ||
                                  body->nargs != ninits + 1 ||
                                  op->nresults != ninits))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, body->args[0]);
  nl_printer_puts(p, " = ");
  nl_printer_print_value(p, op->operands[0].value);
  nl_printer_puts(p, " to ");
  nl_printer_print_value(p, op->operands[1].value);
  nl_printer_puts(p, " step ");
  nl_printer_print_value(p, op->operands[2].value);
  if (ninits) {
    nl_printer_puts(p, " iter_args(");
    for (uint32_t i = 0; i < ninits; i++) {
      if (i)
        nl_printer_puts(p, ", ");
      nl_printer_print_value(p, body->args[i + 1]);
      nl_printer_puts(p, " = ");
      nl_printer_print_value(p, op->operands[i + 3].value);
    }
    nl_printer_puts(p, ")");
    print_result_types(p, op);
  }
  nl_printer_puts(p, " ");
  nl_printer_print_region(p, &op->regions[0], false, true);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
}

NlResult
nl_loop_verify_for(NlOp *op)
{
  if (op->noperands < 3) {
    nl_op_emit_error(op, "requires at least 3 operands (lower bound, upper "
                         "bound, step)");
    return nl_failure();
  }
  if (nl_failed(verify_index_operands(op, 0, 3)))
    return nl_failure();
  NlAttr *step = nl_value_constant(op->operands[2].value);
  if (step && step->kind == NL_ATTR_INTEGER &&
      nl_attr_integer_value(step, NULL) <= 0) {
    nl_op_emit_error(op, "constant step operand must be positive");
    return nl_failure();
  }
  uint32_t n = op->noperands - 3;
  if (op->nresults != n) {
    nl_op_emit_error(op, "mismatch in number of loop-carried values (%u) and "
                         "results (%u)",
                     n, op->nresults);
    return nl_failure();
  }
  for (uint32_t i = 0; i < n; i++)
    if (op->operands[i + 3].value->type != op->results[i].type) {
      nl_op_emit_error(op, "type of iter_args init #%u does not match the "
                           "type of result #%u",
                       i, i);
      return nl_failure();
    }
  NlBlock *body = op->regions[0].first;
  if (!body) {
    nl_op_emit_error(op, "requires a body block");
    return nl_failure();
  }
  if (body->nargs != n + 1) {
    nl_op_emit_error(op, "expected the body to have %u arguments (the "
                         "induction variable and the iter_args), got %u",
                     n + 1, body->nargs);
    return nl_failure();
  }
  if (body->args[0]->type != nl_type_index(nl_op_context(op))) {
    nl_op_emit_error(op, "the induction variable must be an index");
    return nl_failure();
  }
  for (uint32_t i = 0; i < n; i++)
    if (body->args[i + 1]->type != op->results[i].type) {
      nl_op_emit_error(op, "type of body argument #%u does not match the "
                           "type of result #%u",
                       i + 1, i);
      return nl_failure();
    }
  NlType **ts = result_types(op);
  NlResult r = verify_yield_types(op, &op->regions[0], ts, n, "the body");
  free(ts);
  return r;
}

/* ---- loop.parallel ----------------------------------------------------------- */

/* `(` ssa-use-list `)` */
static NlResult
parse_paren_operands(NlParser *p, NlUnresolvedOperand **out, uint32_t *n)
{
  if (nl_failed(nl_parser_expect(p, "(")) ||
      nl_failed(nl_parser_parse_operand_list(p, out, n)))
    return nl_failure();
  return nl_parser_expect(p, ")");
}

/* parallel-op ::= `(` ssa-id-list `)` `=` `(` ssa-use-list `)` `to`
 *                 `(` ssa-use-list `)` `step` `(` ssa-use-list `)` region
 *                 attr-dict */
NlResult
nl_loop_parse_parallel(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlType *index = nl_type_index(ctx);
  NlLoc *loc = nl_parser_loc(p);
  NlArgument *ivs = NULL;
  NlType **argtypes = NULL;
  uint32_t nivs = 0, ivs_cap = 0;
  NlResult r = nl_failure();
  if (nl_failed(nl_parser_expect(p, "(")))
    goto out;
  do {
    NlArgument a;
    if (nl_failed(nl_parser_parse_argument(p, false, &a)))
      goto out;
    a.type = index;
    NL_VEC_PUSH(ivs, nivs, ivs_cap, a);
  } while (nl_parser_accept(p, ","));
  if (nl_failed(nl_parser_expect(p, ")")) ||
      nl_failed(nl_parser_expect(p, "=")))
    goto out;
  static const char *const kws[3] = {NULL, "to", "step"};
  for (int k = 0; k < 3; k++) {
    NlUnresolvedOperand *ops;
    uint32_t n;
    if (kws[k] && nl_failed(expect_keyword(p, kws[k])))
      goto out;
    if (nl_failed(parse_paren_operands(p, &ops, &n)))
      goto out;
    if (n != nivs) {
      nl_parser_error(p, "expected %u values, got %u", nivs, n);
      goto out;
    }
    if (nl_failed(nl_loop_resolve_indices(p, ops, n, st)))
      goto out;
  }
  NlRegion *body = nl_op_state_add_region(st);
  if (nl_failed(nl_parser_parse_region(p, body, ivs, nivs)))
    goto out;
  argtypes = nl_xmalloc(nivs * sizeof *argtypes);
  for (uint32_t i = 0; i < nivs; i++)
    argtypes[i] = index;
  ensure_yield(ctx, body, loc, argtypes, nivs);
  r = nl_parser_parse_optional_attr_dict(p, st);
out:
  free(ivs);
  free(argtypes);
  return r;
}

static void
print_value_group(NlPrinter *p, NlOp *op, uint32_t first, uint32_t n)
{
  nl_printer_puts(p, "(");
  for (uint32_t i = 0; i < n; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_value(p, op->operands[first + i].value);
  }
  nl_printer_puts(p, ")");
}

void
nl_loop_print_parallel(NlPrinter *p, NlOp *op)
{
  NlBlock *body = op->regions[0].first;
  uint32_t n = op->noperands / 3;
  if (nl_loop_print_malformed(p, op,
                              !n || op->noperands % 3 || !body ||
                                  body->nargs != n))
    return;
  nl_printer_puts(p, " (");
  for (uint32_t i = 0; i < n; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_value(p, body->args[i]);
  }
  nl_printer_puts(p, ") = ");
  print_value_group(p, op, 0, n);
  nl_printer_puts(p, " to ");
  print_value_group(p, op, n, n);
  nl_printer_puts(p, " step ");
  print_value_group(p, op, 2 * n, n);
  nl_printer_puts(p, " ");
  nl_printer_print_region(p, &op->regions[0], false, true);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
}

NlResult
nl_loop_verify_parallel(NlOp *op)
{
  uint32_t n = op->noperands / 3;
  if (!n || op->noperands % 3) {
    nl_op_emit_error(op, "expects 3 * N operands (lower bounds, upper "
                         "bounds, steps) with N >= 1, got %u",
                     op->noperands);
    return nl_failure();
  }
  if (nl_failed(verify_index_operands(op, 0, op->noperands)))
    return nl_failure();
  for (uint32_t i = 2 * n; i < 3 * n; i++) {
    NlAttr *s = nl_value_constant(op->operands[i].value);
    if (s && s->kind == NL_ATTR_INTEGER && nl_attr_integer_value(s, NULL) <= 0) {
      nl_op_emit_error(op, "constant step operand must be positive");
      return nl_failure();
    }
  }
  NlBlock *body = op->regions[0].first;
  if (!body) {
    nl_op_emit_error(op, "requires a body block");
    return nl_failure();
  }
  NlType *index = nl_type_index(nl_op_context(op));
  bool ok = body->nargs == n;
  for (uint32_t i = 0; ok && i < n; i++)
    ok = body->args[i]->type == index;
  if (!ok) {
    nl_op_emit_error(op, "expected the body to have %u index arguments", n);
    return nl_failure();
  }
  return verify_yield_types(op, &op->regions[0], NULL, 0, "the body");
}

/* ---- loop.if ----------------------------------------------------------------- */

/* if-op ::= ssa-use (`->` type-list)? region (`else` region)? attr-dict */
NlResult
nl_loop_parse_if(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlLoc *loc = nl_parser_loc(p);
  NlUnresolvedOperand c;
  NlValue *v;
  NlType **types = NULL;
  uint32_t ntypes = 0;
  if (nl_failed(nl_parser_parse_operand(p, &c)) ||
      nl_failed(nl_parser_resolve_operand(p, &c, nl_type_i1(ctx), &v)))
    return nl_failure();
  nl_op_state_add_operand(st, v);
  if (nl_parser_accept(p, "->")) {
    if (nl_failed(nl_parser_parse_type_list(p, &types, &ntypes)))
      return nl_failure();
    nl_op_state_add_results(st, types, ntypes);
  }
  NlRegion *then = nl_op_state_add_region(st);
  NlRegion *els = nl_op_state_add_region(st);
  if (nl_failed(nl_parser_parse_region(p, then, NULL, 0)))
    return nl_failure();
  if (!ntypes)
    ensure_yield(ctx, then, loc, NULL, 0);
  if (nl_parser_accept_keyword(p, "else")) {
    if (nl_failed(nl_parser_parse_region(p, els, NULL, 0)))
      return nl_failure();
    if (!ntypes)
      ensure_yield(ctx, els, loc, NULL, 0);
  }
  return nl_parser_parse_optional_attr_dict(p, st);
}

void
nl_loop_print_if(NlPrinter *p, NlOp *op)
{
  if (nl_loop_print_malformed(p, op, op->noperands != 1))
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_value(p, op->operands[0].value);
  print_result_types(p, op);
  nl_printer_puts(p, " ");
  nl_printer_print_region(p, &op->regions[0], false, true);
  if (op->regions[1].first) {
    nl_printer_puts(p, " else ");
    nl_printer_print_region(p, &op->regions[1], false, true);
  }
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
}

NlResult
nl_loop_verify_if(NlOp *op)
{
  if (!nl_type_is_integer(op->operands[0].value->type, 1) ||
      op->operands[0].value->type->integer.signedness != NL_SIGNLESS) {
    nl_op_emit_error(op, "condition must be i1");
    return nl_failure();
  }
  NlRegion *then = &op->regions[0], *els = &op->regions[1];
  if (!then->first) {
    nl_op_emit_error(op, "requires a 'then' block");
    return nl_failure();
  }
  if (op->nresults && !els->first) {
    nl_op_emit_error(op, "must have an else block if defining values");
    return nl_failure();
  }
  if (then->first->nargs || (els->first && els->first->nargs)) {
    nl_op_emit_error(op, "blocks of 'then' and 'else' take no arguments");
    return nl_failure();
  }
  NlType **ts = result_types(op);
  NlResult r = verify_yield_types(op, then, ts, op->nresults, "'then'");
  if (nl_succeeded(r) && els->first)
    r = verify_yield_types(op, els, ts, op->nresults, "'else'");
  free(ts);
  return r;
}

/* ---- loop.yield -------------------------------------------------------------- */

/* yield-op ::= (ssa-use-list `:` type-list-no-parens)? attr-dict */
NlResult
nl_loop_parse_yield(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand *ops = NULL;
  uint32_t n = 0;
  NlLoc *loc = nl_parser_loc(p);
  if (nl_failed(nl_parser_parse_operand_list(p, &ops, &n)))
    return nl_failure();
  if (n) {
    NlType **types = NULL;
    uint32_t nt = 0, cap = 0;
    NlResult r = nl_parser_expect(p, ":");
    while (nl_succeeded(r)) {
      NlType *t;
      r = nl_parser_parse_type(p, &t);
      if (nl_failed(r))
        break;
      NL_VEC_PUSH(types, nt, cap, t);
      if (!nl_parser_accept(p, ","))
        break;
    }
    if (nl_succeeded(r))
      r = nl_parser_resolve_operands(p, ops, n, types, nt, loc, st);
    free(types);
    if (nl_failed(r))
      return r;
  }
  return nl_parser_parse_optional_attr_dict(p, st);
}

void
nl_loop_print_yield(NlPrinter *p, NlOp *op)
{
  if (nl_loop_print_malformed(p, op, false))
    return;
  if (op->noperands) {
    nl_printer_puts(p, " ");
    nl_printer_print_operands(p, op);
    nl_printer_puts(p, " : ");
    for (uint32_t i = 0; i < op->noperands; i++) {
      if (i)
        nl_printer_puts(p, ", ");
      nl_printer_print_type(p, op->operands[i].value->type);
    }
  }
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
}

NlResult
nl_loop_verify_yield(NlOp *op)
{
  int k = nl_loop_op_kind(nl_op_parent_op(op));
  if (k != NL_LOOP_FOR && k != NL_LOOP_PARALLEL && k != NL_LOOP_IF) {
    nl_op_emit_error(op, "expects parent op to be one of 'loop.for, "
                         "loop.parallel, loop.if'");
    return nl_failure();
  }
  return nl_success();
}

/* ---- canonicalization -------------------------------------------------------- */

static bool
const_index(NlValue *v, int64_t *out)
{
  NlAttr *a = nl_value_constant(v);
  if (!a || a->kind != NL_ATTR_INTEGER)
    return false;
  *out = nl_attr_integer_value(a, NULL);
  return true;
}

/* A loop.for whose constant bounds give no iteration yields its inits. */
static NlResult
for_zero_trips(NlOp *op, NlRewriter *rw)
{
  int64_t lb, ub;
  if (op->noperands < 3 || !const_index(op->operands[0].value, &lb) ||
      !const_index(op->operands[1].value, &ub) || lb < ub)
    return nl_failure();
  uint32_t n = op->noperands - 3;
  NlValue **vals = nl_xmalloc((n + 1) * sizeof *vals);
  for (uint32_t i = 0; i < n; i++)
    vals[i] = op->operands[i + 3].value;
  nl_rewriter_replace_op(rw, op, vals, n);
  free(vals);
  return nl_success();
}

/* Inlines the taken region of a block before op and replaces op's
 * results with the values it yields. */
static void
inline_region(NlRewriter *rw, NlOp *op, NlRegion *r)
{
  uint32_t n = op->nresults;
  NlValue **vals = nl_xmalloc((n + 1) * sizeof *vals);
  NlBlock *b = r->first;
  if (!b) {
    nl_rewriter_erase_op(rw, op);
    free(vals);
    return;
  }
  NlOp *y = b->last;
  for (uint32_t i = 0; i < n; i++)
    vals[i] = y->operands[i].value;
  nl_rewriter_inline_block_before(rw, b, op, NULL);
  nl_rewriter_erase_op(rw, y);
  nl_rewriter_replace_op(rw, op, vals, n);
  free(vals);
}

/* A loop.for running exactly once is its body with iv = lb. */
static NlResult
for_one_trip(NlOp *op, NlRewriter *rw)
{
  int64_t lb, ub, step;
  NlBlock *b = op->regions[0].first;
  if (op->noperands < 3 || !b || !const_index(op->operands[0].value, &lb) ||
      !const_index(op->operands[1].value, &ub) ||
      !const_index(op->operands[2].value, &step) || step <= 0 || lb >= ub ||
      ub - lb > step || nl_loop_op_kind(b->last) != NL_LOOP_YIELD)
    return nl_failure();
  uint32_t n = op->noperands - 3;
  NlValue **args = nl_xmalloc((n + 1) * sizeof *args);
  args[0] = op->operands[0].value;
  for (uint32_t i = 0; i < n; i++)
    args[i + 1] = op->operands[i + 3].value;
  NlOp *y = b->last;
  NlValue **vals = nl_xmalloc((n + 1) * sizeof *vals);
  nl_rewriter_inline_block_before(rw, b, op, args);
  for (uint32_t i = 0; i < n; i++)
    vals[i] = y->operands[i].value;
  nl_rewriter_erase_op(rw, y);
  nl_rewriter_replace_op(rw, op, vals, n);
  free(vals);
  free(args);
  return nl_success();
}

static NlResult
if_constant(NlOp *op, NlRewriter *rw)
{
  NlAttr *c = nl_value_constant(op->operands[0].value);
  if (!c || c->kind != NL_ATTR_INTEGER)
    return nl_failure();
  NlRegion *r = &op->regions[nl_attr_integer_value(c, NULL) ? 0 : 1];
  if (r->first && nl_loop_op_kind(r->first->last) != NL_LOOP_YIELD)
    return nl_failure();
  if (!r->first && op->nresults)
    return nl_failure();
  inline_region(rw, op, r);
  return nl_success();
}

const NlPattern nl_loop_for_patterns[] = {
    {"loop.for", 1, "loop-for-zero-trips", for_zero_trips},
    {"loop.for", 1, "loop-for-one-trip", for_one_trip},
};
const uint32_t nl_loop_nfor_patterns = 2;

const NlPattern nl_loop_if_patterns[] = {
    {"loop.if", 1, "loop-if-constant-condition", if_constant},
};
const uint32_t nl_loop_nif_patterns = 1;
