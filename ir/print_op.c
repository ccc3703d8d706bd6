/*
 * Printing operations the way MLIR 19's OperationPrinter does: SSA and block
 * numbering, the generic form, custom forms through NlOpDef.print hooks and
 * the nl_printer_* API they use, regions and blocks with predecessor
 * comments, `#map` aliases at the top and the resource section at the end.
 * Types and attributes are printed by print_type.c and print_attr.c.
 *
 * nl_op_print makes three passes: numbering (a map from values and blocks to
 * their numbers), alias collection (a dry run of the printer that records
 * the affine maps it would print, in MLIR's order) and the printing itself.
 * Each is linear in the size of the IR.
 */
#include <stdlib.h>

#include "internal.h" /* NlContext.affine_maps */
#include "printer.h"

/* ---- NlPrMap ------------------------------------------------------------- */

static uint32_t
slot_of(const NlPrMap *m, const void *key)
{
  uint32_t mask = m->cap - 1;
  uint32_t i = nl_hash_ptr(key) & mask;
  while (m->slots[i].key && m->slots[i].key != key)
    i = (i + 1) & mask;
  return i;
}

bool
nl_prmap_get(const NlPrMap *m, const void *key, uint32_t *val)
{
  if (!m->cap)
    return false;
  const NlPrMapSlot *s = &m->slots[slot_of(m, key)];
  if (!s->key)
    return false;
  *val = s->val;
  return true;
}

bool
nl_prmap_add(NlPrMap *m, const void *key, uint32_t val)
{
  if ((m->len + 1) * 2 > m->cap) {
    NlPrMap n = {0};
    n.cap = m->cap ? m->cap * 2 : 64;
    n.slots = nl_xcalloc(n.cap, sizeof *n.slots);
    for (uint32_t i = 0; i < m->cap; i++)
      if (m->slots[i].key)
        n.slots[slot_of(&n, m->slots[i].key)] = m->slots[i];
    n.len = m->len;
    free(m->slots);
    *m = n;
  }
  NlPrMapSlot *s = &m->slots[slot_of(m, key)];
  if (s->key)
    return false;
  s->key = key;
  s->val = val;
  m->len++;
  return true;
}

/* Sizes an empty map for n keys, so numbering a large module does not
 * rehash (and fault in fresh pages) log(n) times. */
static void
prmap_reserve(NlPrMap *m, uint32_t n)
{
  uint32_t cap = 64;
  while ((uint64_t)(n + 1) * 2 > cap)
    cap *= 2;
  if (m->len || cap <= m->cap)
    return;
  free(m->slots);
  m->slots = nl_xcalloc(cap, sizeof *m->slots);
  m->cap = cap;
}

/* Counts the blocks number_all will add to block_index. */
static void
count_blocks(NlRegion *r, uint32_t *nblocks)
{
  nl_region_foreach_block(r, b)
  {
    (*nblocks)++;
    nl_block_foreach_op(b, op)
    {
      for (uint32_t i = 0; i < op->nregions; i++)
        if (op->regions[i].first)
          count_blocks(&op->regions[i], nblocks);
    }
  }
}

/* Names v (see NlPrinter.gen); false when this printer already had. */
static bool
name_value(NlPrinter *p, NlValue *v, uint32_t id)
{
  if (v->print_gen == p->gen)
    return false;
  v->print_gen = p->gen;
  v->print_id = id;
  return true;
}

void
nl_prmap_free(NlPrMap *m)
{
  free(m->slots);
  *m = (NlPrMap){0};
}

/* ---- printer state ------------------------------------------------------- */

void
nl_printer_init_plain(NlPrinter *p, NlBuf *out)
{
  memset(p, 0, sizeof *p);
  p->out = out;
  p->default_dialect = "builtin";
}

static void
printer_fini(NlPrinter *p)
{
  nl_prmap_free(&p->block_index);
  nl_prmap_free(&p->visited);
  nl_prmap_free(&p->alias_index);
  nl_prmap_free(&p->blob_index);
  free(p->blocks);
  free(p->preds);
  free(p->alias_list);
  free(p->blobs);
  nl_prmap_free(&p->float_index);
  nl_prmap_free(&p->type_index);
  free(p->elem_floats);
  free(p->float_texts);
  nl_buf_free(&p->float_buf);
}

