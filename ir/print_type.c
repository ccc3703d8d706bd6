/*
 * Printing builtin types in MLIR's spelling (i32, tensor<4x?xf32>,
 * memref<4xf32, strided<[1]>, 1>, (i32) -> f32, !dialect.body, ...), and
 * walking them for the alias pre-pass. Attributes nested in types (tensor
 * encodings, memref layouts and memory spaces) go through print_attr.c.
 */
#include <ctype.h>

#include "printer.h"

static const char *const float_names[] = {
    [NL_F16] = "f16",   [NL_BF16] = "bf16",     [NL_F32] = "f32",
    [NL_F64] = "f64",   [NL_TF32] = "tf32",     [NL_F80] = "f80",
    [NL_F128] = "f128", [NL_F8E5M2] = "f8E5M2", [NL_F8E4M3FN] = "f8E4M3FN",
};

/* MLIR prints a dialect symbol in the pretty form `!dialect.body` when the
 * body is an identifier (letters, digits, '.', '_'), optionally followed by
 * a `<...>` tail; otherwise as `!dialect<body>`. */
static bool
pretty_enough(const char *s, size_t n)
{
  if (!n || !isalpha((unsigned char)s[0]))
    return false;
  size_t i = 0;
  while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '_'))
    i++;
  if (i == n)
    return true;
  return s[i] == '<' && s[n - 1] == '>';
}

void
nl_pr_dialect_symbol(NlPrinter *p, char sigil, const NlIdent *dialect,
                     const NlIdent *body)
{
  nl_pr_putc(p, sigil);
  nl_pr_write(p, dialect->str, dialect->len);
  if (pretty_enough(body->str, body->len)) {
    nl_pr_putc(p, '.');
    nl_pr_write(p, body->str, body->len);
  } else {
    nl_pr_putc(p, '<');
    nl_pr_write(p, body->str, body->len);
    nl_pr_putc(p, '>');
  }
}

void
nl_pr_dims(NlPrinter *p, const NlType *t)
{
  for (uint32_t i = 0; i < t->shaped.rank; i++) {
    bool scalable = t->shaped.scalable && t->shaped.scalable[i];
    int64_t d = t->shaped.dims[i];
    if (scalable)
      nl_pr_putc(p, '[');
    if (d == NL_DYNAMIC)
      nl_pr_putc(p, '?');
    else
      nl_pr_i64(p, d);
    if (scalable)
      nl_pr_putc(p, ']');
    nl_pr_putc(p, 'x');
  }
}

/* A memref layout is left out when it is the identity affine map. */
static bool
is_identity_layout(const NlAttr *a)
{
  if (a->kind != NL_ATTR_AFFINE_MAP)
    return false;
  const NlAffineMap *m = a->affine.map;
  if (m->nsyms || m->ndims != m->nresults)
    return false;
  for (uint32_t i = 0; i < m->nresults; i++) {
    const NlAffineExpr *e = m->results[i];
    if (e->kind != NL_AFFINE_DIM || e->pos != i)
      return false;
  }
  return true;
}

static void
print_type_list(NlPrinter *p, NlType *const *ts, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++) {
    if (i)
      nl_pr_write(p, ", ", 2);
    nl_pr_type(p, ts[i]);
  }
}

static void pr_type(NlPrinter *p, const NlType *t);

void
nl_pr_type(NlPrinter *p, const NlType *t)
{
  /* Leaf types are cheaper to print than to look up. */
  if (!p->cache_floats || !t || nl_pr_leaf_type(t)) {
    pr_type(p, t);
    return;
  }
  uint32_t idx;
  if (nl_prmap_get(&p->type_index, t, &idx)) {
    NlPrText c = p->float_texts[idx];
    nl_pr_write(p, p->float_buf.data + c.start, c.len);
    return;
  }
  size_t start = p->out->len;
  pr_type(p, t);
  NlPrText c = {(uint32_t)p->float_buf.len, (uint32_t)(p->out->len - start),
                false};
  nl_buf_append(&p->float_buf, p->out->data + start, c.len);
  nl_prmap_add(&p->type_index, t, p->nfloats);
  NL_VEC_PUSH(p->float_texts, p->nfloats, p->floats_cap, c);
}

