/* Umbrella header: the whole public API of the IR core. */
#ifndef NULL_NULL_H
#define NULL_NULL_H

#include "null/asm.h"
#include "null/attrs.h"
#include "null/base.h"
#include "null/context.h"
#include "null/diag.h"
#include "null/ir.h"
#include "null/types.h"

#endif
