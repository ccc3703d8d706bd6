/*
 * Printing builtin attributes, affine expressions and maps, locations,
 * strings and symbol names exactly as MLIR 19 spells them, plus the walk
 * that finds affine maps for the `#map` aliases. Number formatting lives in
 * print_float.c; ops and regions in print_op.c.
 */
#include <ctype.h>

#include "printer.h"

/* Dense attributes with more elements than this print as a hex string, as
 * MLIR does by default (--mlir-print-elementsattrs-with-hex-if-larger). */
enum { HEX_THRESHOLD = 100 };

/* ---- strings and names --------------------------------------------------- */

void
nl_pr_string(NlPrinter *p, const char *s, size_t n)
{
  static const char hex[] = "0123456789ABCDEF";
  nl_pr_putc(p, '"');
  size_t run = 0; /* start of the pending run of plain characters */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
      continue;
    nl_pr_write(p, s + run, i - run);
    run = i + 1;
    nl_pr_putc(p, '\\');
    if (c == '\\') {
      nl_pr_putc(p, '\\');
    } else {
      nl_pr_putc(p, hex[c >> 4]);
      nl_pr_putc(p, hex[c & 15]);
    }
  }
  nl_pr_write(p, s + run, n - run);
  nl_pr_putc(p, '"');
}

/* bare-id ::= (letter|[_]) (letter|digit|[_$.])* */
static bool
is_bare_identifier(const char *s, size_t n)
{
  if (!n || (!isalpha((unsigned char)s[0]) && s[0] != '_'))
    return false;
  for (size_t i = 1; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (!isalnum(c) && c != '_' && c != '$' && c != '.')
      return false;
  }
  return true;
}

void
nl_pr_keyword_or_string(NlPrinter *p, const char *s, size_t n)
{
  if (is_bare_identifier(s, n))
    nl_pr_write(p, s, n);
  else
    nl_pr_string(p, s, n);
}

void
nl_pr_symbol(NlPrinter *p, const NlIdent *name)
{
  nl_pr_putc(p, '@');
  nl_pr_keyword_or_string(p, name->str, name->len);
}

void
nl_pr_named_attr(NlPrinter *p, const NlNamedAttr *na)
{
  nl_pr_keyword_or_string(p, na->name->str, na->name->len);
  if (na->value && na->value->kind == NL_ATTR_UNIT)
    return;
  nl_pr_write(p, " = ", 3);
  nl_pr_attr(p, na->value, NL_ELIDE_NEVER);
}

/* ---- affine expressions and maps ----------------------------------------- */

typedef enum { WEAK, STRONG } Binding;

static void
pr_const(NlPrinter *p, int64_t v)
{
  nl_pr_i64(p, v);
}

/* -v, printed without overflowing for INT64_MIN. */
static void
pr_neg_const(NlPrinter *p, int64_t v)
{
  nl_pr_u64(p, 0 - (uint64_t)v);
}

