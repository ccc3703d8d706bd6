/*
 * The graph ops: the op definitions generated from ops.def, the verifier
 * shared by all of them (operand and result counts, required attributes,
 * attribute kinds, result types compatible with the inferred ones), the
 * custom form shared by all of them, and the dialect's own graph.none,
 * graph.yield and the short form of graph.constant. Inference is in
 * infer.c, folders and patterns in fold.c.
 */
#include "graph/internal.h"

/* ---- attribute helpers --------------------------------------------------- */

int64_t
nl_graph_attr_int(NlOp *op, const char *name, int64_t dflt)
{
  NlAttr *a = nl_op_attr(op, name);
  if (!a || a->kind != NL_ATTR_INTEGER)
    return dflt;
  return nl_attr_integer_value(a, NULL);
}

double
nl_graph_attr_float(NlOp *op, const char *name, double dflt)
{
  NlAttr *a = nl_op_attr(op, name);
  if (a && a->kind == NL_ATTR_FLOAT)
    return a->flt.value;
  if (a && a->kind == NL_ATTR_INTEGER)
    return (double)nl_attr_integer_value(a, NULL);
  return dflt;
}

const char *
nl_graph_attr_str(NlOp *op, const char *name, const char *dflt)
{
  NlAttr *a = nl_op_attr(op, name);
  if (!a || a->kind != NL_ATTR_STRING)
    return dflt;
  return a->str.value->str;
}

int
nl_graph_attr_ints(NlOp *op, const char *name, int64_t *out, int max)
{
  NlAttr *a = nl_op_attr(op, name);
  if (!a || a->kind != NL_ATTR_ARRAY)
    return -1;
  for (uint32_t i = 0; i < a->array.n; i++) {
    if (a->array.elems[i]->kind != NL_ATTR_INTEGER)
      return -1;
    if ((int)i < max)
      out[i] = nl_attr_integer_value(a->array.elems[i], NULL);
  }
  return (int)a->array.n;
}

/* ---- verification -------------------------------------------------------- */

static bool
is_int_array(const NlAttr *a, NlAttrKind elem)
{
  if (a->kind != NL_ATTR_ARRAY)
    return false;
  for (uint32_t i = 0; i < a->array.n; i++)
    if (a->array.elems[i]->kind != elem &&
        !(elem == NL_ATTR_FLOAT && a->array.elems[i]->kind == NL_ATTR_INTEGER))
      return false;
  return true;
}

/* Whether a has the representation of kind k (see graph.h). */
static bool
attr_has_kind(const NlAttr *a, NlGraphAttrKind k)
{
  switch (k) {
  case NL_GATTR_INT:
    return a->kind == NL_ATTR_INTEGER;
  case NL_GATTR_FLOAT:
    return a->kind == NL_ATTR_FLOAT || a->kind == NL_ATTR_INTEGER;
  case NL_GATTR_STRING:
    return a->kind == NL_ATTR_STRING;
  case NL_GATTR_INTS:
    return is_int_array(a, NL_ATTR_INTEGER);
  case NL_GATTR_FLOATS:
    return is_int_array(a, NL_ATTR_FLOAT);
  case NL_GATTR_STRINGS:
    return is_int_array(a, NL_ATTR_STRING);
  case NL_GATTR_TENSOR:
    return a->kind == NL_ATTR_DENSE || a->kind == NL_ATTR_DENSE_RESOURCE;
  case NL_GATTR_TYPE:
    return a->kind == NL_ATTR_TYPE;
  case NL_GATTR_GRAPH:
    return false;
  }
  return false;
}

static const char *const kind_names[] = {
    [NL_GATTR_INT] = "an integer",
    [NL_GATTR_FLOAT] = "a float",
    [NL_GATTR_STRING] = "a string",
    [NL_GATTR_INTS] = "a list of integers",
    [NL_GATTR_FLOATS] = "a list of floats",
    [NL_GATTR_STRINGS] = "a list of strings",
    [NL_GATTR_TENSOR] = "a dense tensor",
    [NL_GATTR_GRAPH] = "a region, not an attribute",
    [NL_GATTR_TYPE] = "a type",
};

static NlResult
verify_count(NlOp *op, const char *what, uint32_t n, int min, int max)
{
  if ((int64_t)n >= min && (max < 0 || (int64_t)n <= max))
    return nl_success();
  if (max < 0)
    nl_op_emit_error(op, "expects at least %d %s, but got %u", min, what, n);
  else if (min == max)
    nl_op_emit_error(op, "expects %d %s, but got %u", min, what, n);
  else
    nl_op_emit_error(op, "expects between %d and %d %s, but got %u", min, max,
                     what, n);
  return nl_failure();
}

/* Values of the graph dialect: tensors, `none` (absent operands) and the
 * dialect's opaque types (sequences, optionals). */
