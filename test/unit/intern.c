// RUN: nl-unit-intern 2>&1 | FileCheck %s
//
// Interning: equal identifiers, types, attributes and locations are
// pointer-equal; attributes of different types differ; floats compare by bit
// pattern; dictionaries are sorted; dense attributes canonicalize to splats.

#include <math.h>

#include "unit.h"

// CHECK: idents: ok
static void
test_idents(NlContext *ctx)
{
  NlIdent *a = nl_ident_cstr(ctx, "hello");
  char buf[32] = "hello world";
  CHECK(nl_ident_get(ctx, buf, 5) == a);
  CHECK(nl_ident_cstr(ctx, "hello!") != a);
  CHECK(a->len == 5 && strcmp(a->str, "hello") == 0);
  /* Embedded NUL bytes are part of the identity. */
  NlIdent *n1 = nl_ident_get(ctx, "a\0b", 3);
  NlIdent *n2 = nl_ident_get(ctx, "a\0c", 3);
  CHECK(n1 != n2 && n1->len == 3);
  CHECK(nl_ident_get(ctx, "", 0) == nl_ident_cstr(ctx, ""));
  /* Many identifiers: the table grows and keeps every one findable. */
  NlIdent *ids[5000];
  for (int i = 0; i < 5000; i++) {
    snprintf(buf, sizeof buf, "id%d", i);
    ids[i] = nl_ident_cstr(ctx, buf);
  }
  int bad = 0;
  for (int i = 0; i < 5000; i++) {
    snprintf(buf, sizeof buf, "id%d", i);
    bad += nl_ident_cstr(ctx, buf) != ids[i];
  }
  CHECK(bad == 0);
  unit_report("idents");
}

// CHECK: types: ok
static void
test_types(NlContext *ctx)
{
  CHECK(nl_type_i32(ctx) == nl_type_integer(ctx, 32, NL_SIGNLESS));
  CHECK(nl_type_integer(ctx, 32, NL_SIGNED) != nl_type_i32(ctx));
  CHECK(nl_type_integer(ctx, 1000, NL_UNSIGNED) ==
        nl_type_integer(ctx, 1000, NL_UNSIGNED));
  CHECK(nl_type_f32(ctx) == nl_type_float(ctx, NL_F32));
  CHECK(nl_type_float(ctx, NL_BF16) != nl_type_float(ctx, NL_F16));

  int64_t d1[] = {4, NL_DYNAMIC};
  int64_t d2[] = {4, NL_DYNAMIC};
  NlType *f32 = nl_type_f32(ctx);
  NlType *t1 = nl_type_tensor(ctx, d1, 2, f32, NULL);
  CHECK(t1 == nl_type_tensor(ctx, d2, 2, f32, NULL));
  d2[0] = 5;
  CHECK(t1 != nl_type_tensor(ctx, d2, 2, f32, NULL));
  CHECK(t1->shaped.dims != d1); /* copied into the context */
  CHECK(!nl_type_has_static_shape(t1) && nl_type_num_elements(t1) == -1);
  int64_t s[] = {2, 3, 4};
  NlType *st = nl_type_tensor(ctx, s, 3, f32, NULL);
  CHECK(nl_type_num_elements(st) == 24 && nl_type_element(st) == f32);
  CHECK(nl_type_num_elements(nl_type_tensor(ctx, NULL, 0, f32, NULL)) == 1);

  /* vector: scalable flags all false are the same as none */
  bool nosc[] = {false, false};
  bool sc[] = {false, true};
  int64_t v[] = {4, 8};
  NlType *v1 = nl_type_vector(ctx, v, 2, NULL, f32);
  CHECK(v1 == nl_type_vector(ctx, v, 2, nosc, f32));
  NlType *v2 = nl_type_vector(ctx, v, 2, sc, f32);
  CHECK(v2 != v1 && v2->shaped.scalable && v2->shaped.scalable[1]);

  /* memref: identity layout and memory space 0 are canonicalized away */
  NlAffineMap *id2 = nl_affine_map_identity(ctx, 2);
  NlType *m1 = nl_type_memref(ctx, v, 2, f32, NULL, NULL);
  CHECK(m1 == nl_type_memref(ctx, v, 2, f32, nl_attr_affine_map(ctx, id2),
                             nl_attr_integer(ctx, nl_type_i64(ctx), 0)));
  CHECK(m1 != nl_type_memref(ctx, v, 2, f32, NULL,
                             nl_attr_integer(ctx, nl_type_i64(ctx), 1)));

  NlType *ins[] = {nl_type_i32(ctx), f32};
  NlType *outs[] = {f32};
  NlType *fn = nl_type_function(ctx, ins, 2, outs, 1);
  CHECK(fn == nl_type_function(ctx, ins, 2, outs, 1));
  CHECK(fn != nl_type_function(ctx, ins, 1, outs, 1));
  CHECK(fn != nl_type_function(ctx, ins, 1, ins, 2));
  CHECK(fn->function.types[2] == f32);
  CHECK(nl_type_tuple(ctx, ins, 2) == nl_type_tuple(ctx, ins, 2));
  CHECK(nl_type_tuple(ctx, NULL, 0) == nl_type_tuple(ctx, ins, 0));
  CHECK(nl_type_complex(ctx, f32) == nl_type_complex(ctx, f32));
  CHECK(nl_type_opaque(ctx, "d", 1, "x<1>", 4, false) ==
        nl_type_opaque(ctx, "d", 1, "x<1>", 4, false));
  CHECK(nl_type_opaque(ctx, "d", 1, "x", 1, true) !=
        nl_type_opaque(ctx, "d", 1, "x", 1, false));
  CHECK(nl_type_bitwidth(nl_type_index(ctx)) == 64 &&
        nl_type_bitwidth(nl_type_float(ctx, NL_BF16)) == 16);
  CHECK(strcmp(nl_float_kind_name(NL_F8E4M3FN), "f8E4M3FN") == 0);
  unit_report("types");
}

