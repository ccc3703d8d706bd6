/* The test dialect: ops that exercise the core's verifier and parser. */
#include "null/null.h"
