/*
 * The ONNX importer: reads an ONNX model (protobuf, read with protobuf-c)
 * and builds graph-dialect IR: a builtin.module holding one func.func named
 * after the graph. This header is the whole public API of the frontend.
 */
#ifndef NULL_FRONTENDS_ONNX_IMPORT_H
#define NULL_FRONTENDS_ONNX_IMPORT_H

#include "null/null.h"

typedef struct NlOnnxImportOptions {
  /* File name used in locations (`loc("Conv_12"("model.onnx":0:0))`);
   * NULL: the base name of the model path. */
  const char *loc_file;
  /* Initializers with at most this many elements become inline dense<>
   * attributes, larger ones dense_resource blobs; 0 means 16. */
  size_t inline_limit;
} NlOnnxImportOptions;

/* Reads the model at `path` and returns a detached builtin.module owned by
 * the caller (destroy it with nl_op_destroy), or NULL after reporting
 * diagnostics in ctx (missing or malformed file, unknown operator, domain
 * or opset, bad tensor data, shapes that cannot match, ...). Loads the
 * dialects it needs (builtin, func, graph) into ctx. opts may be NULL. */
NL_API NlOp *nl_onnx_import_file(NlContext *ctx, const char *path,
                                 const NlOnnxImportOptions *opts);

/* Same from a buffer holding the serialized model; `path` names it in
 * diagnostics and locations and anchors external data files (its
 * directory); it is not read. */
NL_API NlOp *nl_onnx_import_buffer(NlContext *ctx, const char *path,
                                   const void *data, size_t len,
                                   const NlOnnxImportOptions *opts);

#endif
