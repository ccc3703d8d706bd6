// RUN: nl-unit-conversion 2>&1 | FileCheck %s
//
// Dialect conversion through its C API: legality (ops, dialects, dynamic,
// unknown), type conversion with casts bridging converted and unconverted
// ops, remapped operands, region signature conversion, full and partial
// conversion and their failure diagnostics. A `src` dialect on i32 is
// lowered to a `dst` dialect on i64.

// CHECK: legality: ok
// CHECK: types: ok
// CHECK: full: ok
// CHECK: partial: ok
// CHECK: failures: ok
// CHECK: all checks passed

#include "null/conversion.h"
#include "unit.h"

static const NlOpDef src_ops[] = {
    {.name = "src.const", .noperands = 0, .nresults = 1, .traits = NL_PURE},
    {.name = "src.add", .noperands = 2, .nresults = 1, .traits = NL_PURE},
    {.name = "src.mul", .noperands = 2, .nresults = 1, .traits = NL_PURE},
    {.name = "src.sink", .noperands = NL_VARIADIC, .nresults = 0},
    {.name = "src.func",
     .noperands = 0,
     .nresults = 0,
     .nregions = 1,
     .traits = NL_ISOLATED_FROM_ABOVE | NL_NO_TERMINATOR},
};
static const NlDialect src_dialect = {
    .name = "src", .ops = src_ops, .nops = sizeof src_ops / sizeof src_ops[0]};

static const NlOpDef dst_ops[] = {
    {.name = "dst.const", .noperands = 0, .nresults = 1, .traits = NL_PURE},
    {.name = "dst.add", .noperands = 2, .nresults = 1, .traits = NL_PURE},
    {.name = "dst.sink", .noperands = NL_VARIADIC, .nresults = 0},
};
static const NlDialect dst_dialect = {
    .name = "dst", .ops = dst_ops, .nops = sizeof dst_ops / sizeof dst_ops[0]};

/* ---- type conversion: i32 -> i64, everything else as is ------------------ */

static NlType *
identity(NlType *t, void *ud, bool *reject)
{
  (void)ud;
  (void)reject;
  return t;
}

static NlType *
widen(NlType *t, void *ud, bool *reject)
{
  NlContext *ctx = ud;
  (void)reject;
  return nl_type_is_integer(t, 32) ? nl_type_i64(ctx) : NULL;
}

static NlType *
no_f64(NlType *t, void *ud, bool *reject)
{
  (void)ud;
  if (t->kind == NL_TYPE_FLOAT && t->flt.fkind == NL_F64)
    *reject = true;
  return NULL;
}

/* ---- patterns ------------------------------------------------------------ */

static NlOp *
create(NlRewriter *rw, const char *name, NlValue *const *operands, uint32_t n,
       NlType *result, NlAttr *value)
{
  NlContext *ctx = nl_rewriter_context(rw);
  NlOpState st;
  nl_op_state_init(&st, ctx, nl_context_lookup_op(ctx, name, strlen(name)),
                   nl_loc_unknown(ctx));
  nl_op_state_add_operands(&st, operands, n);
  if (result)
    nl_op_state_add_result(&st, result);
  if (value)
    nl_op_state_add_attr(&st, "value", value);
  NlOp *op = nl_rewriter_create(rw, &st);
  nl_op_state_fini(&st);
  return op;
}

static NlResult
conv_const(NlOp *op, NlValue *const *operands, NlRewriter *rw)
{
  (void)operands;
  NlContext *ctx = nl_rewriter_context(rw);
  NlType *t = nl_type_converter_convert(nl_rewriter_type_converter(rw),
                                        op->results[0].type);
  NlAttr *v = nl_op_attr(op, "value");
  NlOp *c = create(rw, "dst.const", NULL, 0, t,
                   nl_attr_integer(ctx, t, nl_attr_integer_value(v, NULL)));
  nl_rewriter_replace_op_with_op(rw, op, c);
  return nl_success();
}

static int saw_converted_operands;

static NlResult
conv_add(NlOp *op, NlValue *const *operands, NlRewriter *rw)
{
  /* The operands come converted: i64, not the casts back to i32. */
  if (operands[0]->type == nl_type_i64(nl_rewriter_context(rw)) &&
      operands[1]->type == operands[0]->type)
    saw_converted_operands++;
  NlOp *a = create(rw, "dst.add", operands, 2, operands[0]->type, NULL);
  nl_rewriter_replace_op_with_op(rw, op, a);
  return nl_success();
}

