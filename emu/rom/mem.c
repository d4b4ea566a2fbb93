/* memcpy / memset entries (MC, C4, MS, S4): return the destination. */
#include "rom.h"

ROM_FUNC void *rom_memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (n >= 8 && (((uintptr_t)d ^ (uintptr_t)s) & 3) == 0) {
        while ((uintptr_t)d & 3) {
            *d++ = *s++;
            n--;
        }
        uint32_t *dw = (uint32_t *)d;
        const uint32_t *sw = (const uint32_t *)s;
        while (n >= 16) {
            uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
            dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
            dw += 4; sw += 4; n -= 16;
        }
        while (n >= 4) {
            *dw++ = *sw++;
            n -= 4;
        }
        d = (uint8_t *)dw;
        s = (const uint8_t *)sw;
    } else if (n >= 8 && (((uintptr_t)d ^ (uintptr_t)s) & 1) == 0) {
        if ((uintptr_t)d & 1) {
            *d++ = *s++;
            n--;
        }
        uint16_t *dh = (uint16_t *)d;
        const uint16_t *sh = (const uint16_t *)s;
        while (n >= 2) {
            *dh++ = *sh++;
            n -= 2;
        }
        d = (uint8_t *)dh;
        s = (const uint8_t *)sh;
    }
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

/* memcpy44: both pointers word aligned; any n is accepted. */
ROM_FUNC void *rom_memcpy44(void *dst, const void *src, size_t n) {
    return rom_memcpy(dst, src, n);
}

ROM_FUNC void *rom_memset(void *dst, int c, size_t n) {
    uint8_t *d = dst;
    uint8_t b = (uint8_t)c;
    if (n >= 8) {
        while ((uintptr_t)d & 3) {
            *d++ = b;
            n--;
        }
        uint32_t w = b * 0x01010101u;
        uint32_t *dw = (uint32_t *)d;
        while (n >= 16) {
            dw[0] = w; dw[1] = w; dw[2] = w; dw[3] = w;
            dw += 4; n -= 16;
        }
        while (n >= 4) {
            *dw++ = w;
            n -= 4;
        }
        d = (uint8_t *)dw;
    }
    while (n--) {
        *d++ = b;
    }
    return dst;
}

/* memset4: word-aligned destination; any n is accepted. */
ROM_FUNC void *rom_memset4(void *dst, int c, size_t n) {
    return rom_memset(dst, c, n);
}
