/* TEMPORARY skeleton of the tensor dialect (docs/lowering.md). */
#include "tensor/tensor.h"

static const NlOpDef tensor_ops[] = {{.name = "tensor.placeholder_"}};

const NlDialect nl_tensor_dialect = {
    .name = "tensor",
    .ops = tensor_ops,
    .nops = 1,
    .summary = "tensor (skeleton)",
};
