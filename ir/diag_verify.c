/*
 * The --verify-diagnostics checker (see null/diag_verify.h). Expectations
 * are read from the sources up front; each diagnostic is matched as it is
 * handed to the handler, and what is left unmatched is reported at the end.
 * The matching rules are MLIR's: same file and line (any line for
 * @unknown), same kind, and the message contains the expected text (or
 * matches the expected regular expression for `-re`).
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "null/asm.h"
#include "null/diag_verify.h"

typedef struct Expected {
  NlSeverity sev;
  NlIdent *file;  /* the buffer holding the comment */
  bool unknown;   /* @unknown: matches diagnostics without a file loc */
  uint32_t line;  /* the line the diagnostic must be reported on */
  uint32_t cline; /* where the comment is, for reports */
  uint32_t ccol;
  char *text;  /* the text between {{ and }} */
  regex_t *re; /* compiled pattern for -re, else NULL */
  bool matched;
} Expected;

struct NlDiagVerifier {
  NlContext *ctx;
  FILE *out;
  Expected *exps;
  size_t nexps, exps_cap;
  bool failed;
  bool active; /* the handler is installed */
};

static const char *
kind_name(NlSeverity s)
{
  switch (s) {
  case NL_DIAG_ERROR:
    return "error";
  case NL_DIAG_WARNING:
    return "warning";
  case NL_DIAG_REMARK:
    return "remark";
  case NL_DIAG_NOTE:
    return "note";
  }
  return "error";
}

/* Prints an error of the checker itself at loc. */
static void report(NlDiagVerifier *v, NlLoc *loc, const char *fmt, ...)
    NL_PRINTF(3, 4);
static void
report(NlDiagVerifier *v, NlLoc *loc, const char *fmt, ...)
{
  NlBuf msg = {0};
  va_list ap;
  va_start(ap, fmt);
  nl_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  NlDiag d = {.severity = NL_DIAG_ERROR, .loc = loc, .msg = msg.data};
  nl_diag_print(v->ctx, &d, v->out);
  nl_buf_free(&msg);
  v->failed = true;
}

static NlLoc *
comment_loc(NlDiagVerifier *v, const Expected *e)
{
  return nl_loc_file(v->ctx, e->file->str, e->cline, e->ccol);
}

static bool
matches(const Expected *e, const char *msg)
{
  if (e->re)
    return regexec(e->re, msg, 0, NULL, 0) == 0;
  return strstr(msg, e->text) != NULL;
}

/* Matches one diagnostic or note (MLIR's process()). */
static void
process(NlDiagVerifier *v, NlSeverity sev, NlLoc *loc, const char *msg)
{
  const NlLoc *fl = loc ? nl_loc_find_file(loc) : NULL;
  Expected *near = NULL;
  for (size_t i = 0; i < v->nexps; i++) {
    Expected *e = &v->exps[i];
    if (fl ? (e->unknown || e->file != fl->file.file ||
              e->line != fl->file.line)
           : !e->unknown)
      continue;
    if (!matches(e, msg))
      continue;
    if (e->sev == sev) {
      e->matched = true;
      return;
    }
    near = e;
  }
  if (near) {
    report(v, comment_loc(v, near),
           "'%s' diagnostic emitted when expecting a '%s'", kind_name(sev),
           kind_name(near->sev));
    return;
  }
  report(v, loc ? loc : nl_loc_unknown(v->ctx), "unexpected %s: %s",
         kind_name(sev), msg);
}

static void
handler(const NlDiag *d, void *ud)
{
  NlDiagVerifier *v = ud;
  process(v, d->severity, d->loc, d->msg ? d->msg : "");
  for (const NlDiag *n = d->notes; n; n = n->next)
    process(v, n->severity, n->loc ? n->loc : d->loc, n->msg ? n->msg : "");
}

NlDiagVerifier *
nl_diag_verifier_create(NlContext *ctx, FILE *out)
{
  NlDiagVerifier *v = nl_xcalloc(1, sizeof(*v));
  v->ctx = ctx;
  v->out = out ? out : stderr;
  v->active = true;
  nl_context_set_diag_handler(ctx, handler, v);
  return v;
}

