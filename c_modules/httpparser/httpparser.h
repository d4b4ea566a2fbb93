/*
 * httpparser: a small, allocation-free HTTP/1.x request-head parser.
 *
 * Plain C99, no MicroPython headers, no global state. The caller owns the
 * buffer; results are offsets into it. See docs/CONTRACTS.md for the rules
 * (RFC 9112 as applied by MicroFastApi) and the Python-level interface that
 * c_modules/httpparser/modmicrofastapi.c builds on top of this.
 *
 * Error precedence (the Python fallback mirrors it exactly):
 *   1. framing, scanned byte by byte from the start of the request line:
 *      a bare CR or bare LF -> 400; the request line growing past
 *      max_request_line bytes (CRLF not counted) -> 414; no blank line
 *      within the first max_header_size bytes (leading empty lines and the
 *      final CRLFCRLF counted) -> 431. Whichever is hit first in byte order.
 *      These are reported as soon as they are certain, even while the head
 *      is still incomplete.
 *   2. request line: method, target, version syntax -> 400 (left to right),
 *      then an unsupported but well-formed version -> 505.
 *   3. field lines, top to bottom: more than max_headers -> 431 (checked when
 *      a further line starts), obs-fold / bad name / whitespace before the
 *      colon / bad value byte / value not UTF-8 -> 400.
 *   4. semantics: Host (count, value), then Content-Length, then
 *      Transfer-Encoding (list elements in order: empty or chunked-not-last
 *      -> 400, then any other coding -> 501).
 */
#ifndef MFA_HTTPPARSER_H
#define MFA_HTTPPARSER_H

#include <stddef.h>
#include <stdint.h>

/* Return codes besides "complete" (which is the positive head length). */
#define HP_INCOMPLETE   (-1)
#define HP_E400         (-400)
#define HP_E414         (-414)
#define HP_E431         (-431)
#define HP_E501         (-501)
#define HP_E505         (-505)

/* Offsets are 16 bit to keep the caller's slot array small on the Pico's
 * stack; hp_parse_head() clamps max_header_size to this. */
#define HP_MAX_HEAD     65535u

#define HP_FLAG_KEEP_ALIVE  1u
#define HP_FLAG_CHUNKED     2u
#define HP_FLAG_CONTINUE    4u

typedef struct {
    uint16_t off;
    uint16_t len;
} hp_span_t;

typedef struct {
    hp_span_t name;     /* as received (not lower-cased) */
    hp_span_t value;    /* surrounding SP/HTAB removed */
} hp_header_t;

typedef struct {
    hp_span_t method;
    hp_span_t path;     /* len == 0 means "/" (absolute-form without a path) */
    hp_span_t query;    /* without the '?'; len 0 when absent */
    uint8_t version;    /* 10 or 11 */
    uint8_t flags;      /* HP_FLAG_* */
    uint16_t num_headers;
    int32_t content_length; /* -1 when absent */
} hp_request_t;

/*
 * Parse the request head in buf[0:n].
 *
 * *scanned is the resume state: 0 on the first call, and on HP_INCOMPLETE it
 * is updated so that the next call on the same (grown) buffer continues where
 * this one stopped. It is an opaque value (position << 1 | phase bit).
 *
 * hdrs must have room for max_headers slots.
 * Returns the head length (> 0, bytes through the blank line, leading empty
 * lines included) when complete, HP_INCOMPLETE, or HP_Exxx.
 */
int hp_parse_head(const uint8_t *buf, size_t n, size_t *scanned,
    size_t max_request_line, size_t max_header_size,
    hp_header_t *hdrs, size_t max_headers, hp_request_t *req);

/*
 * Parse a chunk-size line ("1a;ext=v\r\n") at buf[start:n]. Extensions
 * must follow RFC 9112 7.1.1 (token or quoted-string values) and are ignored.
 * Returns the offset of the chunk data (> start) and sets *size, or
 * HP_INCOMPLETE, or HP_E400 (malformed, or size over 2**31-1).
 */
long hp_parse_chunk(const uint8_t *buf, size_t start, size_t n, uint32_t *size);

/* Strict UTF-8 check (no overlongs, no surrogates, <= U+10FFFF). */
int hp_utf8_valid(const uint8_t *s, size_t n);

/* Case-insensitive compare of buf[off:off+len] with a lower-case literal. */
int hp_span_ieq(const uint8_t *buf, hp_span_t s, const char *lower);

#endif
