/*
 * MLIR's textual pass pipelines: parsing `builtin.module(func.func(cse),
 * tile{sizes=64,64 interchange=1,0})` into a pass manager, pass options
 * (bool, int, string, int list) including the defaults of a pass's table,
 * and printing a manager back in the same syntax. Errors point into the
 * pipeline text as `pipeline:LINE:COL`.
 */
#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "pass_internal.h"

/* What is being parsed, for diagnostics. */
typedef struct Scan {
  NlContext *ctx;
  const char *text;
  size_t len;
  bool registered;   /* text copied and registered as source "pipeline" */
  bool check_anchor; /* op-specific passes must sit in their op's pipeline */
  /* Parsing a default value of a pass's table rather than user text. */
  const NlPassDef *default_of;
  const NlPassOption *default_opt;
} Scan;

static bool
is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
skip_space(const Scan *s, size_t pos, size_t end)
{
  while (pos < end && is_space(s->text[pos]))
    pos++;
  return pos;
}

/* Reports an error at byte `at` of the text. The text is copied into the
 * context (it is small) and registered as the source "pipeline" so that
 * the diagnostic shows the line and a caret. */
static void
scan_error(Scan *s, size_t at, const char *fmt, ...) NL_PRINTF(3, 4);

static void
scan_error(Scan *s, size_t at, const char *fmt, ...)
{
  NlContext *ctx = s->ctx;
  NlBuf msg = {0};
  va_list ap;
  va_start(ap, fmt);
  nl_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  if (s->default_of) {
    nl_emit_error(ctx, nl_loc_unknown(ctx),
                  "pass '%s': invalid default value '%s' of option '%s': %s",
                  s->default_of->arg, s->text, s->default_opt->name,
                  msg.data);
    nl_buf_free(&msg);
    return;
  }
  if (!s->registered) {
    /* Registering replaces an earlier "pipeline" source: let a pending
     * diagnostic about that one print first. */
    nl_diag_flush(ctx);
    char *copy = nl_arena_alloc(&ctx->arena, s->len + 1, 1);
    memcpy(copy, s->text, s->len);
    copy[s->len] = 0;
    nl_context_add_source(ctx, "pipeline", copy, s->len, 1);
    s->registered = true;
  }
  uint32_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at && i < s->len; i++)
    if (s->text[i] == '\n') {
      line++;
      line_start = i + 1;
    }
  NlLoc *loc =
      nl_loc_file(ctx, "pipeline", line, (uint32_t)(at - line_start + 1));
  nl_emit_error(ctx, loc, "%s", msg.data);
  nl_buf_free(&msg);
}

/* ---- suggestions ------------------------------------------------------------- */

