/*
 * The example program of scripts/run.sh: classifies the test digits with
 * the model compiled ahead of time by null-translate (digits.o), through
 * the generated header (digits.h). It needs no runtime: the weights are in
 * the object, the activations in a workspace this program allocates.
 *
 *   cc -std=c11 -I BUILD main.c digits.o -lm -o digits
 *   ./digits images.bin labels.txt
 */
#include <stdio.h>
#include <stdlib.h>

#include "digits.h"

enum {
  N = 10, /* images in the batch */
  H = 8,
  W = 8, /* pixels */
  CLASSES = 10,
};

_Static_assert(digits_INPUT_0_SIZE == N * H * W, "input shape");
_Static_assert(digits_OUTPUT_0_SIZE == N * CLASSES, "output shape");

static void
draw(const float *images)
{
  for (int y = 0; y < H; y++) {
    for (int i = 0; i < N; i++) {
      for (int x = 0; x < W; x++) {
        float v = images[(i * H + y) * W + x];
        putchar(v > 0.55f ? '#' : v > 0.3f ? '.' : ' ');
      }
      fputs(i + 1 < N ? "  " : "\n", stdout);
    }
  }
}

int
main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: %s images.bin labels.txt\n", argv[0]);
    return 1;
  }
  static float images[digits_INPUT_0_SIZE];
  static float probs[digits_OUTPUT_0_SIZE];
  int labels[N];
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(images, 1, sizeof images, f) != sizeof images) {
    fprintf(stderr, "cannot read %d images from %s\n", N, argv[1]);
    return 1;
  }
  fclose(f);
  f = fopen(argv[2], "r");
  for (int i = 0; i < N; i++)
    if (!f || fscanf(f, "%d", &labels[i]) != 1) {
      fprintf(stderr, "cannot read %d labels from %s\n", N, argv[2]);
      return 1;
    }
  fclose(f);

  /* The workspace: digits_workspace_size() bytes, 64-byte aligned. */
  size_t ws = digits_workspace_size();
  void *workspace = aligned_alloc(64, ws ? (ws + 63) / 64 * 64 : 64);
  if (!workspace)
    return 1;
  digits(images, probs, workspace);
  free(workspace);

  draw(images);
  int correct = 0;
  for (int i = 0; i < N; i++) {
    const float *p = &probs[i * CLASSES];
    int best = 0;
    for (int c = 1; c < CLASSES; c++)
      if (p[c] > p[best])
        best = c;
    correct += best == labels[i];
    printf("image %d: predicted %d (p = %.3f), label %d%s\n", i, best, p[best],
           labels[i], best == labels[i] ? "" : "  <- wrong");
  }
  printf("%d of %d digits classified correctly\n", correct, N);
  return correct == N ? 0 : 1;
}