static bool
valid_value_type(const NlType *t)
{
  return t->kind == NL_TYPE_TENSOR || t->kind == NL_TYPE_UNRANKED_TENSOR ||
         t->kind == NL_TYPE_NONE || t->kind == NL_TYPE_OPAQUE;
}

static void
describe_type(NlType *t, NlBuf *b)
{
  nl_type_print(t, b);
}

/* If and Loop: the values their regions yield match their results (and
 * Loop's body takes the iteration number, the condition and the
 * loop-carried values). */
static NlResult
verify_regions(NlOp *op, int k)
{
  if (k != GRAPH_IF && k != GRAPH_LOOP)
    return nl_success();
  for (uint32_t i = 0; i < op->nregions; i++) {
    NlRegion *r = nl_op_region(op, i);
    if (nl_region_empty(r))
      continue;
    NlOp *y = nl_block_terminator(r->first);
    uint32_t want = k == GRAPH_IF ? op->nresults : 1 + op->nresults;
    if (!y || !nl_op_is(y, "graph.yield")) {
      nl_op_emit_error(op, "region #%u must end with graph.yield", i);
      return nl_failure();
    }
    if (y->noperands != want) {
      nl_op_emit_error(op,
                       "region #%u yields %u values, but %u are "
                       "expected",
                       i, y->noperands, want);
      return nl_failure();
    }
    if (k == GRAPH_LOOP && op->noperands >= 2 &&
        r->first->nargs != op->noperands) {
      nl_op_emit_error(op,
                       "body takes %u arguments, but %u are expected "
                       "(iteration, condition, loop-carried values)",
                       r->first->nargs, op->noperands);
      return nl_failure();
    }
  }
  return nl_success();
}

static NlResult
verify_op(NlOp *op)
{
  int k = nl_graph_kind(op);
  const NlGraphOpInfo *info = &nl_graph_infos[k];
  if (nl_failed(verify_count(op, "operands", op->noperands, info->min_inputs,
                             info->max_inputs)) ||
      nl_failed(verify_count(op, "results", op->nresults, info->min_outputs,
                             info->max_outputs)))
    return nl_failure();
  for (uint32_t i = 0; i < op->noperands; i++)
    if (!valid_value_type(nl_op_operand(op, i)->type)) {
      nl_op_emit_error(op, "operand #%u must be a tensor or none", i);
      return nl_failure();
    }
  for (uint32_t i = 0; i < op->nresults; i++) {
    NlType *t = nl_op_result(op, i)->type;
    if (!valid_value_type(t) || t->kind == NL_TYPE_NONE) {
      nl_op_emit_error(op, "result #%u must be a tensor", i);
      return nl_failure();
    }
  }
  for (uint32_t i = 0; i < info->nattrs; i++) {
    const NlGraphAttrSpec *s = &info->attrs[i];
    if (s->kind == NL_GATTR_GRAPH)
      continue;
    NlAttr *a = nl_op_attr(op, s->name);
    if (!a) {
      if (s->required) {
        nl_op_emit_error(op, "requires attribute '%s'", s->name);
        return nl_failure();
      }
      continue;
    }
    if (!attr_has_kind(a, s->kind)) {
      nl_op_emit_error(op, "attribute '%s' must be %s", s->name,
                       kind_names[s->kind]);
      return nl_failure();
    }
  }
  if (nl_failed(verify_regions(op, k)))
    return nl_failure();
  NlType *small[8] = {0};
  NlType **inferred = small;
  if (op->nresults > 8)
    inferred = nl_xcalloc(op->nresults, sizeof *inferred);
  NlResult r = nl_graph_infer(op, inferred);
  for (uint32_t i = 0; nl_succeeded(r) && i < op->nresults; i++) {
    NlType *t = nl_op_result(op, i)->type;
    if (!inferred[i] || nl_graph_type_compatible(inferred[i], t))
      continue;
    NlBuf a = {0}, b = {0};
    describe_type(inferred[i], &a);
    describe_type(t, &b);
    nl_op_emit_error(op,
                     "inferred type '%s' is incompatible with result "
                     "type '%s' of result #%u",
                     a.data, b.data, i);
    nl_buf_free(&a);
    nl_buf_free(&b);
    r = nl_failure();
  }
  if (inferred != small)
    free(inferred);
  return r;
}

static NlResult
verify_none(NlOp *op)
{
  (void)op;
  return nl_success();
}

static NlResult
verify_yield(NlOp *op)
{
  NlOp *parent = nl_op_parent_op(op);
  if (!parent || nl_graph_kind(parent) < 0) {
    nl_op_emit_error(op, "expects parent op to be a graph op with regions");
    return nl_failure();
  }
  return nl_success();
}

/* ---- custom form --------------------------------------------------------- */

