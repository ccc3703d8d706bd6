/*
 * The lexer of the MLIR textual format (private to ir/). It turns a buffer
 * into tokens with 1-based line:col positions and reports malformed tokens
 * itself; it knows nothing about the grammar. Keywords are plain bare
 * identifiers: the parser compares their spelling.
 */
#ifndef NULL_LEX_H
#define NULL_LEX_H

#include "null/diag.h"

/* One line per token kind: name, spelling (punctuation) or description. */
#define NL_TOKEN_LIST(X)                                                       \
  X(EOF, "end of file")                                                        \
  X(ERROR, "error")                                                            \
  X(BARE_ID, "identifier")                                                     \
  X(AT_ID, "symbol reference")                                                 \
  X(HASH_ID, "attribute identifier")                                           \
  X(PERCENT_ID, "SSA name")                                                    \
  X(CARET_ID, "block name")                                                    \
  X(BANG_ID, "type identifier")                                                \
  X(INTEGER, "integer")                                                        \
  X(FLOAT, "float")                                                            \
  X(STRING, "string")                                                          \
  X(ARROW, "->")                                                               \
  X(COLON, ":")                                                                \
  X(COMMA, ",")                                                                \
  X(ELLIPSIS, "...")                                                           \
  X(EQUAL, "=")                                                                \
  X(GREATER, ">")                                                              \
  X(LBRACE, "{")                                                               \
  X(LPAREN, "(")                                                               \
  X(LSQUARE, "[")                                                              \
  X(LESS, "<")                                                                 \
  X(MINUS, "-")                                                                \
  X(PLUS, "+")                                                                 \
  X(QUESTION, "?")                                                             \
  X(RBRACE, "}")                                                               \
  X(RPAREN, ")")                                                               \
  X(RSQUARE, "]")                                                              \
  X(STAR, "*")                                                                 \
  X(VBAR, "|")                                                                 \
  X(META_BEGIN, "{-#")                                                         \
  X(META_END, "#-}")

typedef enum NlTokKind {
#define NL_TOK_ENUM(id, s) NL_TOK_##id,
  NL_TOKEN_LIST(NL_TOK_ENUM)
#undef NL_TOK_ENUM
      NL_TOK_COUNT
} NlTokKind;

/* The first punctuation kind; kinds from here on have a fixed spelling. */
#define NL_TOK_FIRST_PUNCT NL_TOK_ARROW

/* A source position; line is absolute (already offset by first_line). */
typedef struct NlPos {
  uint32_t line, col;
} NlPos;

typedef struct NlToken {
  NlTokKind kind;
  const char *start; /* into the buffer; the spelling, quotes included */
  uint32_t len;
  NlPos pos;
} NlToken;

typedef struct NlLexer {
  NlContext *ctx;
  const char *name;       /* buffer name, for diagnostics */
  const char *buf, *end;  /* the whole buffer, [buf, end) */
  const char *cur;        /* next character to lex */
  const char *line_start; /* start of cur's line */
  uint32_t line;          /* absolute line number of cur */
} NlLexer;

NL_INTERNAL void nl_lex_init(NlLexer *l, NlContext *ctx, const char *name,
                             const char *buf, size_t len, uint32_t first_line);
/* Lexes the next token. Malformed input gives NL_TOK_ERROR after the lexer
 * reported it. */
NL_INTERNAL NlToken nl_lex_next(NlLexer *l);
/* Restarts lexing at p, which lies inside token t (same line). */
NL_INTERNAL void nl_lex_reset_in_token(NlLexer *l, const NlToken *t,
                                       const char *p);
/* Position of pointer p of the buffer (scans back to its line start; for
 * diagnostics only). */
NL_INTERNAL NlPos nl_lex_pos_of(const NlLexer *l, const char *p);

NL_INTERNAL const char *nl_tok_kind_spelling(NlTokKind k);
static inline bool
nl_tok_is(const NlToken *t, const char *kw)
{
  size_t i = 0;
  if (t->kind != NL_TOK_BARE_ID)
    return false;
  for (; i < t->len; i++)
    if (kw[i] != t->start[i])
      return false;
  return kw[i] == '\0';
}

/* Token values. */

/* Decodes a string token (or the quoted part of @"..."): escapes \n \t \"
 * \\ and \XX. Appends to out. */
NL_INTERNAL void nl_tok_string_value(const NlToken *t, NlBuf *out);
/* A "0x..." string token decoded to bytes; false if not hex. */
NL_INTERNAL bool nl_tok_hex_string_value(const NlToken *t, NlBuf *out);
/* An integer token as uint64 (decimal or 0x hex); false on overflow. */
NL_INTERNAL bool nl_tok_uint64(const NlToken *t, uint64_t *out);
/* An integer token as little-endian 64-bit words (arbitrary width).
 * Returns the number of words used (>= 1); *words is heap (caller frees). */
NL_INTERNAL uint32_t nl_tok_big_int(const NlToken *t, uint64_t **words);
/* A float token's value; false if out of range (infinite). */
NL_INTERNAL bool nl_tok_double(const NlToken *t, double *out);
/* The number after '#' of a hash identifier (result numbers); false if not
 * all digits or too large. */
NL_INTERNAL bool nl_tok_hash_number(const NlToken *t, uint32_t *out);
/* For an @-identifier: the symbol name (quotes decoded). */
NL_INTERNAL void nl_tok_symbol_value(const NlToken *t, NlBuf *out);

#endif
