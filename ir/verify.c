/*
 * The verifier: structural invariants of the IR (operand, result, region
 * and successor counts, terminators, successors, symbol tables, isolation),
 * the per-op verify hooks, and dominance in SSA regions. Messages follow
 * MLIR's so that --verify-diagnostics tests read the same. Unlike MLIR it
 * does not stop at the first problem: it reports every error it finds,
 * skipping only the checks that a broken invariant would make meaningless
 * (an op's hook when its counts are wrong, dominance when the CFG is
 * malformed).
 *
 * Two walks over the tree, both linear in the size of the IR:
 *  1. structure, isolation, symbols and hooks (verify_op / verify_region);
 *  2. dominance, with one NlDominance for the whole tree (dom_region).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "null/asm.h"

typedef struct Verifier {
  NlContext *ctx;
  bool failed;
  bool cfg_broken;        /* successor problems: skip the dominance walk */
  uint32_t tables;        /* symbol tables entered below the root; symbol
                             uses are checked only inside one, as MLIR
                             checks them when verifying the table op */
  NlSymbolCache *symbols; /* created for the first symbol-use hook */
  NlPtrMap names;         /* scratch: sym_name -> first op, one table */
  NlPtrMap unreg_ok;      /* unregistered op defs that passed
                             check_unregistered: its answer depends only on
                             the name, and ops repeat their names a lot */
  NlBuf buf;              /* scratch for printing types and attributes */
} Verifier;

/* The attribute `name` of op, from its dictionary or, for ops read from
 * MLIR's generic form, its properties. */
static NlAttr *
op_attr(const NlOp *op, const char *name)
{
  NlAttr *a = nl_attr_dict_get(op->attrs, name);
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, name);
  return a;
}

/* Scratch printing: the returned string lives until the next call. */
static const char *
attr_str(Verifier *v, const NlAttr *a)
{
  v->buf.len = 0;
  nl_attr_print(a, &v->buf);
  return v->buf.data ? v->buf.data : "";
}

/* ---- counts ----------------------------------------------------------- */

/* MLIR's trait messages: ZeroOperands, OneOperand, NOperands and the
 * equivalents for results and regions. */
static bool
check_count(NlOp *op, int32_t want, uint32_t have, const char *zero,
            const char *one, const char *plural)
{
  if (want == NL_VARIADIC || (uint32_t)want == have)
    return true;
  if (want == 0)
    nl_op_emit_error(op, "requires zero %s", zero);
  else if (want == 1)
    nl_op_emit_error(op, "%s", one);
  else
    nl_op_emit_error(op, "expected %d %s, but found %u", (int)want, plural,
                     have);
  return false;
}

static bool
check_counts(NlOp *op)
{
  const NlOpDef *d = op->def;
  bool ok = true;
  ok &= check_count(op, d->noperands, op->noperands, "operands",
                    "requires a single operand", "operands");
  ok &= check_count(op, d->nresults, op->nresults, "results",
                    "requires one result", "results");
  ok &= check_count(op, d->nregions, op->nregions, "regions",
                    "requires one region", "regions");
  if (d->nsuccessors != NL_VARIADIC &&
      (uint32_t)d->nsuccessors != op->nsuccessors) {
    nl_op_emit_error(op, "requires %d successor%s but found %u",
                     (int)d->nsuccessors, d->nsuccessors == 1 ? "" : "s",
                     op->nsuccessors);
    ok = false;
  }
  return ok;
}

/* ---- traits ----------------------------------------------------------- */

/* MLIR's Symbol trait: a string sym_name and a known visibility. */
static bool
check_symbol(Verifier *v, NlOp *op)
{
  NlAttr *name = op_attr(op, "sym_name");
  if (!name || name->kind != NL_ATTR_STRING) {
    nl_op_emit_error(op, "requires string attribute 'sym_name'");
    return false;
  }
  NlAttr *vis = op_attr(op, "sym_visibility");
  if (!vis)
    return true;
  if (vis->kind != NL_ATTR_STRING) {
    nl_op_emit_error(op,
                     "requires visibility attribute 'sym_visibility' to be a "
                     "string attribute, but got %s",
                     attr_str(v, vis));
    return false;
  }
  const char *s = vis->str.value->str;
  if (strcmp(s, "public") && strcmp(s, "private") && strcmp(s, "nested")) {
    nl_op_emit_error(op,
                     "visibility expected to be one of [\"public\", "
                     "\"private\", \"nested\"], but got %s",
                     attr_str(v, vis));
    return false;
  }
  return true;
}

