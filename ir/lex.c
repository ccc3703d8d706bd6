/*
 * The lexer of the MLIR textual format, with MLIR's token rules (Lexer.cpp):
 * bare identifiers, @/%/^/#/! prefixed identifiers, numbers, strings with
 * escapes, `//` comments and punctuation. The buffer need not be
 * NUL-terminated. Decoding token values (strings, big integers, floats)
 * also lives here.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

/* Character classes of the C locale, independent of the process locale:
 * one table lookup per character in the lexer's loops. */
enum {
  C_BARE = 1,   /* continues a bare identifier: [a-zA-Z0-9_$.] */
  C_SUFFIX = 2, /* continues a suffix-id: [a-zA-Z0-9_$.-] */
  C_DIGIT = 4,  /* [0-9] */
  C_XDIGIT = 8, /* [0-9a-fA-F] */
  C_ALPHA = 16, /* [a-zA-Z] */
};

/* clang-format off */
static const uint8_t char_class[256] = {
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    0,  0,  0,  0,  3,  0,  0,  0,  0,  0,  0,  0,  0,  2,  3,  0,
    15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 0,  0,  0,  0,  0,  0,
    0,  27, 27, 27, 27, 27, 27, 19, 19, 19, 19, 19, 19, 19, 19, 19,
    19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 0,  0,  0,  0,  3,
    0,  27, 27, 27, 27, 27, 27, 19, 19, 19, 19, 19, 19, 19, 19, 19,
    19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 19, 0,  0,  0,  0,  0,
    /* bytes 128..255 belong to no class */
};
/* clang-format on */

static bool
has_class(int c, unsigned cls)
{
  return c >= 0 && (char_class[c] & cls) != 0;
}
static bool
is_alpha(int c)
{
  return has_class(c, C_ALPHA);
}
static bool
is_digit(int c)
{
  return has_class(c, C_DIGIT);
}
static bool
is_xdigit(int c)
{
  return has_class(c, C_XDIGIT);
}
static int
xdigit_value(int c)
{
  if (is_digit(c))
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return c - 'A' + 10;
}

/* The first character at or after p, before end, not in class cls. */
static const char *
skip_class(const char *p, const char *end, unsigned cls)
{
  while (p < end && (char_class[(unsigned char)*p] & cls))
    p++;
  return p;
}

/* The character at p, or -1 past the end of the buffer. */
static int
at(const NlLexer *l, const char *p)
{
  return p < l->end ? (unsigned char)*p : -1;
}

static const char *const tok_spellings[] = {
#define NL_TOK_SPELL(id, s) s,
    NL_TOKEN_LIST(NL_TOK_SPELL)
#undef NL_TOK_SPELL
};

const char *
nl_tok_kind_spelling(NlTokKind k)
{
  return k < NL_TOK_COUNT ? tok_spellings[k] : "?";
}

void
nl_lex_init(NlLexer *l, NlContext *ctx, const char *name, const char *buf,
            size_t len, uint32_t first_line)
{
  l->ctx = ctx;
  l->name = name;
  l->buf = buf;
  l->end = buf + len;
  l->cur = buf;
  l->line_start = buf;
  l->line = first_line ? first_line : 1;
}

void
nl_lex_reset_in_token(NlLexer *l, const NlToken *t, const char *p)
{
  l->cur = p;
  l->line = t->pos.line;
  l->line_start = t->start - (t->pos.col - 1);
}

NlPos
nl_lex_pos_of(const NlLexer *l, const char *p)
{
  uint32_t line = l->line;
  const char *ls = l->line_start;
  if (p > l->end)
    p = l->end;
  if (p < l->buf)
    p = l->buf;
  while (p < ls) { /* back to the previous line */
    ls--;
    line--;
    while (ls > l->buf && ls[-1] != '\n')
      ls--;
  }
  for (;;) { /* forward, when p is past the current line */
    const char *nl = memchr(ls, '\n', (size_t)(p - ls));
    if (!nl)
      break;
    line++;
    ls = nl + 1;
  }
  return (NlPos){line, (uint32_t)(p - ls) + 1};
}

static NlToken
form(NlLexer *l, NlTokKind kind, const char *start)
{
  NlToken t;
  t.kind = kind;
  t.start = start;
  t.len = (uint32_t)(l->cur - start);
  t.pos.line = l->line;
  t.pos.col = (uint32_t)(start - l->line_start) + 1;
  return t;
}

/* Reports an error at pointer p (on the current line) and returns an error
 * token starting at tok_start. */
