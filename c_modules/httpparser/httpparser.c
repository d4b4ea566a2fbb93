/*
 * httpparser.c: see httpparser.h for the interface and error precedence.
 *
 * Design: two passes, like picohttpparser. Pass 1 (frame) walks new bytes
 * only, checking line endings and the size limits, until it sees the blank
 * line; its position is handed back to the caller on "incomplete" so nothing
 * is walked twice. Pass 2 (parse) runs once over the complete head; since
 * pass 1 proved that every CR is followed by LF and there is no bare LF, pass
 * 2 can use CR as a sentinel and never needs a length check inside a line.
 * No division anywhere (Cortex-M0+ has none).
 */
#include "httpparser.h"

#include <string.h>

/* RFC 9110 tchar: 1 when byte c may appear in a token. A byte table, not a
 * bitmap: one load per byte in the name loops. */
static const uint8_t tchar_table[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* RFC 3986 unreserved / sub-delims: what a reg-name (or IP literal) holds. */
static const uint8_t regname_map[16] = {
    0x00, 0x00, 0x00, 0x00, 0xd2, 0x7f, 0xff, 0x2b,
    0xfe, 0xff, 0xff, 0x87, 0xfe, 0xff, 0xff, 0x47
};

static int in_map(const uint8_t *map, uint8_t c) {
    return c < 128 && ((map[c >> 3] >> (c & 7)) & 1);
}

#define IS_TCHAR(c) (tchar_table[(uint8_t)(c)])
#define IS_OWS(c) ((c) == ' ' || (c) == '\t')
#define IS_DIGIT(c) ((uint8_t)((c) - '0') < 10)

/*
 * Word-at-a-time scanning (SWAR). The Cortex-M0+ faults on unaligned word
 * loads, so words are only read at 4-aligned addresses, and only inside the
 * range the caller proved valid. The tests below may report a word as
 * interesting when it is not (a borrow or carry into a higher byte), never
 * the other way round; interesting words are then looked at byte by byte.
 */
#define ONES32  0x01010101u
#define HIGHS32 0x80808080u
/* high bit of each byte of x that is below n (n <= 128), and maybe more */
#define BYTES_BELOW(x, n) (((x) - ONES32 * (n)) & ~(x) & HIGHS32)
/* high bit of each byte of x outside 0x20..0x7e (a CTL, DEL or obs-text),
 * and maybe more */
#define NON_PRINTABLE(x) ((((x) + ONES32) | (x) | (((x) - ONES32 * 0x20) & ~(x))) & HIGHS32)

static uint32_t load32_aligned(const uint8_t *p) {
    uint32_t x;
#if defined(__GNUC__)
    p = __builtin_assume_aligned(p, 4); /* a single ldr, not a memcpy call */
#endif
    memcpy(&x, p, 4);
    return x;
}

static int is_aligned4(const uint8_t *p) {
    return ((uintptr_t)p & 3) == 0;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the word scans assume little-endian loads"
#endif

/* Index (0-3, in memory order) of the lowest byte flagged in mask m != 0.
 * The lowest flag of BYTES_BELOW() and NON_PRINTABLE() is always exact:
 * borrows and carries only run upwards from a byte that is flagged itself. */
static size_t first_flagged(uint32_t m) {
    if (m & 0x80u) {
        return 0;
    }
    if (m & 0x8000u) {
        return 1;
    }
    return (m & 0x800000u) ? 2 : 3;
}

/* Index of the first CR or LF in buf[i:stop], or stop when there is none.
 * A word with no byte below 14 holds neither. */
static size_t find_cr_or_lf(const uint8_t *buf, size_t i, size_t stop) {
    const uint8_t *p = buf + i, *end = buf + stop;
    while (p < end) {
        if (is_aligned4(p)) {
            while (end - p >= 4) {
                uint32_t m = BYTES_BELOW(load32_aligned(p), 14);
                if (m) {
                    p += first_flagged(m); /* CR, LF or another CTL */
                    break;
                }
                p += 4;
            }
            if (p == end) {
                break;
            }
        }
        if (*p == '\r' || *p == '\n') {
            break;
        }
        p++;
    }
    return (size_t)(p - buf);
}

static int hexval(uint8_t c) {
    if (IS_DIGIT(c)) {
        return c - '0';
    }
    c |= 0x20; /* ASCII lower case; non-letters stay out of range */
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

static hp_span_t span(size_t off, size_t len) {
    hp_span_t s;
    s.off = (uint16_t)off;
    s.len = (uint16_t)len;
    return s;
}

int hp_span_ieq(const uint8_t *buf, hp_span_t s, const char *lower) {
    const uint8_t *p = buf + s.off;
    size_t i;
    for (i = 0; i < s.len; i++) {
        uint8_t c = p[i];
        if (c >= 'A' && c <= 'Z') {
            c |= 0x20;
        }
        if (lower[i] == '\0' || c != (uint8_t)lower[i]) {
            return 0;
        }
    }
    return lower[i] == '\0';
}

int hp_utf8_valid(const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        uint32_t cp, min;
        size_t k, j;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0) {
            k = 1, cp = c & 0x1f, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            k = 2, cp = c & 0x0f, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            k = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        if (n - i <= k) {
            return 0;
        }
        for (j = 1; j <= k; j++) {
            uint8_t d = s[i + j];
            if ((d & 0xc0) != 0x80) {
                return 0;
            }
            cp = cp << 6 | (d & 0x3f);
        }
        /* overlong forms, UTF-16 surrogates and > U+10FFFF are not UTF-8 */
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        i += k + 1;
    }
    return 1;
}

/* Leading CRLFs before the request line are skipped (RFC 9112 2.2). */
static size_t skip_empty_lines(const uint8_t *buf, size_t limit) {
    size_t rs = 0;
    while (rs + 1 < limit && buf[rs] == '\r' && buf[rs + 1] == '\n') {
        rs += 2;
    }
    return rs;
}

/*
 * Pass 1. Returns the head length when the blank line is found, else
 * HP_INCOMPLETE (with *scanned updated) or a framing error.
 */
static int frame(const uint8_t *buf, size_t n, size_t *scanned,
    size_t max_rl, size_t max_head) {
    size_t i = *scanned >> 1;
    unsigned in_fields = *scanned & 1; /* request line already ended */
    size_t limit = n < max_head ? n : max_head;

    if (i > n || (in_fields && i < 2)) {
        /* not a state we handed out for this buffer: start over */
        i = 0;
        in_fields = 0;
    }
    if (!in_fields) {
        size_t rs = skip_empty_lines(buf, limit);
        /* request-line bytes rs .. rs + max_rl - 1 may be anything but CR
         * or LF; at rs + max_rl only its CR may come */
        size_t stop = max_rl < limit - rs ? rs + max_rl : limit;
        if (i < rs) {
            i = rs;
        }
        if (stop < i) {
            stop = i; /* resumed with a smaller max_request_line */
        }
        if (i >= limit) {
            goto incomplete;
        }
        i = find_cr_or_lf(buf, i, stop);
        if (i == limit) {
            goto incomplete;
        }
        if (buf[i] == '\n') {
            return HP_E400; /* bare LF */
        }
        if (buf[i] != '\r') {
            return HP_E414; /* this byte makes the request line too long */
        }
        if (i + 1 >= limit) {
            goto incomplete; /* its LF is not here yet (or beyond the limit) */
        }
        if (buf[i + 1] != '\n') {
            return HP_E400; /* bare CR */
        }
        in_fields = 1;
        i += 2;
    }
    while (i < limit) {
        i = find_cr_or_lf(buf, i, limit);
        if (i == limit) {
            break;
        }
        if (buf[i] == '\n') {
            return HP_E400; /* bare LF */
        }
        if (i + 1 >= limit) {
            break; /* its LF is not here yet (or beyond the limit) */
        }
        if (buf[i + 1] != '\n') {
            return HP_E400; /* bare CR */
        }
        if (buf[i - 1] == '\n') {
            return (int)(i + 2); /* blank line: end of head */
        }
        i += 2;
    }
incomplete:
    if (n >= max_head) {
        /* the blank line can no longer end within max_head bytes */
        return HP_E431;
    }
    *scanned = i << 1 | in_fields;
    return HP_INCOMPLETE;
}

/* Request target between t and te (exclusive); fills req->path/query. */
static int parse_target(const uint8_t *buf, size_t t, size_t te, hp_request_t *req) {
    size_t p = t;
    if (buf[t] == '/') {
        /* origin-form */
    } else if (te - t == 1 && buf[t] == '*') {
        /* asterisk-form, OPTIONS only */
        if (req->method.len != 7
            || memcmp(buf + req->method.off, "OPTIONS", 7) != 0) {
            return HP_E400;
        }
        req->path = span(t, 1);
        req->query = span(te, 0);
        return 0;
    } else {
        /* absolute-form: scheme "://" authority, reduced to its path */
        uint8_t c = buf[p] | 0x20;
        if (!(c >= 'a' && c <= 'z')) {
            return HP_E400;
        }
        while (p < te) {
            c = buf[p];
            if (!(IS_DIGIT(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                  || c == '+' || c == '-' || c == '.')) {
                break;
            }
            p++;
        }
        if (te - p < 3 || memcmp(buf + p, "://", 3) != 0) {
            return HP_E400;
        }
        p += 3;
        t = p;
        while (p < te && buf[p] != '/' && buf[p] != '?') {
            p++;
        }
        if (p == t) {
            return HP_E400; /* empty authority */
        }
        t = p;
    }
    /* path up to the first '?', the rest is the query */
    while (p < te && buf[p] != '?') {
        p++;
    }
    req->path = span(t, p - t);
    req->query = p < te ? span(p + 1, te - p - 1) : span(te, 0);
    return 0;
}

/* Next comma-separated list element of a field value, OWS trimmed.
 * Empty elements are returned too (len 0); the caller ignores them. */
static int list_next(const uint8_t *buf, size_t *pos, size_t end, hp_span_t *item) {
    size_t p = *pos, s, e;
    if (p > end) {
        return 0;
    }
    while (p < end && IS_OWS(buf[p])) {
        p++;
    }
    s = p;
    while (p < end && buf[p] != ',') {
        p++;
    }
    e = p;
    while (e > s && IS_OWS(buf[e - 1])) {
        e--;
    }
    *item = span(s, e - s);
    *pos = p + 1; /* past the comma; > end after the last element */
    return 1;
}

/* Host = uri-host [ ":" port ], empty allowed (RFC 9110 7.2, RFC 3986). */
static int host_valid(const uint8_t *s, size_t n) {
    size_t i = 0;
    if (n && s[0] == '[') {
        for (i = 1; i < n && s[i] != ']'; i++) {
            if (!(in_map(regname_map, s[i]) || s[i] == ':')) {
                return 0;
            }
        }
        if (i == n || i == 1) {
            return 0; /* unterminated or empty IP literal */
        }
        i++;
    } else {
        while (i < n && s[i] != ':') {
            if (s[i] == '%') {
                if (n - i < 3 || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
                    return 0;
                }
                i += 3;
            } else if (in_map(regname_map, s[i])) {
                i++;
            } else {
                return 0;
            }
        }
    }
    if (i < n) {
        if (s[i] != ':') {
            return 0;
        }
        for (i++; i < n; i++) {
            if (!IS_DIGIT(s[i])) {
                return 0;
            }
        }
    }
    return 1;
}

/* A field value from p (after the colon's OWS) to its CR, checked: VCHAR,
 * SP, HTAB and obs-text only. Returns the CR's index, or HP_E400. Sets *high
 * when the value holds obs-text (bytes >= 0x80). end (the head's length)
 * bounds the word reads; the CR comes before it. */
static long scan_value(const uint8_t *buf, size_t p, size_t end, unsigned *high) {
    const uint8_t *q = buf + p, *wend = buf + end;
    for (;;) {
        uint8_t c;
        if (is_aligned4(q)) {
            while (wend - q >= 4) {
                uint32_t m = NON_PRINTABLE(load32_aligned(q));
                if (m) {
                    q += first_flagged(m); /* the CR, or HTAB, obs-text, bad */
                    break;
                }
                q += 4;
            }
        }
        c = *q;
        if (c >= ' ' && c != 0x7f) {
            *high |= c; /* VCHAR, SP, obs-text */
        } else if (c == '\r') {
            return (long)(q - buf);
        } else if (c != '\t') {
            return HP_E400; /* NUL, other CTL, DEL */
        }
        q++;
    }
}

/* Case-insensitive compare of a field name with a literal of its length made
 * of [a-z-] only: for such bytes (c | 0x20) == l admits only l and its upper
 * case letter (or CR for '-', which a name cannot hold). */
static int name_is(const uint8_t *buf, hp_span_t name, const char *lower, size_t len) {
    const uint8_t *p = buf + name.off;
    size_t i;
    if (name.len != len) {
        return 0;
    }
    for (i = 0; i < len; i++) {
        if ((p[i] | 0x20) != (uint8_t)lower[i]) {
            return 0;
        }
    }
    return 1;
}

static int parse_fields(const uint8_t *buf, size_t p, size_t end, hp_header_t *hdrs,
    size_t max_headers, hp_request_t *req) {
    size_t nh = 0;
    /* a line starting with CR is the blank line: pass 1 proved CR LF */
    while (buf[p] != '\r') {
        size_t ns, vs, ve;
        unsigned high = 0;
        long cr;
        if (nh == max_headers) {
            return HP_E431;
        }
        if (IS_OWS(buf[p])) {
            return HP_E400; /* obs-fold, or whitespace after the request line */
        }
        for (ns = p; IS_TCHAR(buf[p]); p++) {
        }
        if (p == ns || buf[p] != ':') {
            return HP_E400; /* empty name, bad name byte, or space before ':' */
        }
        hdrs[nh].name = span(ns, p - ns);
        for (p++; IS_OWS(buf[p]); p++) {
        }
        vs = p;
        cr = scan_value(buf, p, end, &high);
        if (cr < 0) {
            return (int)cr;
        }
        p = (size_t)cr;
        for (ve = p; ve > vs && IS_OWS(buf[ve - 1]); ve--) {
        }
        if ((high & 0x80) && !hp_utf8_valid(buf + vs, ve - vs)) {
            return HP_E400; /* the binding hands out str values */
        }
        hdrs[nh].value = span(vs, ve - vs);
        nh++;
        p += 2;
    }
    req->num_headers = (uint16_t)nh;
    return 0;
}

/* Host, Content-Length, Transfer-Encoding (in this order), then flags
 * from Connection and Expect. */
static int check_semantics(const uint8_t *buf, const hp_header_t *hdrs, hp_request_t *req) {
    size_t k, nh = req->num_headers;
    size_t n_cl = 0, n_te = 0, n_host = 0, n_expect = 0;
    const hp_header_t *cl = NULL, *host = NULL;
    unsigned conn_close = 0, conn_keep = 0, expect = 0;
    int last_chunked = 0, bad_list = 0, other = 0;

    for (k = 0; k < nh; k++) {
        const hp_header_t *h = &hdrs[k];
        size_t len = h->name.len;
        if (len != 4 && len != 6 && len != 10 && len != 14 && len != 17) {
            continue; /* none of the names below: skip five compares */
        }
        if (name_is(buf, h->name, "content-length", 14)) {
            n_cl++;
            cl = h;
        } else if (name_is(buf, h->name, "transfer-encoding", 17)) {
            /* codings over all TE lines, in order, as if joined by ", " */
            size_t pos = h->value.off, end = pos + h->value.len;
            hp_span_t it;
            n_te++;
            while (list_next(buf, &pos, end, &it)) {
                if (it.len == 0 || last_chunked) {
                    bad_list = 1; /* empty element, or chunked not last */
                }
                last_chunked = hp_span_ieq(buf, it, "chunked");
                if (!last_chunked) {
                    other = 1;
                }
            }
        } else if (name_is(buf, h->name, "host", 4)) {
            n_host++;
            host = h;
        } else if (name_is(buf, h->name, "connection", 10)) {
            size_t pos = h->value.off, end = pos + h->value.len;
            hp_span_t it;
            while (list_next(buf, &pos, end, &it)) {
                conn_close |= hp_span_ieq(buf, it, "close");
                conn_keep |= hp_span_ieq(buf, it, "keep-alive");
            }
        } else if (name_is(buf, h->name, "expect", 6)) {
            /* the joined value must be exactly "100-continue" */
            n_expect++;
            expect = hp_span_ieq(buf, h->value, "100-continue");
        }
    }

    if (n_host > 1 || (n_host == 0 && req->version == 11)
        || (host && !host_valid(buf + host->value.off, host->value.len))) {
        return HP_E400;
    }
    req->content_length = -1;
    if (n_cl > 1) {
        return HP_E400; /* repeated, even with equal values */
    }
    if (cl) {
        const uint8_t *v = buf + cl->value.off;
        uint32_t x = 0;
        if (cl->value.len == 0) {
            return HP_E400;
        }
        for (k = 0; k < cl->value.len; k++) {
            if (!IS_DIGIT(v[k]) || x > 214748364u
                || (x == 214748364u && v[k] > '7')) {
                return HP_E400; /* not 1*DIGIT, or over 2**31-1 */
            }
            x = x * 10 + (v[k] - '0');
        }
        req->content_length = (int32_t)x;
    }
    req->flags = 0;
    if (n_te) {
        if (req->version == 10 || cl) {
            return HP_E400; /* request smuggling vectors */
        }
        if (bad_list) {
            return HP_E400;
        }
        if (other) {
            return HP_E501; /* a coding we do not implement */
        }
        req->flags |= HP_FLAG_CHUNKED;
    }
    if (req->version == 11) {
        if (!conn_close) {
            req->flags |= HP_FLAG_KEEP_ALIVE;
        }
        if (expect && n_expect == 1) {
            req->flags |= HP_FLAG_CONTINUE; /* ignored for HTTP/1.0 */
        }
    } else if (conn_keep && !conn_close) {
        req->flags |= HP_FLAG_KEEP_ALIVE;
    }
    return 0;
}

int hp_parse_head(const uint8_t *buf, size_t n, size_t *scanned,
    size_t max_request_line, size_t max_header_size,
    hp_header_t *hdrs, size_t max_headers, hp_request_t *req) {
    size_t max_head = max_header_size < HP_MAX_HEAD ? max_header_size : HP_MAX_HEAD;
    size_t rs, p, t, v;
    int end, r;

    end = frame(buf, n, scanned, max_request_line, max_head);
    if (end < 0) {
        return end;
    }
    memset(req, 0, sizeof(*req));

    /* request-line = method SP request-target SP HTTP-version CRLF */
    rs = skip_empty_lines(buf, (size_t)end);
    for (p = rs; IS_TCHAR(buf[p]); p++) {
    }
    if (p == rs || buf[p] != ' ') {
        return HP_E400;
    }
    req->method = span(rs, p - rs);
    /* VCHAR except '#': a fragment is never sent (RFC 9112 3.2) */
    for (t = ++p; buf[p] > ' ' && buf[p] < 0x7f && buf[p] != '#'; p++) {
    }
    if (p == t || buf[p] != ' ') {
        return HP_E400;
    }
    r = parse_target(buf, t, p, req);
    if (r < 0) {
        return r;
    }
    /* "HTTP/" DIGIT "." DIGIT; each test fails on the CR sentinel, so we
     * never look past the line end */
    v = ++p;
    for (p = 0; p < 5; p++) {
        if (buf[v + p] != (uint8_t)"HTTP/"[p]) {
            return HP_E400;
        }
    }
    if (!IS_DIGIT(buf[v + 5]) || buf[v + 6] != '.' || !IS_DIGIT(buf[v + 7])
        || buf[v + 8] != '\r') {
        return HP_E400;
    }
    if (buf[v + 5] != '1' || (buf[v + 7] != '0' && buf[v + 7] != '1')) {
        return HP_E505;
    }
    req->version = buf[v + 7] == '1' ? 11 : 10;

    r = parse_fields(buf, v + 10, (size_t)end, hdrs, max_headers, req);
    if (r < 0) {
        return r;
    }
    r = check_semantics(buf, hdrs, req);
    if (r < 0) {
        return r;
    }
    return end;
}

/* States of the chunk-ext scanner in hp_parse_chunk(). */
enum { CX_AFTER_VALUE, CX_AFTER_SEMI, CX_NAME, CX_AFTER_NAME, CX_AFTER_EQ,
       CX_TOKEN, CX_QUOTED, CX_ESCAPE, CX_CR };

long hp_parse_chunk(const uint8_t *buf, size_t start, size_t n, uint32_t *size) {
    /* chunk-size *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ) CRLF,
     * ext-val a token or quoted-string; extensions are checked and ignored */
    size_t p = start;
    uint32_t v = 0;
    int d, st = CX_AFTER_VALUE;
    for (; p < n && (d = hexval(buf[p])) >= 0; p++) {
        if (v > 0x7ffffffu) {
            return HP_E400; /* would exceed 2**31-1 */
        }
        v = v << 4 | (uint32_t)d;
    }
    if (p >= n) {
        return HP_INCOMPLETE;
    }
    if (p == start) {
        return HP_E400;
    }
    for (; p < n; p++) {
        uint8_t c = buf[p];
        int ws = IS_OWS(c), tc = IS_TCHAR(c);
        int ctl = (c < ' ' && c != '\t') || c == 0x7f;
        if (st == CX_CR) {
            if (c != '\n') {
                return HP_E400;
            }
            *size = v;
            return (long)(p + 1);
        }
        if (c == '\r' && (st == CX_AFTER_VALUE || st == CX_NAME
                          || st == CX_AFTER_NAME || st == CX_TOKEN)) {
            st = CX_CR;
            continue;
        }
        switch (st) {
            case CX_AFTER_VALUE:
                if (c == ';') {
                    st = CX_AFTER_SEMI;
                } else if (!ws) {
                    return HP_E400;
                }
                break;
            case CX_AFTER_SEMI:
                if (tc) {
                    st = CX_NAME;
                } else if (!ws) {
                    return HP_E400;
                }
                break;
            case CX_NAME:
            case CX_AFTER_NAME:
                if (st == CX_NAME && tc) {
                    break;
                } else if (ws) {
                    st = CX_AFTER_NAME;
                } else if (c == '=') {
                    st = CX_AFTER_EQ;
                } else if (c == ';') {
                    st = CX_AFTER_SEMI;
                } else {
                    return HP_E400;
                }
                break;
            case CX_AFTER_EQ:
                if (c == '"') {
                    st = CX_QUOTED;
                } else if (tc) {
                    st = CX_TOKEN;
                } else if (!ws) {
                    return HP_E400;
                }
                break;
            case CX_TOKEN:
                if (ws) {
                    st = CX_AFTER_VALUE;
                } else if (c == ';') {
                    st = CX_AFTER_SEMI;
                } else if (!tc) {
                    return HP_E400;
                }
                break;
            case CX_QUOTED:
                if (c == '"') {
                    st = CX_AFTER_VALUE;
                } else if (c == '\\') {
                    st = CX_ESCAPE;
                } else if (ctl) {
                    return HP_E400;
                }
                break;
            default: /* CX_ESCAPE */
                if (ctl) {
                    return HP_E400;
                }
                st = CX_QUOTED;
                break;
        }
    }
    return HP_INCOMPLETE;
}