// CHECK: integers: ok
static void
test_integers(NlContext *ctx)
{
  NlType *i32 = nl_type_i32(ctx), *i64 = nl_type_i64(ctx);
  NlAttr *a = nl_attr_integer(ctx, i32, 1);
  CHECK(a == nl_attr_integer(ctx, i32, 1));
  CHECK(a != nl_attr_integer(ctx, i64, 1)); /* 1 : i32 vs 1 : i64 */
  CHECK(a != nl_attr_integer(ctx, nl_type_index(ctx), 1));
  /* truncation and sign extension */
  NlType *i8 = nl_type_integer(ctx, 8, NL_SIGNLESS);
  NlType *u8 = nl_type_integer(ctx, 8, NL_UNSIGNED);
  bool fits;
  CHECK(nl_attr_integer(ctx, i8, 255) == nl_attr_integer(ctx, i8, -1));
  CHECK(nl_attr_integer_value(nl_attr_integer(ctx, i8, 255), &fits) == -1 &&
        fits);
  CHECK(nl_attr_integer_value(nl_attr_integer(ctx, u8, -1), &fits) == 255);
  CHECK(nl_attr_integer(ctx, i8, 300)->integer.words[0] == 44);
  /* wide integers */
  NlType *i128 = nl_type_integer(ctx, 128, NL_SIGNLESS);
  NlAttr *m1 = nl_attr_integer(ctx, i128, -1);
  CHECK(m1->integer.nwords == 2 && m1->integer.words[1] == ~0ull);
  CHECK(nl_attr_integer_value(m1, &fits) == -1 && fits);
  uint64_t w[2] = {5, 1};
  NlAttr *big = nl_attr_integer_words(ctx, i128, w, 2);
  nl_attr_integer_value(big, &fits);
  CHECK(!fits);
  uint64_t w1[1] = {~0ull};
  NlAttr *z = nl_attr_integer_words(ctx, i128, w1, 1); /* 2^64 - 1 */
  CHECK(z != m1 && z->integer.words[1] == 0);
  nl_attr_integer_value(z, &fits);
  CHECK(!fits);
  NlType *u64 = nl_type_integer(ctx, 64, NL_UNSIGNED);
  nl_attr_integer_value(nl_attr_integer(ctx, u64, -1), &fits);
  CHECK(!fits);
  NlType *i65 = nl_type_integer(ctx, 65, NL_SIGNLESS);
  NlAttr *n65 = nl_attr_integer(ctx, i65, INT64_MIN);
  CHECK(n65->integer.words[1] == 1);
  CHECK(nl_attr_integer_value(n65, &fits) == INT64_MIN && fits);
  /* booleans */
  CHECK(nl_attr_bool(ctx, true) == nl_attr_integer(ctx, nl_type_i1(ctx), 1));
  CHECK(nl_attr_is_bool(nl_attr_bool(ctx, false)));
  CHECK(!nl_attr_is_bool(a));
  CHECK(nl_attr_integer_value(nl_attr_bool(ctx, true), NULL) == -1 ||
        nl_attr_integer_value(nl_attr_bool(ctx, true), NULL) == 1);
  unit_report("integers");
}