static bool
uses_custom_form(const NlPrinter *p, const NlOp *op)
{
  return !p->flags.generic && op->def && op->def->print &&
         !(op->def->traits & NL_UNREGISTERED);
}

static void
maybe_flush(NlPrinter *p)
{
  if (p->file && p->out->len >= (1u << 16)) {
    fwrite(p->out->data, 1, p->out->len, p->file);
    p->out->len = 0;
    p->out->data[0] = 0;
  }
}

/* ---- numbering --------------------------------------------------------------
 * Follows MLIR's SSANameState: regions are numbered from a stack; a region
 * starts from the counters its parent region had once the parent was fully
 * numbered, so values of sibling regions may share numbers. In the generic
 * form the counters are never restored and every name is unique. */

typedef struct NameCtx {
  NlRegion *r;
  uint32_t next_value, next_arg;
} NameCtx;

typedef struct Edge {
  NlBlock *succ;
  uint32_t pred; /* index of the predecessor in NlPrinter.blocks */
} Edge;

typedef struct Numbering {
  NameCtx *stack;
  uint32_t nstack, stack_cap;
  Edge *edges;
  uint32_t nedges, edges_cap;
} Numbering;

static void
number_region(NlPrinter *p, Numbering *nb, NlRegion *r, uint32_t *nv,
              uint32_t *na)
{
  uint32_t bid = 0;
  nl_region_foreach_block(r, b)
  {
    uint32_t idx = p->nblocks;
    NL_VEC_PUSH(p->blocks, p->nblocks, p->blocks_cap,
                ((NlPrBlock){bid++, 0, 0}));
    nl_prmap_add(&p->block_index, b, idx);
    bool entry = b == r->first;
    for (uint32_t i = 0; i < b->nargs; i++) {
      uint32_t id = entry ? (*na)++ | NL_PR_ARG : (*nv)++;
      name_value(p, b->args[i], id);
    }
    nl_block_foreach_op(b, op)
    {
      if (op->nresults && name_value(p, &op->results[0], *nv))
        (*nv)++;
      for (uint32_t i = 0; i < op->nsuccessors; i++)
        if (op->successors[i])
          NL_VEC_PUSH(nb->edges, nb->nedges, nb->edges_cap,
                      ((Edge){op->successors[i], idx}));
    }
  }
}