static NlResult
conv_sink(NlOp *op, NlValue *const *operands, NlRewriter *rw)
{
  create(rw, "dst.sink", operands, op->noperands, NULL, NULL);
  nl_rewriter_erase_op(rw, op);
  return nl_success();
}

static NlResult
conv_func(NlOp *op, NlValue *const *operands, NlRewriter *rw)
{
  (void)operands;
  nl_rewriter_modify_start(rw, op);
  NlResult r = nl_rewriter_convert_region_types(rw, &op->regions[0]);
  nl_rewriter_modify_end(rw, op);
  return r;
}

static const NlConversionPattern patterns[] = {
    {"src.const", 1, "const", conv_const},
    {"src.add", 1, "add", conv_add},
    {"src.sink", 1, "sink", conv_sink},
    {"src.func", 1, "func", conv_func},
};

/* src.func is legal once its arguments are i64. */
static bool
func_legal(NlOp *op, void *ud)
{
  (void)ud;
  NlBlock *b = op->regions[0].first;
  for (uint32_t i = 0; b && i < b->nargs; i++)
    if (nl_type_is_integer(b->args[i]->type, 32))
      return false;
  return true;
}

/* ---- helpers ------------------------------------------------------------- */

static NlBuf diags;

static void
collect(const NlDiag *d, void *ud)
{
  (void)ud;
  nl_buf_printf(&diags, "%s\n", d->msg);
  for (const NlDiag *n = d->notes; n; n = n->next)
    nl_buf_printf(&diags, "note: %s\n", n->msg);
}

static char *
take_diags(NlContext *ctx)
{
  nl_diag_flush(ctx);
  char *s = nl_buf_take(&diags);
  return s ? s : nl_xstrndup("", 0);
}

static NlContext *
context(void)
{
  NlContext *ctx = nl_context_create();
  nl_context_set_allow_unregistered(ctx, true);
  nl_context_set_diag_handler(ctx, collect, NULL);
  if (nl_failed(nl_context_load_dialect(ctx, &src_dialect)) ||
      nl_failed(nl_context_load_dialect(ctx, &dst_dialect))) {
    printf("FAIL: cannot load the dialects\n");
    exit(1);
  }
  return ctx;
}

static const char *input =
    "\"src.func\"() ({\n"
    "^bb0(%a: i32):\n"
    "  %c = \"src.const\"() {value = 7 : i32} : () -> i32\n"
    "  %s = \"src.add\"(%a, %c) : (i32, i32) -> i32\n"
    "  \"src.sink\"(%s) : (i32) -> ()\n"
    "}) : () -> ()\n";

static NlOp *
parse(NlContext *ctx, const char *src)
{
  NlOp *m = nl_parse_source(ctx, "test", src, strlen(src), NULL);
  if (!m) {
    printf("FAIL: cannot parse\n");
    exit(1);
  }
  return m;
}

/* "name:type name:type ..." for the function body (result type or -). */
static char *
shape(NlOp *m)
{
  NlOp *fn = m->regions[0].first->first;
  NlBlock *b = fn->regions[0].first;
  NlBuf out = {0};
  for (uint32_t i = 0; i < b->nargs; i++) {
    nl_buf_puts(&out, "arg:");
    nl_type_print(b->args[i]->type, &out);
    nl_buf_putc(&out, ' ');
  }
  nl_block_foreach_op(b, op)
  {
    nl_buf_puts(&out, op->def->name);
    nl_buf_putc(&out, ':');
    if (op->nresults)
      nl_type_print(op->results[0].type, &out);
    else
      nl_buf_putc(&out, '-');
    nl_buf_putc(&out, ' ');
  }
  return nl_buf_take(&out);
}

#define CHECK_SHAPE(m, want)                                                   \
  do {                                                                         \
    char *s_ = shape(m);                                                       \
    CHECK_STR(s_, want);                                                       \
    free(s_);                                                                  \
  } while (0)

static NlConversionTarget *
target(NlContext *ctx)
{
  NlConversionTarget *t = nl_conversion_target_create(ctx);
  nl_conversion_target_add_legal_dialect(t, "dst");
  nl_conversion_target_add_illegal_dialect(t, "src");
  nl_conversion_target_add_dynamic_op(t, "src.func", func_legal, NULL);
  return t;
}

