/*
 * The tensor dialect (docs/lowering.md). TEMPORARY skeleton: the op table is
 * filled in by the tensor dialect work.
 */
#ifndef NULL_DIALECTS_TENSOR_H
#define NULL_DIALECTS_TENSOR_H

#include "null/null.h"

extern const NlDialect nl_tensor_dialect;

#endif