/* ---- reading expectations ------------------------------------------------ */

/* Translates MLIR's -re syntax (literal text with {{regex}} blocks) into a
 * POSIX extended regular expression. */
static bool
compile_regex(NlDiagVerifier *v, Expected *e)
{
  NlBuf pat = {0};
  const char *s = e->text;
  while (*s) {
    const char *open = strstr(s, "{{");
    size_t lit = open ? (size_t)(open - s) : strlen(s);
    for (size_t i = 0; i < lit; i++) {
      if (strchr(".[]()*+?{}|^$\\", s[i]))
        nl_buf_putc(&pat, '\\');
      nl_buf_putc(&pat, s[i]);
    }
    if (!open)
      break;
    const char *close = strstr(open + 2, "}}");
    if (!close) {
      report(v, comment_loc(v, e), "found start of regex with no end '}}'");
      nl_buf_free(&pat);
      return false;
    }
    nl_buf_putc(&pat, '(');
    nl_buf_append(&pat, open + 2, (size_t)(close - open - 2));
    nl_buf_putc(&pat, ')');
    s = close + 2;
  }
  e->re = nl_xmalloc(sizeof(regex_t));
  int rc = regcomp(e->re, pat.data ? pat.data : "", REG_EXTENDED | REG_NOSUB);
  nl_buf_free(&pat);
  if (rc != 0) {
    char why[256];
    regerror(rc, e->re, why, sizeof why);
    free(e->re);
    e->re = NULL;
    report(v, comment_loc(v, e), "invalid regex: %s", why);
    return false;
  }
  return true;
}

