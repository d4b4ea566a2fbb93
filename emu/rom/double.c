/* Double table (SD) entries and the conversion core shared with float.c.
 * Arithmetic, int<->double and double<->float come from libgcc (IEEE,
 * round to nearest even, subnormals kept); sqrt/exp/log/atan2/sin/cos/tan
 * from newlib's fdlibm-derived libm (the __ieee754_* kernels do not touch
 * errno, so the ROM needs no RAM).  The double transcendental slots (sin, cos,
 * tan, sincos, exp, ln, atan2) do not fit in 16 KiB with the rest: they trap
 * (start.S); no image calls them. */
#include "rom.h"

double __aeabi_dadd(double, double);

uint64_t rom_d2fix_core(double x, int n, int is_signed) {
    rom_du v = { x };
    int neg = (int)(v.u >> 63);
    int e = (int)((v.u >> 52) & 0x7ff);
    uint64_t m = v.u & ((1ull << 52) - 1);
    if (e == 0x7ff) {
        if (m || !neg) {
            return is_signed ? (uint64_t)INT64_MAX : UINT64_MAX;   /* NaN, +inf */
        }
        return is_signed ? (uint64_t)INT64_MIN : 0;                 /* -inf */
    }
    if (e == 0) {
        if (!m) {
            return 0;
        }
        e = 1;
    } else {
        m |= 1ull << 52;
    }
    if (n > 2200) {
        n = 2200;
    } else if (n < -2200) {
        n = -2200;
    }
    int sh = e - 1075 + n;          /* |x| * 2^n = m * 2^sh */
    uint64_t mag = 0;
    int ovf = 0;
    if (sh <= -64) {
        mag = 0;
    } else if (sh < 0) {
        mag = m >> -sh;
    } else if (sh == 0) {
        mag = m;
    } else if (sh >= 64 || (m >> (64 - sh))) {
        ovf = 1;
    } else {
        mag = m << sh;
    }
    if (is_signed) {
        if (neg) {
            return (ovf || mag > (1ull << 63)) ? (uint64_t)INT64_MIN : (uint64_t)(-(int64_t)mag);
        }
        return (ovf || mag > (uint64_t)INT64_MAX) ? (uint64_t)INT64_MAX : mag;
    }
    if (neg) {
        return 0;
    }
    return ovf ? UINT64_MAX : mag;
}

int32_t rom_sat32(uint64_t v, int is_signed) {
    if (is_signed) {
        int64_t s = (int64_t)v;
        if (s > INT32_MAX) {
            return INT32_MAX;
        }
        if (s < INT32_MIN) {
            return INT32_MIN;
        }
        return (int32_t)s;
    }
    return v > UINT32_MAX ? (int32_t)UINT32_MAX : (int32_t)(uint32_t)v;
}

/* x * 2^n, exact while the result is a normal double. */
double rom_scale_d(double x, int n) {
    rom_du p;
    if (n > 3000) {
        n = 3000;
    } else if (n < -3000) {
        n = -3000;
    }
    while (n > 1000) {
        p.u = (uint64_t)(1000 + 1023) << 52;
        x *= p.d;
        n -= 1000;
    }
    while (n < -1000) {
        p.u = (uint64_t)(-1000 + 1023) << 52;
        x *= p.d;
        n += 1000;
    }
    p.u = (uint64_t)(n + 1023) << 52;
    return x * p.d;
}

/* m * 2^sh as a double, rounded to odd on 53 bits: a later rounding to
 * float (24 bits) is then correct. */
double rom_u64_to_d_odd(uint64_t m, int sh) {
    uint64_t sticky = 0;
    while (m >> 53) {
        sticky |= m & 1;
        m >>= 1;
        sh++;
    }
    return rom_scale_d((double)(m | sticky), sh);
}

/* -1, 0, 1 for a < b, a == b (+0 == -0), a > b; 1 when unordered (NaN). */
int rom_dcmp(double a, double b) {
    rom_du x = { a }, y = { b };
    uint64_t ax = x.u << 1, ay = y.u << 1;
    if (ax > (0x7ffull << 53) || ay > (0x7ffull << 53)) {
        return 1;
    }
    if ((ax | ay) == 0) {
        return 0;
    }
    /* map to a signed-comparable integer */
    int64_t ix = (x.u >> 63) ? -(int64_t)(x.u & ~(1ull << 63)) : (int64_t)x.u;
    int64_t iy = (y.u >> 63) ? -(int64_t)(y.u & ~(1ull << 63)) : (int64_t)y.u;
    return ix < iy ? -1 : ix > iy;
}