static NlToken
lex_error(NlLexer *l, const char *tok_start, const char *p, const char *msg)
{
  uint32_t col = (uint32_t)(p - l->line_start) + 1;
  nl_emit_error(l->ctx, nl_loc_file(l->ctx, l->name, l->line, col), "%s", msg);
  return form(l, NL_TOK_ERROR, tok_start);
}

static void
skip_comment(NlLexer *l)
{
  const char *nl = memchr(l->cur, '\n', (size_t)(l->end - l->cur));
  l->cur = nl ? nl : l->end; /* the newline is counted by the caller */
}

/* bare-id ::= (letter|[_]) (letter|digit|[_$.])* */
static NlToken
lex_bare_id(NlLexer *l, const char *start)
{
  l->cur = skip_class(l->cur, l->end, C_BARE);
  return form(l, NL_TOK_BARE_ID, start);
}

/* string-literal ::= '"' [^"\n\f\v\r]* '"' with escapes \n \t \" \\ \XX */
static NlToken
lex_string(NlLexer *l, const char *start)
{
  for (;;) {
    int c = at(l, l->cur);
    if (c < 0 || c == '\n' || c == '\v' || c == '\f')
      return lex_error(l, start, l->cur < l->end ? l->cur : l->end - 1,
                       "expected '\"' in string literal");
    l->cur++;
    if (c == '"')
      return form(l, NL_TOK_STRING, start);
    if (c == '\\') {
      int e = at(l, l->cur);
      if (e == '"' || e == '\\' || e == 'n' || e == 't')
        l->cur++;
      else if (is_xdigit(e) && is_xdigit(at(l, l->cur + 1)))
        l->cur += 2;
      else
        return lex_error(l, start, l->cur - 1,
                         "unknown escape in string literal");
    }
  }
}

/* symbol-ref-id ::= `@` (bare-id | string-literal) */
static NlToken
lex_at_id(NlLexer *l, const char *start)
{
  int c = at(l, l->cur);
  if (c == '"') {
    NlToken s;
    l->cur++;
    s = lex_string(l, l->cur - 1);
    if (s.kind == NL_TOK_ERROR)
      return s;
    return form(l, NL_TOK_AT_ID, start);
  }
  if (c < 0 || (!is_alpha(c) && c != '_'))
    return lex_error(l, start, l->cur,
                     "@ identifier expected to start with letter or '_'");
  l->cur = skip_class(l->cur + 1, l->end, C_BARE);
  return form(l, NL_TOK_AT_ID, start);
}

/* suffix-id ::= digit+ | (letter|id-punct) (letter|id-punct|digit)* */
static NlToken
lex_prefixed_id(NlLexer *l, const char *start)
{
  NlTokKind kind;
  const char *what;
  int c = at(l, l->cur);
  switch (*start) {
  case '#':
    kind = NL_TOK_HASH_ID;
    what = "invalid attribute name";
    break;
  case '%':
    kind = NL_TOK_PERCENT_ID;
    what = "invalid SSA name";
    break;
  case '^':
    kind = NL_TOK_CARET_ID;
    what = "invalid block name";
    break;
  default:
    kind = NL_TOK_BANG_ID;
    what = "invalid type identifier";
    break;
  }
  if (is_digit(c)) {
    l->cur = skip_class(l->cur, l->end, C_DIGIT);
  } else if (has_class(c, C_SUFFIX) && !is_digit(c)) {
    l->cur = skip_class(l->cur + 1, l->end, C_SUFFIX);
  } else {
    return lex_error(l, start, start, what);
  }
  return form(l, kind, start);
}

/* integer-literal ::= digit+ | `0x` hex_digit+
 * float-literal ::= [0-9]+ `.` [0-9]* ([eE] [-+]? [0-9]+)? */
static NlToken
lex_number(NlLexer *l, const char *start)
{
  int c;
  if (*start == '0' && at(l, l->cur) == 'x') {
    /* `0xi32` is `0` followed by `xi32`. */
    if (!is_xdigit(at(l, l->cur + 1)))
      return form(l, NL_TOK_INTEGER, start);
    l->cur = skip_class(l->cur + 2, l->end, C_XDIGIT);
    return form(l, NL_TOK_INTEGER, start);
  }
  l->cur = skip_class(l->cur, l->end, C_DIGIT);
  if (at(l, l->cur) != '.')
    return form(l, NL_TOK_INTEGER, start);
  l->cur = skip_class(l->cur + 1, l->end, C_DIGIT);
  c = at(l, l->cur);
  if (c == 'e' || c == 'E') {
    int c1 = at(l, l->cur + 1);
    if (is_digit(c1) ||
        ((c1 == '-' || c1 == '+') && is_digit(at(l, l->cur + 2)))) {
      l->cur = skip_class(l->cur + 2, l->end, C_DIGIT);
    }
  }
  return form(l, NL_TOK_FLOAT, start);
}

