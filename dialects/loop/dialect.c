/* TEMPORARY skeleton of the loop dialect (docs/lowering.md). */
#include "loop/loop.h"

static const NlOpDef loop_ops[] = {{.name = "loop.placeholder_"}};

const NlDialect nl_loop_dialect = {
    .name = "loop",
    .ops = loop_ops,
    .nops = 1,
    .summary = "loop (skeleton)",
};
