/*
 * Latency statistics for --bench: the median, minimum and maximum of the
 * timed runs, in the one-line format scripts parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "run.h"

double
nr_now(void)
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

void
nr_print_latency(double *samples, int n)
{
  if (n <= 0)
    return;
  qsort(samples, (size_t)n, sizeof(*samples), cmp_double);
  double median =
      n % 2 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
  printf("latency_ms: median=%.6f min=%.6f max=%.6f\n", median * 1e3,
         samples[0] * 1e3, samples[n - 1] * 1e3);
  fflush(stdout);
}