static uint64_t
fbits(NlContext *ctx, NlFloatKind k, double v)
{
  return nl_attr_float(ctx, nl_type_float(ctx, k), v)->flt.bits[0];
}

// CHECK: floats: ok
static void
test_floats(NlContext *ctx)
{
  NlType *f32 = nl_type_f32(ctx), *f64 = nl_type_f64(ctx);
  CHECK(nl_attr_float(ctx, f32, 1.5) == nl_attr_float(ctx, f32, 1.5));
  CHECK(nl_attr_float(ctx, f32, 1.5) != nl_attr_float(ctx, f64, 1.5));
  CHECK(nl_attr_float(ctx, f64, 0.0) != nl_attr_float(ctx, f64, -0.0));
  CHECK(nl_attr_float(ctx, f64, NAN) == nl_attr_float(ctx, f64, NAN));
  /* f32 rounds the double to nearest even */
  CHECK(nl_attr_float(ctx, f32, 0.1)->flt.value == (double)0.1f);
  CHECK(fbits(ctx, NL_F32, 0.1) == 0x3dcccccd);
  /* f16 */
  CHECK(fbits(ctx, NL_F16, 1.0) == 0x3c00);
  CHECK(fbits(ctx, NL_F16, -2.0) == 0xc000);
  CHECK(fbits(ctx, NL_F16, 65504.0) == 0x7bff);
  CHECK(fbits(ctx, NL_F16, 65520.0) == 0x7c00); /* rounds up to inf */
  CHECK(fbits(ctx, NL_F16, 65519.0) == 0x7bff);
  CHECK(fbits(ctx, NL_F16, 0.1) == 0x2e66);
  CHECK(fbits(ctx, NL_F16, 5.960464477539063e-08) == 0x0001);  /* 2^-24 */
  CHECK(fbits(ctx, NL_F16, 2.9802322387695312e-08) == 0x0000); /* tie->even */
  CHECK(fbits(ctx, NL_F16, 2.98023223876953125e-08 * 1.0000001) == 0x0001);
  CHECK(fbits(ctx, NL_F16, 1.0 + 1.0 / 2048) == 0x3c00); /* tie -> even */
  CHECK(fbits(ctx, NL_F16, 1.0 + 3.0 / 2048) == 0x3c02); /* tie -> even */
  CHECK(fbits(ctx, NL_F16, INFINITY) == 0x7c00);
  CHECK((fbits(ctx, NL_F16, NAN) & 0x7c00) == 0x7c00);
  CHECK(nl_attr_float(ctx, nl_type_float(ctx, NL_F16), 0.1)->flt.value ==
        0.0999755859375);
  /* bf16 rounds straight from the double (no double rounding via f32) */
  CHECK(fbits(ctx, NL_BF16, 1.0) == 0x3f80);
  CHECK(fbits(ctx, NL_BF16, 3.140625) == 0x4049);
  /* 1 + 2^-8 + 2^-30: just above the tie, so it rounds up; going through
   * f32 first would make it an exact tie that rounds down to even. */
  CHECK(fbits(ctx, NL_BF16, 1.0 + 1.0 / 256 + 1.0 / 1073741824.0) == 0x3f81);
  CHECK(fbits(ctx, NL_BF16, 1.0 + 1.0 / 256) == 0x3f80);
  /* f8 */
  CHECK(fbits(ctx, NL_F8E4M3FN, 448.0) == 0x7e);
  CHECK(fbits(ctx, NL_F8E4M3FN, 1e6) == 0x7f);
  CHECK(fbits(ctx, NL_F8E5M2, 1.0) == 0x3c);
  /* f80 / f128 hold doubles exactly */
  NlAttr *x = nl_attr_float(ctx, nl_type_float(ctx, NL_F80), -1.5);
  CHECK(x->flt.bits[0] == 0xC000000000000000ull && x->flt.bits[1] == 0xbfff);
  CHECK(x->flt.value == -1.5);
  NlAttr *q = nl_attr_float(ctx, nl_type_float(ctx, NL_F128), 1.0);
  CHECK(q->flt.bits[1] == 0x3fff000000000000ull && q->flt.bits[0] == 0);
  CHECK(nl_attr_float(ctx, nl_type_float(ctx, NL_F128), 0.1)->flt.value == 0.1);
  /* explicit bit patterns */
  uint64_t b[2] = {0x7fc00001, 0};
  NlAttr *nan = nl_attr_float_bits(ctx, f32, b);
  CHECK(isnan(nan->flt.value) && nan->flt.bits[0] == 0x7fc00001);
  CHECK(nan != nl_attr_float(ctx, f32, NAN));
  unit_report("floats");
}

