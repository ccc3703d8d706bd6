/*
 * The `testloop` dialect: the ops the pass tests need that no real dialect
 * provides yet. `testloop.for` implements the "loop-like" interface (LICM),
 * `testloop.br` and `testloop.cond_br` the "branch" interface (SCCP, DCE
 * of block arguments, multi-block inlining), `testloop.effect` has side
 * effects, `testloop.execute` runs its region once and yields its results
 * (its effects are those of its region, so CSE and DCE look inside), and
 * `testloop.flip` has a pattern that never converges (the greedy driver's
 * diagnostic). Tests only; loaded by nl_test_register.
 *
 *   testloop.for %iv = %lb to %ub step %s { ... testloop.yield }
 *   "testloop.br"(%x)[^bb1] : (i32) -> ()
 *   "testloop.cond_br"(%c, %t, %f)[^bb1, ^bb2]
 *       {operandSegmentSizes = array<i32: 1, 1, 1>} : (i1, i32, i32) -> ()
 *   %r = "testloop.execute"() ({ ... "testloop.yield"(%x) : (i32) -> () })
 *       : () -> i32
 */
#include <stdlib.h>
#include <string.h>

#include "null/interfaces.h"
#include "null/rewrite.h"
#include "testloop.h"

/* ---- testloop.for -------------------------------------------------------- */

static NlRegion *
for_body(NlOp *loop)
{
  return loop->nregions ? &loop->regions[0] : NULL;
}

static const NlLoopLikeIface for_loop_like = {.body = for_body};

static const NlOpIface for_ifaces[] = {
    {NL_IFACE_LOOP_LIKE, &for_loop_like},
    {NULL, NULL},
};

/* for-op ::= ssa-id `=` ssa-use `to` ssa-use `step` ssa-use region
 *            attr-dict? */
static NlResult
parse_for(NlParser *p, NlOpState *st)
{
  NlContext *ctx = nl_parser_context(p);
  NlType *index = nl_type_index(ctx);
  NlArgument iv;
  NlUnresolvedOperand bounds[3];
  if (nl_failed(nl_parser_parse_argument(p, false, &iv)) ||
      nl_failed(nl_parser_expect(p, "=")) ||
      nl_failed(nl_parser_parse_operand(p, &bounds[0])))
    return nl_failure();
  if (!nl_parser_accept_keyword(p, "to")) {
    nl_parser_error(p, "expected 'to'");
    return nl_failure();
  }
  if (nl_failed(nl_parser_parse_operand(p, &bounds[1])))
    return nl_failure();
  if (!nl_parser_accept_keyword(p, "step")) {
    nl_parser_error(p, "expected 'step'");
    return nl_failure();
  }
  if (nl_failed(nl_parser_parse_operand(p, &bounds[2])))
    return nl_failure();
  for (int i = 0; i < 3; i++) {
    NlValue *v;
    if (nl_failed(nl_parser_resolve_operand(p, &bounds[i], index, &v)))
      return nl_failure();
    nl_op_state_add_operand(st, v);
  }
  iv.type = index;
  if (nl_failed(nl_parser_parse_region(p, nl_op_state_add_region(st), &iv, 1)))
    return nl_failure();
  return nl_parser_parse_optional_attr_dict(p, st);
}

static void
print_for(NlPrinter *p, NlOp *op)
{
  NlBlock *body = op->regions[0].first;
  nl_printer_puts(p, " ");
  if (body && body->nargs)
    nl_printer_print_value(p, body->args[0]);
  nl_printer_puts(p, " = ");
  nl_printer_print_value(p, op->operands[0].value);
  nl_printer_puts(p, " to ");
  nl_printer_print_value(p, op->operands[1].value);
  nl_printer_puts(p, " step ");
  nl_printer_print_value(p, op->operands[2].value);
  nl_printer_puts(p, " ");
  nl_printer_print_region(p, &op->regions[0], false, true);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
}

