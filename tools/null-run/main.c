/* TEMPORARY stub of null-run (DESIGN.md section 6, docs/lowering.md). */
#include <stdio.h>

int
main(void)
{
  fprintf(stderr, "null-run: not implemented yet\n");
  return 1;
}