static int
cmp_u32(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Groups predecessor ids per block, sorted by block number. */
static void
build_preds(NlPrinter *p, Numbering *nb)
{
  uint32_t *succ_idx = nl_xmalloc((nb->nedges + 1) * sizeof *succ_idx);
  for (uint32_t i = 0; i < nb->nedges; i++) {
    uint32_t s;
    if (nl_prmap_get(&p->block_index, nb->edges[i].succ, &s)) {
      succ_idx[i] = s;
      p->blocks[s].npreds++;
    } else {
      succ_idx[i] = UINT32_MAX;
    }
  }
  uint32_t total = 0;
  for (uint32_t i = 0; i < p->nblocks; i++) {
    p->blocks[i].preds = total;
    total += p->blocks[i].npreds;
    p->blocks[i].npreds = 0;
  }
  p->preds = nl_xmalloc((total + 1) * sizeof *p->preds);
  for (uint32_t i = 0; i < nb->nedges; i++) {
    if (succ_idx[i] == UINT32_MAX)
      continue;
    NlPrBlock *s = &p->blocks[succ_idx[i]];
    p->preds[s->preds + s->npreds++] = p->blocks[nb->edges[i].pred].id;
  }
  for (uint32_t i = 0; i < p->nblocks; i++)
    if (p->blocks[i].npreds > 1)
      qsort(p->preds + p->blocks[i].preds, p->blocks[i].npreds,
            sizeof *p->preds, cmp_u32);
  free(succ_idx);
}

static void
number_all(NlPrinter *p, NlOp *top)
{
  Numbering nb = {0};
  bool unique = p->flags.generic;
  uint32_t nv = 0, na = 0;
  uint32_t nblocks = 0;
  NlContext *ctx = nl_op_context(top);
  if (++ctx->print_gen == 0) /* 0 is never a generation */
    ++ctx->print_gen;
  p->gen = ctx->print_gen;
  for (uint32_t i = 0; i < top->nregions; i++)
    count_blocks(&top->regions[i], &nblocks);
  prmap_reserve(&p->block_index, nblocks);
  for (uint32_t i = 0; i < top->nregions; i++)
    NL_VEC_PUSH(nb.stack, nb.nstack, nb.stack_cap,
                ((NameCtx){&top->regions[i], nv, na}));
  if (top->nresults)
    name_value(p, &top->results[0], nv++);
  while (nb.nstack) {
    NameCtx c = nb.stack[--nb.nstack];
    if (!unique) {
      nv = c.next_value;
      na = c.next_arg;
    }
    number_region(p, &nb, c.r, &nv, &na);
    nl_region_foreach_block(c.r, b)
    {
      nl_block_foreach_op(b, op)
      {
        for (uint32_t i = 0; i < op->nregions; i++)
          NL_VEC_PUSH(nb.stack, nb.nstack, nb.stack_cap,
                      ((NameCtx){&op->regions[i], nv, na}));
      }
    }
  }
  build_preds(p, &nb);
  free(nb.stack);
  free(nb.edges);
}

/* ---- alias collection -------------------------------------------------------
 * A dry run in MLIR's order: custom forms run their print hook (whose
 * nl_printer_* calls only record); the generic form visits regions first,
 * then operand and result types, then attributes. */

static void collect_op(NlPrinter *p, NlOp *op);

static void
collect_region(NlPrinter *p, NlRegion *r, bool entry_args)
{
  nl_region_foreach_block(r, b)
  {
    if (b != r->first || entry_args) {
      for (uint32_t i = 0; i < b->nargs; i++) {
        nl_pr_visit_type(p, b->args[i]->type);
        if (p->flags.debuginfo)
          nl_pr_visit_loc(p, b->args[i]->loc);
      }
    }
    nl_block_foreach_op(b, op) collect_op(p, op);
  }
}

static int
ident_cmp(const NlIdent *a, const NlIdent *b)
{
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->str, b->str, n);
  if (c)
    return c;
  return a->len < b->len ? -1 : a->len > b->len;
}

static void
collect_op(NlPrinter *p, NlOp *op)
{
  if (p->flags.debuginfo)
    nl_pr_visit_loc(p, op->loc);
  if (uses_custom_form(p, op)) {
    op->def->print(p, op);
    return;
  }
  for (uint32_t i = 0; i < op->nregions; i++)
    collect_region(p, &op->regions[i], true);
  for (uint32_t i = 0; i < op->noperands; i++)
    if (op->operands[i].value)
      nl_pr_visit_type(p, op->operands[i].value->type);
  for (uint32_t i = 0; i < op->nresults; i++)
    nl_pr_visit_type(p, op->results[i].type);
  /* Like MLIR, properties count only for registered ops, merged with the
   * attributes in name order. */
  const NlAttr *props =
      op->def && !(op->def->traits & NL_UNREGISTERED) ? op->props : NULL;
  uint32_t np = props && props->kind == NL_ATTR_DICT ? props->dict.n : 0;
  uint32_t na = op->attrs ? op->attrs->dict.n : 0;
  uint32_t i = 0, j = 0;
  while (i < np || j < na) {
    const NlNamedAttr *a = i < np ? &props->dict.entries[i] : NULL;
    const NlNamedAttr *b = j < na ? &op->attrs->dict.entries[j] : NULL;
    if (a && (!b || ident_cmp(a->name, b->name) <= 0)) {
      nl_pr_visit_attr(p, a->value);
      i++;
    } else {
      nl_pr_visit_attr(p, b->value);
      j++;
    }
  }
}