/* (The operand lists live in the parser's arena.)
 * graph-op ::= ssa-use-list attr-dict `:` function-type
 *              (region (`,` region)*)?
 * The number of regions is the op's (one per GRAPH attribute). */
static NlResult
parse_op(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand *ops = NULL;
  uint32_t nops = 0;
  NlType *ft;
  NlLoc *loc = nl_parser_loc(p);
  NlResult r = nl_failure();
  if (nl_failed(nl_parser_parse_operand_list(p, &ops, &nops)) ||
      nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_expect(p, ":")))
    goto done;
  if (nl_failed(nl_parser_parse_type(p, &ft)))
    goto done;
  if (ft->kind != NL_TYPE_FUNCTION) {
    /* (Reported at the op's operands: locations cost an interning.) */
    nl_emit_error(nl_parser_context(p), loc, "expected a function type");
    goto done;
  }
  if (nl_failed(nl_parser_resolve_operands(p, ops, nops, ft->function.types,
                                           ft->function.ninputs, loc, st)))
    goto done;
  nl_op_state_add_results(st, ft->function.types + ft->function.ninputs,
                          ft->function.nresults);
  for (int32_t i = 0; i < st->def->nregions; i++) {
    if (i && nl_failed(nl_parser_expect(p, ",")))
      goto done;
    NlRegion *region = nl_op_state_add_region(st);
    if (nl_failed(nl_parser_parse_region(p, region, NULL, 0)))
      goto done;
  }
  r = nl_success();
done:
  return r;
}

static void
print_function_type(NlPrinter *p, NlOp *op)
{
  nl_printer_puts(p, " : (");
  for (uint32_t i = 0; i < op->noperands; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, nl_op_operand(op, i)->type);
  }
  nl_printer_puts(p, ") -> ");
  bool paren =
      op->nresults != 1 || nl_op_result(op, 0)->type->kind == NL_TYPE_FUNCTION;
  if (paren)
    nl_printer_puts(p, "(");
  for (uint32_t i = 0; i < op->nresults; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, nl_op_result(op, i)->type);
  }
  if (paren)
    nl_printer_puts(p, ")");
}

static void
print_op(NlPrinter *p, NlOp *op)
{
  if (op->noperands) {
    nl_printer_puts(p, " ");
    nl_printer_print_operands(p, op);
  }
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  print_function_type(p, op);
  for (uint32_t i = 0; i < op->nregions; i++) {
    nl_printer_puts(p, i ? ", " : " ");
    nl_printer_print_region(p, nl_op_region(op, i), true, true);
  }
}

/* constant-op ::= `graph.constant` attr-dict attribute
 *               | `graph.constant` attr-dict `:` `(` `)` `->` type
 * The short form carries the `value` attribute, whose type is the
 * result's; the long one is used for the other value_* forms. */
static NlResult
parse_constant(NlParser *p, NlOpState *st)
{
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)))
    return nl_failure();
  if (nl_parser_peek(p, ":"))
    return parse_op(p, st);
  NlAttr *v;
  NlLoc *loc = nl_parser_loc(p);
  if (nl_failed(nl_parser_parse_attr(p, NULL, &v)))
    return nl_failure();
  if (!v->type || !nl_type_is_shaped(v->type)) {
    nl_emit_error(nl_parser_context(p), loc,
                  "expected a dense elements attribute");
    return nl_failure();
  }
  nl_op_state_add_attr(st, "value", v);
  nl_op_state_add_result(st, v->type);
  return nl_success();
}

static void
print_constant(NlPrinter *p, NlOp *op)
{
  NlAttr *v = nl_op_attr(op, "value");
  if (!v || op->nresults != 1 || op->noperands ||
      v->type != op->results[0].type) {
    print_op(p, op);
    return;
  }
  static const char *const elided[] = {"value"};
  nl_printer_print_attr_dict(p, op->attrs, elided, 1);
  nl_printer_puts(p, " ");
  nl_printer_print_attr(p, v);
}

/* none-op ::= `graph.none` attr-dict */
static NlResult
parse_none(NlParser *p, NlOpState *st)
{
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)))
    return nl_failure();
  nl_op_state_add_result(st, nl_type_none(nl_parser_context(p)));
  return nl_success();
}

static void
print_none(NlPrinter *p, NlOp *op)
{
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
}