static void
pr_type(NlPrinter *p, const NlType *t)
{
  if (!t) {
    nl_pr_puts(p, "<<NULL TYPE>>");
    return;
  }
  switch ((NlTypeKind)t->kind) {
  case NL_TYPE_INTEGER:
    if (t->integer.signedness == NL_SIGNED)
      nl_pr_write(p, "si", 2);
    else if (t->integer.signedness == NL_UNSIGNED)
      nl_pr_write(p, "ui", 2);
    else
      nl_pr_putc(p, 'i');
    nl_pr_u64(p, t->integer.width);
    return;
  case NL_TYPE_INDEX:
    nl_pr_write(p, "index", 5);
    return;
  case NL_TYPE_FLOAT:
    if (t->flt.fkind <= NL_F8E4M3FN)
      nl_pr_puts(p, float_names[t->flt.fkind]);
    else
      nl_pr_puts(p, "<<INVALID FLOAT TYPE>>");
    return;
  case NL_TYPE_NONE:
    nl_pr_write(p, "none", 4);
    return;
  case NL_TYPE_COMPLEX:
    nl_pr_write(p, "complex<", 8);
    nl_pr_type(p, t->complex.elem);
    nl_pr_putc(p, '>');
    return;
  case NL_TYPE_TUPLE:
    nl_pr_write(p, "tuple<", 6);
    print_type_list(p, t->tuple.elems, t->tuple.n);
    nl_pr_putc(p, '>');
    return;
  case NL_TYPE_FUNCTION: {
    uint32_t nin = t->function.ninputs, nres = t->function.nresults;
    NlType *const *res = t->function.types + nin;
    nl_pr_putc(p, '(');
    print_type_list(p, t->function.types, nin);
    nl_pr_write(p, ") -> ", 5);
    /* A single result is bare unless it is itself a function type. */
    bool wrap = nres != 1 || res[0]->kind == NL_TYPE_FUNCTION;
    if (wrap)
      nl_pr_putc(p, '(');
    print_type_list(p, res, nres);
    if (wrap)
      nl_pr_putc(p, ')');
    return;
  }
  case NL_TYPE_TENSOR:
    nl_pr_write(p, "tensor<", 7);
    nl_pr_dims(p, t);
    nl_pr_type(p, t->shaped.elem);
    if (t->shaped.encoding) {
      nl_pr_write(p, ", ", 2);
      nl_pr_attr(p, t->shaped.encoding, NL_ELIDE_NEVER);
    }
    nl_pr_putc(p, '>');
    return;
  case NL_TYPE_UNRANKED_TENSOR:
    nl_pr_write(p, "tensor<*x", 9);
    nl_pr_type(p, t->shaped.elem);
    nl_pr_putc(p, '>');
    return;
  case NL_TYPE_MEMREF:
    nl_pr_write(p, "memref<", 7);
    nl_pr_dims(p, t);
    nl_pr_type(p, t->shaped.elem);
    if (t->shaped.layout && !is_identity_layout(t->shaped.layout)) {
      nl_pr_write(p, ", ", 2);
      nl_pr_attr(p, t->shaped.layout, NL_ELIDE_MAY);
    }
    if (t->shaped.space) {
      nl_pr_write(p, ", ", 2);
      nl_pr_attr(p, t->shaped.space, NL_ELIDE_MAY);
    }
    nl_pr_putc(p, '>');
    return;
  case NL_TYPE_UNRANKED_MEMREF:
    nl_pr_write(p, "memref<*x", 9);
    nl_pr_type(p, t->shaped.elem);
    if (t->shaped.space) {
      nl_pr_write(p, ", ", 2);
      nl_pr_attr(p, t->shaped.space, NL_ELIDE_MAY);
    }
    nl_pr_putc(p, '>');
    return;
  case NL_TYPE_VECTOR:
    nl_pr_write(p, "vector<", 7);
    nl_pr_dims(p, t);
    nl_pr_type(p, t->shaped.elem);
    nl_pr_putc(p, '>');
    return;
  case NL_TYPE_OPAQUE:
    nl_pr_dialect_symbol(p, '!', t->opaque.dialect, t->opaque.body);
    return;
  }
  nl_pr_puts(p, "<<INVALID TYPE>>");
}

void
nl_pr_visit_type(NlPrinter *p, const NlType *t)
{
  /* Leaves need no visited entry: a smaller set, fewer cache misses. */
  if (!t || nl_pr_leaf_type(t) || !nl_prmap_add(&p->visited, t, 0))
    return;
  switch ((NlTypeKind)t->kind) {
  case NL_TYPE_COMPLEX:
    nl_pr_visit_type(p, t->complex.elem);
    return;
  case NL_TYPE_TUPLE:
    for (uint32_t i = 0; i < t->tuple.n; i++)
      nl_pr_visit_type(p, t->tuple.elems[i]);
    return;
  case NL_TYPE_FUNCTION:
    for (uint32_t i = 0; i < t->function.ninputs + t->function.nresults; i++)
      nl_pr_visit_type(p, t->function.types[i]);
    return;
  case NL_TYPE_TENSOR:
  case NL_TYPE_UNRANKED_TENSOR:
  case NL_TYPE_MEMREF:
  case NL_TYPE_UNRANKED_MEMREF:
  case NL_TYPE_VECTOR:
    nl_pr_visit_type(p, t->shaped.elem);
    if (t->shaped.encoding)
      nl_pr_visit_attr(p, t->shaped.encoding);
    if (t->shaped.layout && !is_identity_layout(t->shaped.layout))
      nl_pr_visit_attr(p, t->shaped.layout);
    if (t->shaped.space)
      nl_pr_visit_attr(p, t->shaped.space);
    return;
  default:
    return;
  }
}

void
nl_type_print(const NlType *t, NlBuf *out)
{
  NlPrinter p;
  nl_printer_init_plain(&p, out);
  nl_pr_type(&p, t);
}
