/*
 * The enum-like attributes of arith (fastmath and overflow flags,
 * comparison predicates, rounding modes): their encodings, the custom
 * syntax of the flags, and MLIR's type constraints with their diagnostics.
 * Shared with the math dialect through common.h. Flags are opaque
 * attributes `#arith.fastmath<nnan,ninf>` spelled exactly as MLIR prints
 * them, so that the generic form round-trips through mlir-opt.
 */
#include <string.h>

#include "arith/common.h"

/* ---- type constraints ---------------------------------------------------- */

static bool
is_signless_int(const NlType *t)
{
  return t->kind == NL_TYPE_INTEGER && t->integer.signedness == NL_SIGNLESS;
}

/* Whether a scalar (element) type satisfies tc. */
static bool
elem_ok(const NlType *t, NlArithTC tc)
{
  switch (tc) {
  case NL_TC_ANY:
    return true;
  case NL_TC_INT:
  case NL_TC_INDEX_CAST:
    return is_signless_int(t) || t->kind == NL_TYPE_INDEX;
  case NL_TC_FIXED_INT:
    return is_signless_int(t);
  case NL_TC_FLOAT:
    return t->kind == NL_TYPE_FLOAT;
  case NL_TC_BOOL:
    return is_signless_int(t) && t->integer.width == 1;
  case NL_TC_BITCAST:
    return is_signless_int(t) || t->kind == NL_TYPE_FLOAT;
  }
  return false;
}

bool
nl_arith_type_ok(const NlType *t, NlArithTC tc)
{
  if (tc == NL_TC_ANY)
    return true;
  switch ((NlTypeKind)t->kind) {
  case NL_TYPE_VECTOR:
  case NL_TYPE_TENSOR:
  case NL_TYPE_UNRANKED_TENSOR:
    return elem_ok(t->shaped.elem, tc);
  case NL_TYPE_MEMREF:
    /* Only index_cast and bitcast work on memrefs; their element types
     * exclude index for bitcast, as MLIR's MemRefOf<[...]> does. */
    return (tc == NL_TC_INDEX_CAST || tc == NL_TC_BITCAST) &&
           elem_ok(t->shaped.elem, tc);
  default:
    return elem_ok(t, tc);
  }
}

static const char *
tc_name(NlArithTC tc)
{
  switch (tc) {
  case NL_TC_ANY:
    return "any type";
  case NL_TC_INT:
    return "signless-integer-like";
  case NL_TC_FIXED_INT:
    return "signless-fixed-width-integer-like";
  case NL_TC_FLOAT:
    return "floating-point-like";
  case NL_TC_BOOL:
    return "bool-like";
  case NL_TC_INDEX_CAST:
    return "signless-integer-like or memref of signless-integer";
  case NL_TC_BITCAST:
    return "signless-integer-or-float-like or memref of signless-integer "
           "or float";
  }
  return "?";
}

const char *
nl_arith_type_str(NlBuf *b, const NlType *t)
{
  b->len = 0;
  nl_type_print(t, b);
  return b->data ? b->data : "";
}

static NlResult
check_type(NlOp *op, const char *what, uint32_t i, const NlType *t,
           NlArithTC tc)
{
  if (nl_arith_type_ok(t, tc))
    return nl_success();
  NlBuf b = {0};
  nl_op_emit_error(op, "%s #%u must be %s, but got '%s'", what, i, tc_name(tc),
                   nl_arith_type_str(&b, t));
  nl_buf_free(&b);
  return nl_failure();
}

NlResult
nl_arith_check_operand(NlOp *op, uint32_t i, NlArithTC tc)
{
  return check_type(op, "operand", i, nl_op_operand(op, i)->type, tc);
}

NlResult
nl_arith_check_result(NlOp *op, uint32_t i, NlArithTC tc)
{
  return check_type(op, "result", i, nl_op_result(op, i)->type, tc);
}

NlResult
nl_arith_check_same_type(NlOp *op)
{
  NlType *t =
      op->nresults ? nl_op_result(op, 0)->type : nl_op_operand(op, 0)->type;
  bool same = true;
  for (uint32_t i = 0; i < op->noperands; i++)
    same &= nl_op_operand(op, i)->type == t;
  for (uint32_t i = 0; i < op->nresults; i++)
    same &= nl_op_result(op, i)->type == t;
  if (same)
    return nl_success();
  nl_op_emit_error(op, "requires the same type for all operands and results");
  return nl_failure();
}