/* ---- values, blocks, ops ------------------------------------------------- */

static void
print_value_id(NlPrinter *p, NlValue *v, bool result_no)
{
  if (!v) {
    nl_pr_puts(p, "<<NULL VALUE>>");
    return;
  }
  const NlValue *key = v;
  bool multi = false;
  if (v->kind == NL_VALUE_RESULT) {
    NlOp *def = v->owner;
    key = &def->results[0];
    multi = def->nresults > 1;
  }
  uint32_t id = key->print_id;
  if (v->kind == NL_VALUE_PLACEHOLDER || !p->gen || key->print_gen != p->gen) {
    nl_pr_puts(p, "<<UNKNOWN SSA VALUE>>");
    return;
  }
  nl_pr_putc(p, '%');
  if (id & NL_PR_ARG) {
    nl_pr_write(p, "arg", 3);
    id &= ~NL_PR_ARG;
  }
  nl_pr_u64(p, id);
  if (multi && result_no) {
    nl_pr_putc(p, '#');
    nl_pr_u64(p, v->index);
  }
}

static void
print_block_name(NlPrinter *p, NlBlock *b)
{
  uint32_t idx;
  if (!b || !nl_prmap_get(&p->block_index, b, &idx)) {
    nl_pr_puts(p, "^<<UNKNOWN BLOCK>>");
    return;
  }
  nl_pr_write(p, "^bb", 3);
  nl_pr_u64(p, p->blocks[idx].id);
}

static void
print_trailing_loc(NlPrinter *p, NlLoc *loc)
{
  if (p->flags.debuginfo && loc) {
    nl_pr_putc(p, ' ');
    nl_pr_loc(p, loc);
  }
}

static void print_op(NlPrinter *p, NlOp *op);
static void print_region(NlPrinter *p, NlRegion *r, bool entry_args,
                         bool empty_block);

static void
print_block(NlPrinter *p, NlBlock *b, bool header)
{
  if (header) {
    nl_pr_indent(p, p->indent);
    print_block_name(p, b);
    if (b->nargs) {
      nl_pr_putc(p, '(');
      for (uint32_t i = 0; i < b->nargs; i++) {
        if (i)
          nl_pr_write(p, ", ", 2);
        print_value_id(p, b->args[i], true);
        nl_pr_write(p, ": ", 2);
        nl_pr_type(p, b->args[i]->type);
        print_trailing_loc(p, b->args[i]->loc);
      }
      nl_pr_putc(p, ')');
    }
    nl_pr_putc(p, ':');
    uint32_t idx;
    if (!b->parent || !nl_prmap_get(&p->block_index, b, &idx)) {
      nl_pr_puts(p, "  // block is not in a region!");
    } else {
      const NlPrBlock *info = &p->blocks[idx];
      const uint32_t *preds = p->preds + info->preds;
      if (info->npreds == 0) {
        if (b != b->parent->first)
          nl_pr_puts(p, "  // no predecessors");
      } else if (info->npreds == 1) {
        nl_pr_write(p, "  // pred: ^bb", 14);
        nl_pr_u64(p, preds[0]);
      } else {
        nl_pr_write(p, "  // ", 5);
        nl_pr_u64(p, info->npreds);
        nl_pr_write(p, " preds: ", 8);
        for (uint32_t i = 0; i < info->npreds; i++) {
          if (i)
            nl_pr_write(p, ", ", 2);
          nl_pr_write(p, "^bb", 3);
          nl_pr_u64(p, preds[i]);
        }
      }
    }
    nl_pr_putc(p, '\n');
  }
  p->indent += 2;
  nl_block_foreach_op(b, op)
  {
    print_op(p, op);
    nl_pr_putc(p, '\n');
    maybe_flush(p);
  }
  p->indent -= 2;
}

/* region ::= `{` entry-block? block* `}`. The entry block's label is shown
 * only when it has arguments to print, or when it is empty and
 * empty_block asks for it (so that the block survives a round trip). */
