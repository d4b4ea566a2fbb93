/*
 * libFuzzer harness for the httpparser core (built by mk/parser.mk with
 * clang -fsanitize=fuzzer,address,undefined). Every call works on exact-size
 * heap copies so ASan catches any read past n.
 *
 * Checks, beyond "no crash / no sanitizer report":
 *  - the head parsed in one go equals the head fed in pieces with the
 *    resume state carried over (split points derived from the input);
 *  - a prefix never gives "complete" with a different length, nor a
 *    different error than the full input;
 *  - a complete result is sane (spans inside the head, version 10/11,
 *    header count within the limit);
 *  - the same for parse_chunk over the input's first line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "httpparser.h"

#define MAX_H 32

static int head_copy(const uint8_t *data, size_t n, size_t *sc, size_t rl, size_t hs,
    size_t mh, hp_header_t *h, hp_request_t *req) {
    uint8_t *copy = malloc(n ? n : 1);
    int r;
    memcpy(copy, data, n);
    r = hp_parse_head(copy, n, sc, rl, hs, h, mh, req);
    free(copy);
    return r;
}

static void span_ok(hp_span_t s, int end) {
    if ((int)s.off + (int)s.len > end) {
        abort();
    }
}

static void check_head(const uint8_t *data, size_t size, size_t rl, size_t hs, size_t mh) {
    hp_header_t h[MAX_H];
    hp_request_t req;
    size_t sc = 0, i;
    int full = head_copy(data, size, &sc, rl, hs, mh, h, &req);
    if (full > 0) {
        if ((size_t)full > size || (size_t)full > hs || req.num_headers > mh
            || (req.version != 10 && req.version != 11) || req.content_length < -1) {
            abort();
        }
        span_ok(req.method, full);
        span_ok(req.path, full);
        span_ok(req.query, full);
        for (i = 0; i < req.num_headers; i++) {
            span_ok(h[i].name, full);
            span_ok(h[i].value, full);
        }
    } else if (!(full == HP_INCOMPLETE || full == HP_E400 || full == HP_E414
                 || full == HP_E431 || full == HP_E501 || full == HP_E505)) {
        abort();
    }

    /* feed in pieces: byte by byte for short inputs, else a few cuts */
    {
        size_t cuts[8], nc = 0, k, step;
        uint32_t hsh = 2166136261u;
        int r = HP_INCOMPLETE;
        for (i = 0; i < size; i++) {
            hsh = (hsh ^ data[i]) * 16777619u;
        }
        if (size <= 48) {
            step = 1;
        } else {
            for (nc = 0; nc < 6; nc++) {
                hsh = hsh * 1103515245u + 12345u;
                cuts[nc] = (hsh >> 8) % size;
            }
            step = 0;
        }
        sc = 0;
        for (k = 0; k <= size && r == HP_INCOMPLETE; k++) {
            int take = step ? 1 : (k == size);
            for (i = 0; !take && i < nc; i++) {
                take = cuts[i] == k;
            }
            if (!take) {
                continue;
            }
            {
                size_t fresh = 0;
                int r1 = head_copy(data, k, &fresh, rl, hs, mh, h, &req);
                r = head_copy(data, k, &sc, rl, hs, mh, h, &req);
                if (r1 != r) {
                    abort(); /* resumed and fresh scans disagree */
                }
            }
            if (r > 0 && r != full) {
                abort();
            }
            if (r < HP_INCOMPLETE && r != full) {
                abort(); /* an early error must be the final error */
            }
        }
        if (r != full) {
            abort();
        }
    }
}

static void check_chunk(const uint8_t *data, size_t size) {
    uint32_t sz;
    size_t k, n = size < 64 ? size : 64;
    uint8_t *copy = malloc(n ? n : 1);
    long full, r;
    memcpy(copy, data, n);
    full = hp_parse_chunk(copy, 0, n, &sz);
    if (full > 0 && (full > (long)n || sz > 0x7fffffffu)) {
        abort();
    }
    for (k = 0; k < n; k++) {
        r = hp_parse_chunk(copy, 0, k, &sz);
        if (r != HP_INCOMPLETE && r != full) {
            abort();
        }
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 8192) {
        return 0;
    }
    check_head(data, size, 8192, 8192, MAX_H);
    /* small limits, from the input size, to reach 414 / 431 */
    check_head(data, size, 16 + (size & 63), 64 + (size & 255), 1 + (size & 7));
    check_chunk(data, size);
    return 0;
}
