/*
 * The loop dialect (docs/lowering.md). TEMPORARY skeleton: the op table is
 * filled in by the loop dialect work.
 */
#ifndef NULL_DIALECTS_LOOP_H
#define NULL_DIALECTS_LOOP_H

#include "null/null.h"

extern const NlDialect nl_loop_dialect;

#endif