static void
print_region(NlPrinter *p, NlRegion *r, bool entry_args, bool empty_block)
{
  nl_pr_write(p, "{\n", 2);
  NlBlock *entry = r->first;
  if (entry) {
    const char *saved = p->default_dialect;
    if (r->parent && r->parent->def && r->parent->def->default_dialect)
      p->default_dialect = r->parent->def->default_dialect;
    bool header =
        (empty_block && !entry->first) || (entry_args && entry->nargs);
    print_block(p, entry, header);
    for (NlBlock *b = entry->next; b; b = b->next)
      print_block(p, b, true);
    p->default_dialect = saved;
  }
  nl_pr_indent(p, p->indent);
  nl_pr_putc(p, '}');
}

static void
print_attr_dict(NlPrinter *p, const NlAttr *dict, const char *const *elided,
                uint32_t nelided, bool keyword)
{
  if (!dict || dict->kind != NL_ATTR_DICT)
    return;
  bool any = false;
  for (uint32_t i = 0; i < dict->dict.n; i++) {
    const NlNamedAttr *na = &dict->dict.entries[i];
    bool skip = false;
    for (uint32_t j = 0; j < nelided && !skip; j++)
      skip = strlen(elided[j]) == na->name->len &&
             memcmp(elided[j], na->name->str, na->name->len) == 0;
    if (skip)
      continue;
    if (p->collect) {
      nl_pr_visit_attr(p, na->value);
      continue;
    }
    if (!any) {
      if (keyword)
        nl_pr_write(p, " attributes", 11);
      nl_pr_write(p, " {", 2);
      any = true;
    } else {
      nl_pr_write(p, ", ", 2);
    }
    nl_pr_named_attr(p, na);
  }
  if (any)
    nl_pr_putc(p, '}');
}

static void
print_generic(NlPrinter *p, NlOp *op)
{
  const char *name = op->def ? op->def->name : "<<NULL OPERATION NAME>>";
  nl_pr_string(p, name, strlen(name));
  nl_pr_putc(p, '(');
  for (uint32_t i = 0; i < op->noperands; i++) {
    if (i)
      nl_pr_write(p, ", ", 2);
    print_value_id(p, op->operands[i].value, true);
  }
  nl_pr_putc(p, ')');
  if (op->nsuccessors) {
    nl_pr_putc(p, '[');
    for (uint32_t i = 0; i < op->nsuccessors; i++) {
      if (i)
        nl_pr_write(p, ", ", 2);
      print_block_name(p, op->successors[i]);
    }
    nl_pr_putc(p, ']');
  }
  if (op->props) {
    nl_pr_write(p, " <", 2);
    nl_pr_attr(p, op->props, NL_ELIDE_NEVER);
    nl_pr_putc(p, '>');
  }
  if (op->nregions) {
    nl_pr_write(p, " (", 2);
    for (uint32_t i = 0; i < op->nregions; i++) {
      if (i)
        nl_pr_write(p, ", ", 2);
      print_region(p, &op->regions[i], true, true);
    }
    nl_pr_putc(p, ')');
  }
  print_attr_dict(p, op->attrs, NULL, 0, false);
  nl_pr_write(p, " : (", 4);
  for (uint32_t i = 0; i < op->noperands; i++) {
    if (i)
      nl_pr_write(p, ", ", 2);
    NlValue *v = op->operands[i].value;
    nl_pr_type(p, v ? v->type : NULL);
  }
  nl_pr_write(p, ") -> ", 5);
  bool wrap =
      op->nresults != 1 ||
      (op->results[0].type && op->results[0].type->kind == NL_TYPE_FUNCTION);
  if (wrap)
    nl_pr_putc(p, '(');
  for (uint32_t i = 0; i < op->nresults; i++) {
    if (i)
      nl_pr_write(p, ", ", 2);
    nl_pr_type(p, op->results[i].type);
  }
  if (wrap)
    nl_pr_putc(p, ')');
}

/* The op name of a custom form: `func.return` prints as `return` inside an
 * op whose default dialect is "func" (and `builtin.module` as `module` at
 * the top level), unless what remains still has a '.' (MLIR's rule). */
