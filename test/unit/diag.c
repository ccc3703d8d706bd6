// RUN: nl-unit-diag 2>&1 | FileCheck %s
//
// Diagnostics: a custom handler sees each diagnostic with its notes once it
// is flushed; error counting; the printed form with source line and caret;
// chunked sources; dialect and plug-in loading failures.

#include "unit.h"

typedef struct Seen {
  int n;
  NlBuf log;
} Seen;

static void
record(const NlDiag *d, void *ud)
{
  Seen *s = ud;
  s->n++;
  static const char *sev[] = {"error", "warning", "remark", "note"};
  nl_buf_printf(&s->log, "[%s] %s", sev[d->severity], d->msg);
  for (const NlDiag *n = d->notes; n; n = n->next) {
    nl_buf_printf(&s->log, " {%s ", sev[n->severity]);
    nl_loc_describe(n->loc, &s->log);
    nl_buf_printf(&s->log, ": %s}", n->msg);
  }
  nl_buf_putc(&s->log, '\n');
}

// CHECK: handler: ok
static void
test_handler(void)
{
  NlContext *ctx = unit_context();
  Seen s = {0};
  nl_context_set_diag_handler(ctx, record, &s);
  NlLoc *l1 = nl_loc_file(ctx, "m.nir", 2, 3);
  NlLoc *l2 = nl_loc_file(ctx, "m.nir", 5, 1);
  NlDiag *d = nl_emit_error(ctx, l1, "bad %s #%d", "thing", 1);
  CHECK(s.n == 0); /* still open for notes */
  CHECK(nl_context_error_count(ctx) == 1);
  nl_diag_note(d, l2, "defined here");
  nl_diag_note(d, NULL, "same place");
  nl_emit_warning(ctx, NULL, "careful");
  CHECK(s.n == 1);
  nl_emit_remark(ctx, l1, "fyi");
  NlOp *op = unit_op(ctx, "t.op", NULL, 0, NULL, 0, 0, NULL, 0);
  nl_op_emit_error(op, "has %d problems", 2);
  nl_op_emit_warning(op, "w");
  nl_op_emit_remark(op, "r");
  nl_diag_flush(ctx);
  nl_diag_flush(ctx); /* nothing pending: no-op */
  CHECK(s.n == 6);
  CHECK(nl_context_error_count(ctx) == 2);
  CHECK_STR(s.log.data, "[error] bad thing #1 {note m.nir:5:1: defined here}"
                        " {note m.nir:2:3: same place}\n"
                        "[warning] careful\n"
                        "[remark] fyi\n"
                        "[error] 't.op' op has 2 problems\n"
                        "[warning] 't.op' op w\n"
                        "[remark] 't.op' op r\n");
  nl_op_destroy(op);
  /* a pending diagnostic is flushed when the context goes away */
  nl_emit_error(ctx, NULL, "last words");
  nl_context_destroy(ctx);
  CHECK(s.n == 7);
  nl_buf_free(&s.log);
  unit_report("handler");
}

static char *
print_to_string(NlContext *ctx, const NlDiag *d)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  nl_diag_print(ctx, d, f);
  fclose(f);
  return buf;
}

typedef struct Printed {
  NlContext *ctx;
  NlBuf out;
} Printed;

static void
print_handler(const NlDiag *d, void *ud)
{
  Printed *p = ud;
  char *s = print_to_string(p->ctx, d);
  nl_buf_puts(&p->out, s);
  free(s);
}

