/*
 * nl_tensor_build_body: the scalar computation of one iteration of a
 * structured op, emitted with arith ops for the named ones and cloned from
 * the body for tensor.generic (block arguments and tensor.index replaced
 * by the caller's scalars and induction variables).
 */
#include <stdlib.h>
#include <string.h>

#include "tensor/internal.h"

/* Creates `name lhs, rhs` (result of lhs's type) at b, or NULL after a
 * diagnostic on op when arith is not loaded. */
static NlValue *
binop(NlBuilder *b, NlOp *op, const char *name, NlValue *x, NlValue *y)
{
  const NlOpDef *def = nl_context_lookup_op(b->ctx, name, strlen(name));
  if (!def) {
    nl_op_emit_error(op, "needs '%s' (is the arith dialect loaded?)", name);
    return NULL;
  }
  NlOpState st;
  nl_op_state_init(&st, b->ctx, def, op->loc);
  nl_op_state_add_operand(&st, x);
  nl_op_state_add_operand(&st, y);
  nl_op_state_add_result(&st, x->type);
  NlOp *n = nl_builder_insert(b, &st);
  nl_op_state_fini(&st);
  return nl_op_result(n, 0);
}

typedef enum Combine { C_ADD, C_MUL, C_MAX, C_MIN } Combine;

/* The arith op combining two elements of type t. i1 uses the boolean
 * forms (or for add and max, and for mul and min), as linalg does. */
static const char *
combine_name(Combine c, const NlType *t)
{
  static const char *const flt[] = {"arith.addf", "arith.mulf",
                                    "arith.maximumf", "arith.minimumf"};
  static const char *const in[] = {"arith.addi", "arith.muli", "arith.maxsi",
                                   "arith.minsi"};
  static const char *const bl[] = {"arith.ori", "arith.andi", "arith.ori",
                                   "arith.andi"};
  if (nl_type_is_float(t))
    return flt[c];
  if (nl_type_is_integer(t, 1))
    return bl[c];
  if (nl_type_is_int_or_index(t))
    return in[c];
  return NULL;
}

static NlValue *
combine(NlBuilder *b, NlOp *op, Combine c, NlValue *x, NlValue *y)
{
  const char *name = combine_name(c, x->type);
  if (!name) {
    NlBuf buf = {0};
    nl_type_print(x->type, &buf);
    nl_op_emit_error(op, "has no arithmetic for element type %s", buf.data);
    nl_buf_free(&buf);
    return NULL;
  }
  return binop(b, op, name, x, y);
}

static Combine
kind_of(NlOp *op)
{
  const char *k = nl_tensor_str(op, "kind");
  if (!k || !strcmp(k, "add") || !strcmp(k, "sum"))
    return C_ADD;
  if (!strcmp(k, "mul"))
    return C_MUL;
  if (!strcmp(k, "max"))
    return C_MAX;
  return C_MIN;
}

/* ---- generic bodies ---------------------------------------------------------
 */

/* Old value -> new value, searched linearly (bodies are small). */
typedef struct Map {
  NlValue **from, **to;
  uint32_t n, cap;
} Map;

static void
map_add(Map *m, NlValue *from, NlValue *to)
{
  if (m->n == m->cap) {
    m->cap = m->cap ? m->cap * 2 : 16;
    m->from = nl_xrealloc(m->from, m->cap * sizeof(*m->from));
    m->to = nl_xrealloc(m->to, m->cap * sizeof(*m->to));
  }
  m->from[m->n] = from;
  m->to[m->n++] = to;
}

static NlValue *
map_get(const Map *m, NlValue *v)
{
  for (uint32_t i = m->n; i-- > 0;)
    if (m->from[i] == v)
      return m->to[i];
  return v;
}

static NlWalkResult
remap(NlOp *op, void *ud)
{
  const Map *m = ud;
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlValue *v = nl_op_operand(op, i), *w = map_get(m, v);
    if (w != v)
      nl_op_set_operand(op, i, w);
  }
  return NL_WALK_ADVANCE;
}