bool
nl_arith_same_shape(const NlType *a, const NlType *b)
{
  bool sa = nl_type_is_shaped(a) || a->kind == NL_TYPE_UNRANKED_TENSOR;
  bool sb = nl_type_is_shaped(b) || b->kind == NL_TYPE_UNRANKED_TENSOR;
  if (!sa || !sb)
    return sa == sb;
  bool ta = a->kind == NL_TYPE_TENSOR || a->kind == NL_TYPE_UNRANKED_TENSOR;
  bool tb = b->kind == NL_TYPE_TENSOR || b->kind == NL_TYPE_UNRANKED_TENSOR;
  if (ta != tb || (!ta && a->kind != b->kind))
    return false;
  if (a->kind == NL_TYPE_UNRANKED_TENSOR || b->kind == NL_TYPE_UNRANKED_TENSOR)
    return a->kind == b->kind;
  if (a->shaped.rank != b->shaped.rank)
    return false;
  for (uint32_t i = 0; i < a->shaped.rank; i++) {
    if (a->shaped.dims[i] != b->shaped.dims[i])
      return false;
    bool sca = a->shaped.scalable && a->shaped.scalable[i];
    bool scb = b->shaped.scalable && b->shaped.scalable[i];
    if (sca != scb)
      return false;
  }
  return true;
}

NlType *
nl_arith_with_elem(NlContext *ctx, NlType *t, NlType *elem)
{
  switch ((NlTypeKind)t->kind) {
  case NL_TYPE_VECTOR:
    return nl_type_vector(ctx, t->shaped.dims, t->shaped.rank,
                          t->shaped.scalable, elem);
  case NL_TYPE_TENSOR:
    return nl_type_tensor(ctx, t->shaped.dims, t->shaped.rank, elem,
                          t->shaped.encoding);
  case NL_TYPE_UNRANKED_TENSOR:
    return nl_type_unranked_tensor(ctx, elem);
  case NL_TYPE_MEMREF:
    return nl_type_memref(ctx, t->shaped.dims, t->shaped.rank, elem,
                          t->shaped.layout, t->shaped.space);
  case NL_TYPE_UNRANKED_MEMREF:
    return nl_type_unranked_memref(ctx, elem, t->shaped.space);
  default:
    return elem;
  }
}

bool
nl_arith_print_malformed(NlPrinter *p, NlOp *op)
{
  if (op->noperands == (uint32_t)op->def->noperands &&
      op->nresults == (uint32_t)op->def->nresults)
    return false;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_printer_puts(p, " <malformed>");
  return true;
}

/* ---- inherent attributes ------------------------------------------------- */

NlAttr *
nl_arith_inherent(const NlOp *op, const char *name)
{
  NlAttr *a = nl_attr_dict_get(op->attrs, name);
  if (!a && op->props)
    a = nl_attr_dict_get(op->props, name);
  return a;
}

void
nl_arith_set_inherent(NlOp *op, const char *name, NlAttr *value)
{
  NlContext *ctx = nl_op_context(op);
  if (op->props && nl_attr_dict_get(op->props, name)) {
    NlAttr *d =
        nl_attr_dict_set(ctx, op->props, nl_ident_cstr(ctx, name), NULL);
    op->props = d->dict.n ? d : NULL;
  }
  nl_op_set_attr(op, name, value);
}

/* ---- flags --------------------------------------------------------------- */

typedef struct FlagName {
  const char *name;
  uint32_t value;
} FlagName;

static const FlagName fastmath_names[] = {
    {"none", 0},
    {"reassoc", NL_FASTMATH_REASSOC},
    {"nnan", NL_FASTMATH_NNAN},
    {"ninf", NL_FASTMATH_NINF},
    {"nsz", NL_FASTMATH_NSZ},
    {"arcp", NL_FASTMATH_ARCP},
    {"contract", NL_FASTMATH_CONTRACT},
    {"afn", NL_FASTMATH_AFN},
    {"fast", NL_FASTMATH_FAST},
};
#define NFASTMATH (sizeof fastmath_names / sizeof fastmath_names[0])

static const FlagName overflow_names[] = {
    {"none", 0},
    {"nsw", NL_OVERFLOW_NSW},
    {"nuw", NL_OVERFLOW_NUW},
};
#define NOVERFLOW (sizeof overflow_names / sizeof overflow_names[0])

static bool
flag_lookup(const FlagName *names, size_t n, const char *s, size_t len,
            uint32_t *v)
{
  for (size_t i = 0; i < n; i++) {
    if (strlen(names[i].name) == len && memcmp(names[i].name, s, len) == 0) {
      *v = names[i].value;
      return true;
    }
  }
  return false;
}