/* SingleBlock, and MLIR's rule that graph regions of registered ops have
 * at most one block. */
static bool
check_region_blocks(NlOp *op)
{
  uint32_t traits = op->def->traits;
  if (!(traits & (NL_SINGLE_BLOCK | NL_GRAPH_REGION)))
    return true;
  bool ok = true;
  for (uint32_t i = 0; i < op->nregions; i++) {
    NlRegion *r = &op->regions[i];
    if (!r->first || r->first == r->last)
      continue;
    if (traits & NL_SINGLE_BLOCK)
      nl_op_emit_error(op, "expects region #%u to have 0 or 1 blocks", i);
    else
      nl_op_emit_error(op, "expects graph region #%u to have 0 or 1 blocks", i);
    ok = false;
  }
  return ok;
}

/* SymbolTable: one region with one block, and unique names among the
 * block's ops (every op with a string sym_name is a symbol, as in MLIR). */
static bool
check_symbol_table(Verifier *v, NlOp *op)
{
  if (op->nregions != 1) {
    nl_op_emit_error(op, "Operations with a 'SymbolTable' must have exactly "
                         "one region");
    return false;
  }
  NlRegion *r = &op->regions[0];
  if (!r->first || r->first != r->last) {
    nl_op_emit_error(op, "Operations with a 'SymbolTable' must have exactly "
                         "one block");
    return false;
  }
  bool ok = true;
  nl_block_foreach_op(r->first, child)
  {
    NlAttr *a = op_attr(child, "sym_name");
    if (!a || a->kind != NL_ATTR_STRING)
      continue;
    NlIdent *name = a->str.value;
    NlOp *prev = nl_ptrmap_get(&v->names, name);
    if (!prev) {
      nl_ptrmap_put(&v->names, name, child);
      continue;
    }
    NlDiag *d = nl_emit_error(v->ctx, child->loc,
                              "redefinition of symbol named '%s'", name->str);
    nl_diag_note(d, prev->loc, "see existing symbol definition here");
    ok = false;
  }
  nl_ptrmap_free(&v->names);
  memset(&v->names, 0, sizeof(v->names));
  return ok;
}

/* Whether v is defined inside one of iso's regions. Values are almost
 * always defined in the user's own block, which the caller checks first;
 * otherwise this walks up from v's block, which costs the nesting depth. */
static bool
defined_inside(NlValue *v, const NlOp *iso)
{
  NlBlock *b = nl_value_parent_block(v);
  while (b && b->parent) {
    NlOp *p = b->parent->parent;
    if (!p)
      return false;
    if (p == iso)
      return true;
    b = p->parent;
  }
  return false;
}

/* The checks MLIR makes for ops it does not know. */
static void
check_unregistered(Verifier *v, NlOp *op)
{
  if (nl_ptrmap_has(&v->unreg_ok, op->def))
    return;
  const char *name = nl_op_name(op);
  const char *dot = strchr(name, '.');
  size_t dlen = dot ? (size_t)(dot - name) : strlen(name);
  if (dot && nl_context_lookup_dialect(v->ctx, name, dlen)) {
    nl_emit_error(v->ctx, op->loc,
                  "unregistered operation '%s' found in dialect ('%.*s') "
                  "that does not allow unknown operations",
                  name, (int)dlen, name);
    v->failed = true;
  } else if (!nl_context_allow_unregistered(v->ctx)) {
    nl_op_emit_error(op, "created with unregistered dialect. If this is "
                         "intended, please call "
                         "nl_context_set_allow_unregistered() on the "
                         "context, or use --allow-unregistered-dialect");
    v->failed = true;
  } else {
    nl_ptrmap_put(&v->unreg_ok, op->def, NULL);
  }
}

/* ---- the structural walk ------------------------------------------------- */

static void verify_region(Verifier *v, NlOp *parent, NlRegion *r, NlOp *iso,
                          bool lax);

/* Successors of op (in block b of region r) must be blocks of r other than
 * its entry, and only the last op of a block may have successors. */