static NlTypeConverter *
converter(NlContext *ctx)
{
  NlTypeConverter *tc = nl_type_converter_create(ctx);
  nl_type_converter_add(tc, identity, NULL);
  nl_type_converter_add(tc, widen, ctx);
  nl_type_converter_add(tc, no_f64, NULL);
  return tc;
}

/* ---- tests --------------------------------------------------------------- */

static void
test_legality(void)
{
  NlContext *ctx = context();
  NlOp *m = parse(ctx, input);
  NlOp *fn = m->regions[0].first->first;
  NlOp *c = fn->regions[0].first->first, *add = c->next, *sink = add->next;
  NlConversionTarget *t = nl_conversion_target_create(ctx);
  CHECK(nl_conversion_target_legality(t, add) == NL_LEGALITY_UNKNOWN);
  nl_conversion_target_add_illegal_dialect(t, "src");
  CHECK(nl_conversion_target_legality(t, add) == NL_LEGALITY_ILLEGAL);
  /* An op setting overrides its dialect's. */
  nl_conversion_target_add_legal_op(t, "src.sink");
  CHECK(nl_conversion_target_legality(t, sink) == NL_LEGALITY_LEGAL);
  CHECK(nl_conversion_target_legality(t, add) == NL_LEGALITY_ILLEGAL);
  nl_conversion_target_add_dynamic_op(t, "src.func", func_legal, NULL);
  CHECK(nl_conversion_target_legality(t, fn) == NL_LEGALITY_ILLEGAL);
  /* Unknown ops (other dialects). */
  CHECK(nl_conversion_target_legality(t, m) == NL_LEGALITY_UNKNOWN);
  nl_conversion_target_set_unknown_legal(t, NULL, NULL);
  CHECK(nl_conversion_target_legality(t, m) == NL_LEGALITY_LEGAL);
  nl_conversion_target_destroy(t);
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("legality");
}

static void
test_types(void)
{
  NlContext *ctx = context();
  NlTypeConverter *tc = converter(ctx);
  NlType *i32 = nl_type_i32(ctx), *i64 = nl_type_i64(ctx);
  NlType *f32 = nl_type_f32(ctx), *f64 = nl_type_f64(ctx);
  CHECK(nl_type_converter_convert(tc, i32) == i64);
  CHECK(nl_type_converter_convert(tc, i32) == i64); /* cached */
  CHECK(nl_type_converter_convert(tc, f32) == f32);
  CHECK(nl_type_converter_convert(tc, f64) == NULL);
  CHECK(!nl_type_converter_is_legal(tc, i32));
  CHECK(nl_type_converter_is_legal(tc, i64));
  NlType *ins[2] = {i32, f32};
  NlType *fn = nl_type_function(ctx, ins, 2, &i32, 1);
  NlType *want_ins[2] = {i64, f32};
  CHECK(nl_type_converter_convert_function(tc, fn) ==
        nl_type_function(ctx, want_ins, 2, &i64, 1));
  NlType *bad = nl_type_function(ctx, &f64, 1, NULL, 0);
  CHECK(nl_type_converter_convert_function(tc, bad) == NULL);
  nl_type_converter_destroy(tc);
  nl_context_destroy(ctx);
  unit_report("types");
}

static void
test_full(void)
{
  NlContext *ctx = context();
  NlOp *m = parse(ctx, input);
  NlConversionTarget *t = target(ctx);
  NlTypeConverter *tc = converter(ctx);
  NlConversionPatternSet ps;
  nl_conversion_pattern_set_init(&ps);
  nl_conversion_pattern_set_add(&ps, patterns, 4);
  NlConversionConfig cfg = {.types = tc};
  /* The module itself is unknown: make unknown ops legal. */
  nl_conversion_target_set_unknown_legal(t, NULL, NULL);
  saw_converted_operands = 0;
  CHECK(nl_succeeded(nl_apply_full_conversion(m, t, &ps, &cfg)));
  char *d = take_diags(ctx);
  CHECK_STR(d, "");
  free(d);
  /* Every cast went away: all users were converted. */
  CHECK_SHAPE(m, "arg:i64 dst.const:i64 dst.add:i64 dst.sink:- ");
  CHECK(saw_converted_operands == 1);
  CHECK(nl_succeeded(nl_op_verify(m)));
  nl_conversion_pattern_set_fini(&ps);
  nl_type_converter_destroy(tc);
  nl_conversion_target_destroy(t);
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("full");
}

