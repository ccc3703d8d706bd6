/*
 * State shared by the files of the ONNX frontend (not installed): the
 * importer, tensor decoding (tensor.c) and node conversion (node.c).
 */
#ifndef NULL_FRONTENDS_ONNX_INTERNAL_H
#define NULL_FRONTENDS_ONNX_INTERNAL_H

#include "onnx.pb-c.h"
#include "onnx_import.h"

/* One entry of a name map (open addressing). */
typedef struct OnnxBinding {
  const char *name; /* borrowed from the ModelProto; NULL: empty slot */
  void *value;
} OnnxBinding;

/* A hash map from ONNX names (borrowed) to pointers. */
typedef struct OnnxMap {
  OnnxBinding *slots;
  size_t nslots, nused; /* nslots is 0 or a power of two */
} OnnxMap;

/* The values visible in a graph: its own, then its parent's (subgraphs
 * see the values of enclosing graphs, as ONNX scoping says). */
typedef struct OnnxScope {
  struct OnnxScope *parent;
  OnnxMap values;   /* name -> NlValue* */
  OnnxMap declared; /* name -> Onnx__ValueInfoProto* (the graph's
                       value_info and outputs) */
} OnnxScope;

typedef struct OnnxImporter {
  NlContext *ctx;
  const char *path;     /* the model path, as given */
  char *dir;            /* its directory (owned), for external data */
  const char *loc_file; /* file name in locations */
  size_t inline_limit;
  int64_t opset;   /* version of the default domain */
  NlLoc *file_loc; /* loc("model.onnx":0:0) */
  NlBuilder b;
} OnnxImporter;

/* ---- maps and scopes (import.c) ---- */
NL_INTERNAL void *nl_onnx_map_get(const OnnxMap *m, const char *name);
NL_INTERNAL void nl_onnx_map_put(OnnxMap *m, const char *name, void *value);
NL_INTERNAL void nl_onnx_map_free(OnnxMap *m);
/* The value named `name` in s or an enclosing scope, or NULL. */
NL_INTERNAL NlValue *nl_onnx_scope_lookup(OnnxScope *s, const char *name);
/* The value_info declaring `name` in s or an enclosing scope, or NULL. */
NL_INTERNAL const Onnx__ValueInfoProto *
nl_onnx_scope_declared(OnnxScope *s, const char *name);
/* Frees the maps of s (not s itself). */
NL_INTERNAL void nl_onnx_scope_fini(OnnxScope *s);
/* Imports the initializers and nodes of g at the end of body (values
 * bound in scope) and returns its outputs in *rets (n_output values,
 * caller frees). Fails after a diagnostic. */
NL_INTERNAL NL_NODISCARD NlResult nl_onnx_import_graph_body(
    OnnxImporter *im, OnnxScope *scope, const Onnx__GraphProto *g,
    NlBlock *body, NlValue ***rets);

/* ---- tensors and types (tensor.c) ---- */

/* The element type of ONNX data type dt, or NULL (no diagnostic) when it
 * has none in null (undefined, 8-bit floats, 4-bit integers). */
NL_INTERNAL NlType *nl_onnx_elem_type(NlContext *ctx, int32_t dt);
/* The ONNX name of data type dt ("FLOAT16"), for messages. */
NL_INTERNAL const char *nl_onnx_dtype_name(int32_t dt);
/* The type of a value_info (tensor, sequence, optional). dim_params, when
 * not NULL, receives a `["N", "", ...]` array attribute naming the
 * symbolic dims (NULL when none is symbolic). NULL after a diagnostic at
 * loc naming `what`. */
NL_INTERNAL NlType *nl_onnx_convert_type(OnnxImporter *im,
                                         const Onnx__TypeProto *tp, NlLoc *loc,
                                         const char *what, NlAttr **dim_params);
/* The value of a TensorProto as an attribute: dense<> when small,
 * dense_resource otherwise (force_inline: always dense<>), a string array
 * for string tensors. *type receives the tensor type. NULL after a
 * diagnostic at loc. */
NL_INTERNAL NlAttr *nl_onnx_tensor_attr(OnnxImporter *im,
                                        const Onnx__TensorProto *t, NlLoc *loc,
                                        bool force_inline, NlType **type);

/* ---- nodes (node.c) ---- */

/* Converts one node and binds its outputs in scope. Fails after a
 * diagnostic. */
NL_INTERNAL NL_NODISCARD NlResult
nl_onnx_import_node(OnnxImporter *im, OnnxScope *scope,
                    const Onnx__NodeProto *node, size_t index);
/* Imports a subgraph into region r (one block, arguments = the graph's
 * inputs, terminated by graph.yield of its outputs). hints[i] (may be
 * NULL) is the type of input i when the subgraph does not declare it (Loop
 * bodies often leave it out). */
NL_INTERNAL NL_NODISCARD NlResult nl_onnx_import_subgraph(
    OnnxImporter *im, OnnxScope *parent, const Onnx__GraphProto *g, NlRegion *r,
    NlLoc *loc, NlType *const *hints, uint32_t nhints);
/* Imports the nodes of g, in dependency order, into the builder's block. */
NL_INTERNAL NL_NODISCARD NlResult nl_onnx_import_nodes(
    OnnxImporter *im, OnnxScope *scope, const Onnx__GraphProto *g);

#endif