static const char *
skip_space(const char *s, const char *end)
{
  while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
    s++;
  return s;
}

/* Decodes the body `keyword<flag, flag>` of a flags attribute. */
static bool
decode_flags(const NlAttr *a, const char *keyword, const FlagName *names,
             size_t n, uint32_t *flags)
{
  if (!a || a->kind != NL_ATTR_OPAQUE ||
      strcmp(a->opaque.dialect->str, "arith") != 0)
    return false;
  const char *s = a->opaque.body->str, *end = s + a->opaque.body->len;
  size_t klen = strlen(keyword);
  s = skip_space(s, end);
  if ((size_t)(end - s) < klen || memcmp(s, keyword, klen) != 0)
    return false;
  s = skip_space(s + klen, end);
  if (s == end || *s++ != '<')
    return false;
  uint32_t v = 0;
  for (;;) {
    s = skip_space(s, end);
    const char *w = s;
    while (s < end && ((*s >= 'a' && *s <= 'z') || *s == '_'))
      s++;
    uint32_t f;
    if (!flag_lookup(names, n, w, (size_t)(s - w), &f))
      return false;
    v |= f;
    s = skip_space(s, end);
    if (s < end && *s == ',') {
      s++;
      continue;
    }
    if (s == end || *s++ != '>')
      return false;
    break;
  }
  if (skip_space(s, end) != end)
    return false;
  *flags = v;
  return true;
}

/* Prints flags as MLIR does: `none`, `fast` for all fastmath flags, else
 * the set flags in bit order joined by sep. */
static void
print_flags(NlBuf *b, const FlagName *names, size_t n, uint32_t flags,
            const char *sep)
{
  if (flags == 0) {
    nl_buf_puts(b, "none");
    return;
  }
  if (names == fastmath_names && flags == NL_FASTMATH_FAST) {
    nl_buf_puts(b, "fast");
    return;
  }
  bool first = true;
  for (size_t i = 1; i < n; i++) {
    uint32_t f = names[i].value;
    if (f & (f - 1))
      continue; /* a combination such as `fast` */
    if (flags & f) {
      if (!first)
        nl_buf_puts(b, sep);
      nl_buf_puts(b, names[i].name);
      first = false;
    }
  }
}

static NlAttr *
flags_attr(NlContext *ctx, const char *keyword, const FlagName *names, size_t n,
           uint32_t flags, const char *sep)
{
  NlBuf b = {0};
  nl_buf_printf(&b, "%s<", keyword);
  print_flags(&b, names, n, flags, sep);
  nl_buf_putc(&b, '>');
  NlAttr *a = nl_attr_opaque(ctx, "arith", 5, b.data, b.len, true, NULL);
  nl_buf_free(&b);
  return a;
}

bool
nl_arith_decode_fastmath(const NlAttr *a, uint32_t *flags)
{
  return decode_flags(a, "fastmath", fastmath_names, NFASTMATH, flags);
}

bool
nl_arith_decode_overflow(const NlAttr *a, uint32_t *flags)
{
  return decode_flags(a, "overflow", overflow_names, NOVERFLOW, flags);
}

NlAttr *
nl_arith_fastmath_attr(NlContext *ctx, uint32_t flags)
{
  /* MLIR joins fastmath flags with "," and overflow flags with ", ". */
  return flags_attr(ctx, "fastmath", fastmath_names, NFASTMATH,
                    flags & NL_FASTMATH_FAST, ",");
}

NlAttr *
nl_arith_overflow_attr(NlContext *ctx, uint32_t flags)
{
  flags &= NL_OVERFLOW_NSW | NL_OVERFLOW_NUW;
  if (!flags)
    return NULL;
  return flags_attr(ctx, "overflow", overflow_names, NOVERFLOW, flags, ", ");
}

uint32_t
nl_arith_fastmath(const NlOp *op)
{
  uint32_t f = 0;
  if (!nl_arith_decode_fastmath(nl_arith_inherent(op, "fastmath"), &f))
    return NL_FASTMATH_NONE;
  return f;
}

uint32_t
nl_arith_overflow(const NlOp *op)
{
  uint32_t f = 0;
  if (!nl_arith_decode_overflow(nl_arith_inherent(op, "overflowFlags"), &f))
    return NL_OVERFLOW_NONE;
  return f;
}

