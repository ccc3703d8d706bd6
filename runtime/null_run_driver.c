/*
 * The driver null-run --target=aarch64 links with a compiled model
 * (tools/null-run/cross.c): compiled with `-DNL_MODEL=G` for the model's
 * function G, statically linked, run under qemu-aarch64. Plain C11 +
 * POSIX clocks; needs nothing but libc and libm.
 *
 *   driver BENCH NIN NOUT IN_0 BYTES_0 ... OUT_0 BYTES_0 ...
 *
 * Reads each input file (raw row-major bytes, exactly BYTES long), calls
 * G_packed once with a 64-byte aligned workspace of G_workspace_size()
 * bytes, writes each output file; with BENCH > 0, that run was the
 * warm-up: times BENCH more runs and prints
 * `latency_ms: median=X min=Y max=Z`.
 * Exit status 0, or 1 after a message on stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef NL_MODEL
#error "compile with -DNL_MODEL=<model function name>"
#endif
#define NL_CAT_(a, b) a##b
#define NL_CAT(a, b) NL_CAT_(a, b)

void NL_CAT(NL_MODEL, _packed)(void *const *args, void *workspace);
size_t NL_CAT(NL_MODEL, _workspace_size)(void);

static void *
alloc64(size_t n)
{
  size_t r = (n + 63) / 64 * 64;
  void *p = aligned_alloc(64, r ? r : 64);
  if (!p) {
    fprintf(stderr, "driver: out of memory (%zu bytes)\n", n);
    exit(1);
  }
  memset(p, 0, r ? r : 64);
  return p;
}

static size_t
parse_size(const char *s)
{
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  if (!*s || *end) {
    fprintf(stderr, "driver: bad number '%s'\n", s);
    exit(1);
  }
  return (size_t)v;
}

static double
now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
  if (argc < 4) {
    fprintf(stderr, "usage: driver BENCH NIN NOUT (FILE BYTES)...\n");
    return 1;
  }
  size_t bench = parse_size(argv[1]);
  size_t nin = parse_size(argv[2]), nout = parse_size(argv[3]);
  if ((size_t)argc != 4 + 2 * (nin + nout)) {
    fprintf(stderr, "driver: expected %zu file arguments\n", nin + nout);
    return 1;
  }
  void **args = calloc(nin + nout + 1, sizeof(*args));
  for (size_t i = 0; i < nin + nout; i++) {
    const char *path = argv[4 + 2 * i];
    size_t bytes = parse_size(argv[5 + 2 * i]);
    args[i] = alloc64(bytes);
    if (i >= nin)
      continue;
    FILE *f = fopen(path, "rb");
    if (!f || fread(args[i], 1, bytes, f) != bytes) {
      fprintf(stderr, "driver: cannot read %zu bytes from '%s'\n", bytes, path);
      return 1;
    }
    fclose(f);
  }
  void *ws = alloc64(NL_CAT(NL_MODEL, _workspace_size)());
  NL_CAT(NL_MODEL, _packed)(args, ws);
  for (size_t i = nin; i < nin + nout; i++) {
    const char *path = argv[4 + 2 * i];
    size_t bytes = parse_size(argv[5 + 2 * i]);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(args[i], 1, bytes, f) != bytes || fclose(f) != 0) {
      fprintf(stderr, "driver: cannot write '%s'\n", path);
      return 1;
    }
  }
  if (bench) {
    double *s = malloc(bench * sizeof(*s));
    if (!s)
      return 1;
    /* The first run (whose outputs were written) was the warm-up. */
    for (size_t i = 0; i < bench; i++) {
      double t0 = now();
      NL_CAT(NL_MODEL, _packed)(args, ws);
      s[i] = now() - t0;
    }
    qsort(s, bench, sizeof(*s), cmp_double);
    double median =
        bench % 2 ? s[bench / 2] : 0.5 * (s[bench / 2 - 1] + s[bench / 2]);
    printf("latency_ms: median=%.6f min=%.6f max=%.6f\n", median * 1e3,
           s[0] * 1e3, s[bench - 1] * 1e3);
    free(s);
  }
  return 0;
}
