/* Shared helpers of the MicroFastApi emulation ROM (see README.md). */
#ifndef MFA_EMU_ROM_H
#define MFA_EMU_ROM_H
#include <stdint.h>
#include <stddef.h>

typedef union { float f; uint32_t u; } rom_fu;
typedef union { double d; uint64_t u; } rom_du;

#define ROM_FUNC __attribute__((used, noinline))

/* trunc(x * 2^n) of a double, saturated: signed to [-2^63, 2^63-1] or
 * unsigned to [0, 2^64-1]; NaN gives the largest value. */
uint64_t rom_d2fix_core(double x, int n, int is_signed);
int32_t rom_sat32(uint64_t v, int is_signed);
double rom_scale_d(double x, int n);
float rom_scale_f(float x, int n);
int rom_dcmp(double a, double b);
int rom_fcmp(float a, float b);
#endif
