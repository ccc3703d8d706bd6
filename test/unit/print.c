// RUN: nl-unit-print 2>&1 | FileCheck %s
//
// The printer's C API: printing lone types, attributes, locations and
// affine maps; nl_op_print_buf and nl_op_print with their flags; and the
// nl_printer_* API as custom-form print hooks use it (attribute dicts with
// elided names, arguments, regions with and without entry block headers,
// default-dialect prefixes, aliases found through hooks).

#include "unit.h"

/* ---- a dialect `p` with custom forms
 * ----------------------------------------- */

/* p.fn @name(%arg0: i32 {attrs}, ...) attributes {...} { body }
 * The symbol name and arg_attrs are elided from the attribute dictionary. */
static void
print_fn(NlPrinter *p, NlOp *op)
{
  static const char *const elided[] = {"sym_name", "arg_attrs"};
  NlAttr *name = nl_op_attr(op, "sym_name");
  NlAttr *arg_attrs = nl_op_attr(op, "arg_attrs");
  NlBlock *entry = op->regions[0].first;
  nl_printer_puts(p, " ");
  if (name && name->kind == NL_ATTR_STRING)
    nl_printer_print_symbol_name(p, name->str.value);
  nl_printer_puts(p, "(");
  for (uint32_t i = 0; entry && i < entry->nargs; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    NlAttr *a =
        arg_attrs && i < arg_attrs->array.n ? arg_attrs->array.elems[i] : NULL;
    nl_printer_print_argument(p, entry->args[i], a);
  }
  nl_printer_puts(p, ")");
  nl_printer_print_attr_dict_with_keyword(p, op->attrs, elided, 2);
  nl_printer_puts(p, " ");
  nl_printer_print_region(p, &op->regions[0], false, false);
}

/* %0 = p.cst 42 : i32 */
static void
print_cst(NlPrinter *p, NlOp *op)
{
  nl_printer_puts(p, " ");
  nl_printer_print_attr_no_type(p, nl_op_attr(op, "value"));
  nl_printer_printf(p, " : ");
  nl_printer_print_type(p, op->results[0].type);
}

/* p.ret %a, %b : i32, f32 */
static void
print_ret(NlPrinter *p, NlOp *op)
{
  if (!op->noperands)
    return;
  nl_printer_puts(p, " ");
  nl_printer_print_operands(p, op);
  nl_printer_puts(p, " : ");
  for (uint32_t i = 0; i < op->noperands; i++) {
    if (i)
      nl_printer_puts(p, ", ");
    nl_printer_print_type(p, nl_op_operand(op, i)->type);
  }
}

/* p.wrap { region with its entry header } {attrs} loc */
static void
print_wrap(NlPrinter *p, NlOp *op)
{
  nl_printer_puts(p, " ");
  nl_printer_print_region(p, &op->regions[0], true, true);
  nl_printer_print_attr_dict(p, op->attrs, NULL, 0);
  nl_printer_print_optional_loc(p, op->loc);
  if (nl_printer_flags(p)->debuginfo)
    nl_printer_puts(p, " /*dbg*/");
}

/* p.map #map : a map attribute printed only through the hook. */
static void
print_map(NlPrinter *p, NlOp *op)
{
  nl_printer_puts(p, " ");
  nl_printer_print_attr(p, nl_op_attr(op, "m"));
}

static const NlOpDef p_ops[] = {
    {.name = "p.fn",
     .nregions = 1,
     .traits = NL_ISOLATED_FROM_ABOVE | NL_SYMBOL,
     .print = print_fn,
     .default_dialect = "p"},
    {.name = "p.cst", .nresults = 1, .print = print_cst},
    {.name = "p.ret",
     .noperands = NL_VARIADIC,
     .traits = NL_TERMINATOR,
     .print = print_ret},
    {.name = "p.wrap", .nregions = 1, .print = print_wrap},
    {.name = "p.map", .print = print_map},
    {.name = "p.sub.op", .print = print_ret, .noperands = NL_VARIADIC},
};
static const NlDialect p_dialect = {
    .name = "p", .ops = p_ops, .nops = 6, .summary = "printer tests"};

static NlOp *
make(NlContext *ctx, const char *name, NlValue *const *operands, uint32_t n,
     NlType *result, uint32_t nregions)
{
  const NlOpDef *def = nl_context_lookup_op(ctx, name, strlen(name));
  if (!def)
    def = nl_context_unregistered_op(ctx, name, strlen(name));
  NlOpState st;
  nl_op_state_init(&st, ctx, def, nl_loc_file(ctx, "u.nir", 1, 2));
  nl_op_state_add_operands(&st, operands, n);
  if (result)
    nl_op_state_add_result(&st, result);
  for (uint32_t i = 0; i < nregions; i++)
    nl_op_state_add_region(&st);
  NlOp *op = nl_op_create(&st);
  nl_op_state_fini(&st);
  return op;
}

static char *
print_op(NlOp *op, const NlPrintFlags *flags)
{
  NlBuf b = {0};
  nl_op_print_buf(op, &b, flags);
  return nl_buf_take(&b);
}

