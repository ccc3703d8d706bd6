/*
 * Private to the memory-plan pass (passes/bufferize/memory_plan.c and
 * plan_report.c): one function's buffers and where they go in the arena.
 * Tools set the `print` option through the pipeline text
 * (`memory-plan{print=true}`), see docs/lowering.md.
 */
#ifndef NULL_PASSES_BUFFERIZE_MEMORY_PLAN_H
#define NULL_PASSES_BUFFERIZE_MEMORY_PLAN_H

#include "null/null.h"

typedef struct NlMpBuffer {
  NlOp *alloc;    /* the loop.alloc */
  uint32_t index; /* in program order */
  int64_t size;   /* bytes */
  int64_t start;  /* position (top-level op index) of the first use */
  int64_t end;    /* position of the last use, through views */
  int64_t offset; /* in the arena, a multiple of 64 */
} NlMpBuffer;

typedef struct NlMpPlan {
  NlOp *func;
  NlMpBuffer *buffers;
  uint32_t nbuffers;
  int64_t nops;        /* top-level ops of the function body */
  int64_t arena;       /* bytes: the end of the last buffer */
  int64_t lower_bound; /* the most bytes live at any one position */
} NlMpPlan;

/* Chooses every offset (first-fit by decreasing size over the
 * interference of live ranges) and computes arena and lower_bound. */
NL_INTERNAL void nl_mp_place(NlMpPlan *plan);
/* Writes the report of docs/lowering.md "Memory plan" to out. */
NL_INTERNAL void nl_mp_report(const NlMpPlan *plan, FILE *out);

#endif