static void
print_custom_name(NlPrinter *p, const char *name)
{
  const char *dd = p->default_dialect;
  size_t n = strlen(dd);
  if (n && strncmp(name, dd, n) == 0 && name[n] == '.' &&
      !strchr(name + n + 1, '.'))
    name += n + 1;
  nl_pr_puts(p, name);
}

static void
print_op(NlPrinter *p, NlOp *op)
{
  nl_pr_indent(p, p->indent);
  if (op->nresults) {
    print_value_id(p, &op->results[0], false);
    if (op->nresults > 1) {
      nl_pr_putc(p, ':');
      nl_pr_u64(p, op->nresults);
    }
    nl_pr_write(p, " = ", 3);
  }
  if (uses_custom_form(p, op)) {
    print_custom_name(p, op->def->name);
    op->def->print(p, op);
  } else {
    print_generic(p, op);
  }
  print_trailing_loc(p, op->loc);
}

/* ---- the top level ------------------------------------------------------- */

static void
print_hex_bytes(NlPrinter *p, const unsigned char *d, size_t n)
{
  static const char hex[] = "0123456789ABCDEF";
  char buf[512];
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    buf[k++] = hex[d[i] >> 4];
    buf[k++] = hex[d[i] & 15];
    if (k == sizeof buf) {
      nl_pr_write(p, buf, k);
      k = 0;
      maybe_flush(p);
    }
  }
  nl_pr_write(p, buf, k);
}

/* {-# dialect_resources: { builtin: { key: "0x<align><data>" } } #-} */
static void
print_resources(NlPrinter *p)
{
  size_t limit = p->flags.elide_limit ? p->flags.elide_limit : 16;
  bool any = false;
  for (uint32_t i = 0; i < p->nblobs; i++) {
    NlResource *r = p->blobs[i];
    if (!r->data || (p->flags.elide_large && r->size > limit))
      continue;
    nl_pr_puts(p, any ? ",\n"
                      : "\n{-#\n  dialect_resources: {\n"
                        "    builtin: {\n");
    any = true;
    nl_pr_indent(p, 6);
    nl_pr_keyword_or_string(p, r->key->str, r->key->len);
    nl_pr_write(p, ": \"0x", 5);
    unsigned char align[4] = {(unsigned char)r->alignment,
                              (unsigned char)(r->alignment >> 8),
                              (unsigned char)(r->alignment >> 16),
                              (unsigned char)(r->alignment >> 24)};
    print_hex_bytes(p, align, 4);
    print_hex_bytes(p, r->data, r->size);
    nl_pr_putc(p, '"');
  }
  if (any)
    nl_pr_puts(p, "\n    }\n  }\n#-}\n");
}

static void
print_top(NlOp *op, NlBuf *out, FILE *file, const NlPrintFlags *flags)
{
  NlPrinter p;
  nl_printer_init_plain(&p, out);
  p.file = file;
  p.cache_floats = true;
  if (flags)
    p.flags = *flags;
  if (!op) {
    nl_pr_puts(&p, "<<NULL OPERATION>>\n");
    return;
  }
  number_all(&p, op);
  if (!p.flags.local_scope) {
    /* Aliases are only ever made for affine maps: when the context has
     * none, the collection walk cannot find any. */
    if (nl_op_context(op)->affine_maps.len) {
      p.collect = true;
      collect_op(&p, op);
      p.collect = false;
    }
    p.aliases = true;
    p.track_blobs = true;
    for (uint32_t i = 0; i < p.naliases; i++) {
      nl_pr_write(&p, "#map", 4);
      if (i)
        nl_pr_u64(&p, i);
      nl_pr_write(&p, " = affine_map<", 14);
      nl_pr_affine_map(&p, p.alias_list[i]->affine.map);
      nl_pr_write(&p, ">\n", 2);
    }
  }
  print_op(&p, op);
  nl_pr_putc(&p, '\n');
  print_resources(&p);
  printer_fini(&p);
}

void
nl_op_print_buf(NlOp *op, NlBuf *out, const NlPrintFlags *flags)
{
  print_top(op, out, NULL, flags);
}

