/*
 * sccp: sparse conditional constant propagation (Wegman and Zadeck), as
 * MLIR's SCCP pass does it within a function: values start unknown, become
 * a constant when every executable definition agrees (fold hooks compute
 * op results from constant operands) and overdefined otherwise; blocks
 * become executable when a branch that can be taken reaches them, so a
 * branch on a constant condition only feeds the successor it takes, and a
 * block argument is constant when every executable edge forwards the same
 * constant. Terminators implementing the "branch" interface say which
 * operands go to which successor and which successor a constant picks; the
 * entry blocks of nested regions are executable with unknown arguments.
 * Function arguments and call results are overdefined (no interprocedural
 * propagation). Afterwards, values proved constant are replaced by
 * constants at the start of the enclosing isolated region, and ops left
 * without uses and effects are erased; branches are left to canonicalize.
 */
#include <stdlib.h>
#include <string.h>

#include "null/interfaces.h"
#include "null/rewrite.h"
#include "passes.h"
#include "ptrmap.h"

enum { UNKNOWN, CONSTANT, OVERDEFINED };

typedef struct Lattice {
  uint8_t state;
  NlAttr *value;            /* CONSTANT */
  const NlDialect *dialect; /* that materializes value */
} Lattice;

typedef struct Sccp {
  NlContext *ctx;
  NlArena *arena;
  PtrMap lat;        /* NlValue* -> Lattice* (absent: unknown) */
  PtrMap executable; /* NlBlock* -> itself */
  NlBlock **blocks;  /* blocks to visit */
  size_t nblocks, blocks_cap;
  NlOp **ops; /* ops to revisit */
  size_t nops, ops_cap;
  PtrMap queued; /* ops in `ops` */
  bool changed;
} Sccp;

static const Lattice unknown_lattice = {UNKNOWN, NULL, NULL};

static const Lattice *
get(Sccp *s, NlValue *v)
{
  const Lattice *l = ptrmap_get(&s->lat, v);
  return l ? l : &unknown_lattice;
}

static void
enqueue_op(Sccp *s, NlOp *op)
{
  if (ptrmap_has(&s->queued, op))
    return;
  ptrmap_put(&s->queued, op, op);
  NL_VEC_PUSH(s->ops, s->nops, s->ops_cap, op);
}

/* Joins `in` into v's lattice; on a change, revisits v's users. */
static void
join(Sccp *s, NlValue *v, const Lattice *in)
{
  if (in->state == UNKNOWN)
    return;
  Lattice *cur = ptrmap_get(&s->lat, v);
  if (cur && cur->state == OVERDEFINED)
    return;
  if (!cur) {
    cur = nl_arena_alloc(s->arena, sizeof *cur, _Alignof(Lattice));
    *cur = *in;
    ptrmap_put(&s->lat, v, cur);
  } else if (in->state == CONSTANT && cur->value == in->value &&
             cur->dialect == in->dialect) {
    return;
  } else {
    *cur = (Lattice){OVERDEFINED, NULL, NULL};
  }
  nl_value_foreach_use(v, u) enqueue_op(s, u->owner);
}

static void
overdefine(Sccp *s, NlValue *v)
{
  static const Lattice over = {OVERDEFINED, NULL, NULL};
  join(s, v, &over);
}

static void
mark_executable(Sccp *s, NlBlock *b)
{
  if (ptrmap_has(&s->executable, b))
    return;
  ptrmap_put(&s->executable, b, b);
  NL_VEC_PUSH(s->blocks, s->nblocks, s->blocks_cap, b);
}

/* Entry blocks of op's regions are reachable whenever op is, with
 * arguments we know nothing about. */
static void
enter_regions(Sccp *s, NlOp *op)
{
  for (uint32_t i = 0; i < op->nregions; i++) {
    NlBlock *e = op->regions[i].first;
    if (!e)
      continue;
    for (uint32_t j = 0; j < e->nargs; j++)
      overdefine(s, e->args[j]);
    mark_executable(s, e);
  }
}

/* The constant operands of op: false while one is still unknown. */
static bool
operand_constants(Sccp *s, NlOp *op, NlAttr **consts)
{
  for (uint32_t i = 0; i < op->noperands; i++) {
    NlValue *v = op->operands[i].value;
    const Lattice *l = v ? get(s, v) : &unknown_lattice;
    if (l->state == UNKNOWN)
      return false;
    consts[i] = l->state == CONSTANT ? l->value : NULL;
  }
  return true;
}

static void
visit_branch(Sccp *s, NlOp *op, NlAttr **consts)
{
  const NlBranchIface *bi = nl_op_iface(op, NL_IFACE_BRANCH);
  int32_t only = -1;
  if (bi) {
    /* Wait until every operand is known, then maybe pick one edge. */
    if (!operand_constants(s, op, consts))
      return;
    if (bi->constant_successor)
      only = bi->constant_successor(op, consts);
  }
  for (uint32_t i = 0; i < op->nsuccessors; i++) {
    if (only >= 0 && (uint32_t)only != i)
      continue;
    NlBlock *succ = op->successors[i];
    if (!succ)
      continue;
    uint32_t first = 0, n = 0;
    if (bi)
      bi->successor_operands(op, i, &first, &n);
    for (uint32_t k = 0; k < succ->nargs; k++) {
      if (k < n && first + k < op->noperands)
        join(s, succ->args[k], get(s, op->operands[first + k].value));
      else
        overdefine(s, succ->args[k]);
    }
    mark_executable(s, succ);
  }
}

/* Folds op with its constant operands. The op must come out unchanged: an
 * in-place fold is undone and gives nothing, as in MLIR. */