static void
pr_affine(NlPrinter *p, const NlAffineExpr *e, Binding enclosing)
{
  const char *op = NULL;
  switch ((NlAffineKind)e->kind) {
  case NL_AFFINE_SYMBOL:
    nl_pr_putc(p, 's');
    nl_pr_u64(p, e->pos);
    return;
  case NL_AFFINE_DIM:
    nl_pr_putc(p, 'd');
    nl_pr_u64(p, e->pos);
    return;
  case NL_AFFINE_CONST:
    pr_const(p, e->value);
    return;
  case NL_AFFINE_ADD:
    op = " + ";
    break;
  case NL_AFFINE_MUL:
    op = " * ";
    break;
  case NL_AFFINE_FLOORDIV:
    op = " floordiv ";
    break;
  case NL_AFFINE_CEILDIV:
    op = " ceildiv ";
    break;
  case NL_AFFINE_MOD:
    op = " mod ";
    break;
  }
  if (!op) {
    nl_pr_puts(p, "<<INVALID EXPR>>");
    return;
  }
  const NlAffineExpr *lhs = e->bin.lhs, *rhs = e->bin.rhs;
  bool paren = enclosing == STRONG;
  if (paren)
    nl_pr_putc(p, '(');

  if (e->kind != NL_AFFINE_ADD) {
    /* Tightly binding operators; `x * -1` prints as `-x`. */
    if (e->kind == NL_AFFINE_MUL && rhs->kind == NL_AFFINE_CONST &&
        rhs->value == -1) {
      nl_pr_putc(p, '-');
      pr_affine(p, lhs, STRONG);
    } else {
      pr_affine(p, lhs, STRONG);
      nl_pr_puts(p, op);
      pr_affine(p, rhs, STRONG);
    }
  } else if (rhs->kind == NL_AFFINE_MUL &&
             rhs->bin.rhs->kind == NL_AFFINE_CONST && rhs->bin.rhs->value < 0) {
    /* `a + b * -1` is `a - b`, `a + b * -3` is `a - b * 3`. */
    int64_t c = rhs->bin.rhs->value;
    pr_affine(p, lhs, WEAK);
    nl_pr_write(p, " - ", 3);
    if (c == -1) {
      pr_affine(p, rhs->bin.lhs,
                rhs->bin.lhs->kind == NL_AFFINE_ADD ? STRONG : WEAK);
    } else {
      pr_affine(p, rhs->bin.lhs, STRONG);
      nl_pr_write(p, " * ", 3);
      pr_neg_const(p, c);
    }
  } else if (rhs->kind == NL_AFFINE_CONST && rhs->value < 0) {
    /* `a + -2` is `a - 2`. */
    pr_affine(p, lhs, WEAK);
    nl_pr_write(p, " - ", 3);
    pr_neg_const(p, rhs->value);
  } else {
    pr_affine(p, lhs, WEAK);
    nl_pr_write(p, " + ", 3);
    pr_affine(p, rhs, WEAK);
  }
  if (paren)
    nl_pr_putc(p, ')');
}

void
nl_pr_affine_map(NlPrinter *p, const NlAffineMap *m)
{
  nl_pr_putc(p, '(');
  for (uint32_t i = 0; i < m->ndims; i++) {
    if (i)
      nl_pr_write(p, ", ", 2);
    nl_pr_putc(p, 'd');
    nl_pr_u64(p, i);
  }
  nl_pr_putc(p, ')');
  if (m->nsyms) {
    nl_pr_putc(p, '[');
    for (uint32_t i = 0; i < m->nsyms; i++) {
      if (i)
        nl_pr_write(p, ", ", 2);
      nl_pr_putc(p, 's');
      nl_pr_u64(p, i);
    }
    nl_pr_putc(p, ']');
  }
  nl_pr_write(p, " -> (", 5);
  for (uint32_t i = 0; i < m->nresults; i++) {
    if (i)
      nl_pr_write(p, ", ", 2);
    pr_affine(p, m->results[i], WEAK);
  }
  nl_pr_putc(p, ')');
}

/* ---- locations ----------------------------------------------------------- */

static void
pr_loc_inner(NlPrinter *p, const NlLoc *l)
{
  switch ((NlLocKind)l->kind) {
  case NL_LOC_UNKNOWN:
    nl_pr_write(p, "unknown", 7);
    return;
  case NL_LOC_FILE:
    nl_pr_string(p, l->file.file->str, l->file.file->len);
    nl_pr_putc(p, ':');
    nl_pr_u64(p, l->file.line);
    nl_pr_putc(p, ':');
    nl_pr_u64(p, l->file.col);
    return;
  case NL_LOC_NAME:
    nl_pr_string(p, l->name.name->str, l->name.name->len);
    if (l->name.child && l->name.child->kind != NL_LOC_UNKNOWN) {
      nl_pr_putc(p, '(');
      pr_loc_inner(p, l->name.child);
      nl_pr_putc(p, ')');
    }
    return;
  case NL_LOC_FUSED:
    nl_pr_write(p, "fused", 5);
    if (l->fused.metadata) {
      nl_pr_putc(p, '<');
      nl_pr_attr(p, l->fused.metadata, NL_ELIDE_NEVER);
      nl_pr_putc(p, '>');
    }
    nl_pr_putc(p, '[');
    for (uint32_t i = 0; i < l->fused.n; i++) {
      if (i)
        nl_pr_write(p, ", ", 2);
      pr_loc_inner(p, l->fused.locs[i]);
    }
    nl_pr_putc(p, ']');
    return;
  case NL_LOC_CALLSITE:
    nl_pr_write(p, "callsite(", 9);
    pr_loc_inner(p, l->callsite.callee);
    nl_pr_write(p, " at ", 4);
    pr_loc_inner(p, l->callsite.caller);
    nl_pr_putc(p, ')');
    return;
  }
  nl_pr_write(p, "unknown", 7);
}