void
nl_op_print(NlOp *op, FILE *out, const NlPrintFlags *flags)
{
  NlBuf buf = {0};
  print_top(op, &buf, out, flags);
  if (buf.len)
    fwrite(buf.data, 1, buf.len, out);
  nl_buf_free(&buf);
}

/* ---- the custom-form print API
 * ---------------------------------------------------- */

const NlPrintFlags *
nl_printer_flags(NlPrinter *p)
{
  return &p->flags;
}

void
nl_printer_puts(NlPrinter *p, const char *s)
{
  if (!p->collect)
    nl_pr_puts(p, s);
}

void
nl_printer_printf(NlPrinter *p, const char *fmt, ...)
{
  if (p->collect)
    return;
  va_list ap;
  va_start(ap, fmt);
  nl_buf_vprintf(p->out, fmt, ap);
  va_end(ap);
}

void
nl_printer_print_type(NlPrinter *p, const NlType *t)
{
  if (p->collect)
    nl_pr_visit_type(p, t);
  else
    nl_pr_type(p, t);
}

void
nl_printer_print_attr(NlPrinter *p, const NlAttr *a)
{
  if (p->collect)
    nl_pr_visit_attr(p, a);
  else
    nl_pr_attr(p, a, NL_ELIDE_NEVER);
}

void
nl_printer_print_attr_no_type(NlPrinter *p, const NlAttr *a)
{
  if (p->collect)
    nl_pr_visit_attr(p, a);
  else
    nl_pr_attr(p, a, NL_ELIDE_MUST);
}

void
nl_printer_print_value(NlPrinter *p, NlValue *v)
{
  if (!p->collect)
    print_value_id(p, v, true);
}

void
nl_printer_print_operands(NlPrinter *p, NlOp *op)
{
  if (p->collect)
    return;
  for (uint32_t i = 0; i < op->noperands; i++) {
    if (i)
      nl_pr_write(p, ", ", 2);
    print_value_id(p, op->operands[i].value, true);
  }
}

void
nl_printer_print_symbol_name(NlPrinter *p, NlIdent *name)
{
  if (!p->collect)
    nl_pr_symbol(p, name);
}

void
nl_printer_print_type_list(NlPrinter *p, NlType *const *ts, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++) {
    if (i && !p->collect)
      nl_pr_write(p, ", ", 2);
    nl_printer_print_type(p, ts[i]);
  }
}

void
nl_printer_print_attr_dict(NlPrinter *p, NlAttr *dict,
                           const char *const *elided, uint32_t nelided)
{
  print_attr_dict(p, dict, elided, nelided, false);
}

void
nl_printer_print_attr_dict_with_keyword(NlPrinter *p, NlAttr *dict,
                                        const char *const *elided,
                                        uint32_t nelided)
{
  print_attr_dict(p, dict, elided, nelided, true);
}

void
nl_printer_print_argument(NlPrinter *p, NlValue *arg, NlAttr *attrs)
{
  if (p->collect) {
    nl_pr_visit_type(p, arg->type);
    print_attr_dict(p, attrs, NULL, 0, false);
    if (p->flags.debuginfo)
      nl_pr_visit_loc(p, arg->loc);
    return;
  }
  print_value_id(p, arg, true);
  nl_pr_write(p, ": ", 2);
  nl_pr_type(p, arg->type);
  print_attr_dict(p, attrs, NULL, 0, false);
  print_trailing_loc(p, arg->loc);
}

void
nl_printer_print_optional_loc(NlPrinter *p, NlLoc *loc)
{
  if (p->collect) {
    if (p->flags.debuginfo)
      nl_pr_visit_loc(p, loc);
    return;
  }
  print_trailing_loc(p, loc);
}

void
nl_printer_print_region(NlPrinter *p, NlRegion *r, bool print_entry_args,
                        bool print_empty_block)
{
  if (p->collect)
    collect_region(p, r, print_entry_args);
  else
    print_region(p, r, print_entry_args, print_empty_block);
}
