/*
 * The memory plan report (memory-plan{print=true}, --print-memory-plan):
 * one summary line per function, then one row per buffer by offset. The
 * %N names are the ones the printer gives the allocs' results (MLIR's
 * numbering: a region's own values first, nested regions after), so a row
 * can be found in the printed IR.
 */
#include <stdlib.h>

#include "passes/bufferize/memory_plan.h"
#include "passes/ptrmap.h"

/* Numbers the results in r as the printer does, from *next. */
static void
number_region(NlRegion *r, uint32_t *next, PtrMap *names)
{
  nl_region_foreach_block(r, b)
  {
    if (b != r->first)
      *next += b->nargs;
    nl_block_foreach_op(b, op)
    {
      if (op->nresults)
        ptrmap_put(names, op, (void *)(uintptr_t)(++*next));
    }
  }
  uint32_t after = *next;
  nl_region_foreach_block(r, b)
  {
    nl_block_foreach_op(b, op)
    {
      for (uint32_t i = 0; i < op->nregions; i++) {
        uint32_t n = after;
        number_region(&op->regions[i], &n, names);
      }
    }
  }
}

static int
cmp_row(const void *pa, const void *pb)
{
  const NlMpBuffer *a = *(NlMpBuffer *const *)pa, *b = *(NlMpBuffer *const *)pb;
  if (a->offset != b->offset)
    return a->offset < b->offset ? -1 : 1;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

void
nl_mp_report(const NlMpPlan *plan, FILE *out)
{
  NlIdent *name = nl_symbol_name(plan->func);
  double ratio =
      plan->lower_bound ? (double)plan->arena / (double)plan->lower_bound : 1.0;
  NlBuf b = {0};
  nl_buf_printf(&b,
                "memory plan for @%s: %u buffers, arena %lld bytes, lower "
                "bound (peak live) %lld bytes (%.2fx)\n",
                name ? name->str : "?", plan->nbuffers, (long long)plan->arena,
                (long long)plan->lower_bound, ratio);
  if (plan->nbuffers) {
    nl_buf_puts(&b, "  offset       size  live        buffer\n");
    PtrMap names = {0};
    uint32_t next = 0;
    number_region(&plan->func->regions[0], &next, &names);
    const NlMpBuffer **rows = nl_xmalloc(plan->nbuffers * sizeof *rows);
    for (uint32_t i = 0; i < plan->nbuffers; i++)
      rows[i] = &plan->buffers[i];
    qsort(rows, plan->nbuffers, sizeof *rows, cmp_row);
    for (uint32_t i = 0; i < plan->nbuffers; i++) {
      const NlMpBuffer *r = rows[i];
      char live[48];
      snprintf(live, sizeof live, "[%lld, %lld]", (long long)r->start,
               (long long)r->end);
      uintptr_t id = (uintptr_t)ptrmap_get(&names, r->alloc);
      nl_buf_printf(
          &b, "%8lld %10lld  %-12s%%%u = loop.alloc : ", (long long)r->offset,
          (long long)r->size, live, (unsigned)(id ? id - 1 : 0));
      nl_type_print(r->alloc->results[0].type, &b);
      nl_buf_puts(&b, " (");
      nl_loc_describe(r->alloc->loc, &b);
      nl_buf_puts(&b, ")\n");
    }
    free(rows);
    ptrmap_free(&names);
  }
  fwrite(b.data, 1, b.len, out);
  fflush(out);
  nl_buf_free(&b);
}
