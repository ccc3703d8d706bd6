/*
 * Buffers and their members, and the one question in-place bufferization
 * asks: may op X write into this buffer? It may when the buffer is ours
 * (not an input, not a constant) and no tensor value held in it is still
 * read after X, directly, through a view or reshape, or inside a body. The
 * tensor-level ops stay in place until the function is done, so their
 * use-lists answer "read after X" exactly.
 */
#include <stdlib.h>

#include "loop/loop.h"
#include "passes/bufferize/internal.h"

uint32_t
nl_bz_new_root(Bz *bz, NlValue *mem, BzRootKind kind)
{
  NL_VEC_RESERVE(bz->roots, bz->nroots, bz->roots_cap, 1);
  bz->roots[bz->nroots] = (BzRoot){.mem = mem, .kind = (uint8_t)kind};
  return bz->nroots++;
}

void
nl_bz_map(Bz *bz, NlValue *v, NlValue *mem, uint32_t root, bool undef)
{
  NL_VEC_RESERVE(bz->infos, bz->ninfos, bz->infos_cap, 1);
  bz->infos[bz->ninfos] = (BzInfo){.mem = mem, .root = root, .undef = undef};
  ptrmap_put(&bz->info, v, (void *)(uintptr_t)(bz->ninfos + 1));
  bz->ninfos++;
  BzRoot *r = &bz->roots[root];
  NL_VEC_PUSH(r->members, r->nmembers, r->members_cap, v);
}

BzInfo *
nl_bz_info(Bz *bz, NlValue *v)
{
  uintptr_t i = (uintptr_t)ptrmap_get(&bz->info, v);
  return i ? &bz->infos[i - 1] : NULL;
}

NlValue *
nl_bz_mem(Bz *bz, NlValue *v)
{
  BzInfo *in = nl_bz_info(bz, v);
  nl_assert(in);
  if (!in->mem) {
    /* A tensor.empty materializes where its buffer is first needed, so
     * that its live range starts there. */
    BzRoot *r = &bz->roots[in->root];
    nl_assert(!r->mem);
    r->mem = nl_bz_alloc(bz, v->type);
    in->mem = r->mem;
  }
  return in->mem;
}

/* The position of the top-level op that contains op (the op itself when
 * it is top-level), or -1 when it is not one of the function's original
 * ops. */
static int64_t
top_pos(Bz *bz, NlOp *op)
{
  while (op && op->parent != bz->body)
    op = nl_op_parent_op(op);
  uintptr_t p = op ? (uintptr_t)ptrmap_get(&bz->pos, op) : 0;
  return p ? (int64_t)p - 1 : -1;
}

bool
nl_bz_can_write(Bz *bz, uint32_t root, NlOp *x, NlValue *target,
                const bool *same, int64_t allowed)
{
  BzRoot *r = &bz->roots[root];
  if (r->kind != BZ_ALLOC)
    return false;
  int64_t px = top_pos(bz, x);
  for (uint32_t m = 0; m < r->nmembers; m++) {
    NlValue *w = r->members[m];
    nl_value_foreach_use(w, u)
    {
      int64_t p = top_pos(bz, u->owner);
      if (p < 0 || p > px)
        return false;
      if (p < px)
        continue;
      /* A use by X itself. */
      if (u->owner != x)
        return false; /* read inside X's body, at any element */
      int64_t idx = u - x->operands;
      if (idx == allowed)
        continue;
      if (same && same[idx] && target && nl_bz_info(bz, w)->mem == target)
        continue;
      return false;
    }
  }
  return true;
}

void
nl_bz_replace_mem(Bz *bz, NlValue *from, NlValue *to)
{
  nl_value_replace_all_uses(from, to);
  for (uint32_t i = 0; i < bz->ninfos; i++)
    if (bz->infos[i].mem == from)
      bz->infos[i].mem = to;
  for (uint32_t i = 0; i < bz->nroots; i++)
    if (bz->roots[i].mem == from)
      bz->roots[i].mem = to;
}

void
nl_bz_erase_made(Bz *bz, NlOp *op)
{
  ptrmap_del(&bz->allocs, op);
  for (uint32_t i = 0; i < bz->nmade; i++)
    if (bz->made[i] == op)
      bz->made[i] = NULL;
  nl_op_erase(op);
}

int64_t
nl_bz_alloc_pos(Bz *bz, NlOp *alloc)
{
  uintptr_t p = (uintptr_t)ptrmap_get(&bz->allocs, alloc);
  return p ? (int64_t)p - 1 : -1;
}

/* Whether the boxes [off, off + (size - 1) * stride] of two static slices
 * of the same rank are disjoint in some dimension. */
static bool
disjoint(const int64_t *o1, const int64_t *s1, const int64_t *t1,
         const int64_t *o2, const int64_t *s2, const int64_t *t2, uint32_t rank)
{
  for (uint32_t d = 0; d < rank; d++) {
    if (s1[d] <= 0 || s2[d] <= 0)
      return true; /* an empty slice */
    int64_t e1 = o1[d] + (s1[d] - 1) * t1[d], e2 = o2[d] + (s2[d] - 1) * t2[d];
    if (e1 < o2[d] || e2 < o1[d])
      return true;
  }
  return false;
}

static const int64_t *
slice_attr(NlOp *op, const char *name, uint32_t rank)
{
  NlAttr *a = nl_op_attr(op, name);
  if (!a || a->kind != NL_ATTR_DENSE_ARRAY || a->dense_array.n != rank ||
      !nl_type_is_integer(a->dense_array.elem, 64))
    return NULL;
  return a->dense_array.data;
}

bool
nl_bz_read_between(Bz *bz, uint32_t root, int64_t from, int64_t to,
                   const int64_t *offs, const int64_t *sizes,
                   const int64_t *strides)
{
  BzRoot *r = &bz->roots[root];
  uint32_t rank = r->mem->type->shaped.rank;
  for (uint32_t m = 0; m < r->nmembers; m++) {
    NlValue *w = r->members[m];
    BzInfo *wi = nl_bz_info(bz, w);
    /* A value held in another slice: its uses touch only that slice. */
    if (wi->box_off && disjoint(offs, sizes, strides, wi->box_off, wi->box_size,
                                wi->box_stride, rank))
      continue;
    nl_value_foreach_use(w, u)
    {
      int64_t p = top_pos(bz, u->owner);
      if (p >= 0 && (p < from || p >= to))
        continue;
      /* An insert into the root (in its coordinates) at a disjoint slice
       * neither reads nor writes ours. */
      NlOp *o = u->owner;
      if (p >= 0 && nl_op_is(o, "tensor.insert_slice") &&
          u == &o->operands[1] && wi->mem == r->mem &&
          w->type->shaped.rank == rank) {
        const int64_t *o2 = slice_attr(o, "static_offsets", rank);
        const int64_t *s2 = slice_attr(o, "static_sizes", rank);
        const int64_t *t2 = slice_attr(o, "static_strides", rank);
        if (o2 && s2 && t2 && disjoint(offs, sizes, strides, o2, s2, t2, rank))
          continue;
      }
      return true;
    }
  }
  return false;
}