void
nl_pr_loc(NlPrinter *p, const NlLoc *l)
{
  nl_pr_write(p, "loc(", 4);
  if (l)
    pr_loc_inner(p, l);
  else
    nl_pr_write(p, "unknown", 7);
  nl_pr_putc(p, ')');
}

/* ---- dense elements ------------------------------------------------------ */

/* Bytes per element in NlAttr.dense storage (see attrs.h). */
static size_t
scalar_size(const NlType *t)
{
  return nl_dense_elem_size(t);
}

/* Bits MLIR stores per element in its raw data (its hex form): i1 is one
 * bit; everything else is rounded up to whole bytes. */
static uint32_t
mlir_bits(const NlType *t)
{
  if (t->kind == NL_TYPE_INDEX)
    return 64;
  if (t->kind == NL_TYPE_INTEGER)
    return t->integer.width == 1 ? 1 : (t->integer.width + 7) / 8 * 8;
  if (t->kind == NL_TYPE_FLOAT) /* MLIR keeps tf32 in 32 bits */
    return t->flt.fkind == NL_TF32
               ? 32
               : (nl_pr_float_width((NlFloatKind)t->flt.fkind) + 7) / 8 * 8;
  return 0;
}

static uint64_t
load_le(const unsigned char *d, size_t n)
{
  uint64_t v = 0;
  for (size_t i = n; i-- > 0;)
    v = (v << 8) | d[i];
  return v;
}

/* A dense element float, through a small cache: dense literals repeat
 * few distinct values, and the exact formatting is costly. */
static void
pr_elem_float(NlPrinter *p, NlFloatKind k, const uint64_t bits[2])
{
  if (!p->cache_floats) {
    nl_pr_float(p->out, k, bits, NULL);
    return;
  }
  if (!p->elem_floats)
    p->elem_floats = nl_xcalloc(NL_PR_FLOAT_SLOTS, sizeof *p->elem_floats);
  uint64_t h = (bits[0] ^ (bits[1] * 0x9E3779B97F4A7C15ull) ^ (uint64_t)k) *
               0x9E3779B97F4A7C15ull;
  NlPrFloatSlot *s = &p->elem_floats[h >> (64 - NL_PR_FLOAT_SLOT_BITS)];
  if (s->len && s->kind == k && s->bits[0] == bits[0] &&
      s->bits[1] == bits[1]) {
    nl_pr_write(p, s->text, s->len);
    return;
  }
  size_t start = p->out->len;
  nl_pr_float(p->out, k, bits, NULL);
  size_t len = p->out->len - start;
  if (len <= sizeof s->text) {
    s->bits[0] = bits[0];
    s->bits[1] = bits[1];
    s->kind = (uint8_t)k;
    s->len = (uint8_t)len;
    memcpy(s->text, p->out->data + start, len);
  }
}

/* One scalar element (an integer or float) at d. */
static void
pr_scalar(NlPrinter *p, const NlType *t, const unsigned char *d)
{
  if (t->kind == NL_TYPE_FLOAT) {
    size_t sz = scalar_size(t);
    uint64_t bits[2] = {load_le(d, sz > 8 ? 8 : sz), 0};
    if (sz > 8)
      bits[1] = load_le(d + 8, sz - 8);
    pr_elem_float(p, (NlFloatKind)t->flt.fkind, bits);
    return;
  }
  uint32_t width = t->kind == NL_TYPE_INDEX ? 64 : t->integer.width;
  uint64_t v = load_le(d, scalar_size(t));
  if (width == 1) {
    nl_pr_puts(p, (v & 1) ? "true" : "false");
    return;
  }
  bool is_signed =
      !(t->kind == NL_TYPE_INTEGER && t->integer.signedness == NL_UNSIGNED);
  nl_pr_apint(p->out, &v, 1, width, is_signed);
}

