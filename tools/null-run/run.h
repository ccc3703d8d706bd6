/*
 * null-run (DESIGN.md section 6, docs/null-run.md): compiles a model,
 * runs it on the tensors of a test-data directory and compares or writes
 * the outputs. State shared by the files of the tool:
 *
 *   main.c       command line and the order of the steps
 *   tensor_io.c  reading and writing ONNX TensorProto files
 *   compile.c    import/parse, the lowering pipeline, the model signature
 *   jit.c        host execution through ORC LLJIT
 *   cross.c      --target=aarch64: object + runtime/ driver under qemu
 *   compare.c    elementwise comparison against reference outputs
 *   bench.c      latency statistics
 *
 * Every function reports its own errors on stderr ("null-run: ...") and
 * returns false; nothing here exits or aborts on bad input.
 */
#ifndef NULL_TOOLS_NULL_RUN_RUN_H
#define NULL_TOOLS_NULL_RUN_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/tool_passes.h"
#include "null/null.h"

/* A dense row-major tensor on the host. dtype is an ONNX
 * TensorProto.DataType code; bools take one byte per element. */
typedef struct NrTensor {
  char *name;    /* ONNX name (owned), may be NULL */
  int32_t dtype; /* ONNX data type; 0 when only the width is known */
  uint32_t rank;
  int64_t *dims; /* owned; NULL when rank is 0 */
  size_t count;  /* elements */
  size_t esize;  /* bytes per element */
  void *data;    /* count * esize bytes, 64-byte aligned (owned), or NULL */
} NrTensor;

/* The ABI of a compiled model (docs/lowering.md "The model ABI"). The
 * tensors describe types and shapes only (data NULL). */
typedef struct NrSignature {
  char *symbol; /* G: the C identifier of the function */
  uint32_t nin, nout;
  NrTensor *in, *out;
  size_t workspace_size;
} NrSignature;

/* ---- tensor_io.c ---- */

/* Bytes per element of an ONNX data type null-run supports, 0 otherwise. */
size_t nr_dtype_size(int32_t dtype);
/* "FLOAT", "INT64", ... ("UNDEFINED(n)" style names for others). */
const char *nr_dtype_name(int32_t dtype);
bool nr_dtype_is_float(int32_t dtype);
/* Allocates t->data (64-byte aligned, zeroed) for t->count * t->esize. */
bool nr_tensor_alloc(NrTensor *t);
/* Reads a serialized TensorProto. */
bool nr_tensor_read(const char *path, NrTensor *t);
/* Writes t as a TensorProto (raw_data). */
bool nr_tensor_write(const char *path, const NrTensor *t);
void nr_tensor_free(NrTensor *t);
/* Deep copy of the description (name, dims), no data. */
void nr_tensor_copy_desc(NrTensor *dst, const NrTensor *src);
/* "[1, 3, 224, 224] FLOAT" into buf. */
void nr_tensor_describe(const NrTensor *t, char *buf, size_t size);
/* One element as a double (floats decoded, integers converted). */
double nr_tensor_get_f64(const NrTensor *t, size_t i);

/* ---- compile.c ---- */

typedef struct NrCompileOptions {
  const char *model;    /* .onnx or .nir */
  NlToolPasses *passes; /* the pipeline (default one already added) */
  char *source;         /* out: the text of a .nir model, which
                           diagnostics quote; free after the context */
} NrCompileOptions;

/* Loads the model into ctx (dialects and passes set up here), runs the
 * pipeline and fills sig. Returns the loop-level module (caller destroys)
 * or NULL after diagnostics. */
NlOp *nr_compile(NlContext *ctx, NrCompileOptions *o, NrSignature *sig);
void nr_signature_free(NrSignature *sig);
/* The diagnostic handler of the tool (ud: the context). */
void nr_print_diag(const NlDiag *d, void *ud);

/* ---- jit.c and cross.c ---- */

typedef struct NrRunOptions {
  const char *cpu;      /* --mcpu, or NULL */
  int bench;            /* --bench N, 0: no timing */
  NlToolPasses *passes; /* for --timing rows */
} NrRunOptions;

/* Translates module to LLVM IR, JITs it for the host, runs G_packed on
 * ins (sig->nin tensors), writing outs (sig->nout, allocated by the
 * caller), then the benchmark if asked. */
bool nr_run_host(NlContext *ctx, NlOp *module, const NrSignature *sig,
                 NrTensor *ins, NrTensor *outs, const NrRunOptions *o);
/* The same for aarch64: object file, runtime/ driver linked with
 * aarch64-linux-gnu-gcc -static, run under qemu-aarch64. */
bool nr_run_aarch64(NlContext *ctx, NlOp *module, const NrSignature *sig,
                    NrTensor *ins, NrTensor *outs, const NrRunOptions *o);

/* ---- compare.c ---- */

/* Compares got with ref (same dtype and shape, checked by the caller) and
 * prints one line: a match, or the mismatch count with the worst element.
 * Returns whether they match. */
bool nr_compare(uint32_t index, const NrTensor *got, const NrTensor *ref,
                double rtol, double atol);

/* ---- bench.c ---- */

/* Monotonic seconds. */
double nr_now(void);
/* Prints `latency_ms: median=X min=Y max=Z` for n samples (seconds). */
void nr_print_latency(double *samples, int n);

#endif
