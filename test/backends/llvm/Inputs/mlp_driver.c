/* Driver of onnx-e2e.test: the model ABI through the generated header. */
#include <stdio.h>
#include <stdlib.h>

#include "mlp.h"

int
main(void)
{
  float x[mlp_INPUT_0_SIZE] = {1, 2, 3, -1, 0.5f, 2};
  float y[mlp_OUTPUT_0_SIZE], r[mlp_OUTPUT_1_SIZE];
  void *ws = aligned_alloc(64, mlp_workspace_size() + 64);
  mlp(x, y, r, ws);
  for (int i = 0; i < mlp_OUTPUT_0_SIZE; i++)
    printf("Y[%d] = %.5f\n", i, y[i]);
  for (int i = 0; i < mlp_OUTPUT_1_SIZE; i++)
    printf("R[%d] = %.5f\n", i, r[i]);
  free(ws);
  return 0;
}