// CHECK: print: ok
static void
test_print(void)
{
  NlContext *ctx = nl_context_create();
  Printed p = {ctx, {0}};
  nl_context_set_diag_handler(ctx, print_handler, &p);
  const char *src = "module {\n"
                    "  %0 = foo %a\n"
                    "\t%1 = bar\r\n"
                    "}";
  nl_context_add_source(ctx, "m.nir", src, strlen(src), 1);
  NlDiag *d = nl_emit_error(ctx, nl_loc_file(ctx, "m.nir", 2, 8), "unknown op");
  nl_diag_note(d, nl_loc_file(ctx, "m.nir", 3, 3), "tab before");
  nl_emit_warning(ctx, nl_loc_name(ctx, "n", nl_loc_file(ctx, "m.nir", 4, 1)),
                  "last line");
  nl_emit_error(ctx, nl_loc_file(ctx, "m.nir", 9, 1), "past the end");
  nl_emit_error(ctx, nl_loc_file(ctx, "other.nir", 1, 1), "unregistered");
  nl_emit_remark(ctx, nl_loc_name(ctx, "Conv_3", NULL), "named");
  nl_emit_error(ctx, NULL, "nowhere");
  nl_diag_flush(ctx);
  CHECK_STR(p.out.data, "m.nir:2:8: error: unknown op\n"
                        "  %0 = foo %a\n"
                        "       ^\n"
                        "m.nir:3:3: note: tab before\n"
                        "\t%1 = bar\n"
                        "\t ^\n"
                        "m.nir:4:1: warning: last line\n"
                        "}\n"
                        "^\n"
                        "m.nir:9:1: error: past the end\n"
                        "other.nir:1:1: error: unregistered\n"
                        "'Conv_3': remark: named\n"
                        "<unknown>: error: nowhere\n");
  /* split-input-file chunks: the chunk that holds the line is used */
  p.out.len = 0;
  const char *c1 = "a\nb\n", *c2 = "c\nd\n";
  nl_context_add_source(ctx, "s.nir", c1, strlen(c1), 1);
  nl_context_add_source(ctx, "s.nir", c2, strlen(c2), 4);
  nl_emit_error(ctx, nl_loc_file(ctx, "s.nir", 5, 1), "in chunk two");
  nl_emit_error(ctx, nl_loc_file(ctx, "s.nir", 2, 1), "in chunk one");
  nl_diag_flush(ctx);
  CHECK_STR(p.out.data, "s.nir:5:1: error: in chunk two\nd\n^\n"
                        "s.nir:2:1: error: in chunk one\nb\n^\n");
  nl_context_destroy(ctx);
  nl_buf_free(&p.out);
  unit_report("print");
}

// CHECK: cannot load dialect plugin '/nonexistent/libplugin.so': No such file
// CHECK: load failures: ok
static void
test_load_failures(void)
{
  NlContext *ctx = nl_context_create();
  Seen s = {0};
  nl_context_set_diag_handler(ctx, record, &s);
  static const NlOpDef bad_ops[] = {{.name = "other.op"}};
  static const NlDialect bad = {.name = "bad", .ops = bad_ops, .nops = 1};
  CHECK(nl_failed(nl_context_load_dialect(ctx, &bad)));
  CHECK(nl_context_lookup_dialect(ctx, "bad", 3) == NULL);
  CHECK(nl_succeeded(nl_context_load_dialect(ctx, &unit_dialect)));
  static const NlDialect clash = {.name = "t"};
  CHECK(nl_failed(nl_context_load_dialect(ctx, &clash)));
  CHECK(nl_failed(
      nl_context_load_dialect_plugin(ctx, "/nonexistent/libplugin.so")));
  CHECK(nl_failed(nl_context_load_dialect_plugin(ctx, "/etc/hostname")));
  nl_diag_flush(ctx);
  CHECK(s.n == 4 && nl_context_error_count(ctx) == 4);
  CHECK(strstr(s.log.data, "[error] cannot load dialect 'bad': op name "
                           "'other.op' does not start with 'bad.'\n") != 0);
  CHECK(strstr(s.log.data, "[error] cannot load dialect 't': a dialect with "
                           "that name is already loaded\n") != 0);
  CHECK(strstr(s.log.data,
               "[error] cannot load dialect plugin "
               "'/nonexistent/libplugin.so': No such file or directory\n") !=
        0);
  CHECK(strstr(s.log.data,
               "[error] cannot load dialect plugin '/etc/hostname': ") != 0);
  printf("%s", s.log.data);
  nl_context_destroy(ctx);
  nl_buf_free(&s.log);
  unit_report("load failures");
}

int
main(void)
{
  test_handler();
  test_print();
  test_load_failures();
  // CHECK: all checks passed
  return unit_finish();
}