// CHECK: lone objects: ok
static void
test_lone(NlContext *ctx)
{
  NlBuf b = {0};
  int64_t dims[] = {4, NL_DYNAMIC};
  NlType *t = nl_type_tensor(ctx, dims, 2, nl_type_f32(ctx), NULL);
  nl_type_print(t, &b);
  CHECK_STR(b.data, "tensor<4x?xf32>");
  b.len = 0;
  nl_attr_print(nl_attr_integer(ctx, nl_type_i64(ctx), -7), &b);
  CHECK_STR(b.data, "-7 : i64");
  b.len = 0;
  nl_attr_print(nl_attr_float(ctx, nl_type_f32(ctx), 0.1), &b);
  CHECK_STR(b.data, "1.000000e-01 : f32");
  b.len = 0;
  nl_attr_print(nl_attr_string_cstr(ctx, "a\"b\n"), &b);
  CHECK_STR(b.data, "\"a\\22b\\0A\"");
  b.len = 0;
  NlLoc *locs[] = {nl_loc_file(ctx, "a.nir", 1, 2),
                   nl_loc_name(ctx, "n", NULL)};
  nl_loc_print(nl_loc_fused(ctx, locs, 2, NULL), &b);
  CHECK_STR(b.data, "loc(fused[\"a.nir\":1:2, \"n\"])");
  b.len = 0;
  NlAffineExpr *d0 = nl_affine_dim(ctx, 0), *d1 = nl_affine_dim(ctx, 1);
  NlAffineExpr *e =
      nl_affine_sub(ctx, d0, nl_affine_mul(ctx, d1, nl_affine_const(ctx, 3)));
  nl_affine_expr_print(e, &b);
  CHECK_STR(b.data, "d0 - d1 * 3");
  b.len = 0;
  NlAffineExpr *res[] = {e, nl_affine_neg(ctx, nl_affine_add(ctx, d0, d1))};
  nl_affine_map_print(nl_affine_map(ctx, 2, 1, res, 2), &b);
  CHECK_STR(b.data, "(d0, d1)[s0] -> (d0 - d1 * 3, -(d0 + d1))");
  nl_buf_free(&b);
  unit_report("lone objects");
}

/* Builds:
 *   p.fn @f(%arg0: i32 {p.noalias}, %arg1: f32) attributes {keep = 1 : i32} {
 *     %0 = p.cst 42 : i32
 *     p.wrap {...} {w}
 *     p.map #map
 *     p.sub.op %0 : i32
 *     "q.x"(%0) : (i32) -> ()
 *     p.ret %0, %arg1 : i32, f32
 *   }
 */
static NlOp *
build_fn(NlContext *ctx, NlOp **cst_out)
{
  NlOp *fn = make(ctx, "p.fn", NULL, 0, NULL, 1);
  nl_op_set_attr(fn, "sym_name", nl_attr_string_cstr(ctx, "f"));
  nl_op_set_attr(fn, "keep", nl_attr_integer(ctx, nl_type_i32(ctx), 1));
  NlNamedAttr na = {nl_ident_cstr(ctx, "p.noalias"), nl_attr_unit(ctx)};
  NlAttr *arg_dicts[] = {nl_attr_dict(ctx, &na, 1), nl_attr_dict_empty(ctx)};
  nl_op_set_attr(fn, "arg_attrs", nl_attr_array(ctx, arg_dicts, 2));
  NlBlock *entry = nl_block_create();
  nl_region_append_block(&fn->regions[0], entry);
  NlValue *a0 = nl_block_add_arg(entry, nl_type_i32(ctx),
                                 nl_loc_file(ctx, "a.nir", 3, 4));
  NlValue *a1 = nl_block_add_arg(entry, nl_type_f32(ctx), nl_loc_unknown(ctx));
  (void)a0;

  NlOp *cst = make(ctx, "p.cst", NULL, 0, nl_type_i32(ctx), 0);
  nl_op_set_attr(cst, "value", nl_attr_integer(ctx, nl_type_i32(ctx), 42));
  nl_block_append_op(entry, cst);
  *cst_out = cst;
  NlValue *c = nl_op_result(cst, 0);

  NlOp *wrap = make(ctx, "p.wrap", NULL, 0, NULL, 1);
  nl_op_set_attr(wrap, "w", nl_attr_unit(ctx));
  NlBlock *wb = nl_block_create();
  nl_region_append_block(&wrap->regions[0], wb);
  nl_block_add_arg(wb, nl_type_index(ctx), nl_loc_unknown(ctx));
  NlOp *inner = make(ctx, "p.ret", &c, 1, NULL, 0);
  nl_block_append_op(wb, inner);
  nl_block_append_op(entry, wrap);

  NlOp *m = make(ctx, "p.map", NULL, 0, NULL, 0);
  NlAffineExpr *r =
      nl_affine_add(ctx, nl_affine_dim(ctx, 0), nl_affine_const(ctx, 1));
  nl_op_set_attr(m, "m",
                 nl_attr_affine_map(ctx, nl_affine_map(ctx, 1, 0, &r, 1)));
  nl_block_append_op(entry, m);

  nl_block_append_op(entry, make(ctx, "p.sub.op", &c, 1, NULL, 0));
  nl_block_append_op(entry, make(ctx, "q.x", &c, 1, NULL, 0));
  NlValue *rets[] = {c, a1};
  nl_block_append_op(entry, make(ctx, "p.ret", rets, 2, NULL, 0));
  return fn;
}