static NlResult
verify_for(NlOp *op)
{
  NlBlock *body = op->regions[0].first;
  NlContext *ctx = nl_op_context(op);
  for (uint32_t i = 0; i < 3; i++)
    if (op->operands[i].value->type != nl_type_index(ctx)) {
      nl_op_emit_error(op, "operand #%u must be index", i);
      return nl_failure();
    }
  if (!body || body->nargs != 1 || body->args[0]->type != nl_type_index(ctx)) {
    nl_op_emit_error(op, "body must have one index argument");
    return nl_failure();
  }
  return nl_success();
}

/* yield-op ::= (ssa-use (`,` ssa-use)* `:` type (`,` type)*)? */
static NlResult
parse_yield(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand *ops = NULL;
  uint32_t n = 0;
  if (nl_failed(nl_parser_parse_operand_list(p, &ops, &n)))
    return nl_failure();
  NlResult r = nl_success();
  if (n) {
    NlType **types = NULL;
    uint32_t nt = 0, cap = 0;
    r = nl_parser_expect(p, ":");
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
      r = nl_parser_resolve_operands(p, ops, n, types, nt, nl_parser_loc(p),
                                     st);
    free(types);
  }
  return r; /* ops live in the parser's arena */
}

static void
print_yield(NlPrinter *p, NlOp *op)
{
  if (!op->noperands)
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_printer_puts(p, " : ");
  for (uint32_t i = 0; i < op->noperands; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, op->operands[i].value->type);
  }
}

/* ---- branches ------------------------------------------------------------ */

static void
br_operands(NlOp *op, uint32_t i, uint32_t *first, uint32_t *n)
{
  (void)i;
  *first = 0;
  *n = op->noperands;
}

static const NlBranchIface br_branch = {.successor_operands = br_operands};

static const NlOpIface br_ifaces[] = {
    {NL_IFACE_BRANCH, &br_branch},
    {NULL, NULL},
};

/* cond_br's operand groups: condition, true-successor operands,
 * false-successor operands. */
static bool
cond_br_segments(NlOp *op, int32_t seg[3])
{
  NlAttr *a = nl_op_attr(op, "operandSegmentSizes");
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, "operandSegmentSizes");
  if (!a || a->kind != NL_ATTR_DENSE_ARRAY || a->dense_array.n != 3 ||
      !nl_type_is_integer(a->dense_array.elem, 32))
    return false;
  memcpy(seg, a->dense_array.data, 3 * sizeof(int32_t));
  return seg[0] == 1 && seg[1] >= 0 && seg[2] >= 0 &&
         (uint32_t)(seg[0] + seg[1] + seg[2]) == op->noperands;
}

static void
cond_br_operands(NlOp *op, uint32_t i, uint32_t *first, uint32_t *n)
{
  int32_t seg[3];
  if (!cond_br_segments(op, seg)) {
    *first = *n = 0;
    return;
  }
  *first = i == 0 ? 1 : 1 + (uint32_t)seg[1];
  *n = (uint32_t)seg[1 + (i != 0)];
}

static int32_t
cond_br_constant(NlOp *op, NlAttr *const *consts)
{
  (void)op;
  if (!consts[0] || consts[0]->kind != NL_ATTR_INTEGER)
    return -1;
  return nl_attr_integer_value(consts[0], NULL) ? 0 : 1;
}

static void
cond_br_erase(NlOp *op, uint32_t i, uint32_t k)
{
  int32_t seg[3];
  if (!cond_br_segments(op, seg))
    return;
  uint32_t first, n;
  cond_br_operands(op, i, &first, &n);
  NlValue **vals = malloc(op->noperands * sizeof *vals);
  uint32_t m = 0;
  for (uint32_t j = 0; j < op->noperands; j++)
    if (j != first + k)
      vals[m++] = op->operands[j].value;
  nl_op_set_operands(op, vals, m);
  free(vals);
  seg[1 + (i != 0)]--;
  NlContext *ctx = nl_op_context(op);
  NlAttr *a =
      nl_attr_dense_array(ctx, nl_type_integer(ctx, 32, NL_SIGNLESS), seg, 3);
  if (op->props && nl_attr_dict_get(op->props, "operandSegmentSizes"))
    op->props = nl_attr_dict_set(ctx, op->props,
                                 nl_ident_cstr(ctx, "operandSegmentSizes"), a);
  else
    nl_op_set_attr(op, "operandSegmentSizes", a);
}