NlResult
nl_arith_verify_fastmath(NlOp *op)
{
  uint32_t f;
  NlAttr *a = nl_arith_inherent(op, "fastmath");
  if (!a || nl_arith_decode_fastmath(a, &f))
    return nl_success();
  nl_op_emit_error(op, "attribute 'fastmath' failed to satisfy constraint: "
                       "Floating point fast math flags");
  return nl_failure();
}

/* `keyword<flag (, flag)*>` after the keyword itself; one of the names. */
static NlResult
parse_flag_list(NlParser *p, const char *what, const FlagName *names, size_t n,
                uint32_t *flags)
{
  *flags = 0;
  if (nl_failed(nl_parser_expect(p, "<")))
    return nl_failure();
  do {
    NlLoc *loc = nl_parser_loc(p);
    NlStr kw;
    uint32_t f;
    if (nl_failed(nl_parser_parse_keyword(p, &kw)))
      return nl_failure();
    if (!flag_lookup(names, n, kw.data, kw.len, &f)) {
      NlBuf b = {0};
      for (size_t i = 0; i < n; i++)
        nl_buf_printf(&b, "%s%s", i ? ", " : "", names[i].name);
      nl_emit_error(nl_parser_context(p), loc,
                    "expected %s flag to be one of: %s", what, b.data);
      nl_buf_free(&b);
      return nl_failure();
    }
    *flags |= f;
  } while (nl_parser_accept(p, ","));
  return nl_parser_expect(p, ">");
}

NlResult
nl_arith_parse_optional_fastmath(NlParser *p, NlOpState *st)
{
  uint32_t f;
  if (!nl_parser_accept_keyword(p, "fastmath"))
    return nl_success();
  if (nl_failed(parse_flag_list(p, "fastmath", fastmath_names, NFASTMATH, &f)))
    return nl_failure();
  if (f)
    nl_op_state_add_attr(st, "fastmath",
                         nl_arith_fastmath_attr(nl_parser_context(p), f));
  return nl_success();
}

void
nl_arith_print_optional_fastmath(NlPrinter *p, NlOp *op)
{
  uint32_t f = nl_arith_fastmath(op);
  if (!f)
    return;
  NlBuf b = {0};
  print_flags(&b, fastmath_names, NFASTMATH, f, ",");
  nl_printer_printf(p, " fastmath<%s>", b.data);
  nl_buf_free(&b);
}

NlResult
nl_arith_parse_optional_overflow(NlParser *p, NlOpState *st)
{
  uint32_t f;
  if (!nl_parser_accept_keyword(p, "overflow"))
    return nl_success();
  if (nl_failed(parse_flag_list(p, "overflow", overflow_names, NOVERFLOW, &f)))
    return nl_failure();
  if (f)
    nl_op_state_add_attr(st, "overflowFlags",
                         nl_arith_overflow_attr(nl_parser_context(p), f));
  return nl_success();
}

void
nl_arith_print_optional_overflow(NlPrinter *p, NlOp *op)
{
  uint32_t f = nl_arith_overflow(op);
  if (!f)
    return;
  NlBuf b = {0};
  print_flags(&b, overflow_names, NOVERFLOW, f, ", ");
  nl_printer_printf(p, " overflow<%s>", b.data);
  nl_buf_free(&b);
}

/* ---- predicates and rounding modes --------------------------------------- */

const char *const nl_cmpi_names[NL_CMPI_COUNT] = {
    "eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge",
};

const char *const nl_cmpf_names[NL_CMPF_COUNT] = {
    "false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord",
    "ueq",   "ugt", "uge", "ult", "ule", "une", "uno", "true",
};

const char *const nl_round_names[NL_ROUND_COUNT] = {
    "to_nearest_even", "downward", "upward", "toward_zero", "to_nearest_away",
};

/* An integer attribute of type iN with a value in [0, n), else -1. */
static int
enum_value(const NlAttr *a, uint32_t width, int n)
{
  if (!a || a->kind != NL_ATTR_INTEGER || !nl_type_is_integer(a->type, width) ||
      a->type->integer.signedness != NL_SIGNLESS)
    return -1;
  bool fits;
  int64_t v = nl_attr_integer_value(a, &fits);
  return fits && v >= 0 && v < n ? (int)v : -1;
}

int
nl_arith_predicate(const NlOp *op, int n)
{
  return enum_value(nl_arith_inherent(op, "predicate"), 64, n);
}

int
nl_arith_roundingmode(const NlOp *op)
{
  return enum_value(nl_arith_inherent(op, "roundingmode"), 32, NL_ROUND_COUNT);
}
