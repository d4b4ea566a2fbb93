/*
 * Host unit tests of the httpparser core, built with
 * -fsanitize=address,undefined by mk/parser.mk (target parser-test).
 *
 *   core_test            built-in cases with expected results
 *   core_test FILE...    consistency checks on raw request files (the corpus)
 *
 * Every input is also placed right against a PROT_NONE guard page, so a
 * single byte read past buf[n-1] crashes; every prefix is fed both fresh
 * and resumed (scanned carried over) and must give "incomplete" (or, for a
 * malformed head, the same error early) and finally the one-shot result.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "httpparser.h"

#define MAX_RL 256
#define MAX_HS 1024
#define MAX_H 16

static int failures;
static uint8_t *guard_end; /* first byte of the PROT_NONE page */

#define CHECK(cond, ...) do { \
        if (!(cond)) { \
            failures++; \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__); \
            fputc('\n', stderr); \
        } \
} while (0)

static void guard_setup(void) {
    long pg = sysconf(_SC_PAGESIZE);
    size_t span = 64 * (size_t)pg;
    uint8_t *m = mmap(NULL, span + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || mprotect(m + span, pg, PROT_NONE) != 0) {
        perror("mmap");
        exit(2);
    }
    guard_end = m + span;
}

/* Copy data so that its last byte is the last readable byte. */
static const uint8_t *at_guard(const void *data, size_t n) {
    uint8_t *p = guard_end - n;
    memcpy(p, data, n);
    return p;
}

static int head(const void *data, size_t n, size_t *scanned, hp_request_t *req, hp_header_t *h) {
    return hp_parse_head(at_guard(data, n), n, scanned, MAX_RL, MAX_HS, h, MAX_H, req);
}

/* One-shot result, then every prefix fresh and resumed. */
static int check_prefixes(const char *name, const uint8_t *data, size_t n) {
    hp_request_t req;
    hp_header_t h[MAX_H];
    size_t sc = 0, k;
    int full = head(data, n, &sc, &req, h);
    size_t resumed = 0;
    int last = HP_INCOMPLETE;
    for (k = 0; k <= n; k++) {
        size_t fresh = 0;
        int r1 = head(data, k, &fresh, &req, h);
        int r2 = last == HP_INCOMPLETE ? head(data, k, &resumed, &req, h) : last;
        CHECK(r1 == r2, "%s: prefix %zu: fresh %d resumed %d", name, k, r1, r2);
        if (full > 0) {
            if ((size_t)full > k) {
                CHECK(r1 == HP_INCOMPLETE, "%s: prefix %zu of complete head (%d) gave %d", name, k, full, r1);
            } else {
                CHECK(r1 == full, "%s: prefix %zu gave %d, expected %d", name, k, r1, full);
            }
        } else {
            CHECK(r1 == HP_INCOMPLETE || r1 == full, "%s: prefix %zu gave %d, full %d", name, k, r1, full);
        }
        last = r2;
    }
    return full;
}

typedef struct {
    const char *req;
    int expect;                 /* head length, or HP_Exxx */
    const char *path, *query;   /* checked when set */
    int version, flags;
    long content_length;
} head_case_t;

#define OK(r, path, query, v, fl, cl) { r, (int)sizeof(r) - 1, path, query, v, fl, cl }
#define ERR(r, e) { r, e, NULL, NULL, 0, 0, 0 }

