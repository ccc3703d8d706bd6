/*
 * The graph dialect's operator table as data for the importer: the
 * NlGraphOpInfo entries (names, opset ranges, operand and result counts,
 * attributes with kinds and defaults), all generated from ops.def, the
 * lookup by ONNX name, and the legacy attribute forms that the importer
 * turns into inputs.
 */
#include "graph/internal.h"

/* Attribute specs, one array per op, NULL-terminated. */
/* clang-format off */
#define OP(id, ...) static const NlGraphAttrSpec attrs_##id[] = {
#define ATTR(id, name, kind, req, dflt) {name, NL_GATTR_##kind, req, dflt},
#define END(id) {NULL, NL_GATTR_INT, false, NULL}};
/* clang-format on */
#include "graph/ops.def"
#undef OP
#undef ATTR
#undef END

/* Number of GRAPH attributes (regions) per op. */
#define IS_GRAPH_INT 0
#define IS_GRAPH_FLOAT 0
#define IS_GRAPH_STRING 0
#define IS_GRAPH_INTS 0
#define IS_GRAPH_FLOATS 0
#define IS_GRAPH_STRINGS 0
#define IS_GRAPH_TENSOR 0
#define IS_GRAPH_TYPE 0
#define IS_GRAPH_GRAPH 1
enum {
#define OP(id, ...) NREG_##id = 0
#define ATTR(id, name, kind, req, dflt) +IS_GRAPH_##kind
#define END(id) ,
#include "graph/ops.def"
#undef OP
#undef ATTR
#undef END
};

#define NATTRS(id) (uint32_t)(sizeof(attrs_##id) / sizeof(attrs_##id[0]) - 1)

const NlGraphOpInfo nl_graph_infos[GRAPH_NOPS] = {
#define OP(id, onnx, name, since, until, mini, maxi, mino, maxo, cls, tr)      \
  [GRAPH_##id] = {onnx, name, "",   since,      until,      mini,              \
                  maxi, mino, maxo, attrs_##id, NATTRS(id), NREG_##id},
#define ATTR(...)
#define END(id)
#include "graph/ops.def"
#undef OP
#undef ATTR
#undef END
};

const uint8_t nl_graph_cls[GRAPH_NOPS] = {
#define OP(id, onnx, name, since, until, mini, maxi, mino, maxo, cls, tr)      \
  [GRAPH_##id] = GCLS_##cls,
#define ATTR(...)
#define END(id)
#include "graph/ops.def"
#undef OP
#undef ATTR
#undef END
};

const NlGraphOpInfo *
nl_graph_op_info(const char *onnx_name)
{
  if (!onnx_name)
    return NULL;
  /* ops.def is sorted by ONNX name (byte order). */
  size_t lo = 0, hi = GRAPH_NOPS;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(onnx_name, nl_graph_infos[mid].onnx_name);
    if (c == 0)
      return &nl_graph_infos[mid];
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

const NlGraphOpInfo *
nl_graph_op_info_of(const NlOp *op)
{
  int k = nl_graph_kind(op);
  return k >= 0 && k < GRAPH_NOPS ? &nl_graph_infos[k] : NULL;
}

const NlGraphOpInfo *
nl_graph_op_infos(uint32_t *n)
{
  if (n)
    *n = GRAPH_NOPS;
  return nl_graph_infos;
}

/* Sorted by name; entries of one op are adjacent. */
static const NlGraphLegacyAttr legacy[] = {
    {"Clip", 11, "min", 1, NL_GATTR_FLOAT},
    {"Clip", 11, "max", 2, NL_GATTR_FLOAT},
    {"Dropout", 12, "ratio", 1, NL_GATTR_FLOAT},
    {"Pad", 11, "pads", 1, NL_GATTR_INTS},
    {"Pad", 11, "value", 2, NL_GATTR_FLOAT},
    {"ReduceSum", 13, "axes", 1, NL_GATTR_INTS},
    {"Slice", 10, "starts", 1, NL_GATTR_INTS},
    {"Slice", 10, "ends", 2, NL_GATTR_INTS},
    {"Slice", 10, "axes", 3, NL_GATTR_INTS},
    {"Split", 13, "split", 1, NL_GATTR_INTS},
    {"Squeeze", 13, "axes", 1, NL_GATTR_INTS},
    {"TopK", 10, "k", 1, NL_GATTR_INT},
    {"Unsqueeze", 13, "axes", 1, NL_GATTR_INTS},
    {"Upsample", 9, "scales", 1, NL_GATTR_FLOATS},
};

const NlGraphLegacyAttr *
nl_graph_legacy_attrs(const char *onnx_name, int opset, uint32_t *n)
{
  size_t nl = sizeof legacy / sizeof legacy[0];
  *n = 0;
  for (size_t i = 0; onnx_name && i < nl; i++) {
    if (strcmp(legacy[i].onnx_name, onnx_name) != 0)
      continue;
    if (opset >= legacy[i].until)
      return NULL;
    size_t j = i;
    while (j < nl && strcmp(legacy[j].onnx_name, onnx_name) == 0)
      j++;
    *n = (uint32_t)(j - i);
    return &legacy[i];
  }
  return NULL;
}
