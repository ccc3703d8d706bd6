/*
 * A C program linked with a compiled model through its generated header
 * (null-translate --emit=obj / --emit=header): compile with
 * -include MODEL.h -DG=<model function>. Reads input 0 from a raw file,
 * runs the model through the typed entry point G and writes output 0.
 * Only for models with one input and one output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define M(suffix) CAT(G, suffix)

#if M(_NUM_INPUTS) != 1 || M(_NUM_OUTPUTS) != 1
#error "link_main.c handles one input and one output"
#endif

int
main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: %s IN.bin OUT.bin\n", argv[0]);
    return 1;
  }
  static const long long in_shape[] = M(_INPUT_0_SHAPE);
  long long n = 1;
  for (int i = 0; i < M(_INPUT_0_RANK); i++)
    n *= in_shape[i];
  if (n != M(_INPUT_0_SIZE)) {
    fprintf(stderr, "shape and size disagree\n");
    return 1;
  }
  M(_INPUT_0_TYPE) *x = aligned_alloc(64, (M(_INPUT_0_BYTES) + 63) / 64 * 64);
  M(_OUTPUT_0_TYPE) *y = aligned_alloc(64, (M(_OUTPUT_0_BYTES) + 63) / 64 * 64);
  size_t ws = M(_workspace_size)();
  if (ws != M(_WORKSPACE_SIZE)) {
    fprintf(stderr, "workspace size %zu, header says %lld\n", ws,
            (long long)M(_WORKSPACE_SIZE));
    return 1;
  }
  void *workspace = aligned_alloc(64, ws ? (ws + 63) / 64 * 64 : 64);
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(x, 1, M(_INPUT_0_BYTES), f) != M(_INPUT_0_BYTES)) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  fclose(f);
  G(x, y, workspace);
  f = fopen(argv[2], "wb");
  if (!f || fwrite(y, 1, M(_OUTPUT_0_BYTES), f) != M(_OUTPUT_0_BYTES)) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  fclose(f);
  printf("ran the model: input %s, output %s\n", M(_INPUT_0_NAME),
         M(_OUTPUT_0_NAME));
  free(x);
  free(y);
  free(workspace);
  return 0;
}