static void
visit_fold(Sccp *s, NlOp *op, NlAttr **consts)
{
  uint32_t n = op->nresults;
  if (!op->def->fold || (op->def->traits & NL_UNREGISTERED)) {
    for (uint32_t i = 0; i < n; i++)
      overdefine(s, &op->results[i]);
    return;
  }
  if (!operand_constants(s, op, consts))
    return;
  NlValue **saved = nl_xmalloc((op->noperands + 1) * sizeof *saved);
  for (uint32_t i = 0; i < op->noperands; i++)
    saved[i] = op->operands[i].value;
  NlAttr *attrs = op->attrs, *props = op->props;
  NlFoldResult *res = nl_xcalloc(n ? n : 1, sizeof *res);
  bool ok = nl_succeeded(op->def->fold(op, consts, res));
  bool in_place = false;
  for (uint32_t i = 0; ok && i < n; i++) {
    if (!res[i].attr && !res[i].value)
      ok = false;
    else if (res[i].value == &op->results[i])
      in_place = true;
  }
  /* Put back whatever an in-place fold changed. */
  if (op->attrs != attrs)
    nl_op_set_attrs(op, attrs);
  op->props = props;
  for (uint32_t i = 0; i < op->noperands; i++)
    if (op->operands[i].value != saved[i])
      nl_op_set_operand(op, i, saved[i]);
  if (!ok || in_place || n == 0) {
    for (uint32_t i = 0; i < n; i++)
      overdefine(s, &op->results[i]);
  } else {
    for (uint32_t i = 0; i < n; i++) {
      if (res[i].attr) {
        Lattice l = {CONSTANT, res[i].attr, op->def->dialect};
        join(s, &op->results[i], &l);
      } else {
        join(s, &op->results[i], get(s, res[i].value));
      }
    }
  }
  free(res);
  free(saved);
}

static void
visit_op(Sccp *s, NlOp *op)
{
  if (!op->parent || !ptrmap_has(&s->executable, op->parent))
    return;
  if (op->nregions) {
    /* Region ops are not simulated: their results are overdefined. */
    enter_regions(s, op);
    for (uint32_t i = 0; i < op->nresults; i++)
      overdefine(s, &op->results[i]);
    return;
  }
  enum { SMALL = 8 };
  NlAttr *small[SMALL];
  NlAttr **consts = op->noperands > SMALL
                        ? nl_xmalloc(op->noperands * sizeof *consts)
                        : small;
  if (op->nsuccessors)
    visit_branch(s, op, consts);
  else if (op->nresults)
    visit_fold(s, op, consts);
  if (consts != small)
    free(consts);
}

static void
solve(Sccp *s, NlOp *anchor)
{
  enter_regions(s, anchor);
  while (s->nblocks || s->nops) {
    if (s->nops) {
      NlOp *op = s->ops[--s->nops];
      ptrmap_del(&s->queued, op);
      visit_op(s, op);
      continue;
    }
    NlBlock *b = s->blocks[--s->nblocks];
    nl_block_foreach_op(b, op) visit_op(s, op);
  }
}

/* ---- rewriting ----------------------------------------------------------- */

static bool
replace_with_constant(Sccp *s, NlConstantTable *t, NlValue *v, NlBlock *b)
{
  const Lattice *l = ptrmap_get(&s->lat, v);
  if (!l || l->state != CONSTANT)
    return false;
  NlValue *c = nl_constant_table_get(t, b, l->dialect, l->value, v->type,
                                     nl_loc_unknown(s->ctx));
  if (!c)
    return false;
  if (c != v) {
    if (v->uses)
      s->changed = true;
    nl_value_replace_all_uses(v, c);
  }
  return c != v;
}

static void
rewrite(Sccp *s, NlOp *anchor)
{
  NlConstantTable *t = nl_constant_table_create(s->ctx);
  NlBlock **stack = NULL;
  size_t n = 0, cap = 0;
  /* Blocks are pushed in reverse so that they pop in order. */
  for (uint32_t i = anchor->nregions; i-- > 0;)
    for (NlBlock *b = anchor->regions[i].last; b; b = b->prev)
      NL_VEC_PUSH(stack, n, cap, b);
  while (n) {
    NlBlock *b = stack[--n];
    nl_block_foreach_op_safe(b, op, next)
    {
      bool all = op->nresults != 0;
      for (uint32_t i = 0; i < op->nresults; i++)
        all &= replace_with_constant(s, t, &op->results[i], b);
      if (all && nl_op_is_trivially_dead(op)) {
        nl_op_erase(op);
        s->changed = true;
        continue;
      }
      for (uint32_t i = op->nregions; i-- > 0;)
        for (NlBlock *nb = op->regions[i].last; nb; nb = nb->prev)
          NL_VEC_PUSH(stack, n, cap, nb);
    }
    for (uint32_t i = 0; i < b->nargs; i++)
      replace_with_constant(s, t, b->args[i], b);
  }
  free(stack);
  nl_constant_table_destroy(t);
}

NlResult
nl_sccp_run(NlOp *anchor, NlPassState *ps)
{
  Sccp s = {.ctx = nl_pass_context(ps), .arena = nl_pass_arena(ps)};
  solve(&s, anchor);
  rewrite(&s, anchor);
  if (!s.changed)
    nl_pass_mark_unchanged(ps);
  free(s.blocks);
  free(s.ops);
  ptrmap_free(&s.lat);
  ptrmap_free(&s.executable);
  ptrmap_free(&s.queued);
  return nl_success();
}