/* Levenshtein distance, capped: names are short. */
static size_t
edit_distance(const char *a, size_t na, const char *b)
{
  size_t nb = strlen(b);
  if (na > 64 || nb > 64)
    return (size_t)-1;
  size_t row[65];
  for (size_t j = 0; j <= nb; j++)
    row[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[nb];
}

static bool
close_enough(size_t dist, size_t len)
{
  size_t limit = len / 3 > 1 ? len / 3 : 1;
  return dist <= limit && dist < len;
}

static const char *
suggest_pass(NlContext *ctx, const char *name, size_t len)
{
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  const NlPassDef *d;
  for (size_t i = 0; (d = nl_context_pass_at(ctx, i)); i++) {
    size_t dist = edit_distance(name, len, d->arg);
    if (dist < best_d) {
      best_d = dist;
      best = d->arg;
    }
  }
  return best && close_enough(best_d, len) ? best : NULL;
}

/* ---- option values ----------------------------------------------------------- */

/* int ::= '-'? (decimal | '0x' hex) */
static bool
parse_int(const char *p, size_t n, int64_t *out, bool *overflow)
{
  char buf[72];
  *overflow = false;
  if (n == 0 || n >= sizeof buf)
    return false;
  memcpy(buf, p, n);
  buf[n] = 0;
  size_t i = buf[0] == '-' || buf[0] == '+';
  if (!buf[i] || buf[i] == '-' || buf[i] == '+' || is_space(buf[i]))
    return false;
  /* Decimal, or hex with 0x; a leading 0 does not mean octal. */
  bool hex = buf[i] == '0' && (buf[i + 1] == 'x' || buf[i + 1] == 'X');
  char *end;
  errno = 0;
  long long v = strtoll(buf, &end, hex ? 16 : 10);
  if (*end)
    return false;
  if (errno == ERANGE) {
    *overflow = true;
    return false;
  }
  *out = v;
  return true;
}

static void
trim(const char *t, size_t *a, size_t *b)
{
  while (*a < *b && is_space(t[*a]))
    (*a)++;
  while (*b > *a && is_space(t[*b - 1]))
    (*b)--;
}

static const char *
kind_name(NlPassOptionKind k)
{
  switch (k) {
  case NL_OPT_BOOL:
    return "a boolean (true or false)";
  case NL_OPT_INT:
    return "an integer";
  case NL_OPT_STRING:
    return "a string";
  case NL_OPT_INT_LIST:
    return "a comma-separated list of integers";
  }
  return "a value";
}

/* Stores text[a, b) into option o of opts. One level of quotes ("..." or
 * '...') or braces ({...}) around the value is removed. */
static NlResult
set_value(Scan *s, const NlPassDef *def, const NlPassOption *o, void *opts,
          size_t a, size_t b)
{
  const char *t = s->text;
  char *field = (char *)opts + o->offset;
  if (b - a >= 2 && ((t[a] == '"' && t[b - 1] == '"') ||
                     (t[a] == '\'' && t[b - 1] == '\'') ||
                     (t[a] == '{' && t[b - 1] == '}'))) {
    a++;
    b--;
  }
  bool overflow;
  switch (o->kind) {
  case NL_OPT_BOOL: {
    size_t n = b - a;
    bool v;
    if ((n == 4 && memcmp(t + a, "true", 4) == 0) ||
        (n == 1 && t[a] == '1'))
      v = true;
    else if ((n == 5 && memcmp(t + a, "false", 5) == 0) ||
             (n == 1 && t[a] == '0'))
      v = false;
    else {
      scan_error(s, a, "option '%s' of pass '%s' expects true or false, "
                 "got '%.*s'", o->name, def->arg, (int)n, t + a);
      return nl_failure();
    }
    memcpy(field, &v, sizeof v);
    return nl_success();
  }
  case NL_OPT_INT: {
    int64_t v;
    trim(t, &a, &b);
    if (!parse_int(t + a, b - a, &v, &overflow)) {
      scan_error(s, a, overflow ? "option '%s' of pass '%s': '%.*s' is out "
                                  "of range for a 64-bit integer"
                                : "option '%s' of pass '%s' expects an "
                                  "integer, got '%.*s'",
                 o->name, def->arg, (int)(b - a), t + a);
      return nl_failure();
    }
    memcpy(field, &v, sizeof v);
    return nl_success();
  }
  case NL_OPT_STRING: {
    char *old;
    memcpy(&old, field, sizeof old);
    free(old);
    char *v = nl_xstrndup(t + a, b - a);
    memcpy(field, &v, sizeof v);
    return nl_success();
  }
  case NL_OPT_INT_LIST: {
    NlIntList l = {0};
    uint32_t cap = 0;
    trim(t, &a, &b);
    size_t p = a;
    while (a < b) {
      size_t e = p;
      while (e < b && t[e] != ',')
        e++;
      size_t x = p, y = e;
      trim(t, &x, &y);
      int64_t v;
      if (!parse_int(t + x, y - x, &v, &overflow)) {
        if (x == y)
          scan_error(s, x, "option '%s' of pass '%s': expected an integer "
                     "in the list", o->name, def->arg);
        else
          scan_error(s, x, overflow ? "option '%s' of pass '%s': '%.*s' is "
                                      "out of range for a 64-bit integer"
                                    : "option '%s' of pass '%s' expects a "
                                      "list of integers, got '%.*s'",
                     o->name, def->arg, (int)(y - x), t + x);
        free(l.v);
        return nl_failure();
      }
      NL_VEC_PUSH(l.v, l.n, cap, v);
      if (e == b)
        break;
      p = e + 1;
      if (p == b) { /* trailing comma */
        scan_error(s, p, "option '%s' of pass '%s': expected an integer "
                   "after ','", o->name, def->arg);
        free(l.v);
        return nl_failure();
      }
    }
    NlIntList old;
    memcpy(&old, field, sizeof old);
    free(old.v);
    memcpy(field, &l, sizeof l);
    return nl_success();
  }
  }
  nl_unreachable("bad option kind");
}

NlResult
nl_pass_options_create(NlContext *ctx, const NlPassDef *def, void **out)
{
  *out = NULL;
  if (!def->noptions)
    return nl_success();
  void *opts = nl_xcalloc(1, def->options_size);
  for (uint32_t i = 0; i < def->noptions; i++) {
    const NlPassOption *o = &def->options[i];
    if (!o->default_value)
      continue;
    Scan s = {.ctx = ctx, .text = o->default_value,
              .len = strlen(o->default_value), .default_of = def,
              .default_opt = o};
    if (nl_failed(set_value(&s, def, o, opts, 0, s.len))) {
      nl_pass_options_free(def, opts);
      return nl_failure();
    }
  }
  *out = opts;
  return nl_success();
}

/* Finds the end of a value starting at pos: whitespace at brace depth 0
 * ends it; quotes and braces may hide whitespace. */
static NlResult
scan_value(Scan *s, size_t *pos, size_t end)
{
  const char *t = s->text;
  size_t p = *pos;
  int depth = 0;
  while (p < end && (depth > 0 || !is_space(t[p]))) {
    char c = t[p];
    if (c == '"' || c == '\'') {
      size_t q = p + 1;
      while (q < end && t[q] != c)
        q++;
      if (q == end) {
        scan_error(s, p, "unterminated %s-quoted option value",
                   c == '"' ? "double" : "single");
        return nl_failure();
      }
      p = q + 1;
      continue;
    }
    if (c == '{')
      depth++;
    else if (c == '}')
      depth--;
    p++;
  }
  *pos = p;
  return nl_success();
}

static const NlPassOption *
find_option(const NlPassDef *def, const char *name, size_t len)
{
  for (uint32_t i = 0; i < def->noptions; i++)
    if (strncmp(def->options[i].name, name, len) == 0 &&
        def->options[i].name[len] == 0)
      return &def->options[i];
  return NULL;
}

static void
unknown_option(Scan *s, const NlPassDef *def, size_t at, size_t len)
{
  const char *name = s->text + at;
  if (!def->noptions) {
    scan_error(s, at, "pass '%s' has no options (got '%.*s')", def->arg,
               (int)len, name);
    return;
  }
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  NlBuf all = {0};
  for (uint32_t i = 0; i < def->noptions; i++) {
    size_t d = edit_distance(name, len, def->options[i].name);
    if (d < best_d) {
      best_d = d;
      best = def->options[i].name;
    }
    nl_buf_printf(&all, "%s%s", i ? ", " : "", def->options[i].name);
  }
  if (best && close_enough(best_d, len))
    scan_error(s, at, "pass '%s' has no option '%.*s'; did you mean '%s'?",
               def->arg, (int)len, name, best);
  else
    scan_error(s, at, "pass '%s' has no option '%.*s' (its options: %s)",
               def->arg, (int)len, name, all.data);
  nl_buf_free(&all);
}

/* options ::= (option-name ('=' option-value)?)*   (whitespace-separated)
 * Parses text[pos, end) into opts. */
static NlResult
parse_options(Scan *s, const NlPassDef *def, void *opts, size_t pos,
              size_t end)
{
  const char *t = s->text;
  bool seen[64] = {0};
  bool *seenp = def->noptions <= 64 ? seen
                                    : nl_xcalloc(def->noptions, sizeof(bool));
  NlResult r = nl_success();
  for (;;) {
    pos = skip_space(s, pos, end);
    if (pos >= end)
      break;
    size_t key = pos;
    while (pos < end && !is_space(t[pos]) && t[pos] != '=')
      pos++;
    if (pos == key) {
      scan_error(s, key, "expected an option name before '='");
      r = nl_failure();
      break;
    }
    const NlPassOption *o = find_option(def, t + key, pos - key);
    if (!o) {
      unknown_option(s, def, key, pos - key);
      r = nl_failure();
      break;
    }
    uint32_t idx = (uint32_t)(o - def->options);
    if (seenp[idx]) {
      scan_error(s, key, "option '%s' of pass '%s' is given more than once",
                 o->name, def->arg);
      r = nl_failure();
      break;
    }
    seenp[idx] = true;
    if (pos < end && t[pos] == '=') {
      size_t v = ++pos;
      if (nl_failed(scan_value(s, &pos, end))) {
        r = nl_failure();
        break;
      }
      if (pos == v && o->kind != NL_OPT_STRING && o->kind != NL_OPT_INT_LIST) {
        scan_error(s, v, "option '%s' of pass '%s' expects %s after '='",
                   o->name, def->arg, kind_name(o->kind));
        r = nl_failure();
        break;
      }
      if (nl_failed(set_value(s, def, o, opts, v, pos))) {
        r = nl_failure();
        break;
      }
    } else if (o->kind == NL_OPT_BOOL) {
      bool v = true;
      memcpy((char *)opts + o->offset, &v, sizeof v);
    } else {
      scan_error(s, key, "option '%s' of pass '%s' needs a value: %s=<%s>",
                 o->name, def->arg, o->name, kind_name(o->kind));
      r = nl_failure();
      break;
    }
  }
  if (seenp != seen)
    free(seenp);
  return r;
}

/* The position of the '}' that closes the '{' at open, or 0. */
static size_t
matching_brace(const Scan *s, size_t open)
{
  const char *t = s->text;
  int depth = 0;
  for (size_t p = open; p < s->len; p++) {
    char c = t[p];
    if (c == '"' || c == '\'') {
      size_t q = p + 1;
      while (q < s->len && t[q] != c)
        q++;
      if (q == s->len)
        return 0;
      p = q;
    } else if (c == '{') {
      depth++;
    } else if (c == '}' && --depth == 0) {
      return p;
    }
  }
  return 0;
}

/* ---- pipelines ------------------------------------------------------------------- */

static bool
is_name_char(char c)
{
  return c && !is_space(c) && !strchr(",(){}", c);
}

static bool
same_anchor(const char *a, const char *b)
{
  return a == b || (a && b && strcmp(a, b) == 0);
}

static NlResult parse_list(Scan *s, NlPassManager *pm, size_t *pos,
                           char close);

/* pipeline-element ::= op-name '(' pipeline-element-list? ')'
 *                    | pass-name ('{' options '}')?                      */
static NlResult
parse_element(Scan *s, NlPassManager *pm, size_t *pos)
{
  const char *t = s->text;
  size_t p = skip_space(s, *pos, s->len);
  size_t name = p;
  while (p < s->len && is_name_char(t[p]))
    p++;
  size_t nlen = p - name;
  if (nlen == 0) {
    if (p < s->len)
      scan_error(s, p, "expected a pass or pipeline name, found '%c'", t[p]);
    else
      scan_error(s, p, "expected a pass or pipeline name");
    return nl_failure();
  }
  p = skip_space(s, p, s->len);

  if (p < s->len && t[p] == '(') {
    char *anchor = nl_xstrndup(t + name, nlen);
    bool any = strcmp(anchor, "any") == 0;
    NlPassManager *n = nl_pm_new(s->ctx, pm->root, any ? NULL : anchor);
    free(anchor);
    nl_pm_push(pm, NL_PM_NESTED)->nested = n;
    p++;
    if (nl_failed(parse_list(s, n, &p, ')')))
      return nl_failure();
    *pos = p;
    return nl_success();
  }

  const NlPassDef *def = nl_context_lookup_pass(s->ctx, t + name, nlen);
  if (!def) {
    const char *best = suggest_pass(s->ctx, t + name, nlen);
    if (best)
      scan_error(s, name, "unknown pass '%.*s'; did you mean '%s'?",
                 (int)nlen, t + name, best);
    else
      scan_error(s, name, "unknown pass '%.*s'", (int)nlen, t + name);
    return nl_failure();
  }
  if (s->check_anchor && def->anchor && !same_anchor(def->anchor, pm->anchor)) {
    scan_error(s, name,
               "pass '%s' runs on '%s' ops and cannot be added to %s '%s' "
               "pipeline; nest it: %s(%s)",
               def->arg, def->anchor, pm->anchor ? "a" : "an",
               pm->anchor ? pm->anchor : "any", def->anchor, def->arg);
    return nl_failure();
  }
  void *opts;
  if (nl_failed(nl_pass_options_create(s->ctx, def, &opts)))
    return nl_failure();
  if (p < s->len && t[p] == '{') {
    size_t close = matching_brace(s, p);
    if (!close) {
      scan_error(s, p, "missing '}' after the options of pass '%s'",
                 def->arg);
      nl_pass_options_free(def, opts);
      return nl_failure();
    }
    if (!def->noptions) {
      size_t q = skip_space(s, p + 1, close);
      if (q < close) {
        size_t e = q;
        while (e < close && !is_space(t[e]) && t[e] != '=')
          e++;
        unknown_option(s, def, q, e - q);
        return nl_failure();
      }
    } else if (nl_failed(parse_options(s, def, opts, p + 1, close))) {
      nl_pass_options_free(def, opts);
      return nl_failure();
    }
    p = close + 1;
  }
  NlPmItem *it = nl_pm_push(pm, NL_PM_PASS);
  it->def = def;
  it->opts = opts;
  *pos = p;
  return nl_success();
}

/* pipeline-element-list ::= pipeline-element (',' pipeline-element)*
 * Parses until `close` (')', or 0 for the end of the text); an empty list
 * is allowed. */
static NlResult
parse_list(Scan *s, NlPassManager *pm, size_t *pos, char close)
{
  const char *t = s->text;
  size_t open = *pos;
  size_t p = skip_space(s, *pos, s->len);
  if (close ? (p < s->len && t[p] == close) : p == s->len) {
    *pos = close ? p + 1 : p;
    return nl_success();
  }
  for (;;) {
    if (nl_failed(parse_element(s, pm, &p)))
      return nl_failure();
    p = skip_space(s, p, s->len);
    if (p < s->len && t[p] == ',') {
      p++;
      continue;
    }
    if (close && p < s->len && t[p] == close) {
      *pos = p + 1;
      return nl_success();
    }
    if (!close && p == s->len) {
      *pos = p;
      return nl_success();
    }
    if (p == s->len)
      scan_error(s, p, "missing ')' to close the '%s' pipeline opened at "
                 "column %zu", pm->anchor ? pm->anchor : "any", open);
    else if (!close && t[p] == ')')
      scan_error(s, p, "unbalanced ')'");
    else if (close)
      scan_error(s, p, "expected ',' or ')' after a pipeline element, "
                 "found '%c'", t[p]);
    else
      scan_error(s, p, "expected ',' or the end after a pipeline element, "
                 "found '%c'", t[p]);
    return nl_failure();
  }
}

/* Moves every item of src to the end of dst and frees src. */
static void
move_items(NlPassManager *dst, NlPassManager *src)
{
  for (uint32_t i = 0; i < src->nitems; i++)
    *nl_pm_push(dst, src->items[i].kind) = src->items[i];
  src->nitems = 0;
  nl_pm_free(src);
  free(src);
}

NlResult
nl_pass_manager_parse(NlPassManager *pm, const char *pipeline)
{
  Scan s = {.ctx = pm->ctx, .text = pipeline, .len = strlen(pipeline),
            .check_anchor = true};
  NlPassManager *tmp = nl_pm_new(pm->ctx, pm->root, pm->anchor);
  size_t pos = 0;
  if (nl_failed(parse_list(&s, tmp, &pos, 0))) {
    nl_pm_free(tmp);
    free(tmp);
    return nl_failure();
  }
  /* `builtin.module(a,b)` on a builtin.module manager is the anchored
   * form: its contents are the pipeline. Anything else is a bare list. */
  if (tmp->nitems == 1 && tmp->items[0].kind == NL_PM_NESTED &&
      same_anchor(tmp->items[0].nested->anchor, pm->anchor)) {
    NlPassManager *inner = tmp->items[0].nested;
    tmp->nitems = 0;
    nl_pm_free(tmp);
    free(tmp);
    tmp = inner;
  }
  move_items(pm, tmp);
  return nl_success();
}

NlResult
nl_pass_manager_add(NlPassManager *pm, const char *arg,
                    const char *options)
{
  NlBuf text = {0};
  nl_buf_puts(&text, arg ? arg : "");
  if (options && options[strspn(options, " \t\n\r")])
    nl_buf_printf(&text, "{%s}", options);
  Scan s = {.ctx = pm->ctx, .text = text.data ? text.data : "",
            .len = text.len};
  NlPassManager *tmp = nl_pm_new(pm->ctx, pm->root, NULL);
  size_t pos = 0;
  NlResult r = parse_element(&s, tmp, &pos);
  if (nl_succeeded(r) && tmp->items[0].kind != NL_PM_PASS) {
    scan_error(&s, 0, "expected a pass name, not a nested pipeline");
    r = nl_failure();
  }
  if (nl_succeeded(r) && skip_space(&s, pos, s.len) < s.len) {
    pos = skip_space(&s, pos, s.len);
    scan_error(&s, pos, "unexpected '%c' after pass '%s'", s.text[pos],
               tmp->items[0].def->arg);
    r = nl_failure();
  }
  if (nl_failed(r)) {
    nl_pm_free(tmp);
    free(tmp);
    nl_buf_free(&text);
    return r;
  }
  /* Nest an op-specific pass under its op, reusing the last nested
   * pipeline when it is for the same op (`--cse --licm` on functions gives
   * func.func(cse,licm), not two sweeps). */
  const NlPassDef *def = tmp->items[0].def;
  NlPassManager *dst = pm;
  if (def->anchor && !same_anchor(def->anchor, pm->anchor)) {
    NlPmItem *last = pm->nitems ? &pm->items[pm->nitems - 1] : NULL;
    if (last && last->kind == NL_PM_NESTED &&
        same_anchor(last->nested->anchor, def->anchor)) {
      dst = last->nested;
    } else {
      dst = nl_pm_new(pm->ctx, pm->root, def->anchor);
      nl_pm_push(pm, NL_PM_NESTED)->nested = dst;
    }
  }
  move_items(dst, tmp);
  nl_buf_free(&text);
  return nl_success();
}

/* ---- printing ---------------------------------------------------------------------- */

static void
print_string_value(const char *v, NlBuf *out)
{
  if (!v)
    v = "";
  bool plain = *v != 0;
  for (const char *p = v; *p && plain; p++)
    if (is_space(*p) || strchr("{}(),'\"=", *p))
      plain = false;
  if (plain)
    nl_buf_puts(out, v);
  else if (!strchr(v, '"'))
    nl_buf_printf(out, "\"%s\"", v);
  else if (!strchr(v, '\''))
    nl_buf_printf(out, "'%s'", v);
  else
    nl_buf_printf(out, "{%s}", v);
}

void
nl_pass_print_instance(const NlPassDef *def, const void *opts, NlBuf *out)
{
  nl_buf_puts(out, def->arg);
  if (!def->noptions || !opts)
    return;
  nl_buf_putc(out, '{');
  for (uint32_t i = 0; i < def->noptions; i++) {
    const NlPassOption *o = &def->options[i];
    const char *field = (const char *)opts + o->offset;
    nl_buf_printf(out, "%s%s=", i ? " " : "", o->name);
    switch (o->kind) {
    case NL_OPT_BOOL: {
      bool v;
      memcpy(&v, field, sizeof v);
      nl_buf_puts(out, v ? "true" : "false");
      break;
    }
    case NL_OPT_INT: {
      int64_t v;
      memcpy(&v, field, sizeof v);
      nl_buf_printf(out, "%lld", (long long)v);
      break;
    }
    case NL_OPT_STRING: {
      const char *v;
      memcpy(&v, field, sizeof v);
      print_string_value(v, out);
      break;
    }
    case NL_OPT_INT_LIST: {
      NlIntList l;
      memcpy(&l, field, sizeof l);
      for (uint32_t j = 0; j < l.n; j++)
        nl_buf_printf(out, "%s%lld", j ? "," : "", (long long)l.v[j]);
      break;
    }
    }
  }
  nl_buf_putc(out, '}');
}

static void
print_pm(const NlPassManager *pm, NlBuf *out)
{
  nl_buf_printf(out, "%s(", pm->anchor ? pm->anchor : "any");
  for (uint32_t i = 0; i < pm->nitems; i++) {
    const NlPmItem *it = &pm->items[i];
    if (i)
      nl_buf_putc(out, ',');
    if (it->kind == NL_PM_PASS)
      nl_pass_print_instance(it->def, it->opts, out);
    else
      print_pm(it->nested, out);
  }
  nl_buf_putc(out, ')');
}

char *
nl_pass_manager_str(NlPassManager *pm)
{
  NlBuf out = {0};
  print_pm(pm, &out);
  return nl_buf_take(&out);
}