static void
pr_element(NlPrinter *p, const NlType *elem, const unsigned char *d)
{
  if (elem->kind == NL_TYPE_COMPLEX) {
    const NlType *part = elem->complex.elem;
    nl_pr_putc(p, '(');
    pr_scalar(p, part, d);
    nl_pr_putc(p, ',');
    pr_scalar(p, part, d + scalar_size(part));
    nl_pr_putc(p, ')');
    return;
  }
  pr_scalar(p, elem, d);
}

/* Appends a byte as two hex digits to a small staging buffer. */
typedef struct HexOut {
  NlPrinter *p;
  char buf[512];
  size_t n;
} HexOut;

static void
hex_byte(HexOut *h, unsigned c)
{
  static const char hex[] = "0123456789ABCDEF";
  if (h->n + 2 > sizeof h->buf) {
    nl_pr_write(h->p, h->buf, h->n);
    h->n = 0;
  }
  h->buf[h->n++] = hex[(c >> 4) & 15];
  h->buf[h->n++] = hex[c & 15];
}

/* `"0x..."`: MLIR's raw data, i1 packed eight to a byte (LSB first). */
static void
pr_dense_hex(NlPrinter *p, const NlAttr *a, const NlType *elem, int64_t n)
{
  const NlType *scalar =
      elem->kind == NL_TYPE_COMPLEX ? elem->complex.elem : elem;
  uint32_t parts = elem->kind == NL_TYPE_COMPLEX ? 2 : 1;
  size_t ssz = scalar_size(scalar);
  uint32_t bits = mlir_bits(scalar);
  const unsigned char *d = a->dense.data;
  HexOut h = {.p = p};
  nl_pr_write(p, "\"0x", 3);
  if (bits == 1) {
    unsigned acc = 0;
    for (int64_t i = 0; i < n; i++) {
      acc |= (unsigned)(d[i] & 1) << (i % 8);
      if (i % 8 == 7 || i == n - 1) {
        hex_byte(&h, acc);
        acc = 0;
      }
    }
  } else if (scalar->kind != NL_TYPE_INTEGER ||
             scalar->integer.width % 8 == 0) {
    /* Whole bytes: MLIR's layout is ours minus any padding (f80). */
    size_t keep = bits / 8;
    for (int64_t i = 0; i < n * parts; i++) {
      const unsigned char *e = d + (size_t)i * ssz;
      for (size_t j = 0; j < keep; j++)
        hex_byte(&h, j < ssz ? e[j] : 0);
    }
  } else {
    /* Integers of odd widths are stored extended; MLIR keeps only the
     * value bits, zero-padded to whole bytes. */
    size_t keep = bits / 8;
    uint32_t width = scalar->integer.width;
    for (int64_t i = 0; i < n * parts; i++) {
      const unsigned char *e = d + (size_t)i * ssz;
      for (size_t j = 0; j < keep; j++) {
        unsigned c = j < ssz ? e[j] : 0;
        if (width < (j + 1) * 8)
          c &= width > j * 8 ? (1u << (width - j * 8)) - 1 : 0;
        hex_byte(&h, c);
      }
    }
  }
  nl_pr_write(p, h.buf, h.n);
  nl_pr_putc(p, '"');
}

/* Elements in nested brackets following the shape (MLIR's mixed-radix
 * walk): `[[1, 2], [3, 4]]`; a splat prints one element. */