NlToken
nl_lex_next(NlLexer *l)
{
  for (;;) {
    const char *start = l->cur;
    int c = at(l, l->cur);
    if (c < 0)
      return form(l, NL_TOK_EOF, start);
    l->cur++;
    switch (c) {
    case '\n':
      l->line++;
      l->line_start = l->cur;
      continue;
    case ' ':
    case '\t':
      while (l->cur < l->end && (*l->cur == ' ' || *l->cur == '\t'))
        l->cur++;
      continue;
    case '\r':
    case 0: /* a NUL inside the buffer is skipped like MLIR does */
      continue;
    case '_':
      return lex_bare_id(l, start);
    case ':':
      return form(l, NL_TOK_COLON, start);
    case ',':
      return form(l, NL_TOK_COMMA, start);
    case '.':
      if (at(l, l->cur) != '.' || at(l, l->cur + 1) != '.')
        return lex_error(l, start, l->cur,
                         "expected three consecutive dots for an ellipsis");
      l->cur += 2;
      return form(l, NL_TOK_ELLIPSIS, start);
    case '(':
      return form(l, NL_TOK_LPAREN, start);
    case ')':
      return form(l, NL_TOK_RPAREN, start);
    case '{':
      if (at(l, l->cur) == '-' && at(l, l->cur + 1) == '#') {
        l->cur += 2;
        return form(l, NL_TOK_META_BEGIN, start);
      }
      return form(l, NL_TOK_LBRACE, start);
    case '}':
      return form(l, NL_TOK_RBRACE, start);
    case '[':
      return form(l, NL_TOK_LSQUARE, start);
    case ']':
      return form(l, NL_TOK_RSQUARE, start);
    case '<':
      return form(l, NL_TOK_LESS, start);
    case '>':
      return form(l, NL_TOK_GREATER, start);
    case '=':
      return form(l, NL_TOK_EQUAL, start);
    case '+':
      return form(l, NL_TOK_PLUS, start);
    case '*':
      return form(l, NL_TOK_STAR, start);
    case '-':
      if (at(l, l->cur) == '>') {
        l->cur++;
        return form(l, NL_TOK_ARROW, start);
      }
      return form(l, NL_TOK_MINUS, start);
    case '?':
      return form(l, NL_TOK_QUESTION, start);
    case '|':
      return form(l, NL_TOK_VBAR, start);
    case '/':
      if (at(l, l->cur) == '/') {
        skip_comment(l);
        continue;
      }
      return lex_error(l, start, start, "unexpected character");
    case '@':
      return lex_at_id(l, start);
    case '#':
      if (at(l, l->cur) == '-' && at(l, l->cur + 1) == '}') {
        l->cur += 2;
        return form(l, NL_TOK_META_END, start);
      }
      return lex_prefixed_id(l, start);
    case '!':
    case '^':
    case '%':
      return lex_prefixed_id(l, start);
    case '"':
      return lex_string(l, start);
    default:
      if (is_digit(c))
        return lex_number(l, start);
      if (is_alpha(c))
        return lex_bare_id(l, start);
      return lex_error(l, start, start, "unexpected character");
    }
  }
}

/* ---- token values -------------------------------------------------------- */

/* Decodes the string literal starting at the quote q of a token ending at
 * end (exclusive, after the closing quote). */
static void
decode_string(const char *q, const char *end, NlBuf *out)
{
  const char *p = q + 1, *stop = end - 1; /* drop the quotes */
  /* Make sure the buffer exists even for "" (callers read out->data). */
  nl_buf_append(out, "", 0);
  while (p < stop) {
    const char *bs = memchr(p, '\\', (size_t)(stop - p));
    if (!bs) {
      nl_buf_append(out, p, (size_t)(stop - p));
      break;
    }
    nl_buf_append(out, p, (size_t)(bs - p));
    p = bs + 1;
    switch (*p) {
    case 'n':
      nl_buf_putc(out, '\n');
      p++;
      break;
    case 't':
      nl_buf_putc(out, '\t');
      p++;
      break;
    case '"':
    case '\\':
      nl_buf_putc(out, *p);
      p++;
      break;
    default: /* two hex digits, checked by the lexer */
      nl_buf_putc(out, (char)(xdigit_value((unsigned char)p[0]) * 16 +
                              xdigit_value((unsigned char)p[1])));
      p += 2;
      break;
    }
  }
}

