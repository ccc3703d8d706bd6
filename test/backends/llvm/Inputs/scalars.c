/* Driver of Inputs/scalars.nir: prints each function on a few inputs. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

int32_t ceildivsi(int32_t, int32_t);
uint32_t ceildivui(uint32_t, uint32_t);
int32_t floordivsi(int32_t, int32_t);
int32_t ipowi(int32_t, int32_t);
double fpowi(double, int32_t);
int32_t mulsi_hi(int32_t, int32_t);
uint32_t mului_hi(uint32_t, uint32_t);
float maximumf(float, float);
float maxnumf(float, float);
float minimumf(float, float);
float redmax(float *);
int32_t redadd(int32_t *);
void tanh_vec(double *);

int
main(void)
{
  printf("ceildivsi %d %d %d %d\n", ceildivsi(7, 2), ceildivsi(-7, 2),
         ceildivsi(7, -2), ceildivsi(-8, 2));
  printf("ceildivui %u %u\n", ceildivui(7, 2), ceildivui(4000000000u, 3));
  printf("floordivsi %d %d %d %d\n", floordivsi(7, 2), floordivsi(-7, 2),
         floordivsi(7, -2), floordivsi(-8, 2));
  printf("ipowi %d %d %d %d %d %d\n", ipowi(3, 4), ipowi(-2, 5), ipowi(5, 0),
         ipowi(2, -1), ipowi(-1, -3), ipowi(1, -7));
  printf("fpowi %g %g\n", fpowi(2.0, 10), fpowi(2.0, -2));
  printf("mulsi_hi %d %d\n", mulsi_hi(-2, 3), mulsi_hi(0x40000000, 8));
  printf("mului_hi %u\n", mului_hi(0xFFFFFFFFu, 2));
  printf("maximumf %g %g %g\n", maximumf(NAN, 1.0f), maximumf(-0.0f, 0.0f),
         maximumf(1.0f, 2.0f));
  printf("maxnumf %g\n", maxnumf(NAN, 1.0f));
  printf("minimumf %g %g\n", minimumf(1.0f, NAN), minimumf(0.0f, -0.0f));
  float m[8] = {1, 5, 3, NAN, 2, 0, 0, 0}, m2[8] = {1, 5, 3, 4, 9, 0, -1, 2};
  printf("redmax %g %g\n", redmax(m), redmax(m2));
  int32_t r[5] = {1, 2, 3, 4, 5};
  printf("redadd %d\n", redadd(r));
  double t[4] = {0.0, 0.5, -1.0, 20.0};
  tanh_vec(t);
  printf("tanh %.6f %.6f %.6f %.6f\n", t[0], t[1], t[2], t[3]);
  return 0;
}