/* yield-op ::= `graph.yield` attr-dict (ssa-use-list `:` type-list)? */
static NlResult
parse_yield(NlParser *p, NlOpState *st)
{
  NlUnresolvedOperand *ops = NULL;
  uint32_t nops = 0;
  NlType **types = NULL;
  uint32_t ntypes = 0;
  NlLoc *loc = nl_parser_loc(p);
  NlResult r = nl_failure();
  if (nl_failed(nl_parser_parse_optional_attr_dict(p, st)) ||
      nl_failed(nl_parser_parse_operand_list(p, &ops, &nops)))
    goto done;
  if (nops) {
    if (nl_failed(nl_parser_expect(p, ":")))
      goto done;
    for (;;) {
      NlType *t;
      if (nl_failed(nl_parser_parse_type(p, &t)))
        goto done;
      types = nl_xrealloc(types, (ntypes + 1) * sizeof *types);
      types[ntypes++] = t;
      if (!nl_parser_accept(p, ","))
        break;
    }
  }
  r = nl_parser_resolve_operands(p, ops, nops, types, ntypes, loc, st);
done:
  free(types);
  return r;
}

static void
print_yield(NlPrinter *p, NlOp *op)
{
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  if (!op->noperands)
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_printer_puts(p, " : ");
  for (uint32_t i = 0; i < op->noperands; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, nl_op_operand(op, i)->type);
  }
}

/* ---- the op table -------------------------------------------------------- */

const char nl_graph_kind_iface[] = "graph.kind";

static const int graph_kinds[GRAPH_NDEFS] = {
#define OP(id, ...) [GRAPH_##id] = GRAPH_##id,
#define ATTR(...)
#define END(id)
#include "graph/ops.def"
#undef OP
#undef ATTR
#undef END
    [GRAPH_NONE_OP] = GRAPH_NONE_OP,
    [GRAPH_YIELD_OP] = GRAPH_YIELD_OP,
};

#define OP(id, ...)                                                            \
  static const NlOpIface ifaces_##id[] = {                                     \
      {nl_graph_kind_iface, &graph_kinds[GRAPH_##id]}, {NULL, NULL}};
#define ATTR(...)
#define END(id)
#include "graph/ops.def"
#undef OP
#undef ATTR
#undef END
static const NlOpIface ifaces_NONE_OP[] = {
    {nl_graph_kind_iface, &graph_kinds[GRAPH_NONE_OP]}, {NULL, NULL}};
static const NlOpIface ifaces_YIELD_OP[] = {
    {nl_graph_kind_iface, &graph_kinds[GRAPH_YIELD_OP]}, {NULL, NULL}};

/* Region counts (GRAPH attributes) per op, and the custom form per op:
 * graph.constant has its own. */
#define IS_GRAPH_INT 0
#define IS_GRAPH_FLOAT 0
#define IS_GRAPH_STRING 0
#define IS_GRAPH_INTS 0
#define IS_GRAPH_FLOATS 0
#define IS_GRAPH_STRINGS 0
#define IS_GRAPH_TENSOR 0
#define IS_GRAPH_TYPE 0
#define IS_GRAPH_GRAPH 1
enum {
#define OP(id, ...) NREG_##id = 0
#define ATTR(id, name, kind, req, dflt) +IS_GRAPH_##kind
#define END(id) ,
#include "graph/ops.def"
#undef OP
#undef ATTR
#undef END
};

#define parse_fn(id) (GRAPH_##id == GRAPH_CONSTANT ? parse_constant : parse_op)
#define print_fn(id) (GRAPH_##id == GRAPH_CONSTANT ? print_constant : print_op)

const NlOpDef nl_graph_ops[GRAPH_NDEFS] = {
#define OP(id, onnx, opname, since, until, mini, maxi, mino, maxo, cls, tr)    \
  [GRAPH_##id] = {.name = opname,                                              \
                  .noperands = NL_VARIADIC,                                    \
                  .nresults = NL_VARIADIC,                                     \
                  .nregions = NREG_##id,                                       \
                  .nsuccessors = 0,                                            \
                  .traits = (tr) | (NREG_##id ? NL_SINGLE_BLOCK : 0),          \
                  .verify = verify_op,                                         \
                  .parse = parse_fn(id),                                       \
                  .print = print_fn(id),                                       \
                  .ifaces = ifaces_##id,                                       \
                  .fold = nl_graph_fold},
#define ATTR(...)
#define END(id)
#include "graph/ops.def"
#undef OP
#undef ATTR
#undef END
    [GRAPH_NONE_OP] = {.name = "graph.none",
                       .noperands = 0,
                       .nresults = 1,
                       .nregions = 0,
                       .nsuccessors = 0,
                       .traits = NL_PURE,
                       .verify = verify_none,
                       .parse = parse_none,
                       .print = print_none,
                       .ifaces = ifaces_NONE_OP},
    [GRAPH_YIELD_OP] = {.name = "graph.yield",
                        .noperands = NL_VARIADIC,
                        .nresults = 0,
                        .nregions = 0,
                        .nsuccessors = 0,
                        .traits = NL_PURE | NL_TERMINATOR | NL_RETURN_LIKE,
                        .verify = verify_yield,
                        .parse = parse_yield,
                        .print = print_yield,
                        .ifaces = ifaces_YIELD_OP},
};