void
nl_tok_string_value(const NlToken *t, NlBuf *out)
{
  const char *q = t->start;
  if (t->kind != NL_TOK_STRING)
    q++; /* @"..." */
  decode_string(q, t->start + t->len, out);
}

void
nl_tok_symbol_value(const NlToken *t, NlBuf *out)
{
  if (t->len > 1 && t->start[1] == '"') {
    decode_string(t->start + 1, t->start + t->len, out);
    return;
  }
  nl_buf_append(out, t->start + 1, t->len - 1);
}

bool
nl_tok_hex_string_value(const NlToken *t, NlBuf *out)
{
  const char *p = t->start + 1;
  size_t n;
  if (t->kind != NL_TOK_STRING || t->len < 4 || p[0] != '0' || p[1] != 'x')
    return false;
  p += 2;
  n = t->len - 4; /* quotes and 0x */
  if (n % 2)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!is_xdigit((unsigned char)p[i]))
      return false;
  nl_buf_append(out, "", 0);
  NL_VEC_RESERVE(out->data, out->len, out->cap, n / 2 + 1);
  for (size_t i = 0; i < n; i += 2)
    out->data[out->len++] = (char)(xdigit_value((unsigned char)p[i]) * 16 +
                                   xdigit_value((unsigned char)p[i + 1]));
  out->data[out->len] = '\0';
  return true;
}

bool
nl_tok_uint64(const NlToken *t, uint64_t *out)
{
  uint64_t v = 0;
  const char *p = t->start, *e = t->start + t->len;
  if (t->len > 2 && p[0] == '0' && p[1] == 'x') {
    for (p += 2; p < e; p++) {
      if (v >> 60)
        return false;
      v = v * 16 + (uint64_t)xdigit_value((unsigned char)*p);
    }
  } else {
    for (; p < e; p++) {
      uint64_t d = (uint64_t)(*p - '0');
      if (v > (UINT64_MAX - d) / 10)
        return false;
      v = v * 10 + d;
    }
  }
  *out = v;
  return true;
}

uint32_t
nl_tok_big_int(const NlToken *t, uint64_t **words)
{
  const char *p = t->start, *e = t->start + t->len;
  bool hex = t->len > 2 && p[0] == '0' && p[1] == 'x';
  /* Enough words for the digits: 4 bits per hex digit, < 4 per decimal. */
  uint32_t cap = (uint32_t)((t->len * 4) / 64 + 2), n = 1;
  uint64_t *w = nl_xcalloc(cap, sizeof(uint64_t));
  uint32_t base = hex ? 16 : 10;
  if (hex)
    p += 2;
  for (; p < e; p++) {
    /* w = w * base + digit, word by word. */
    unsigned __int128 carry = (unsigned)xdigit_value((unsigned char)*p);
    for (uint32_t i = 0; i < n; i++) {
      unsigned __int128 x = (unsigned __int128)w[i] * base + carry;
      w[i] = (uint64_t)x;
      carry = x >> 64;
    }
    if (carry && n < cap)
      w[n++] = (uint64_t)carry;
  }
  while (n > 1 && w[n - 1] == 0)
    n--;
  *words = w;
  return n;
}

bool
nl_tok_double(const NlToken *t, double *out)
{
  char small[64], *s = small, *end;
  double v;
  if (t->len + 1 > sizeof small)
    s = nl_xmalloc(t->len + 1);
  memcpy(s, t->start, t->len);
  s[t->len] = '\0';
  errno = 0;
  v = strtod(s, &end);
  if (s != small)
    free(s);
  /* Underflow to zero or a denormal is fine; overflow is not. */
  if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL))
    return false;
  *out = v;
  return true;
}

bool
nl_tok_hash_number(const NlToken *t, uint32_t *out)
{
  uint64_t v = 0;
  if (t->len < 2)
    return false;
  for (uint32_t i = 1; i < t->len; i++) {
    if (!is_digit((unsigned char)t->start[i]))
      return false;
    v = v * 10 + (uint64_t)(t->start[i] - '0');
    if (v > UINT32_MAX)
      return false;
  }
  *out = (uint32_t)v;
  return true;
}