// CHECK: misc attrs: ok
static void
test_misc(NlContext *ctx)
{
  CHECK(nl_attr_unit(ctx) == nl_attr_unit(ctx));
  NlAttr *s = nl_attr_string_cstr(ctx, "x");
  CHECK(s == nl_attr_string(ctx, "x", 1, NULL));
  CHECK(s != nl_attr_string(ctx, "x", 1, nl_type_i32(ctx)));
  NlAttr *elems[] = {s, nl_attr_unit(ctx)};
  CHECK(nl_attr_array(ctx, elems, 2) == nl_attr_array(ctx, elems, 2));
  CHECK(nl_attr_array(ctx, elems, 2) != nl_attr_array(ctx, elems, 1));
  CHECK(nl_attr_type(ctx, nl_type_i32(ctx)) ==
        nl_attr_type(ctx, nl_type_i32(ctx)));
  NlIdent *nested[] = {nl_ident_cstr(ctx, "b")};
  NlIdent *root = nl_ident_cstr(ctx, "a");
  CHECK(nl_attr_symref(ctx, root, nested, 1) ==
        nl_attr_symref(ctx, root, nested, 1));
  CHECK(nl_attr_symref(ctx, root, nested, 1) !=
        nl_attr_symref(ctx, root, NULL, 0));
  int64_t strides[] = {4, 1};
  CHECK(nl_attr_strided(ctx, NL_DYNAMIC, strides, 2) ==
        nl_attr_strided(ctx, NL_DYNAMIC, strides, 2));
  CHECK(nl_attr_opaque(ctx, "d", 1, "b", 1, true, NULL) ==
        nl_attr_opaque(ctx, "d", 1, "b", 1, true, NULL));
  int32_t arr[] = {1, 2, 3};
  NlAttr *da = nl_attr_dense_array(ctx, nl_type_i32(ctx), arr, 3);
  CHECK(da == nl_attr_dense_array(ctx, nl_type_i32(ctx), arr, 3));
  CHECK(da !=
        nl_attr_dense_array(ctx, nl_type_i64(ctx), (int64_t[]){1, 2, 3}, 3));
  bool bools[] = {true, false};
  NlAttr *ba = nl_attr_dense_array(ctx, nl_type_i1(ctx), bools, 2);
  CHECK(((const unsigned char *)ba->dense_array.data)[0] == 1);
  unit_report("misc attrs");
}

