/* Option tables of the tools (tool_options.h). */
#include "common/tool_options.h"

#include <string.h>

const NlToolOption *
nl_tool_option_lookup(const NlToolOption *opts, size_t n, const char *arg,
                      const char **value)
{
  const char *name = arg + (arg[1] == '-' ? 2 : 1);
  const char *eq = strchr(name, '=');
  size_t len = eq ? (size_t)(eq - name) : strlen(name);
  *value = eq ? eq + 1 : NULL;
  if (len == 1 && name[0] == 'h') {
    name = "help";
    len = 4;
  }
  for (size_t k = 0; k < n; k++)
    if (strlen(opts[k].name) == len && !strncmp(opts[k].name, name, len))
      return &opts[k];
  return NULL;
}

void
nl_tool_usage_error(const char *tool, const char *fmt, const char *a,
                    const char *b)
{
  fprintf(stderr, "%s: ", tool);
  fprintf(stderr, fmt, a, b);
  fprintf(stderr, "\nTry '%s --help' for more information.\n", tool);
}

void
nl_tool_print_option_line(FILE *out, const char *spelled, const char *help)
{
  int w = fprintf(out, "  %s", spelled);
  if (w >= 31) {
    fputc('\n', out);
    w = 0;
  }
  fprintf(out, "%*s%s\n", 32 - w, "", help);
}