static void
test_partial(void)
{
  NlContext *ctx = context();
  NlOp *m = parse(ctx, input);
  NlConversionTarget *t = target(ctx);
  /* src.sink stays: it keeps its i32 operand through a cast. */
  nl_conversion_target_add_legal_op(t, "src.sink");
  NlTypeConverter *tc = converter(ctx);
  NlConversionPatternSet ps;
  nl_conversion_pattern_set_init(&ps);
  nl_conversion_pattern_set_add(&ps, patterns, 4);
  NlConversionConfig cfg = {.types = tc};
  /* The cast that remains is an error unless the target accepts it. */
  CHECK(nl_failed(nl_apply_partial_conversion(m, t, &ps, &cfg)));
  char *d = take_diags(ctx);
  CHECK_STR(d, "failed to legalize unresolved materialization from ('i64') "
               "to 'i32' that remained live after conversion\n"
               "note: see existing live user here\n");
  free(d);
  nl_op_destroy(m);

  m = parse(ctx, input);
  nl_conversion_target_add_legal_op(t, "builtin.unrealized_conversion_cast");
  CHECK(nl_succeeded(nl_apply_partial_conversion(m, t, &ps, &cfg)));
  CHECK_SHAPE(m, "arg:i64 dst.const:i64 dst.add:i64 "
                 "builtin.unrealized_conversion_cast:i32 src.sink:- ");
  CHECK(nl_succeeded(nl_op_verify(m)));
  nl_conversion_pattern_set_fini(&ps);
  nl_type_converter_destroy(tc);
  nl_conversion_target_destroy(t);
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("partial");
}

static void
test_failures(void)
{
  NlContext *ctx = context();
  const char *src = "\"src.func\"() ({\n"
                    "^bb0(%a: i64):\n"
                    "  %m = \"src.mul\"(%a, %a) : (i64, i64) -> i64\n"
                    "  \"x.other\"(%m) : (i64) -> ()\n"
                    "}) : () -> ()\n";
  NlOp *m = parse(ctx, src);
  NlConversionTarget *t = target(ctx);
  NlConversionPatternSet ps;
  nl_conversion_pattern_set_init(&ps);
  nl_conversion_pattern_set_add(&ps, patterns, 4);
  /* No pattern for the illegal src.mul. */
  CHECK(nl_failed(nl_apply_partial_conversion(m, t, &ps, NULL)));
  char *d = take_diags(ctx);
  CHECK_STR(d, "failed to legalize operation 'src.mul' that was explicitly "
               "marked illegal\n");
  free(d);
  CHECK(nl_failed(nl_apply_full_conversion(m, t, &ps, NULL)));
  d = take_diags(ctx);
  CHECK_STR(d, "failed to legalize operation 'src.mul'\n");
  free(d);
  nl_op_destroy(m);

  /* An unknown op: fine for a partial conversion, not for a full one. */
  src = "\"src.func\"() ({\n"
        "^bb0(%a: i64):\n"
        "  \"x.other\"(%a) : (i64) -> ()\n"
        "}) : () -> ()\n";
  m = parse(ctx, src);
  nl_conversion_target_add_legal_op(t, "builtin.module");
  CHECK(nl_succeeded(nl_apply_partial_conversion(m, t, &ps, NULL)));
  CHECK(nl_failed(nl_apply_full_conversion(m, t, &ps, NULL)));
  d = take_diags(ctx);
  CHECK_STR(d, "failed to legalize operation 'x.other'\n");
  free(d);
  nl_op_destroy(m);

  /* A block argument type the converter rejects. */
  src = "\"src.func\"() ({\n"
        "^bb0(%a: i32, %b: f64):\n"
        "}) : () -> ()\n";
  m = parse(ctx, src);
  NlTypeConverter *tc = converter(ctx);
  NlConversionConfig cfg = {.types = tc};
  CHECK(nl_failed(nl_apply_partial_conversion(m, t, &ps, &cfg)));
  d = take_diags(ctx);
  CHECK_STR(d, "failed to convert the type 'f64' of block argument #1\n"
               "failed to legalize operation 'src.func' that was explicitly "
               "marked illegal\n");
  free(d);
  nl_type_converter_destroy(tc);
  nl_conversion_pattern_set_fini(&ps);
  nl_conversion_target_destroy(t);
  nl_op_destroy(m);
  nl_context_destroy(ctx);
  unit_report("failures");
}

int
main(void)
{
  test_legality();
  test_types();
  test_full();
  test_partial();
  test_failures();
  nl_buf_free(&diags);
  return unit_finish();
}