static void
pr_dense_body(NlPrinter *p, const NlAttr *a)
{
  const NlType *t = a->type;
  if (!t || !nl_type_is_ranked_shaped(t)) {
    nl_pr_puts(p, "<<INVALID DENSE TYPE>>");
    return;
  }
  const NlType *elem = t->shaped.elem;
  size_t esz = elem->kind == NL_TYPE_COMPLEX
                   ? 2 * scalar_size(elem->complex.elem)
                   : scalar_size(elem);
  const unsigned char *d = a->dense.data;
  if (!esz) {
    nl_pr_puts(p, "<<INVALID ELEMENT TYPE>>");
    return;
  }
  if (a->dense.splat) {
    if (a->dense.nbytes >= esz)
      pr_element(p, elem, d);
    return;
  }
  uint32_t rank = t->shaped.rank;
  int64_t n = 1;
  for (uint32_t i = 0; i < rank; i++)
    n *= t->shaped.dims[i] < 0 ? 0 : t->shaped.dims[i];
  if (n <= 0)
    return;
  if ((size_t)n > a->dense.nbytes / esz) {
    nl_pr_puts(p, "<<INVALID DENSE DATA>>");
    return;
  }
  if (n > HEX_THRESHOLD) {
    pr_dense_hex(p, a, elem, n);
    return;
  }
  int64_t counter[64] = {0};
  uint32_t open = 0;
  if (rank > 64) {
    nl_pr_puts(p, "<<RANK TOO LARGE>>");
    return;
  }
  for (int64_t idx = 0; idx < n; idx++) {
    if (idx)
      nl_pr_write(p, ", ", 2);
    while (open < rank) {
      nl_pr_putc(p, '[');
      open++;
    }
    pr_element(p, elem, d + (size_t)idx * esz);
    if (!rank)
      continue;
    /* Bump the counter; each rolled-over digit closes a bracket. */
    counter[rank - 1]++;
    for (uint32_t i = rank - 1; i > 0; i--) {
      if (counter[i] >= t->shaped.dims[i]) {
        counter[i] = 0;
        counter[i - 1]++;
        open--;
        nl_pr_putc(p, ']');
      }
    }
  }
  while (open--)
    nl_pr_putc(p, ']');
}

static int64_t
num_elements(const NlType *t)
{
  int64_t n = 1;
  for (uint32_t i = 0; i < t->shaped.rank; i++)
    n *= t->shaped.dims[i] < 0 ? 0 : t->shaped.dims[i];
  return n;
}

static void
pr_dense_array(NlPrinter *p, const NlAttr *a)
{
  const NlType *elem = a->dense_array.elem;
  size_t sz = elem->kind == NL_TYPE_INTEGER && elem->integer.width == 1
                  ? 1
                  : scalar_size(elem);
  const unsigned char *d = a->dense_array.data;
  nl_pr_write(p, "array<", 6);
  nl_pr_type(p, elem);
  if (a->dense_array.n && sz) {
    nl_pr_write(p, ": ", 2);
    for (uint32_t i = 0; i < a->dense_array.n; i++) {
      if (i)
        nl_pr_write(p, ", ", 2);
      pr_scalar(p, elem, d + (size_t)i * sz);
    }
  }
  nl_pr_putc(p, '>');
}

/* ---- attributes ---------------------------------------------------------- */

static void
pr_alias_or_map(NlPrinter *p, const NlAttr *a)
{
  uint32_t idx;
  if (p->aliases && nl_prmap_get(&p->alias_index, a, &idx)) {
    nl_pr_write(p, "#map", 4);
    if (idx)
      nl_pr_u64(p, idx);
    return;
  }
  nl_pr_write(p, "affine_map<", 11);
  nl_pr_affine_map(p, a->affine.map);
  nl_pr_putc(p, '>');
}

/* Prints a float attribute's value; returns whether it was printed in hex.
 * Exact float formatting is costly and the same constants recur, so a
 * full printer remembers the text of each float attribute it printed. */
static bool
pr_float_attr(NlPrinter *p, const NlAttr *a)
{
  NlFloatKind k = (NlFloatKind)a->type->flt.fkind;
  bool hex;
  if (!p->cache_floats) {
    nl_pr_float(p->out, k, a->flt.bits, &hex);
    return hex;
  }
  uint32_t idx;
  if (nl_prmap_get(&p->float_index, a, &idx)) {
    NlPrText t = p->float_texts[idx];
    nl_pr_write(p, p->float_buf.data + t.start, t.len);
    return t.hex;
  }
  size_t start = p->float_buf.len;
  nl_pr_float(&p->float_buf, k, a->flt.bits, &hex);
  NlPrText t = {(uint32_t)start, (uint32_t)(p->float_buf.len - start), hex};
  nl_prmap_add(&p->float_index, a, p->nfloats);
  NL_VEC_PUSH(p->float_texts, p->nfloats, p->floats_cap, t);
  nl_pr_write(p, p->float_buf.data + t.start, t.len);
  return hex;
}

static void
note_blob(NlPrinter *p, NlResource *r)
{
  if (!p->track_blobs)
    return;
  if (nl_prmap_add(&p->blob_index, r, p->nblobs))
    NL_VEC_PUSH(p->blobs, p->nblobs, p->blobs_cap, r);
}