static void
check_successors(Verifier *v, NlOp *op, NlRegion *r, bool *entry_reported)
{
  if (op->nsuccessors == 0)
    return;
  if (op != op->parent->last) {
    nl_emit_error(v->ctx, op->loc,
                  "operation with block successors must "
                  "terminate its parent block");
    v->failed = v->cfg_broken = true;
  }
  for (uint32_t i = 0; i < op->nsuccessors; i++) {
    NlBlock *s = op->successors[i];
    if (!s || s->parent != r) {
      nl_emit_error(v->ctx, op->loc,
                    "reference to block defined in another region");
      v->failed = v->cfg_broken = true;
      return;
    }
    if (s == r->first && !*entry_reported) {
      NlLoc *loc = r->parent ? r->parent->loc : op->loc;
      nl_emit_error(v->ctx, loc,
                    "entry block of region may not have predecessors");
      v->failed = v->cfg_broken = true;
      *entry_reported = true;
    }
  }
}

static void
verify_op(Verifier *v, NlOp *op, NlOp *iso)
{
  const NlOpDef *def = op->def;
  bool ok = true;
  bool blocks_ok = true; /* else skip terminator checks: they would only
                            repeat the problem */

  for (uint32_t i = 0; i < op->noperands; i++) {
    NlValue *x = op->operands[i].value;
    if (!x || x->kind == NL_VALUE_PLACEHOLDER) {
      nl_op_emit_error(op, "operand #%u is %s", i,
                       x ? "an unresolved forward reference" : "null");
      ok = false;
      v->cfg_broken = true; /* the dominance walk needs real values */
      continue;
    }
    if (iso && nl_value_parent_block(x) != op->parent &&
        !defined_inside(x, iso)) {
      NlDiag *d = nl_op_emit_error(op, "using value defined outside the "
                                       "region");
      nl_diag_note(d, iso->loc, "required by region isolation constraints");
      ok = false;
      break;
    }
  }

  if (def->traits & NL_UNREGISTERED) {
    check_unregistered(v, op);
  } else {
    ok &= check_counts(op);
    /* Only terminators branch (a table that allows successors on other ops
     * is caught here rather than by the counts). */
    if (op->nsuccessors && def->nsuccessors != 0 &&
        !(def->traits & NL_TERMINATOR)) {
      nl_op_emit_error(op, "successors in non-terminator");
      ok = false;
    }
    if ((def->traits & NL_TERMINATOR) && op->parent && op != op->parent->last) {
      nl_op_emit_error(op, "must be the last operation in the parent block");
      ok = false;
    }
    if (def->traits & NL_SYMBOL)
      ok &= check_symbol(v, op);
    if (!check_region_blocks(op))
      ok = blocks_ok = false;
    if (ok && def->verify && nl_failed(def->verify(op)))
      ok = false;
    if (ok && (def->traits & NL_SYMBOL_TABLE))
      ok &= check_symbol_table(v, op);
    if (ok && def->verify_symbol_uses && v->tables) {
      if (!v->symbols)
        v->symbols = nl_symbol_cache_create();
      if (nl_failed(def->verify_symbol_uses(op, v->symbols)))
        ok = false;
    }
  }
  if (!ok)
    v->failed = true;

  NlOp *inner = (def->traits & NL_ISOLATED_FROM_ABOVE) ? op : iso;
  bool table = def->traits & NL_SYMBOL_TABLE;
  v->tables += table;
  for (uint32_t i = 0; i < op->nregions; i++)
    verify_region(v, op, &op->regions[i], inner, !blocks_ok);
  v->tables -= table;
}

/* Whether the blocks of r may lack a terminator (MLIR's
 * mayBeValidWithoutTerminator): single-block regions of NoTerminator and
 * unregistered ops. */
static bool
may_lack_terminator(const NlOp *parent, const NlRegion *r)
{
  if (r->first != r->last)
    return false;
  return !parent ||
         (parent->def->traits & (NL_NO_TERMINATOR | NL_UNREGISTERED));
}

