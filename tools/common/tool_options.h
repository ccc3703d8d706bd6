/*
 * The option tables of the tools (null-opt, null-translate, null-run):
 * one entry per own flag, looked up by its spelling (`-x`, `--x`,
 * `--x=v`), the usage-error message every tool prints, and the --help
 * line layout (help text in column 32, as in the pass section).
 */
#ifndef NULL_TOOLS_TOOL_OPTIONS_H
#define NULL_TOOLS_TOOL_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

typedef enum NlToolOptKind {
  NL_OPT_FLAG,           /* --x */
  NL_OPT_VALUE,          /* --x V or --x=V */
  NL_OPT_OPTIONAL_VALUE, /* --x or --x=V */
} NlToolOptKind;

typedef struct NlToolOption {
  const char *name;
  NlToolOptKind kind;
  const char *meta; /* value placeholder for --help */
  const char *help;
} NlToolOption;

/* The option of opts[0..n) spelled by arg, with *value set to the text
 * after '=' (or NULL); `-h` finds the option named "help". NULL when arg
 * names none of them. */
const NlToolOption *nl_tool_option_lookup(const NlToolOption *opts, size_t n,
                                          const char *arg,
                                          const char **value);

/* Prints "TOOL: <fmt, a, b>" and the --help hint to stderr. */
void nl_tool_usage_error(const char *tool, const char *fmt, const char *a,
                         const char *b);

/* Prints one --help line: "  SPELLED" then help at column 32 (on the next
 * line when SPELLED is long). */
void nl_tool_print_option_line(FILE *out, const char *spelled,
                               const char *help);

#endif