static bool
starts(const char *p, const char *end, const char *word)
{
  size_t n = strlen(word);
  return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

typedef enum { AT_NONE, AT_OFFSET, AT_ABOVE, AT_BELOW, AT_UNKNOWN } AtKind;

typedef struct Match {
  NlSeverity sev;
  bool re;
  AtKind at;
  int64_t offset;
  const char *text; /* between {{ and }} */
  size_t len;
  const char *start; /* the `expected-` */
} Match;

/* Tries MLIR's pattern
 *   expected-(error|note|remark|warning)(-re)? *(@([+-][0-9]+|above|below|
 *   unknown))? *{{(.*)}}$
 * at p, with end the end of the right-trimmed line. */
static bool
match_at(const char *p, const char *end, Match *m)
{
  static const struct {
    const char *word;
    NlSeverity sev;
  } kinds[] = {{"error", NL_DIAG_ERROR},
               {"note", NL_DIAG_NOTE},
               {"remark", NL_DIAG_REMARK},
               {"warning", NL_DIAG_WARNING}};
  memset(m, 0, sizeof(*m));
  m->start = p;
  p += strlen("expected-");
  size_t k = 0;
  while (k < 4 && !starts(p, end, kinds[k].word))
    k++;
  if (k == 4)
    return false;
  m->sev = kinds[k].sev;
  p += strlen(kinds[k].word);
  if (starts(p, end, "-re")) {
    m->re = true;
    p += 3;
  }
  while (p < end && *p == ' ')
    p++;
  if (p < end && *p == '@') {
    p++;
    if (p < end && (*p == '+' || *p == '-')) {
      bool neg = *p++ == '-';
      if (p == end || *p < '0' || *p > '9')
        return false;
      int64_t n = 0;
      while (p < end && *p >= '0' && *p <= '9' && n < 100000000)
        n = n * 10 + (*p++ - '0');
      m->at = AT_OFFSET;
      m->offset = neg ? -n : n;
    } else if (starts(p, end, "above")) {
      m->at = AT_ABOVE;
      p += 5;
    } else if (starts(p, end, "below")) {
      m->at = AT_BELOW;
      p += 5;
    } else if (starts(p, end, "unknown")) {
      m->at = AT_UNKNOWN;
      p += 7;
    } else {
      return false;
    }
    while (p < end && *p == ' ')
      p++;
  }
  if (!starts(p, end, "{{") || end - p < 4 || end[-1] != '}' || end[-2] != '}')
    return false;
  m->text = p + 2;
  m->len = (size_t)(end - 2 - m->text);
  return true;
}

/* The first expectation on a line, searching like a regex does. */
static bool
match_line(const char *line, const char *end, Match *m)
{
  for (const char *p = line; end - p >= 9; p++) {
    p = memchr(p, 'e', (size_t)(end - p));
    if (!p)
      return false;
    if (starts(p, end, "expected-") && match_at(p, end, m))
      return true;
  }
  return false;
}

void
nl_diag_verifier_add_source(NlDiagVerifier *v, const char *name,
                            const char *buf, size_t len, uint32_t first_line)
{
  NlIdent *file = nl_ident_cstr(v->ctx, name);
  size_t *below = NULL, nbelow = 0, below_cap = 0; /* pending @below */
  uint32_t last_plain = 0; /* 0-based index of the last non-designator line */
  uint32_t idx = 0;        /* 0-based line index in buf */
  const char *p = buf, *bend = buf + len;
  for (;; idx++) {
    const char *nl = memchr(p, '\n', (size_t)(bend - p));
    const char *lend = nl ? nl : bend;
    const char *tend = lend;
    while (tend > p &&
           (tend[-1] == ' ' || tend[-1] == '\t' || tend[-1] == '\r' ||
            tend[-1] == '\v' || tend[-1] == '\f'))
      tend--;
    Match m;
    if (!match_line(p, tend, &m)) {
      for (size_t i = 0; i < nbelow; i++)
        v->exps[below[i]].line = first_line + idx;
      nbelow = 0;
      last_plain = idx;
    } else {
      Expected e = {.sev = m.sev,
                    .file = file,
                    .line = first_line + idx,
                    .cline = first_line + idx,
                    .ccol = (uint32_t)(m.start - p) + 1,
                    .text = nl_xstrndup(m.text, m.len)};
      bool keep = !m.re || compile_regex(v, &e);
      switch (m.at) {
      case AT_NONE:
        break;
      case AT_OFFSET:
        e.line = (uint32_t)((int64_t)e.line + m.offset);
        break;
      case AT_ABOVE:
        e.line = first_line + last_plain;
        break;
      case AT_BELOW:
        e.line = UINT32_MAX; /* dangling unless a plain line follows */
        if (keep)
          NL_VEC_PUSH(below, nbelow, below_cap, v->nexps);
        break;
      case AT_UNKNOWN:
        e.unknown = true;
        break;
      }
      if (keep)
        NL_VEC_PUSH(v->exps, v->nexps, v->exps_cap, e);
      else
        free(e.text);
    }
    if (!nl)
      break;
    p = nl + 1;
  }
  free(below);
}

/* ---- finishing ---------------------------------------------------------- */

NlResult
nl_diag_verifier_finish(NlDiagVerifier *v)
{
  if (v->active) {
    nl_diag_flush(v->ctx);
    for (size_t i = 0; i < v->nexps; i++) {
      Expected *e = &v->exps[i];
      if (!e->matched)
        report(v, comment_loc(v, e), "expected %s \"%s\" was not produced",
               kind_name(e->sev), e->text);
    }
    nl_context_set_diag_handler(v->ctx, NULL, NULL);
    v->active = false;
  }
  return v->failed ? nl_failure() : nl_success();
}

void
nl_diag_verifier_destroy(NlDiagVerifier *v)
{
  if (!v)
    return;
  NlResult r = nl_diag_verifier_finish(v); /* reports what is left */
  (void)r;
  for (size_t i = 0; i < v->nexps; i++) {
    free(v->exps[i].text);
    if (v->exps[i].re) {
      regfree(v->exps[i].re);
      free(v->exps[i].re);
    }
  }
  free(v->exps);
  free(v);
}