// CHECK: custom forms: ok
static void
test_custom(NlContext *ctx)
{
  NlOp *cst;
  NlOp *fn = build_fn(ctx, &cst);
  char *s = print_op(fn, NULL);
  CHECK_STR(s, "#map = affine_map<(d0) -> (d0 + 1)>\n"
               "p.fn @f(%arg0: i32 {p.noalias}, %arg1: f32) attributes {keep = "
               "1 : i32} {\n"
               "  %0 = cst 42 : i32\n"
               "  wrap {\n"
               "  ^bb0(%arg2: index):\n"
               "    ret %0 : i32\n"
               "  } {w}\n"
               "  map #map\n"
               "  p.sub.op %0 : i32\n"
               "  \"q.x\"(%0) : (i32) -> ()\n"
               "  ret %0, %arg1 : i32, f32\n"
               "}\n");
  free(s);

  /* Generic form: every op, unique names; the hook is not called. */
  NlPrintFlags gen = {.generic = true};
  s = print_op(fn, &gen);
  CHECK(strstr(s, "\"p.fn\"() ({\n^bb0(%arg0: i32, %arg1: f32):\n") != NULL);
  CHECK(strstr(s, "\"p.map\"() {m = #map} : () -> ()") != NULL);
  CHECK(strstr(s, "}) {arg_attrs = [{p.noalias}, {}], keep = 1 : i32, "
                  "sym_name = \"f\"} : () -> ()\n") != NULL);
  free(s);

  /* Local scope: no aliases. Debug info: locations everywhere. */
  NlPrintFlags local = {.local_scope = true, .debuginfo = true};
  s = print_op(fn, &local);
  CHECK(strncmp(s,
                "p.fn @f(%arg0: i32 {p.noalias} loc(\"a.nir\":3:4), %arg1: f32 "
                "loc(unknown))",
                73) == 0);
  CHECK(strstr(s, "  map affine_map<(d0) -> (d0 + 1)> loc(\"u.nir\":1:2)\n") !=
        NULL);
  CHECK(strstr(s, "  } {w} loc(\"u.nir\":1:2) /*dbg*/ loc(\"u.nir\":1:2)\n") !=
        NULL);
  CHECK(strstr(s, "#map") == NULL);
  free(s);

  /* A nested op alone: values from outside are unknown. */
  s = print_op(cst->next->next->next, NULL);
  CHECK_STR(s, "p.sub.op <<UNKNOWN SSA VALUE>> : i32\n");
  free(s);

  /* nl_op_print writes the same text to a FILE. */
  FILE *f = tmpfile();
  nl_op_print(fn, f, NULL);
  long n = ftell(f);
  rewind(f);
  char *got = calloc(1, (size_t)n + 1);
  CHECK(fread(got, 1, (size_t)n, f) == (size_t)n);
  s = print_op(fn, NULL);
  CHECK_STR(got, s);
  free(s);
  free(got);
  fclose(f);
  nl_op_destroy(fn);
  unit_report("custom forms");
}

// CHECK: resources: ok
static void
test_resources(NlContext *ctx)
{
  NlResource *r = nl_resource_get(ctx, "blob", 4);
  float data[2] = {1.0f, 2.0f};
  nl_resource_set(ctx, r, data, sizeof data, 8);
  int64_t dims[] = {2};
  NlType *t = nl_type_tensor(ctx, dims, 1, nl_type_f32(ctx), NULL);
  NlOp *op = make(ctx, "q.w", NULL, 0, NULL, 0);
  nl_op_set_attr(op, "v", nl_attr_dense_resource(ctx, t, r));
  char *s = print_op(op, NULL);
  CHECK_STR(s,
            "\"q.w\"() {v = dense_resource<blob> : tensor<2xf32>} : () -> ()\n"
            "\n{-#\n  dialect_resources: {\n    builtin: {\n"
            "      blob: \"0x080000000000803F00000040\"\n    }\n  }\n#-}\n");
  free(s);
  NlPrintFlags local = {.local_scope = true};
  s = print_op(op, &local);
  CHECK_STR(
      s, "\"q.w\"() {v = dense_resource<blob> : tensor<2xf32>} : () -> ()\n");
  free(s);
  NlPrintFlags elide = {.elide_large = true, .elide_limit = 4};
  s = print_op(op, &elide);
  CHECK(strstr(s, "{-#") == NULL);
  free(s);
  nl_op_destroy(op);
  unit_report("resources");
}

int
main(void)
{
  NlContext *ctx = nl_context_create();
  nl_context_set_allow_unregistered(ctx, true);
  if (nl_failed(nl_context_load_dialect(ctx, &p_dialect))) {
    printf("FAIL: cannot load the p dialect\n");
    return 1;
  }
  test_lone(ctx);
  test_custom(ctx);
  test_resources(ctx);
  nl_context_destroy(ctx);
  return unit_finish();
}