void
nl_pr_attr(NlPrinter *p, const NlAttr *a, NlTypeElision elide)
{
  if (!a) {
    nl_pr_puts(p, "<<NULL ATTRIBUTE>>");
    return;
  }
  const NlType *type = a->type;
  switch ((NlAttrKind)a->kind) {
  case NL_ATTR_UNIT:
    nl_pr_write(p, "unit", 4);
    return;
  case NL_ATTR_INTEGER: {
    bool is_index = type->kind == NL_TYPE_INDEX;
    uint32_t width = is_index ? 64 : type->integer.width;
    if (!is_index && width == 1 && type->integer.signedness == NL_SIGNLESS) {
      nl_pr_puts(p, (a->integer.words[0] & 1) ? "true" : "false");
      return; /* booleans never print their type */
    }
    bool is_signed = is_index || type->integer.signedness != NL_UNSIGNED;
    nl_pr_apint(p->out, a->integer.words, a->integer.nwords, width, is_signed);
    if (elide == NL_ELIDE_MAY && !is_index && width == 64 &&
        type->integer.signedness == NL_SIGNLESS)
      return;
    break;
  }
  case NL_ATTR_FLOAT: {
    bool hex = pr_float_attr(p, a);
    if (elide == NL_ELIDE_MAY && type->flt.fkind == NL_F64 && !hex)
      return;
    break;
  }
  case NL_ATTR_STRING:
    nl_pr_string(p, a->str.value->str, a->str.value->len);
    break;
  case NL_ATTR_TYPE:
    nl_pr_type(p, a->type_attr.value);
    return;
  case NL_ATTR_ARRAY:
    nl_pr_putc(p, '[');
    for (uint32_t i = 0; i < a->array.n; i++) {
      if (i)
        nl_pr_write(p, ", ", 2);
      nl_pr_attr(p, a->array.elems[i], NL_ELIDE_MAY);
    }
    nl_pr_putc(p, ']');
    return;
  case NL_ATTR_DICT:
    nl_pr_putc(p, '{');
    for (uint32_t i = 0; i < a->dict.n; i++) {
      if (i)
        nl_pr_write(p, ", ", 2);
      nl_pr_named_attr(p, &a->dict.entries[i]);
    }
    nl_pr_putc(p, '}');
    return;
  case NL_ATTR_SYMBOL_REF:
    nl_pr_symbol(p, a->symref.root);
    for (uint32_t i = 0; i < a->symref.nnested; i++) {
      nl_pr_write(p, "::", 2);
      nl_pr_symbol(p, a->symref.nested[i]);
    }
    return;
  case NL_ATTR_DENSE: {
    size_t limit = p->flags.elide_limit ? p->flags.elide_limit : 16;
    if (p->flags.elide_large && !a->dense.splat && type &&
        nl_type_is_ranked_shaped(type) && num_elements(type) > (int64_t)limit) {
      nl_pr_write(p, "dense_resource<__elided__>", 26);
    } else {
      nl_pr_write(p, "dense<", 6);
      pr_dense_body(p, a);
      nl_pr_putc(p, '>');
    }
    break;
  }
  case NL_ATTR_DENSE_RESOURCE:
    nl_pr_write(p, "dense_resource<", 15);
    nl_pr_keyword_or_string(p, a->resource.blob->key->str,
                            a->resource.blob->key->len);
    nl_pr_putc(p, '>');
    note_blob(p, a->resource.blob);
    break;
  case NL_ATTR_DENSE_ARRAY:
    pr_dense_array(p, a);
    return;
  case NL_ATTR_AFFINE_MAP:
    pr_alias_or_map(p, a);
    return;
  case NL_ATTR_STRIDED:
    nl_pr_write(p, "strided<[", 9);
    for (uint32_t i = 0; i < a->strided.n; i++) {
      if (i)
        nl_pr_write(p, ", ", 2);
      if (a->strided.strides[i] == NL_DYNAMIC)
        nl_pr_putc(p, '?');
      else
        nl_pr_i64(p, a->strided.strides[i]);
    }
    nl_pr_putc(p, ']');
    if (a->strided.offset != 0) {
      nl_pr_write(p, ", offset: ", 10);
      if (a->strided.offset == NL_DYNAMIC)
        nl_pr_putc(p, '?');
      else
        nl_pr_i64(p, a->strided.offset);
    }
    nl_pr_putc(p, '>');
    return;
  case NL_ATTR_OPAQUE:
    nl_pr_dialect_symbol(p, '#', a->opaque.dialect, a->opaque.body);
    break;
  case NL_ATTR_LOC:
    nl_pr_loc(p, a->loc.value);
    return;
  default:
    nl_pr_puts(p, "<<INVALID ATTRIBUTE>>");
    return;
  }
  /* Typed attributes end with `: type` unless elided or none. */
  if (elide != NL_ELIDE_MUST && type && type->kind != NL_TYPE_NONE) {
    nl_pr_write(p, " : ", 3);
    nl_pr_type(p, type);
  }
}

