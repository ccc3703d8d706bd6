/*
 * TEMPORARY -- delete this file once every pass of passes.def has its own
 * file. Stand-in run functions for passes whose passes/<name>.c does not
 * exist yet: CMake defines NL_STUB_<NAME> for each missing file. A stub
 * fails with a diagnostic, so a pipeline never silently skips a pass.
 */
#include "passes.h"

#define STUB(id, arg)                                                          \
  NlResult nl_##id##_run(NlOp *anchor, NlPassState *ps)                        \
  {                                                                            \
    (void)ps;                                                                  \
    nl_op_emit_error(anchor, "pass '%s' is not implemented yet", arg);         \
    return nl_failure();                                                       \
  }

#ifdef NL_STUB_CANONICALIZE
STUB(canonicalize, "canonicalize")
#endif
#ifdef NL_STUB_CSE
STUB(cse, "cse")
#endif
#ifdef NL_STUB_DCE
STUB(dce, "dce")
#endif
#ifdef NL_STUB_SYMBOL_DCE
STUB(symbol_dce, "symbol-dce")
#endif
#ifdef NL_STUB_INLINE
STUB(inline, "inline")
#endif
#ifdef NL_STUB_SCCP
STUB(sccp, "sccp")
#endif
#ifdef NL_STUB_LICM
STUB(licm, "loop-invariant-code-motion")
#endif

/* Keeps the file a valid translation unit when no stub is needed. */
typedef int nl_passes_stubs_unused;
