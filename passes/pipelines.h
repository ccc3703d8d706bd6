/*
 * The default lowering pipeline (docs/lowering.md), from graph-level IR to
 * loop-level IR ready for a backend. Shared by null-translate and null-run.
 */
#ifndef NULL_PASSES_PIPELINES_H
#define NULL_PASSES_PIPELINES_H

#define NL_DEFAULT_LOWERING_PIPELINE                                           \
  "builtin.module("                                                            \
  "func.func(graph-shape-inference,canonicalize,graph-fuse,canonicalize,cse),"  \
  "func.func(convert-graph-to-tensor,canonicalize,cse),"                       \
  "bufferize,memory-plan,"                                                     \
  "func.func(convert-tensor-to-loop,canonicalize,cse,"                         \
  "loop-invariant-code-motion))"

#endif
