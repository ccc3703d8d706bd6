/* Driver of Inputs/kernel.nir (the model ABI of docs/lowering.md): runs
 * the model directly and through model_packed and prints every output. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t model_workspace_size(void);
void model(const float *x, float *y, float *s, void *workspace);
void model_packed(void *const *args, void *workspace);

int
main(void)
{
  float x[20], y[20], s[2], y2[20], s2[2];
  for (int i = 0; i < 20; i++)
    x[i] = (float)(i - 7) * 0.25f;
  x[13] = NAN;
  size_t n = model_workspace_size();
  printf("workspace %zu\n", n);
  void *ws = aligned_alloc(64, n);
  memset(y, 0, sizeof y);
  model(x, y, s, ws);
  void *args[3] = {x, y2, s2};
  model_packed(args, ws);
  for (int i = 0; i < 20; i++)
    printf("y[%d] = %.5f\n", i, y[i]);
  printf("s = %.5f %.5f\n", s[0], s[1]);
  printf("packed %s\n", memcmp(y, y2, sizeof y) || memcmp(s, s2, sizeof s)
                            ? "differs" : "same");
  free(ws);
  return 0;
}