static const NlBranchIface cond_br_branch = {
    .successor_operands = cond_br_operands,
    .constant_successor = cond_br_constant,
    .erase_successor_operand = cond_br_erase,
};

static const NlOpIface cond_br_ifaces[] = {
    {NL_IFACE_BRANCH, &cond_br_branch},
    {NULL, NULL},
};

static NlResult
verify_cond_br(NlOp *op)
{
  int32_t seg[3];
  if (!cond_br_segments(op, seg)) {
    nl_op_emit_error(op, "requires operandSegmentSizes = array<i32: 1, n, "
                         "m> matching the operands");
    return nl_failure();
  }
  if (!nl_type_is_integer(op->operands[0].value->type, 1)) {
    nl_op_emit_error(op, "condition must be i1");
    return nl_failure();
  }
  return nl_success();
}

/* ---- testloop.flip: never converges -------------------------------------- */

/* flip {state} -> flip {!state}, forever: the driver must give up. */
static NlResult
flip_state(NlOp *op, NlRewriter *rw)
{
  NlAttr *s = nl_op_attr(op, "state");
  bool on = s && nl_attr_is_bool(s) && nl_attr_integer_value(s, NULL);
  nl_rewriter_modify_start(rw, op);
  nl_op_set_attr(op, "state", nl_attr_bool(nl_rewriter_context(rw), !on));
  nl_rewriter_modify_end(rw, op);
  return nl_success();
}

static const NlPattern flip_patterns[] = {
    {"testloop.flip", 1, "flip-state", flip_state},
};

/* ---- the dialect --------------------------------------------------------- */

enum {
  FOR,
  YIELD,
  BR,
  COND_BR,
  EFFECT,
  EXECUTE,
  FLIP,
  NOPS,
};

static const NlOpDef testloop_ops[NOPS] = {
    [FOR] = {.name = "testloop.for",
             .noperands = 3,
             .nresults = 0,
             .nregions = 1,
             .nsuccessors = 0,
             .traits = NL_SINGLE_BLOCK | NL_RECURSIVE_EFFECTS,
             .verify = verify_for,
             .parse = parse_for,
             .print = print_for,
             .ifaces = for_ifaces},
    [YIELD] = {.name = "testloop.yield",
               .noperands = NL_VARIADIC,
               .nresults = 0,
               .traits = NL_TERMINATOR | NL_PURE | NL_RETURN_LIKE,
               .parse = parse_yield,
               .print = print_yield},
    [BR] = {.name = "testloop.br",
            .noperands = NL_VARIADIC,
            .nresults = 0,
            .nsuccessors = 1,
            .traits = NL_TERMINATOR | NL_PURE,
            .ifaces = br_ifaces},
    [COND_BR] = {.name = "testloop.cond_br",
                 .noperands = NL_VARIADIC,
                 .nresults = 0,
                 .nsuccessors = 2,
                 .traits = NL_TERMINATOR | NL_PURE,
                 .verify = verify_cond_br,
                 .ifaces = cond_br_ifaces},
    [EFFECT] = {.name = "testloop.effect",
                .noperands = NL_VARIADIC,
                .nresults = NL_VARIADIC,
                .nregions = NL_VARIADIC,
                .traits = 0},
    [EXECUTE] = {.name = "testloop.execute",
                 .noperands = 0,
                 .nresults = NL_VARIADIC,
                 .nregions = 1,
                 .traits = NL_SINGLE_BLOCK | NL_RECURSIVE_EFFECTS},
    [FLIP] = {.name = "testloop.flip",
              .noperands = 0,
              .nresults = 0,
              .traits = 0,
              .canonical = flip_patterns,
              .ncanonical = 1},
};

static const NlDialect testloop_dialect = {
    .name = "testloop",
    .ops = testloop_ops,
    .nops = NOPS,
    .summary = "loop, branch and effect ops for pass tests (tests only)",
};

NlResult
nl_testloop_register(NlContext *ctx)
{
  return nl_context_load_dialect(ctx, &testloop_dialect);
}