static const head_case_t head_cases[] = {
    OK("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "/", "", 11, 1, -1),
    OK("GET /p?q=1&r HTTP/1.1\r\nHost: a:80\r\n\r\n", "/p", "q=1&r", 11, 1, -1),
    OK("\r\n\r\nGET / HTTP/1.0\r\n\r\n", "/", "", 10, 0, -1),
    OK("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "/", "", 10, 1, -1),
    OK("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\n\r\n", "/", "", 11, 0, -1),
    OK("POST /x HTTP/1.1\r\nHost: [::1]:8000\r\nContent-Length: 12\r\n\r\n", "/x", "", 11, 1, 12),
    OK("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n", "/x", "", 11, 3, -1),
    OK("POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 0\r\n\r\n", "/x", "", 11, 5, 0),
    OK("GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n", "/", "", 11, 1, -1),
    OK("GET http://example.com?a=b HTTP/1.1\r\nHost: example.com\r\n\r\n", "/", "a=b", 11, 1, -1),
    OK("GET https://e.com/a/b?c HTTP/1.1\r\nHost: e.com\r\n\r\n", "/a/b", "c", 11, 1, -1),
    OK("OPTIONS * HTTP/1.1\r\nHost: \r\n\r\n", "*", "", 11, 1, -1),
    OK("GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Utf8: caf\xc3\xa9\r\n\r\n", "/", "", 11, 1, -1),
    OK("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2147483647\r\n\r\n", "/", "", 11, 1, 2147483647L),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2147483648\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\nHost: a\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\rX\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\n\n", HP_E400),
    ERR("\nGET / HTTP/1.1\r\n\r\n", HP_E400),
    ERR("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", HP_E400),
    ERR("G@T / HTTP/1.1\r\nHost: a\r\n\r\n", HP_E400),
    ERR("GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", HP_E400),
    ERR("GET * HTTP/1.1\r\nHost: a\r\n\r\n", HP_E400),
    ERR("GET example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n", HP_E400),
    ERR("GET http:/// HTTP/1.1\r\nHost: a\r\n\r\n", HP_E400),
    ERR("GET / HTTP/2.0\r\nHost: a\r\n\r\n", HP_E505),
    ERR("GET / HTTP/1.2\r\nHost: a\r\n\r\n", HP_E505),
    ERR("GET / HTTP/1.10\r\nHost: a\r\n\r\n", HP_E400),
    ERR("GET / http/1.1\r\nHost: a\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: []\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost : a\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\n Host: a\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n z\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nX: y\x01\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nX: \xc0\x80\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,chunked\r\n\r\n", HP_E400),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", HP_E501),
    ERR("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", HP_E501),
    /* limits: MAX_RL 256, MAX_HS 1024, MAX_H 16 */
    ERR("GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: a\r\n\r\n", HP_E414),
    ERR("GET / HTTP/1.1\r\nHost: a\r\n1: 1\r\n2: 2\r\n3: 3\r\n4: 4\r\n5: 5\r\n6: 6\r\n7: 7\r\n8: 8\r\n9: 9\r\n10: 10\r\n11: 11\r\n12: 12\r\n13: 13\r\n14: 14\r\n15: 15\r\n16: 16\r\n\r\n", HP_E431),
};

static void run_head_cases(void) {
    size_t i;
    for (i = 0; i < sizeof(head_cases) / sizeof(head_cases[0]); i++) {
        const head_case_t *c = &head_cases[i];
        size_t n = strlen(c->req), sc = 0;
        hp_request_t req;
        hp_header_t h[MAX_H];
        char name[32];
        int r = head(c->req, n, &sc, &req, h);
        snprintf(name, sizeof(name), "head case %zu", i);
        CHECK(r == c->expect, "%s: got %d expected %d", name, r, c->expect);
        if (r > 0 && r == c->expect) {
            const uint8_t *b = guard_end - n;
            size_t pl = req.path.len ? req.path.len : 1;
            const char *pp = req.path.len ? (const char *)b + req.path.off : "/";
            CHECK(strlen(c->path) == pl && memcmp(pp, c->path, pl) == 0, "%s: path", name);
            CHECK(strlen(c->query) == req.query.len && memcmp(b + req.query.off, c->query, req.query.len) == 0, "%s: query", name);
            CHECK(req.version == c->version, "%s: version %d", name, req.version);
            CHECK(req.flags == c->flags, "%s: flags %d", name, req.flags);
            CHECK(req.content_length == c->content_length, "%s: cl %ld", name, (long)req.content_length);
        }
        check_prefixes(name, (const uint8_t *)c->req, n);
    }
}

static void run_header_values(void) {
    const char *r = "GET / HTTP/1.1\r\nHost:  a.b \r\nX-A:\t v  w \t\r\nx-b:\r\n\r\n";
    size_t n = strlen(r), sc = 0;
    hp_request_t req;
    hp_header_t h[MAX_H];
    const uint8_t *b;
    CHECK(head(r, n, &sc, &req, h) == (int)n, "header values: parse");
    b = guard_end - n;
    CHECK(req.num_headers == 3, "header values: count %d", req.num_headers);
    CHECK(h[0].value.len == 3 && memcmp(b + h[0].value.off, "a.b", 3) == 0, "trim host");
    CHECK(h[1].value.len == 4 && memcmp(b + h[1].value.off, "v  w", 4) == 0, "trim inner ws kept");
    CHECK(h[2].value.len == 0 && h[2].name.len == 3, "empty value");
    CHECK(hp_span_ieq(b, h[1].name, "x-a"), "name ieq");
}

static void run_limits(void) {
    /* a request line of exactly MAX_RL bytes is fine, one more is 414,
     * and this is known before the line ends */
    char line[MAX_RL + 64];
    size_t sc = 0;
    hp_request_t req;
    hp_header_t h[MAX_H];
    int k;
    memcpy(line, "GET /", 5);
    for (k = 5; k < MAX_RL - 9; k++) {
        line[k] = 'a';
    }
    memcpy(line + k, " HTTP/1.0\r\n\r\n", 13);
    CHECK(head(line, k + 13, &sc, &req, h) == k + 13, "request line of max length");
    line[k] = 'a';
    memcpy(line + k + 1, " HTTP/1.0\r\n\r\n", 13);
    sc = 0;
    CHECK(head(line, k + 14, &sc, &req, h) == HP_E414, "request line one over");
    sc = 0;
    CHECK(head(line, MAX_RL + 1, &sc, &req, h) == HP_E414, "414 while incomplete");
    sc = 0;
    CHECK(head(line, MAX_RL, &sc, &req, h) == HP_INCOMPLETE, "not yet 414");
    /* head size: incomplete up to MAX_HS - 1 bytes, 431 at MAX_HS */
    {
        static char big[MAX_HS + 8];
        size_t i;
        memcpy(big, "GET / HTTP/1.1\r\nHost: a\r\nX: ", 28);
        for (i = 28; i < sizeof(big); i++) {
            big[i] = 'v';
        }
        sc = 0;
        CHECK(head(big, MAX_HS - 1, &sc, &req, h) == HP_INCOMPLETE, "431 not yet");
        CHECK(head(big, MAX_HS, &sc, &req, h) == HP_E431, "431 at limit");
        /* a head of exactly MAX_HS bytes is accepted */
        memcpy(big + MAX_HS - 4, "\r\n\r\n", 4);
        sc = 0;
        CHECK(head(big, MAX_HS, &sc, &req, h) == MAX_HS, "head of max size");
        big[MAX_HS - 4] = 'v';
        memcpy(big + MAX_HS - 3, "\r\n\r\n", 4);
        sc = 0;
        CHECK(head(big, MAX_HS + 1, &sc, &req, h) == HP_E431, "head one over");
    }
    /* foreign / stale scanned values must not crash or over-read */
    {
        const char *r = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        size_t n = strlen(r);
        size_t bad[] = { 1, 3, 1000, (size_t)-1, (size_t)-2, 2 * n + 3 };
        for (k = 0; k < (int)(sizeof(bad) / sizeof(bad[0])); k++) {
            int r2;
            sc = bad[k];
            r2 = head(r, n, &sc, &req, h);
            CHECK(r2 == (int)n || r2 == HP_INCOMPLETE || r2 < 0, "stale scanned");
        }
    }
}

typedef struct {
    const char *line;
    long expect;      /* data offset, or HP_INCOMPLETE / HP_E400 */
    uint32_t size;
} chunk_case_t;

static const chunk_case_t chunk_cases[] = {
    { "0\r\n", 3, 0 },
    { "1a\r\nxx", 4, 26 },
    { "1A;name=value\r\n", 15, 26 },
    { "ff ; a = \"q\\\"x\" ; b\r\n", 21, 255 },
    { "10 \r\n", 5, 16 },
    { "7fffffff\r\n", 10, 0x7fffffff },
    { "000000007fffffff\r\n", 18, 0x7fffffff },
    { "80000000\r\n", HP_E400, 0 },
    { "\r\n", HP_E400, 0 },
    { "g\r\n", HP_E400, 0 },
    { "1\n", HP_E400, 0 },
    { "1\rx", HP_E400, 0 },
    { "1;\r\n", HP_E400, 0 },
    { "1;a=\r\n", HP_E400, 0 },
    { "1 x\r\n", HP_E400, 0 },
    { "1;a b\r\n", HP_E400, 0 },
    { "1;a=\"x\r\n", HP_E400, 0 },
    { "1", HP_INCOMPLETE, 0 },
    { "1;a=\"x", HP_INCOMPLETE, 0 },
    { "1\r", HP_INCOMPLETE, 0 },
};

static void run_chunk_cases(void) {
    size_t i, k;
    for (i = 0; i < sizeof(chunk_cases) / sizeof(chunk_cases[0]); i++) {
        const chunk_case_t *c = &chunk_cases[i];
        size_t n = strlen(c->line);
        uint32_t size = 12345;
        const uint8_t *b = at_guard(c->line, n);
        long r = hp_parse_chunk(b, 0, n, &size);
        CHECK(r == c->expect, "chunk case %zu: got %ld expected %ld", i, r, c->expect);
        if (r > 0) {
            CHECK(size == c->size, "chunk case %zu: size %u", i, (unsigned)size);
        }
        for (k = 0; k < n; k++) {
            long rk;
            b = at_guard(c->line, k);
            rk = hp_parse_chunk(b, 0, k, &size);
            CHECK(rk == HP_INCOMPLETE || (rk == c->expect && rk <= (long)k) || (c->expect == HP_E400 && rk == HP_E400),
                "chunk case %zu prefix %zu: %ld", i, k, rk);
        }
        /* with a start offset */
        {
            static uint8_t tmp[128];
            memcpy(tmp, "xyz", 3);
            memcpy(tmp + 3, c->line, n);
            b = at_guard(tmp, n + 3);
            CHECK(hp_parse_chunk(b, 3, n + 3, &size) == (r > 0 ? r + 3 : r), "chunk case %zu at offset", i);
        }
    }
}

static void run_utf8(void) {
    CHECK(hp_utf8_valid((const uint8_t *)"\xe2\x82\xac\xf0\x9f\x98\x80", 7), "utf8 ok");
    CHECK(!hp_utf8_valid((const uint8_t *)"\xed\xa0\x80", 3), "surrogate");
    CHECK(!hp_utf8_valid((const uint8_t *)"\xe0\x80\xaf", 3), "overlong");
    CHECK(!hp_utf8_valid((const uint8_t *)"\xf4\x90\x80\x80", 4), "> 10ffff");
    CHECK(!hp_utf8_valid((const uint8_t *)"\xe2\x82", 2), "truncated");
    CHECK(!hp_utf8_valid((const uint8_t *)"\xff", 1), "ff");
}

static int run_file(const char *path) {
    static uint8_t data[65536];
    FILE *f = fopen(path, "rb");
    size_t n;
    if (!f) {
        perror(path);
        return 2;
    }
    n = fread(data, 1, sizeof(data), f);
    fclose(f);
    check_prefixes(path, data, n);
    return 0;
}

int main(int argc, char **argv) {
    int i;
    guard_setup();
    if (argc > 1) {
        for (i = 1; i < argc; i++) {
            if (run_file(argv[i])) {
                return 2;
            }
        }
        printf("corpus: %d files checked, %d failures\n", argc - 1, failures);
    } else {
        run_head_cases();
        run_header_values();
        run_limits();
        run_chunk_cases();
        run_utf8();
        printf("core tests: %d failures\n", failures);
    }
    return failures ? 1 : 0;
}