// CHECK: dicts: ok
static void
test_dicts(NlContext *ctx)
{
  NlIdent *a = nl_ident_cstr(ctx, "a"), *b = nl_ident_cstr(ctx, "b"),
          *c = nl_ident_cstr(ctx, "c"), *ab = nl_ident_cstr(ctx, "ab");
  NlAttr *one = nl_attr_integer(ctx, nl_type_i32(ctx), 1);
  NlAttr *two = nl_attr_integer(ctx, nl_type_i32(ctx), 2);
  NlNamedAttr e1[] = {{c, one}, {a, two}, {b, one}};
  NlNamedAttr e2[] = {{b, one}, {c, one}, {a, two}};
  NlAttr *d1 = nl_attr_dict(ctx, e1, 3);
  CHECK(d1 == nl_attr_dict(ctx, e2, 3));
  CHECK(d1->dict.entries[0].name == a && d1->dict.entries[2].name == c);
  CHECK(nl_attr_dict_get(d1, "b") == one && nl_attr_dict_get(d1, "z") == NULL);
  CHECK(nl_attr_dict_get_ident(d1, a) == two);
  /* strcmp order: "a" < "ab" < "b" */
  NlNamedAttr e3[] = {{b, one}, {ab, one}, {a, one}};
  NlAttr *d3 = nl_attr_dict(ctx, e3, 3);
  CHECK(d3->dict.entries[1].name == ab);
  /* duplicates: the last one wins */
  NlNamedAttr dup[] = {{a, one}, {b, one}, {a, two}};
  NlAttr *dd = nl_attr_dict(ctx, dup, 3);
  CHECK(dd->dict.n == 2 && nl_attr_dict_get(dd, "a") == two);
  /* set / remove */
  NlAttr *empty = nl_attr_dict_empty(ctx);
  CHECK(nl_attr_dict(ctx, NULL, 0) == empty && empty->dict.n == 0);
  NlAttr *s1 = nl_attr_dict_set(ctx, empty, b, one);
  NlAttr *s2 = nl_attr_dict_set(ctx, s1, a, two);
  NlNamedAttr e4[] = {{b, one}, {a, two}};
  CHECK(s2 == nl_attr_dict(ctx, e4, 2));
  CHECK(nl_attr_dict_set(ctx, s2, a, NULL) == s1);
  CHECK(nl_attr_dict_set(ctx, s2, c, NULL) == s2);
  CHECK(nl_attr_dict_set(ctx, s2, a, two) == s2);
  /* a big dictionary takes the sorted (binary search) path */
  NlNamedAttr many[40];
  char name[16];
  for (int i = 0; i < 40; i++) {
    snprintf(name, sizeof name, "k%02d", 39 - i);
    many[i] = (NlNamedAttr){nl_ident_cstr(ctx, name),
                            nl_attr_integer(ctx, nl_type_i32(ctx), 39 - i)};
  }
  NlAttr *big = nl_attr_dict(ctx, many, 40);
  CHECK(big->dict.n == 40);
  CHECK(nl_attr_integer_value(nl_attr_dict_get(big, "k17"), NULL) == 17);
  CHECK(nl_attr_dict_get_ident(big, nl_ident_cstr(ctx, "k33")) ==
        nl_attr_integer(ctx, nl_type_i32(ctx), 33));
  unit_report("dicts");
}