static void
verify_region(Verifier *v, NlOp *parent, NlRegion *r, NlOp *iso, bool lax)
{
  if (!r->first)
    return;
  bool no_term = lax || may_lack_terminator(parent, r);
  bool entry_reported = false;
  nl_region_foreach_block(r, b)
  {
    for (uint32_t i = 0; i < b->nargs; i++) {
      if (b->args[i]->owner != b) {
        nl_emit_error(v->ctx, b->args[i]->loc ? b->args[i]->loc : parent->loc,
                      "block argument not owned by block");
        v->failed = true;
      }
    }
    if (!b->first) {
      if (!no_term) {
        nl_emit_error(v->ctx, parent->loc,
                      "empty block: expect at least a terminator");
        v->failed = true;
      }
      continue;
    }
    nl_block_foreach_op(b, op)
    {
      check_successors(v, op, r, &entry_reported);
      verify_op(v, op, iso);
    }
    if (!no_term && !nl_block_terminator(b)) {
      NlPrintFlags flags = {.generic = true, .local_scope = true};
      NlBuf text = {0};
      nl_op_print_buf(b->last, &text, &flags);
      size_t n = text.data ? strcspn(text.data, "\n") : 0;
      nl_emit_error(v->ctx, b->last->loc, "block with no terminator, has %.*s",
                    (int)n, text.data ? text.data : "");
      nl_buf_free(&text);
      v->failed = true;
    }
  }
}

/* ---- dominance --------------------------------------------------------- */

/* Whether region a properly contains region b. */
static bool
region_contains(const NlRegion *a, const NlRegion *b)
{
  while (b && b->parent && b->parent->parent) {
    b = b->parent->parent->parent;
    if (b == a)
      return true;
  }
  return false;
}

static const char *
relation(const NlRegion *user, const NlRegion *def, bool same_block)
{
  if (same_block)
    return "in the same block";
  if (user == def)
    return "in the same region";
  if (region_contains(def, user))
    return "in a parent region";
  if (region_contains(user, def))
    return "in a child region";
  return "neither in a parent nor in a child region";
}

/* MLIR's diagnoseInvalidOperandDominance: the error and a note telling
 * where the operand comes from. */
static void
report_dominance(Verifier *v, NlOp *op, uint32_t i)
{
  NlValue *x = op->operands[i].value;
  NlDiag *d = nl_op_emit_error(op, "operand #%u does not dominate this use", i);
  NlBlock *ub = op->parent, *db = nl_value_parent_block(x);
  NlRegion *ur = ub ? ub->parent : NULL, *dr = db ? db->parent : NULL;
  NlOp *def = nl_value_defining_op(x);
  if (def) {
    nl_diag_note(d, def->loc, "operand defined here (op %s)",
                 relation(ur, dr, ub == db));
    return;
  }
  NlOp *owner = dr ? dr->parent : NULL;
  NlLoc *loc = owner ? owner->loc : nl_loc_unknown(v->ctx);
  if (!dr) {
    nl_diag_note(d, loc, " (block without parent)");
    return;
  }
  uint32_t index = 0;
  for (NlBlock *b = dr->first; b && b != db; b = b->next)
    index++;
  nl_diag_note(d, loc, "operand defined as a block argument (block #%u %s)",
               index, relation(ur, dr, false));
}

static void
dom_region(Verifier *v, NlDominance *dom, NlRegion *r)
{
  bool multi = r->first != r->last;
  nl_region_foreach_block(r, b)
  {
    /* Dominance is only meaningful in blocks reachable from the entry. */
    bool reachable =
        !multi || b == r->first || nl_dominance_block_reachable(dom, b);
    nl_block_foreach_op(b, op)
    {
      for (uint32_t i = 0; reachable && i < op->noperands; i++) {
        NlValue *x = op->operands[i].value;
        if (nl_dominance_value_dominates(dom, x, op))
          continue;
        report_dominance(v, op, i);
        v->failed = true;
        break;
      }
      for (uint32_t i = 0; i < op->nregions; i++)
        dom_region(v, dom, &op->regions[i]);
    }
  }
}

/* ---- entry point -------------------------------------------------------- */

NlResult
nl_op_verify(NlOp *op)
{
  Verifier v = {.ctx = nl_op_context(op)};
  NlOp *iso = nl_op_ancestor_with_trait(op, NL_ISOLATED_FROM_ABOVE);
  verify_op(&v, op, iso);
  if (!v.cfg_broken) {
    NlDominance *dom = nl_dominance_create(op);
    for (uint32_t i = 0; i < op->nregions; i++)
      dom_region(&v, dom, &op->regions[i]);
    nl_dominance_destroy(dom);
  }
  nl_symbol_cache_destroy(v.symbols);
  nl_ptrmap_free(&v.names);
  nl_ptrmap_free(&v.unreg_ok);
  nl_buf_free(&v.buf);
  nl_diag_flush(v.ctx);
  return v.failed ? nl_failure() : nl_success();
}