ROM_FUNC double rom_dadd(double a, double b) { return a + b; }
/* a - b == a + (-b) in IEEE arithmetic; defined here so libgcc's separate
 * (large) subtraction is not linked. */
double __aeabi_dsub(double a, double b) {
    rom_du v = { b };
    v.u ^= 1ull << 63;
    return __aeabi_dadd(a, v.d);
}
ROM_FUNC double rom_dsub(double a, double b) { return __aeabi_dsub(a, b); }
ROM_FUNC double rom_dmul(double a, double b) { return a * b; }
ROM_FUNC double rom_ddiv(double a, double b) { return a / b; }
/* Correctly rounded square root, digit by digit (the method of fdlibm's
 * e_sqrt.c, on one 64-bit word). */
ROM_FUNC double rom_dsqrt(double a) {
    rom_du v = { a };
    uint64_t ix = v.u;
    int e = (int)((ix >> 52) & 0x7ff);
    if ((ix << 1) == 0) {
        return a;                           /* +-0 */
    }
    if (e == 0x7ff) {
        if ((ix << 12) || !(ix >> 63)) {
            return a + a;                   /* NaN (quieted), +inf */
        }
    }
    if (ix >> 63) {
        v.u = 0x7ff8000000000000ull;        /* negative: NaN */
        return v.d;
    }
    ix &= (1ull << 52) - 1;
    if (e == 0) {
        e = 1;
        while (!(ix & (1ull << 52))) {
            ix <<= 1;
            e--;
        }
    } else {
        ix |= 1ull << 52;
    }
    int m = e - 1023;
    if (m & 1) {
        ix += ix;
    }
    m >>= 1;
    ix += ix;
    uint64_t q = 0, s = 0, r = 1ull << 53, t;
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
    v.u = (q >> 1) + (0x3feull << 52) + ((uint64_t)(int64_t)m << 52);
    return v.d;
}
ROM_FUNC int32_t rom_double2int(double a) { return rom_sat32(rom_d2fix_core(a, 0, 1), 1); }
ROM_FUNC int32_t rom_double2fix(double a, int n) { return rom_sat32(rom_d2fix_core(a, n, 1), 1); }
ROM_FUNC uint32_t rom_double2uint(double a) { return (uint32_t)rom_sat32(rom_d2fix_core(a, 0, 0), 0); }
ROM_FUNC uint32_t rom_double2ufix(double a, int n) { return (uint32_t)rom_sat32(rom_d2fix_core(a, n, 0), 0); }
ROM_FUNC double rom_int2double(int32_t i) { return (double)i; }
ROM_FUNC double rom_fix2double(int32_t m, int n) { return rom_scale_d((double)m, -n); }
ROM_FUNC double rom_uint2double(uint32_t i) { return (double)i; }
ROM_FUNC double rom_ufix2double(uint32_t m, int n) { return rom_scale_d((double)m, -n); }
ROM_FUNC double rom_int642double(int64_t i) { return (double)i; }
ROM_FUNC double rom_fix642double(int64_t m, int n) { return rom_scale_d((double)m, -n); }
ROM_FUNC double rom_uint642double(uint64_t i) { return (double)i; }
ROM_FUNC double rom_ufix642double(uint64_t m, int n) { return rom_scale_d((double)m, -n); }
ROM_FUNC int64_t rom_double2int64(double a) { return (int64_t)rom_d2fix_core(a, 0, 1); }
ROM_FUNC int64_t rom_double2fix64(double a, int n) { return (int64_t)rom_d2fix_core(a, n, 1); }
ROM_FUNC uint64_t rom_double2uint64(double a) { return rom_d2fix_core(a, 0, 0); }
ROM_FUNC uint64_t rom_double2ufix64(double a, int n) { return rom_d2fix_core(a, n, 0); }
ROM_FUNC float rom_double2float(double a) { return (float)a; }