// CHECK: dense: ok
static void
test_dense(NlContext *ctx)
{
  int64_t shape[] = {2, 2};
  NlType *t = nl_type_tensor(ctx, shape, 2, nl_type_f32(ctx), NULL);
  float vals[] = {1, 2, 3, 4};
  NlAttr *d = nl_attr_dense(ctx, t, false, vals, sizeof vals);
  CHECK(!d->dense.splat && d->dense.nbytes == 16);
  CHECK(d == nl_attr_dense(ctx, t, false, vals, sizeof vals));
  CHECK(d->dense.data != (const void *)vals);
  /* all equal -> splat */
  float same[] = {7, 7, 7, 7};
  float seven = 7;
  NlAttr *s = nl_attr_dense(ctx, t, false, same, sizeof same);
  CHECK(s->dense.splat && s->dense.nbytes == 4);
  CHECK(s == nl_attr_dense(ctx, t, true, &seven, sizeof seven));
  /* -0.0 and 0.0 differ */
  float z[] = {0.0f, -0.0f, 0.0f, 0.0f};
  CHECK(!nl_attr_dense(ctx, t, false, z, sizeof z)->dense.splat);
  /* i1 elements are normalized to 0/1, odd widths sign-extended */
  NlType *tb = nl_type_tensor(ctx, shape, 2, nl_type_i1(ctx), NULL);
  unsigned char b1[] = {1, 0, 2, 0}, b2[] = {1, 0, 1, 0};
  CHECK(nl_attr_dense(ctx, tb, false, b1, 4) ==
        nl_attr_dense(ctx, tb, false, b2, 4));
  NlType *ti4 =
      nl_type_tensor(ctx, shape, 2, nl_type_integer(ctx, 4, NL_SIGNLESS), NULL);
  unsigned char c1[] = {0x0f, 1, 2, 3};
  signed char c2[] = {-1, 1, 2, 3};
  NlAttr *i4 = nl_attr_dense(ctx, ti4, false, c1, 4);
  CHECK(i4 == nl_attr_dense(ctx, ti4, false, c2, 4));
  CHECK(((const signed char *)i4->dense.data)[0] == -1);
  /* a one-element tensor is a splat; the type is part of the identity */
  int64_t one[] = {1};
  NlType *t1 = nl_type_tensor(ctx, one, 1, nl_type_f32(ctx), NULL);
  CHECK(nl_attr_dense(ctx, t1, false, &seven, 4)->dense.splat);
  CHECK(nl_attr_dense(ctx, t1, true, &seven, 4) != s);
  /* empty tensors */
  int64_t zero[] = {0};
  NlType *t0 = nl_type_tensor(ctx, zero, 1, nl_type_f32(ctx), NULL);
  NlAttr *e = nl_attr_dense(ctx, t0, false, NULL, 0);
  CHECK(!e->dense.splat && e->dense.nbytes == 0);
  CHECK(nl_dense_elem_size(nl_type_complex(ctx, nl_type_f32(ctx))) == 8);
  CHECK(nl_dense_elem_size(nl_type_integer(ctx, 33, NL_SIGNLESS)) == 8);
  CHECK(nl_dense_elem_size(nl_type_index(ctx)) == 8);
  unit_report("dense");
}

// CHECK: resources: ok
static void
test_resources(NlContext *ctx)
{
  NlResource *r = nl_resource_get(ctx, "blob", 4);
  CHECK(r == nl_resource_get(ctx, "blob", 4) && r->data == NULL);
  NlResource *u1 = nl_resource_create_unique(ctx, "blob");
  NlResource *u2 = nl_resource_create_unique(ctx, "blob");
  CHECK(strcmp(u1->key->str, "blob_1") == 0);
  CHECK(strcmp(u2->key->str, "blob_2") == 0);
  NlResource *fresh = nl_resource_create_unique(ctx, "w");
  CHECK(strcmp(fresh->key->str, "w") == 0);
  double data[] = {1, 2, 3};
  nl_resource_set(ctx, r, data, sizeof data, 64);
  CHECK(r->size == sizeof data && r->alignment == 64);
  CHECK(((uintptr_t)r->data & 63) == 0 && ((double *)r->data)[2] == 3);
  nl_resource_set(ctx, r, data, 8, 8); /* replacing frees the old blob */
  CHECK(r->size == 8);
  int64_t shape[] = {3};
  NlType *t = nl_type_tensor(ctx, shape, 1, nl_type_f64(ctx), NULL);
  CHECK(nl_attr_dense_resource(ctx, t, r) == nl_attr_dense_resource(ctx, t, r));
  CHECK(nl_attr_dense_resource(ctx, t, r) !=
        nl_attr_dense_resource(ctx, t, u1));
  unit_report("resources");
}