/* ---- the alias walk ------------------------------------------------------ */

void
nl_pr_visit_loc(NlPrinter *p, const NlLoc *l)
{
  if (!l || !nl_prmap_add(&p->visited, l, 0))
    return;
  switch (l->kind) {
  case NL_LOC_NAME:
    nl_pr_visit_loc(p, l->name.child);
    return;
  case NL_LOC_FUSED:
    if (l->fused.metadata)
      nl_pr_visit_attr(p, l->fused.metadata);
    for (uint32_t i = 0; i < l->fused.n; i++)
      nl_pr_visit_loc(p, l->fused.locs[i]);
    return;
  case NL_LOC_CALLSITE:
    nl_pr_visit_loc(p, l->callsite.callee);
    nl_pr_visit_loc(p, l->callsite.caller);
    return;
  default:
    return;
  }
}

void
nl_pr_visit_attr(NlPrinter *p, const NlAttr *a)
{
  if (!a)
    return;
  switch ((NlAttrKind)a->kind) {
  case NL_ATTR_AFFINE_MAP:
  case NL_ATTR_TYPE:
  case NL_ATTR_ARRAY:
  case NL_ATTR_DICT:
  case NL_ATTR_DENSE_ARRAY:
  case NL_ATTR_LOC:
    break;
  default:
    /* Scalars (integers, floats, strings, ...) of a leaf type hold nothing
     * to find: skip them without growing the visited set. */
    if (!a->type || nl_pr_leaf_type(a->type))
      return;
    break;
  }
  if (!nl_prmap_add(&p->visited, a, 0))
    return;
  switch ((NlAttrKind)a->kind) {
  case NL_ATTR_AFFINE_MAP:
    nl_prmap_add(&p->alias_index, a, p->naliases);
    NL_VEC_PUSH(p->alias_list, p->naliases, p->aliases_cap, a);
    return;
  case NL_ATTR_TYPE:
    nl_pr_visit_type(p, a->type_attr.value);
    return;
  case NL_ATTR_ARRAY:
    for (uint32_t i = 0; i < a->array.n; i++)
      nl_pr_visit_attr(p, a->array.elems[i]);
    return;
  case NL_ATTR_DICT:
    for (uint32_t i = 0; i < a->dict.n; i++)
      nl_pr_visit_attr(p, a->dict.entries[i].value);
    return;
  case NL_ATTR_DENSE_ARRAY:
    nl_pr_visit_type(p, a->dense_array.elem);
    return;
  case NL_ATTR_LOC:
    nl_pr_visit_loc(p, a->loc.value);
    return;
  default:
    if (a->type)
      nl_pr_visit_type(p, a->type);
    return;
  }
}

/* ---- public entry points ------------------------------------------------- */

void
nl_attr_print(const NlAttr *a, NlBuf *out)
{
  NlPrinter p;
  nl_printer_init_plain(&p, out);
  nl_pr_attr(&p, a, NL_ELIDE_NEVER);
}

void
nl_loc_print(const NlLoc *l, NlBuf *out)
{
  NlPrinter p;
  nl_printer_init_plain(&p, out);
  nl_pr_loc(&p, l);
}

void
nl_affine_expr_print(const NlAffineExpr *e, NlBuf *out)
{
  NlPrinter p;
  nl_printer_init_plain(&p, out);
  pr_affine(&p, e, WEAK);
}

void
nl_affine_map_print(const NlAffineMap *m, NlBuf *out)
{
  NlPrinter p;
  nl_printer_init_plain(&p, out);
  nl_pr_affine_map(&p, m);
}
