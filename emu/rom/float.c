/* Float table (SF) entries.  IEEE single precision from libgcc (round to
 * nearest even, subnormals kept, NaN for invalid operations) and newlib's
 * fdlibm-derived libm; see README.md for how this differs from the real ROM. */
#include "rom.h"

float __aeabi_fadd(float, float);
float __ieee754_expf(float);
float __ieee754_logf(float);
float __ieee754_atan2f(float, float);
double rom_u64_to_d_odd(uint64_t m, int sh);

/* -1, 0, 1 for a < b, a == b (+0 == -0), a > b; 1 when unordered (NaN). */
int rom_fcmp(float a, float b) {
    rom_fu x = { a }, y = { b };
    uint32_t ax = x.u << 1, ay = y.u << 1;
    if (ax > (0xffu << 24) || ay > (0xffu << 24)) {
        return 1;
    }
    if ((ax | ay) == 0) {
        return 0;
    }
    int32_t ix = (x.u >> 31) ? -(int32_t)(x.u & 0x7fffffff) : (int32_t)x.u;
    int32_t iy = (y.u >> 31) ? -(int32_t)(y.u & 0x7fffffff) : (int32_t)y.u;
    return ix < iy ? -1 : ix > iy;
}

static float s64_fix_to_f(int64_t m, int n) {
    if (m < 0) {
        return -(float)rom_u64_to_d_odd(-(uint64_t)m, -n);
    }
    return (float)rom_u64_to_d_odd((uint64_t)m, -n);
}

ROM_FUNC float rom_fadd(float a, float b) { return a + b; }
/* a - b == a + (-b) in IEEE arithmetic; defined here so libgcc's separate
 * subtraction is not linked (libm uses it too). */
float __aeabi_fsub(float a, float b) {
    rom_fu v = { b };
    v.u ^= 1u << 31;
    return __aeabi_fadd(a, v.f);
}
ROM_FUNC float rom_fsub(float a, float b) { return __aeabi_fsub(a, b); }
ROM_FUNC float rom_fmul(float a, float b) { return a * b; }
ROM_FUNC float rom_fdiv(float a, float b) { return a / b; }
/* Correctly rounded square root, digit by digit (as fdlibm's e_sqrtf.c). */
ROM_FUNC float rom_fsqrt(float a) {
    rom_fu v = { a };
    uint32_t ix = v.u;
    int e = (int)((ix >> 23) & 0xff);
    if ((ix << 1) == 0) {
        return a;
    }
    if (e == 0xff) {
        if ((ix << 9) || !(ix >> 31)) {
            return a + a;
        }
    }
    if (ix >> 31) {
        v.u = 0x7fc00000;
        return v.f;
    }
    ix &= 0x7fffff;
    if (e == 0) {
        e = 1;
        while (!(ix & 0x800000)) {
            ix <<= 1;
            e--;
        }
    } else {
        ix |= 0x800000;
    }
    int m = e - 127;
    if (m & 1) {
        ix += ix;
    }
    m >>= 1;
    ix += ix;
    uint32_t q = 0, s = 0, r = 0x1000000, t;
    while (r) {
        t = s + r;
        if (t <= ix) {
            s = t + r;
            ix -= t;
            q += r;
        }
        ix += ix;
        r >>= 1;
    }
    if (ix) {
        q += q & 1;
    }
    v.u = (q >> 1) + 0x3f000000 + ((uint32_t)m << 23);
    return v.f;
}
ROM_FUNC int32_t rom_float2int(float a) { return rom_sat32(rom_d2fix_core((double)a, 0, 1), 1); }
ROM_FUNC int32_t rom_float2fix(float a, int n) { return rom_sat32(rom_d2fix_core((double)a, n, 1), 1); }
ROM_FUNC uint32_t rom_float2uint(float a) { return (uint32_t)rom_sat32(rom_d2fix_core((double)a, 0, 0), 0); }
ROM_FUNC uint32_t rom_float2ufix(float a, int n) { return (uint32_t)rom_sat32(rom_d2fix_core((double)a, n, 0), 0); }
ROM_FUNC float rom_int2float(int32_t i) { return (float)i; }
ROM_FUNC float rom_fix2float(int32_t m, int n) { return s64_fix_to_f(m, n); }
ROM_FUNC float rom_uint2float(uint32_t i) { return (float)i; }
ROM_FUNC float rom_ufix2float(uint32_t m, int n) { return (float)rom_u64_to_d_odd(m, -n); }
ROM_FUNC float rom_fexp(float a) { return __ieee754_expf(a); }
ROM_FUNC float rom_fln(float a) { return __ieee754_logf(a); }
ROM_FUNC float rom_fatan2(float y, float x) { return __ieee754_atan2f(y, x); }
ROM_FUNC float rom_int642float(int64_t i) { return (float)i; }
ROM_FUNC float rom_fix642float(int64_t m, int n) { return s64_fix_to_f(m, n); }
ROM_FUNC float rom_uint642float(uint64_t i) { return (float)i; }
ROM_FUNC float rom_ufix642float(uint64_t m, int n) { return (float)rom_u64_to_d_odd(m, -n); }
ROM_FUNC int64_t rom_float2int64(float a) { return (int64_t)rom_d2fix_core((double)a, 0, 1); }
ROM_FUNC int64_t rom_float2fix64(float a, int n) { return (int64_t)rom_d2fix_core((double)a, n, 1); }
ROM_FUNC uint64_t rom_float2uint64(float a) { return rom_d2fix_core((double)a, 0, 0); }
ROM_FUNC uint64_t rom_float2ufix64(float a, int n) { return rom_d2fix_core((double)a, n, 0); }
ROM_FUNC double rom_float2double(float a) { return (double)a; }