// CHECK: locs: ok
static void
test_locs(NlContext *ctx)
{
  NlLoc *u = nl_loc_unknown(ctx);
  NlLoc *f = nl_loc_file(ctx, "a.nir", 3, 7);
  CHECK(f == nl_loc_file(ctx, "a.nir", 3, 7));
  CHECK(f != nl_loc_file(ctx, "a.nir", 3, 8));
  NlLoc *n = nl_loc_name(ctx, "Conv_1", NULL);
  CHECK(n->name.child == u && n == nl_loc_name(ctx, "Conv_1", u));
  NlLoc *nf = nl_loc_name(ctx, "Conv_1", f);
  CHECK(nf != n && nl_loc_find_file(nf) == f);
  CHECK(nl_loc_find_file(n) == NULL);
  NlLoc *g = nl_loc_file(ctx, "b.nir", 1, 1);
  NlLoc *l2[] = {f, g};
  NlLoc *fu = nl_loc_fused(ctx, l2, 2, NULL);
  CHECK(fu->kind == NL_LOC_FUSED && fu == nl_loc_fused(ctx, l2, 2, NULL));
  /* fused simplification: unknowns dropped, duplicates removed, nested
   * fused locations flattened, one location is itself */
  NlLoc *l3[] = {u, f, f};
  CHECK(nl_loc_fused(ctx, l3, 3, NULL) == f);
  CHECK(nl_loc_fused(ctx, &u, 1, NULL) == u);
  CHECK(nl_loc_fused(ctx, NULL, 0, NULL) == u);
  NlLoc *l4[] = {fu, g, n};
  NlLoc *flat = nl_loc_fused(ctx, l4, 3, NULL);
  CHECK(flat->fused.n == 3 && flat->fused.locs[2] == n);
  NlAttr *meta = nl_attr_string_cstr(ctx, "m");
  NlLoc *fm = nl_loc_fused(ctx, &f, 1, meta);
  CHECK(fm->kind == NL_LOC_FUSED && fm->fused.metadata == meta);
  CHECK(nl_loc_fused(ctx, &u, 1, meta)->fused.locs[0] == u);
  NlLoc *cs = nl_loc_callsite(ctx, n, g);
  CHECK(cs == nl_loc_callsite(ctx, n, g) && nl_loc_find_file(cs) == g);
  CHECK(nl_attr_loc(ctx, f) == nl_attr_loc(ctx, f));
  NlBuf b = {0};
  nl_loc_describe(nf, &b);
  nl_buf_puts(&b, "|");
  nl_loc_describe(n, &b);
  nl_buf_puts(&b, "|");
  nl_loc_describe(u, &b);
  CHECK_STR(b.data, "a.nir:3:7|'Conv_1'|<unknown>");
  nl_buf_free(&b);
  unit_report("locs");
}

// CHECK: dialects: ok
static void
test_dialects(void)
{
  NlContext *ctx = unit_context();
  const NlOpDef *d = nl_context_lookup_op(ctx, "t.op", 4);
  CHECK(d && d != &unit_ops[0] && d->dialect && d->ident);
  CHECK(strcmp(d->dialect->name, "t") == 0 && d->dialect->ops[0].ident);
  CHECK(nl_context_lookup_op(ctx, "t.opx", 5) == NULL);
  CHECK(nl_context_lookup_dialect(ctx, "t", 1) == d->dialect);
  CHECK(nl_context_dialect_at(ctx, 0) == d->dialect);
  CHECK(nl_context_dialect_at(ctx, 1) == NULL);
  CHECK(nl_succeeded(nl_context_load_dialect(ctx, &unit_dialect)));
  CHECK(nl_context_dialect_at(ctx, 1) == NULL);
  const NlOpDef *u = nl_context_unregistered_op(ctx, "x.y", 3);
  CHECK(u == nl_context_unregistered_op(ctx, "x.y", 3));
  CHECK(u->traits & NL_UNREGISTERED && u->noperands == NL_VARIADIC);
  CHECK(u->dialect == NULL && strcmp(u->name, "x.y") == 0);
  CHECK(!nl_context_allow_unregistered(ctx));
  nl_context_set_allow_unregistered(ctx, true);
  CHECK(nl_context_allow_unregistered(ctx));
  nl_context_destroy(ctx);
  unit_report("dialects");
}

int
main(void)
{
  NlContext *ctx = nl_context_create();
  test_idents(ctx);
  test_types(ctx);
  test_integers(ctx);
  test_floats(ctx);
  test_misc(ctx);
  test_dicts(ctx);
  test_dense(ctx);
  test_resources(ctx);
  test_locs(ctx);
  nl_context_destroy(ctx);
  test_dialects();
  // CHECK: all checks passed
  return unit_finish();
}