static void
insert(NlBuilder *b, NlOp *op)
{
  if (b->before)
    nl_block_insert_op_before(b->before, op);
  else if (b->block)
    nl_block_append_op(b->block, op);
}

static NlResult
clone_body(NlBuilder *b, NlOp *op, NlValue *const *args, NlValue *const *ivs,
           NlValue **results)
{
  NlBlock *body = nl_tensor_generic_body(op);
  Map m = {0};
  NlResult r = nl_success();
  if (!body) {
    nl_op_emit_error(op, "has no body");
    return nl_failure();
  }
  uint32_t nins, nouts, nloops = 0;
  NlAttr *it = nl_tensor_attr(op, "iterator_types");
  if (it && it->kind == NL_ATTR_ARRAY)
    nloops = it->array.n;
  if (!nl_tensor_split(op, &nins, &nouts) || body->nargs != nins + nouts) {
    nl_op_emit_error(op, "is malformed (run the verifier)");
    return nl_failure();
  }
  for (uint32_t i = 0; i < body->nargs; i++)
    map_add(&m, body->args[i], args[i]);
  nl_block_foreach_op(body, n)
  {
    int k = nl_tensor_kind(n);
    if (k == TENSOR_YIELD) {
      if (n->noperands != nouts) {
        nl_op_emit_error(n, "is malformed (run the verifier)");
        r = nl_failure();
      }
      for (uint32_t i = 0; i < n->noperands && i < nouts; i++)
        results[i] = map_get(&m, nl_op_operand(n, i));
      break;
    }
    if (k == TENSOR_INDEX) {
      NlAttr *a = nl_tensor_attr(n, "dim");
      int64_t d =
          a && a->kind == NL_ATTR_INTEGER ? nl_attr_integer_value(a, NULL) : -1;
      if (d < 0 || d >= (int64_t)nloops) {
        nl_op_emit_error(n, "is malformed (run the verifier)");
        r = nl_failure();
        break;
      }
      if (!ivs) {
        nl_op_emit_error(n, "needs the induction variables of its loops");
        r = nl_failure();
        break;
      }
      map_add(&m, nl_op_result(n, 0), ivs[d]);
      continue;
    }
    NlOp *c = nl_op_clone(n);
    (void)nl_op_walk(c, NL_WALK_PRE, remap, &m);
    insert(b, c);
    for (uint32_t i = 0; i < n->nresults; i++)
      map_add(&m, nl_op_result(n, i), nl_op_result(c, i));
  }
  free(m.from);
  free(m.to);
  return r;
}

/* ---- entry point
 * -------------------------------------------------------------- */

NlResult
nl_tensor_build_body(NlBuilder *b, NlOp *op, NlValue *const *args,
                     NlValue *const *ivs, NlValue **results)
{
  NlValue *v = NULL;
  switch (nl_tensor_kind(op)) {
  case TENSOR_GENERIC:
    return clone_body(b, op, args, ivs, results);
  case TENSOR_FILL:
  case TENSOR_COPY:
  case TENSOR_TRANSPOSE:
  case TENSOR_BROADCAST:
    v = args[0];
    break;
  case TENSOR_MATMUL:
  case TENSOR_BATCH_MATMUL:
  case TENSOR_CONV2D: {
    NlValue *p = combine(b, op, C_MUL, args[0], args[1]);
    v = p ? combine(b, op, C_ADD, args[2], p) : NULL;
    break;
  }
  case TENSOR_POOL:
  case TENSOR_REDUCE:
    v = combine(b, op, kind_of(op), args[1], args[0]);
    break;
  default:
    nl_op_emit_error(op, "is not a structured tensor op");
    return nl_failure();
  }
  if (!v)
    return nl_failure();
  results[0] = v;
  return nl_success();
}
