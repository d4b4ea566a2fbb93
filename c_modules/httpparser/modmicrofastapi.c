/*
 * _microfastapi: MicroPython binding of the httpparser core, plus the small
 * helpers the framework calls per request (unquote, parse_qs, fn_params).
 * The interface is fixed by docs/CONTRACTS.md; microfastapi/_parser.py has a
 * pure-Python twin with identical behaviour.
 */
#include <string.h>
#include <math.h>

#include "py/runtime.h"
#include "py/objstr.h"
#include "py/objfun.h"
#include "py/bc.h"
#include "py/stackctrl.h"

#include "httpparser.h"

// Header slots live on the C stack (8 bytes each); a caller allowing more
// fields than this gets heap slots, but only for a head that needs them.
#define MFA_STACK_HEADERS (32)

// Common header names and values as constant str objects in flash, so that
// the dict keys and the most frequent values of a typical request cost no
// allocation (each new str is two GC blocks and a copy). Not qstrs: a
// qstr named content_hyphen_type in C source would be collected as the text
// "content_hyphen_type" and clash with the frozen literal "content-type"
// (MicroPython only unescapes names that come from qstrdefs files).
// Their hashes are precomputed (gen_header_names.py writes the tables): a str
// with hash 0 would be hashed again on every dict insertion and lookup.
#if MICROPY_QSTR_BYTES_IN_HASH > 2
#error "mfa_header_names.h holds 16-bit hashes"
#elif MICROPY_QSTR_BYTES_IN_HASH
#define MFA_HASH_MASK ((1u << (8 * MICROPY_QSTR_BYTES_IN_HASH)) - 1)
#else
#define MFA_HASH_MASK (0xffffu) // as py/qstr.c
#endif
// qstr_compute_hash() never returns 0 (0 means "not computed yet").
#define MFA_HASH(h16) (((h16) & MFA_HASH_MASK) ? ((h16) & MFA_HASH_MASK) : 1)
#define MFA_STR_H(s, h16) {{&mp_type_str}, MFA_HASH(h16), sizeof(s) - 1, (const byte *)s}
#define MFA_ALIGN4 __attribute__((aligned(4)))
#include "mfa_header_names.h"

static const MP_DEFINE_STR_OBJ(mfa_slash_obj, "/");

// Methods are identifiers, so plain qstrs are safe (and compare by pointer).
// Matched against C strings: qstr_data() would walk the qstr pools.
static mp_obj_t mfa_method(const uint8_t *m, size_t len) {
    qstr q;
    const char *text;
    switch (len) {
        case 3:
            if (m[0] == 'G') {
                q = MP_QSTR_GET, text = "GET";
            } else {
                q = MP_QSTR_PUT, text = "PUT";
            }
            break;
        case 4:
            if (m[0] == 'P') {
                q = MP_QSTR_POST, text = "POST";
            } else {
                q = MP_QSTR_HEAD, text = "HEAD";
            }
            break;
        case 5:
            q = MP_QSTR_PATCH, text = "PATCH";
            break;
        case 6:
            q = MP_QSTR_DELETE, text = "DELETE";
            break;
        case 7:
            q = MP_QSTR_OPTIONS, text = "OPTIONS";
            break;
        default:
            return MP_OBJ_NULL;
    }
    return memcmp(m, text, len) == 0 ? MP_OBJ_NEW_QSTR(q) : MP_OBJ_NULL;
}

// A new str object with room for len bytes of data (plus the NUL that
// MicroPython keeps after str data). Two allocations, not one: str.encode()
// and bytes(s, enc) share o->data with the str, and the GC keeps a block
// alive only through a pointer to its head, so the data must be a block of
// its own. Hash 0 means "not computed yet" (py/objstr.c, py/runtime.c):
// values are rarely hashed, so we do not hash them here.
static mp_obj_str_t *mfa_str_alloc(size_t len) {
    mp_obj_str_t *o = mp_obj_malloc(mp_obj_str_t, &mp_type_str);
    byte *data = m_new(byte, len + 1);
    data[len] = '\0';
    o->hash = 0;
    o->len = len;
    o->data = data;
    return o;
}

static uint32_t mfa_load32_aligned(const uint8_t *p) {
    uint32_t x;
    memcpy(&x, __builtin_assume_aligned(p, 4), 4); // one ldr
    return x;
}

// Whether the len bytes at p equal the 4-aligned table text t, with fold
// OR-ed into every input byte first: 0 for values (exact), 0x20202020 for
// names, which the table holds lower-cased in [a-z0-9-] (for those bytes
// (c | 0x20) == t admits only t and its upper-case letter, or a CTL, which
// no token holds). Four bytes per step: the Cortex-M0+ has no unaligned
// loads, so input words are merged from two aligned ones, which reads up to
// 3 bytes before p and 2 after p + len. p must be a field name or value of a
// complete head (len >= 1): the request line (14 bytes or more) precedes it,
// and ":" or CR LF plus a further line follow it, so those reads stay inside
// the caller's buffer.
static inline bool mfa_text_eq(const uint8_t *p, const byte *t, size_t len, uint32_t fold) {
    if ((p[0] | (uint8_t)fold) != t[0]) {
        return false; // most mismatches, without the loop set-up
    }
    const byte *t_end = t + (len & ~(size_t)3);
    unsigned k = (uintptr_t)p & 3;
    if (k == 0) {
        for (; t < t_end; p += 4, t += 4) {
            if ((mfa_load32_aligned(p) | fold) != mfa_load32_aligned(t)) {
                return false;
            }
        }
    } else if (t < t_end) {
        const uint8_t *a = p - k; // 4-aligned
        unsigned lo_shift = 8 * k;
        uint32_t lo = mfa_load32_aligned(a) >> lo_shift;
        for (; t < t_end; p += 4, t += 4) {
            a += 4;
            uint32_t hi = mfa_load32_aligned(a); // up to p + len + 2
            if (((lo | (hi << (32 - lo_shift))) | fold) != mfa_load32_aligned(t)) {
                return false;
            }
            lo = hi >> lo_shift;
        }
    }
    for (size_t i = 0; i < (len & 3); i++) {
        if ((p[i] | (uint8_t)fold) != t[i]) {
            return false;
        }
    }
    return true;
}

// A common field value as a constant str in flash, or MP_OBJ_NULL.
static mp_obj_t mfa_const_value(const uint8_t *v, size_t len) {
    if (len <= MFA_VALUES_MAX_LEN) {
        for (size_t i = mfa_values_first[len]; i < mfa_values_first[len + 1]; i++) {
            if (mfa_text_eq(v, mfa_values[i].data, len, 0)) {
                return MP_OBJ_FROM_PTR(&mfa_values[i]);
            }
        }
    }
    return MP_OBJ_NULL;
}

// A str from ASCII or already-validated UTF-8 bytes: no utf8 check, no pool lookup.
static mp_obj_t mfa_str(const uint8_t *data, size_t len) {
    if (len == 0) {
        return MP_OBJ_NEW_QSTR(MP_QSTR_);
    }
    mp_obj_str_t *o = mfa_str_alloc(len);
    memcpy((byte *)o->data, data, len);
    return MP_OBJ_FROM_PTR(o);
}

// The dict key for a header name: a constant str for the common names, else
// a new lower-cased str, hashed in the same pass (the dict needs the hash).
static mp_obj_t mfa_header_name(const uint8_t *name, size_t len) {
    if (len <= MFA_NAMES_MAX_LEN) {
        for (size_t i = mfa_names_first[len]; i < mfa_names_first[len + 1]; i++) {
            if (mfa_text_eq(name, mfa_names[i].data, len, 0x20202020u)) {
                return MP_OBJ_FROM_PTR(&mfa_names[i]);
            }
        }
    }
    mp_obj_str_t *o = mfa_str_alloc(len);
    byte *p = (byte *)o->data;
    size_t hash = 5381; // qstr_compute_hash(), fused with the lower-casing
    for (size_t i = 0; i < len; i++) {
        byte c = name[i];
        c = (c >= 'A' && c <= 'Z') ? (c | 0x20) : c;
        p[i] = c;
        hash = (hash * 33) ^ c;
    }
    hash &= MFA_HASH_MASK;
    o->hash = hash ? hash : 1;
    return MP_OBJ_FROM_PTR(o);
}

// The slot for key in a dict being filled here (value MP_OBJ_NULL when the
// key is new). This is mp_map_lookup(map, key, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)
// for our case, which py/map.c cannot know: a table with free slots and no
// deleted ones, keys that are all str objects with their hash set, distinct
// constant keys never equal to each other or to an allocated one. Same
// placement as py/map.c (start at hash % alloc, probe linearly, wrap), so
// later lookups find every key; without its per-probe modulo, hash calls and
// mp_obj_equal() calls.
static mp_map_elem_t *mfa_dict_add(mp_map_t *map, mp_obj_t key) {
    size_t hash = ((mp_obj_str_t *)MP_OBJ_TO_PTR(key))->hash;
    size_t pos = hash % map->alloc;
    for (;;) {
        mp_map_elem_t *slot = &map->table[pos];
        if (slot->key == MP_OBJ_NULL) {
            slot->key = key;
            map->used++;
            map->all_keys_are_qstrs = 0;
            return slot;
        }
        if (slot->key == key
            || (((mp_obj_str_t *)MP_OBJ_TO_PTR(slot->key))->hash == hash && mp_obj_str_equal(slot->key, key))) {
            return slot;
        }
        if (++pos == map->alloc) {
            pos = 0;
        }
    }
}

// parse_head(buf, n, scanned, max_request_line, max_header_size, max_headers)
static mp_obj_t mfa_parse_head(size_t n_args, const mp_obj_t *args) {
    (void)n_args;
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[0], &bi, MP_BUFFER_READ);
    mp_int_t n = mp_obj_get_int(args[1]);
    mp_int_t scanned = mp_obj_get_int(args[2]);
    mp_int_t max_rl = mp_obj_get_int(args[3]);
    mp_int_t max_hs = mp_obj_get_int(args[4]);
    mp_int_t max_h = mp_obj_get_int(args[5]);
    if (n < 0 || (size_t)n > bi.len || scanned < 0 || max_rl < 0 || max_hs < 0 || max_h < 0) {
        mp_raise_ValueError(NULL);
    }

    hp_header_t stack_hdrs[MFA_STACK_HEADERS];
    hp_header_t *hdrs = stack_hdrs;
    const uint8_t *buf = bi.buf;
    size_t sc = (size_t)scanned;
    hp_request_t req;
    int r = hp_parse_head(buf, (size_t)n, &sc, max_rl, max_hs, hdrs,
        MIN((size_t)max_h, MFA_STACK_HEADERS), &req);
    if (r == HP_E431 && (size_t)max_h > MFA_STACK_HEADERS) {
        // Too many fields for the stack slots (or too big anyway): the
        // resume state does not depend on max_headers, so parse again.
        hdrs = m_new(hp_header_t, max_h);
        sc = (size_t)scanned;
        r = hp_parse_head(buf, (size_t)n, &sc, max_rl, max_hs, hdrs, max_h, &req);
    }
    if (r == HP_INCOMPLETE) {
        return MP_OBJ_NEW_SMALL_INT(sc);
    }
    if (r < 0) {
        return MP_OBJ_NEW_SMALL_INT(r);
    }

    mp_obj_t method = mfa_method(buf + req.method.off, req.method.len);
    if (method == MP_OBJ_NULL) {
        method = mfa_str(buf + req.method.off, req.method.len);
    }
    mp_obj_t path = req.path.len == 0 ? MP_OBJ_FROM_PTR(&mfa_slash_obj)
        : mfa_str(buf + req.path.off, req.path.len);

    // Room for half as many again: a full open-addressing table makes every
    // later miss (headers.get("authorization")) probe all slots.
    mp_obj_t headers = mp_obj_new_dict(req.num_headers + (req.num_headers >> 1) + 1);
    mp_map_t *map = mp_obj_dict_get_map(headers);
    for (size_t i = 0; i < req.num_headers; i++) {
        hp_span_t v = hdrs[i].value;
        mp_map_elem_t *e = mfa_dict_add(map, mfa_header_name(buf + hdrs[i].name.off, hdrs[i].name.len));
        if (e->value == MP_OBJ_NULL) {
            mp_obj_t value = mfa_const_value(buf + v.off, v.len);
            e->value = value != MP_OBJ_NULL ? value : mfa_str(buf + v.off, v.len);
        } else {
            // A repeated field: join with ", " (RFC 9110 5.3).
            GET_STR_DATA_LEN(e->value, old, old_len);
            mp_obj_str_t *o = mfa_str_alloc(old_len + 2 + v.len);
            byte *d = (byte *)o->data;
            memcpy(d, old, old_len);
            memcpy(d + old_len, ", ", 2);
            memcpy(d + old_len + 2, buf + v.off, v.len);
            e->value = MP_OBJ_FROM_PTR(o);
        }
    }

    mp_obj_t items[8] = {
        MP_OBJ_NEW_SMALL_INT(r),
        method,
        path,
        mfa_str(buf + req.query.off, req.query.len),
        MP_OBJ_NEW_SMALL_INT(req.version),
        headers,
        mp_obj_new_int(req.content_length),
        MP_OBJ_NEW_SMALL_INT(req.flags),
    };
    return mp_obj_new_tuple(8, items);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mfa_parse_head_obj, 6, 6, mfa_parse_head);

// parse_chunk(buf, start, n)
static mp_obj_t mfa_parse_chunk(mp_obj_t buf_in, mp_obj_t start_in, mp_obj_t n_in) {
    mp_buffer_info_t bi;
    mp_get_buffer_raise(buf_in, &bi, MP_BUFFER_READ);
    mp_int_t start = mp_obj_get_int(start_in);
    mp_int_t n = mp_obj_get_int(n_in);
    if (start < 0 || n < start || (size_t)n > bi.len) {
        mp_raise_ValueError(NULL);
    }
    uint32_t size;
    long r = hp_parse_chunk(bi.buf, start, n, &size);
    if (r < 0) {
        return MP_OBJ_NEW_SMALL_INT(r);
    }
    mp_obj_t items[2] = { mp_obj_new_int_from_uint(size), MP_OBJ_NEW_SMALL_INT(r) };
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_3(mfa_parse_chunk_obj, mfa_parse_chunk);

static int mfa_hex(byte c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c |= 0x20;
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

// Percent-decode s[0:len]; returns orig (when given) if nothing changes.
static mp_obj_t mfa_unquote_data(const byte *s, size_t len, bool plus, mp_obj_t orig) {
    size_t i = 0;
    while (i < len && s[i] != '%' && !(plus && s[i] == '+')) {
        i++;
    }
    if (i == len) {
        return orig != MP_OBJ_NULL ? orig : mfa_str(s, len);
    }
    vstr_t vs;
    vstr_init(&vs, len);
    vstr_add_strn(&vs, (const char *)s, i);
    for (; i < len; i++) {
        byte c = s[i];
        int hi, lo;
        if (c == '%' && len - i > 2 && (hi = mfa_hex(s[i + 1])) >= 0 && (lo = mfa_hex(s[i + 2])) >= 0) {
            c = (byte)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        vstr_add_byte(&vs, c);
    }
    if (!hp_utf8_valid((const uint8_t *)vs.buf, vs.len)) {
        vstr_clear(&vs);
        mp_raise_ValueError(MP_ERROR_TEXT("not UTF-8"));
    }
    return mp_obj_new_str_from_utf8_vstr(&vs);
}

// unquote(s, plus=False)
static mp_obj_t mfa_unquote(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_s, ARG_plus };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_s, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_plus, MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    mp_obj_t s = args[ARG_s].u_obj;
    if (!mp_obj_is_str(s)) {
        mp_raise_TypeError(NULL);
    }
    GET_STR_DATA_LEN(s, data, len);
    return mfa_unquote_data(data, len, args[ARG_plus].u_bool, s);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(mfa_unquote_obj, 1, mfa_unquote);

// One "&"-separated part of a query string: data[start:end], with its '='
// at eq when has_eq. parse_qs and qs_get walk a query string with it.
typedef struct {
    size_t start, eq, end;
    bool has_eq;
} mfa_qs_part_t;

// The part that starts at *pos (empty when two '&' meet); *pos moves past
// its '&'. Returns false at the end of the string.
static inline bool mfa_qs_next(const byte *data, size_t len, size_t *pos, mfa_qs_part_t *part) {
    size_t i = *pos;
    if (i >= len) {
        return false;
    }
    part->start = i;
    part->eq = 0;
    part->has_eq = false;
    while (i < len && data[i] != '&') {
        if (!part->has_eq && data[i] == '=') {
            part->has_eq = true;
            part->eq = i;
        }
        i++;
    }
    part->end = i;
    *pos = i + 1; // past the '&'
    return true;
}

// parse_qs(s): "&"-separated k=v pairs, "+" is space, the last repeat wins.
static mp_obj_t mfa_parse_qs(mp_obj_t s) {
    if (!mp_obj_is_str(s)) {
        mp_raise_TypeError(NULL);
    }
    GET_STR_DATA_LEN(s, data, len);
    mp_obj_t d = mp_obj_new_dict(0);
    size_t pos = 0;
    mfa_qs_part_t p;
    while (mfa_qs_next(data, len, &pos, &p)) {
        if (p.end > p.start) {
            mp_obj_t k, v;
            if (p.has_eq) {
                k = mfa_unquote_data(data + p.start, p.eq - p.start, true, MP_OBJ_NULL);
                v = mfa_unquote_data(data + p.eq + 1, p.end - p.eq - 1, true, MP_OBJ_NULL);
            } else {
                k = mfa_unquote_data(data + p.start, p.end - p.start, true, MP_OBJ_NULL);
                v = MP_OBJ_NEW_QSTR(MP_QSTR_);
            }
            mp_obj_dict_store(d, k, v);
        }
    }
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_1(mfa_parse_qs_obj, mfa_parse_qs);

// Whether a query-string part (a key or a value) holds an escape: '%', or
// '+' (a space). parse_qs decodes those parts through mfa_unquote_data,
// which checks that they decode to UTF-8; the others are taken as they are.
static bool mfa_qs_escaped(const byte *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' || s[i] == '+') {
            return true;
        }
    }
    return false;
}

// qs_get(s, key) -> parse_qs(s).get(key), allocating only the answer: the
// value of the last pair whose key decodes to key ("" for a bare "key"),
// or None. As parse_qs, ValueError when any escaped part of s does not
// decode to UTF-8 (those parts are decoded to check them; a plain part is
// compared in place). The fast path asks for each query parameter of a
// route this way instead of building the whole dict (a dict, its table and
// two str objects per pair, per request).
static mp_obj_t mfa_qs_get(mp_obj_t s, mp_obj_t key) {
    if (!mp_obj_is_str(s) || !mp_obj_is_str(key)) {
        mp_raise_TypeError(NULL);
    }
    GET_STR_DATA_LEN(s, data, len);
    GET_STR_DATA_LEN(key, want, want_len);
    mp_obj_t found = mp_const_none;
    size_t pos = 0;
    mfa_qs_part_t p;
    while (mfa_qs_next(data, len, &pos, &p)) {
        if (p.end > p.start) {
            const byte *k = data + p.start;
            size_t k_len = (p.has_eq ? p.eq : p.end) - p.start;
            bool match;
            if (mfa_qs_escaped(k, k_len)) {
                mp_obj_t dk = mfa_unquote_data(k, k_len, true, MP_OBJ_NULL);
                GET_STR_DATA_LEN(dk, dk_data, dk_len);
                match = dk_len == want_len && memcmp(dk_data, want, want_len) == 0;
            } else {
                match = k_len == want_len && memcmp(k, want, want_len) == 0;
            }
            if (p.has_eq) {
                const byte *v = data + p.eq + 1;
                size_t v_len = p.end - p.eq - 1;
                if (match) {
                    found = mfa_unquote_data(v, v_len, true, MP_OBJ_NULL);
                } else if (mfa_qs_escaped(v, v_len)) {
                    mfa_unquote_data(v, v_len, true, MP_OBJ_NULL); // only its check
                }
            } else if (match) {
                found = MP_OBJ_NEW_QSTR(MP_QSTR_);
            }
        }
    }
    return found;
}
static MP_DEFINE_CONST_FUN_OBJ_2(mfa_qs_get_obj, mfa_qs_get);

// py/objclosure.c keeps its struct private; these leading members are the
// part of its layout we rely on (the wrapped function and how many cells it
// closes over).
typedef struct {
    mp_obj_base_t base;
    mp_obj_t fun;
    size_t n_closed;
} mfa_closure_head_t;
extern const mp_obj_type_t mp_type_closure;

// fn_params(func) -> (names, defaults), read from the bytecode prelude.
static mp_obj_t mfa_fn_params(mp_obj_t func) {
    // A closure calls its function with the closed-over cells as extra
    // leading positional arguments (named "*" in the prelude): skip them.
    size_t n_skip = 0;
    if (mp_obj_is_type(func, &mp_type_closure)) {
        const mfa_closure_head_t *c = MP_OBJ_TO_PTR(func);
        func = c->fun;
        n_skip = c->n_closed;
    }
    // An async def (or any generator function) is a fun_bc with type gen_wrap.
    if (!mp_obj_is_type(func, &mp_type_fun_bc) && !mp_obj_is_type(func, &mp_type_gen_wrap)) {
        mp_raise_TypeError(MP_ERROR_TEXT("not a bytecode function"));
    }
    const mp_obj_fun_bc_t *fun = MP_OBJ_TO_PTR(func);
    const byte *ip = fun->bytecode;
    MP_BC_PRELUDE_SIG_DECODE(ip);
    MP_BC_PRELUDE_SIZE_DECODE(ip);

    // Source info: the function's own name, then one qstr per parameter
    // (positional then keyword-only; *args/**kwargs are not listed).
    // Note: the order is the compiler's local-slot order; with a named
    // *args, MicroPython may list keyword-only parameters out of source order.
    ip = mp_decode_uint_skip(ip);
    size_t n_names = n_pos_args + n_kwonly_args;
    if (n_skip > n_pos_args) {
        mp_raise_TypeError(NULL); // not a layout we understand
    }
    for (size_t i = 0; i < n_skip; i++) {
        ip = mp_decode_uint_skip(ip);
    }
    n_names -= n_skip;
    n_pos_args -= n_skip;
    mp_obj_tuple_t *names = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_names, NULL));
    for (size_t i = 0; i < n_names; i++) {
        qstr q = mp_decode_uint(&ip);
        #if MICROPY_EMIT_BYTECODE_USES_QSTR_TABLE
        q = fun->context->constants.qstr_table[q];
        #endif
        names->items[i] = MP_OBJ_NEW_QSTR(q);
    }

    // Positional defaults belong to the last n_def_pos_args positional
    // parameters; keyword-only defaults sit in a dict after them.
    mp_obj_t defaults = mp_obj_new_dict(0);
    for (size_t i = 0; i < n_def_pos_args; i++) {
        mp_obj_dict_store(defaults, names->items[n_pos_args - n_def_pos_args + i], fun->extra_args[i]);
    }
    if (scope_flags & MP_SCOPE_FLAG_DEFKWARGS) {
        mp_map_t *kw = mp_obj_dict_get_map(fun->extra_args[n_def_pos_args]);
        for (size_t i = n_pos_args; i < n_names; i++) {
            mp_map_elem_t *e = mp_map_lookup(kw, names->items[i], MP_MAP_LOOKUP);
            if (e != NULL) {
                mp_obj_dict_store(defaults, names->items[i], e->value);
            }
        }
    }
    mp_obj_t items[2] = { MP_OBJ_FROM_PTR(names), defaults };
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(mfa_fn_params_obj, mfa_fn_params);


// The JSON text json.dumps gives (default separators), written straight into
// vstr for dict, list, tuple, str, small int, bool and None; anything else
// (and subclasses) through MicroPython's own printer. Strings are copied in
// runs instead of one mp_printf("%c") per character.
static void mfa_json_str(vstr_t *vstr, const byte *s, size_t len) {
    vstr_add_byte(vstr, '"');
    const byte *run = s, *top = s + len;
    for (; s < top; s++) {
        byte c = *s;
        if (c >= 32 && c != '"' && c != '\\') {
            // a UTF-16 surrogate encoded on its own (ED A0..BF): no valid
            // JSON text holds it, CPython refuses to encode it too
            if (c == 0xed && s + 1 < top && s[1] >= 0xa0) {
                mp_raise_ValueError(MP_ERROR_TEXT("surrogates not allowed"));
            }
            continue;
        }
        vstr_add_strn(vstr, (const char *)run, s - run);
        run = s + 1;
        if (c == '"' || c == '\\') {
            char e[2] = { '\\', (char)c };
            vstr_add_strn(vstr, e, 2);
        } else if (c == '\n') {
            vstr_add_strn(vstr, "\\n", 2);
        } else if (c == '\r') {
            vstr_add_strn(vstr, "\\r", 2);
        } else if (c == '\t') {
            vstr_add_strn(vstr, "\\t", 2);
        } else {
            static const char hex[] = "0123456789abcdef";
            char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            vstr_add_strn(vstr, e, 6);
        }
    }
    vstr_add_strn(vstr, (const char *)run, top - run);
    vstr_add_byte(vstr, '"');
}

static void mfa_json_obj(vstr_t *vstr, const mp_print_t *print, mp_obj_t o) {
    MP_STACK_CHECK();
    if (mp_obj_is_small_int(o)) {
        mp_int_t v = MP_OBJ_SMALL_INT_VALUE(o);
        char d[12];
        size_t n = sizeof(d);
        mp_uint_t u = v < 0 ? -(mp_uint_t)v : (mp_uint_t)v;
        do {
            d[--n] = '0' + u % 10;
            u /= 10;
        } while (u);
        if (v < 0) {
            d[--n] = '-';
        }
        vstr_add_strn(vstr, d + n, sizeof(d) - n);
    } else if (mp_obj_is_str(o)) {
        GET_STR_DATA_LEN(o, data, len);
        mfa_json_str(vstr, data, len);
    } else if (o == mp_const_none) {
        vstr_add_strn(vstr, "null", 4);
    } else if (o == mp_const_true) {
        vstr_add_strn(vstr, "true", 4);
    } else if (o == mp_const_false) {
        vstr_add_strn(vstr, "false", 5);
    } else if (mp_obj_is_dict_or_ordereddict(o)) {
        mp_map_t *map = mp_obj_dict_get_map(o);
        bool first = true;
        vstr_add_byte(vstr, '{');
        for (size_t i = 0; i < map->alloc; i++) {
            if (!mp_map_slot_is_filled(map, i)) {
                continue;
            }
            if (!first) {
                vstr_add_strn(vstr, ", ", 2);
            }
            first = false;
            mp_obj_t k = map->table[i].key;
            if (mp_obj_is_str(k)) {
                GET_STR_DATA_LEN(k, data, len);
                mfa_json_str(vstr, data, len);
            } else if (k == mp_const_none || mp_obj_is_bool(k) || mp_obj_is_int(k)
                       #if MICROPY_PY_BUILTINS_FLOAT
                       || mp_obj_is_float(k)
                       #endif
                       ) {
                // as CPython: None, bool, int and float keys as their JSON text, quoted
                vstr_add_byte(vstr, '"');
                mfa_json_obj(vstr, print, k);
                vstr_add_byte(vstr, '"');
            } else {
                mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("keys must be str, int, float, bool or None, not %s"),
                    mp_obj_get_type_str(k));
            }
            vstr_add_strn(vstr, ": ", 2);
            mfa_json_obj(vstr, print, map->table[i].value);
        }
        vstr_add_byte(vstr, '}');
    } else if (mp_obj_is_exact_type(o, &mp_type_list) || mp_obj_is_exact_type(o, &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        vstr_add_byte(vstr, '[');
        for (size_t i = 0;; i++) {
            // read again each time: printing an item may run Python code
            mp_obj_get_array(o, &n, &items);
            if (i >= n) {
                break;
            }
            if (i > 0) {
                vstr_add_strn(vstr, ", ", 2);
            }
            mfa_json_obj(vstr, print, items[i]);
        }
        vstr_add_byte(vstr, ']');
    } else if (mp_obj_is_int(o) && !mp_obj_is_bool(o)) {
        // a long int (small ones above; bool is an int subclass, also above)
        mp_obj_print_helper(print, o, PRINT_JSON);
    #if MICROPY_PY_BUILTINS_FLOAT
    } else if (mp_obj_is_float(o)) {
        mp_float_t f = mp_obj_get_float(o);
        if (isinf(f) || isnan(f)) {
            mp_raise_ValueError(MP_ERROR_TEXT("Out of range float values are not JSON compliant"));
        }
        mp_obj_print_helper(print, o, PRINT_JSON);
    #endif
    } else {
        // strict, as CPython: no repr of arbitrary objects as "JSON"
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("Object of type %s is not JSON serializable"),
            mp_obj_get_type_str(o));
    }
}

// json_response(pre, obj, tail) -> bytes: pre + str(len(body)) + tail + body,
// body = json.dumps(obj) as UTF-8 (the same printer and separators as
// json.dumps), built in one buffer.
static mp_obj_t mfa_json_response(mp_obj_t pre_in, mp_obj_t obj, mp_obj_t tail_in) {
    mp_buffer_info_t pre, tail;
    mp_get_buffer_raise(pre_in, &pre, MP_BUFFER_READ);
    mp_get_buffer_raise(tail_in, &tail, MP_BUFFER_READ);
    // room for up to 10 digits and the tail before the body, moved down after
    size_t gap = 10 + tail.len;
    vstr_t vstr;
    #if MICROPY_PY_JSON_SEPARATORS
    mp_print_ext_t print_ext;
    vstr_init_print(&vstr, pre.len + gap + 64, &print_ext.base);
    print_ext.item_separator = ", ";
    print_ext.key_separator = ": ";
    const mp_print_t *print = &print_ext.base;
    #else
    mp_print_t print_base;
    vstr_init_print(&vstr, pre.len + gap + 64, &print_base);
    const mp_print_t *print = &print_base;
    #endif
    vstr_add_strn(&vstr, pre.buf, pre.len);
    vstr_add_len(&vstr, gap);
    size_t start = vstr.len;
    mfa_json_obj(&vstr, print, obj);
    size_t n = vstr.len - start;
    char digits[12];
    size_t nd = 0;
    size_t v = n;
    do {
        digits[nd++] = '0' + v % 10;
        v /= 10;
    } while (v);
    char *b = vstr.buf + pre.len;
    for (size_t i = 0; i < nd; i++) {
        b[i] = digits[nd - 1 - i];
    }
    memcpy(b + nd, tail.buf, tail.len);
    size_t used = nd + tail.len;
    memmove(b + used, vstr.buf + start, n);
    vstr.len = pre.len + used + n;
    return mp_obj_new_bytes_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_3(mfa_json_response_obj, mfa_json_response);

// fn_kwonly(func) -> int: the number of keyword-only parameters of a function
// fn_params accepts (0: it can be called with its parameters positionally, in
// fn_params' order). Raises TypeError like fn_params.
static mp_obj_t mfa_fn_kwonly(mp_obj_t func) {
    if (mp_obj_is_type(func, &mp_type_closure)) {
        const mfa_closure_head_t *c = MP_OBJ_TO_PTR(func);
        func = c->fun;
    }
    if (!mp_obj_is_type(func, &mp_type_fun_bc) && !mp_obj_is_type(func, &mp_type_gen_wrap)) {
        mp_raise_TypeError(MP_ERROR_TEXT("not a bytecode function"));
    }
    const mp_obj_fun_bc_t *fun = MP_OBJ_TO_PTR(func);
    const byte *ip = fun->bytecode;
    MP_BC_PRELUDE_SIG_DECODE(ip);
    (void)n_state;
    (void)n_exc_stack;
    (void)scope_flags;
    (void)n_pos_args;
    (void)n_def_pos_args;
    return MP_OBJ_NEW_SMALL_INT(n_kwonly_args);
}
static MP_DEFINE_CONST_FUN_OBJ_1(mfa_fn_kwonly_obj, mfa_fn_kwonly);

// prefix_get(index, path) -> (index[head], tail), or None when head is not
// a key, with head = path[:i], tail = path[i:], i = path.rfind("/") + 1: the
// fast path's look-up of a "/lit/.../{one}" route by its literal prefix.
// head is looked up as a str object on the C stack (hashed here, equal to
// the index's str keys by content): the dict keeps no reference to the key
// it is asked for, so only tail, when there is an answer, is allocated
// (slicing would also search the interned strings for both).
static mp_obj_t mfa_prefix_get(mp_obj_t index, mp_obj_t path) {
    size_t len;
    const byte *s = (const byte *)mp_obj_str_get_data(path, &len);
    if (!mp_obj_is_dict_or_ordereddict(index)) {
        mp_raise_TypeError(NULL);
    }
    size_t i = len;
    while (i > 0 && s[i - 1] != '/') {
        i--;
    }
    mp_obj_str_t head = {{&mp_type_str}, qstr_compute_hash(s, i), i, s};
    mp_map_elem_t *e = mp_map_lookup(mp_obj_dict_get_map(index), MP_OBJ_FROM_PTR(&head), MP_MAP_LOOKUP);
    if (e == NULL) {
        return mp_const_none;
    }
    mp_obj_t items[2] = { e->value, mfa_str(s + i, len - i) };
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_2(mfa_prefix_get_obj, mfa_prefix_get);

// json_check(buf, max_digits, max_keys, max_depth) -> None, or raises
// ValueError saying what is wrong. Strict RFC 8259 in one pass, no
// allocation, before json.loads runs: MicroPython's own parser accepts
// {"a" 1}, [1,,2] and {"a":[1,}, parses any number of digits in quadratic
// time (16,000 of them: 2.6 s on the RP2040), and with 8-bit string hashes on
// rp2 a dict of thousands of keys fills quadratically. So: the grammar, valid
// UTF-8 without surrogates (\uD800-\uDFFF only as a proper pair), a number's
// integer digits <= max_digits (CPython 3.11's int limit is 4300), no
// number beyond float range, at most max_keys keys per object and max_depth
// nested containers (the open containers' kinds are kept as bits of a word:
// max_depth <= 32).
static NORETURN void mfa_json_fail(const char *what, size_t pos) {
    mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("invalid JSON: %s at %u"), what, (unsigned)pos);
}

static size_t mfa_hex4(const byte *s, const byte *top) {
    if (top - s < 4) {
        return (size_t)-1;
    }
    size_t v = 0;
    for (int i = 0; i < 4; i++) {
        byte c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= c - '0';
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
            v |= (c | 0x20) - 'a' + 10;
        } else {
            return (size_t)-1;
        }
    }
    return v;
}

static mp_obj_t mfa_json_check(size_t n_args, const mp_obj_t *args) {
    mp_buffer_info_t bi;
    mp_get_buffer_raise(args[0], &bi, MP_BUFFER_READ);
    mp_int_t max_digits = mp_obj_get_int(args[1]);
    mp_int_t max_keys = mp_obj_get_int(args[2]);
    mp_int_t max_depth = mp_obj_get_int(args[3]);
    if (max_depth > 32) {
        max_depth = 32;
    }
    const byte *b = bi.buf, *s = b, *top = b + bi.len;
    uint32_t kinds = 0; // bit d: container at depth d+1 is an object
    mp_int_t depth = 0;
    mp_int_t keys[33]; // keys so far in each open object
    // states: 0 want a value, 1 after a value, 2 want a key (after '{' or ','
    // in an object), 3 after a key (want ':')
    int state = 0;
    bool first = false; // just after '[' or '{': ']' or '}' allowed
    for (;;) {
        while (s < top && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
            s++;
        }
        if (s == top) {
            if (state == 1 && depth == 0) {
                return mp_const_none;
            }
            mfa_json_fail("unexpected end", s - b);
        }
        byte c = *s;
        if (state == 1) {
            if (depth == 0) {
                mfa_json_fail("extra data", s - b);
            }
            bool obj = (kinds >> (depth - 1)) & 1;
            if (c == ',') {
                s++;
                state = obj ? 2 : 0;
                first = false;
                continue;
            }
            if (c == (obj ? '}' : ']')) {
                s++;
                depth--;
                continue; // state stays 1
            }
            mfa_json_fail("expected , or close", s - b);
        }
        if (state == 3) {
            if (c != ':') {
                mfa_json_fail("expected :", s - b);
            }
            s++;
            state = 0;
            continue;
        }
        if (first && (c == ']' || c == '}')) {
            bool obj = (kinds >> (depth - 1)) & 1;
            if (c != (obj ? '}' : ']')) {
                mfa_json_fail("mismatched close", s - b);
            }
            s++;
            depth--;
            state = 1;
            first = false;
            continue;
        }
        first = false;
        if (state == 2 && c != '"') {
            mfa_json_fail("expected a key", s - b);
        }
        if (c == '"') {
            // a string (value or key)
            s++;
            for (;;) {
                if (s == top) {
                    mfa_json_fail("unterminated string", s - b);
                }
                c = *s;
                if (c == '"') {
                    s++;
                    break;
                }
                if (c < 0x20) {
                    mfa_json_fail("control character in string", s - b);
                }
                if (c == '\\') {
                    if (top - s < 2) {
                        mfa_json_fail("bad escape", s - b);
                    }
                    c = s[1];
                    if (c == 'u') {
                        size_t u = mfa_hex4(s + 2, top);
                        if (u == (size_t)-1) {
                            mfa_json_fail("bad \\u escape", s - b);
                        }
                        s += 6;
                        if (u >= 0xdc00 && u <= 0xdfff) {
                            mfa_json_fail("lone surrogate", s - b);
                        }
                        if (u >= 0xd800 && u <= 0xdbff) {
                            size_t u2 = (top - s >= 6 && s[0] == '\\' && s[1] == 'u') ? mfa_hex4(s + 2, top) : (size_t)-1;
                            if (u2 == (size_t)-1 || u2 < 0xdc00 || u2 > 0xdfff) {
                                mfa_json_fail("lone surrogate", s - b);
                            }
                            s += 6;
                        }
                        continue;
                    }
                    if (c != '"' && c != '\\' && c != '/' && c != 'b' && c != 'f' && c != 'n' && c != 'r' && c != 't') {
                        mfa_json_fail("bad escape", s - b);
                    }
                    s += 2;
                    continue;
                }
                if (c < 0x80) {
                    s++;
                    continue;
                }
                // UTF-8, strictly: no overlongs, no surrogates, <= U+10FFFF
                size_t n;
                byte lo = 0x80, hi = 0xbf;
                if (c >= 0xc2 && c <= 0xdf) {
                    n = 1;
                } else if (c >= 0xe0 && c <= 0xef) {
                    n = 2;
                    if (c == 0xe0) {
                        lo = 0xa0;
                    } else if (c == 0xed) {
                        hi = 0x9f;
                    }
                } else if (c >= 0xf0 && c <= 0xf4) {
                    n = 3;
                    if (c == 0xf0) {
                        lo = 0x90;
                    } else if (c == 0xf4) {
                        hi = 0x8f;
                    }
                } else {
                    mfa_json_fail("invalid UTF-8", s - b);
                }
                if ((size_t)(top - s) <= n || s[1] < lo || s[1] > hi) {
                    mfa_json_fail("invalid UTF-8", s - b);
                }
                for (size_t i = 2; i <= n; i++) {
                    if ((s[i] & 0xc0) != 0x80) {
                        mfa_json_fail("invalid UTF-8", s - b);
                    }
                }
                s += n + 1;
            }
            if (state == 2) {
                if (++keys[depth] > max_keys) {
                    mfa_json_fail("too many keys in an object", s - b);
                }
                state = 3;
            } else {
                state = 1;
            }
            continue;
        }
        // state 0: a value other than a string
        if (c == '{' || c == '[') {
            if (depth >= max_depth) {
                mfa_json_fail("nested too deeply", s - b);
            }
            if (c == '{') {
                kinds |= (uint32_t)1 << depth;
                depth++;
                keys[depth] = 0;
                state = 2;
            } else {
                kinds &= ~((uint32_t)1 << depth);
                depth++;
                state = 0;
            }
            s++;
            first = true;
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            const byte *start = s;
            if (c == '-') {
                s++;
            }
            const byte *d0 = s;
            if (s < top && *s == '0') {
                s++;
            } else if (s < top && *s >= '1' && *s <= '9') {
                while (s < top && *s >= '0' && *s <= '9') {
                    s++;
                }
            } else {
                mfa_json_fail("bad number", start - b);
            }
            mp_int_t idigits = s - d0;
            if (idigits > max_digits) {
                mfa_json_fail("too many digits", start - b);
            }
            bool isfloat = false;
            if (s < top && *s == '.') {
                s++;
                const byte *f0 = s;
                while (s < top && *s >= '0' && *s <= '9') {
                    s++;
                }
                if (s == f0) {
                    mfa_json_fail("bad number", start - b);
                }
                if (s - f0 > max_digits) {
                    mfa_json_fail("too many digits", start - b);
                }
                isfloat = true;
            }
            if (s < top && (*s == 'e' || *s == 'E')) {
                s++;
                bool neg = false;
                if (s < top && (*s == '+' || *s == '-')) {
                    neg = *s == '-';
                    s++;
                }
                const byte *e0 = s;
                mp_int_t e = 0;
                while (s < top && *s >= '0' && *s <= '9') {
                    if (e < 100000) {
                        e = e * 10 + (*s - '0');
                    }
                    s++;
                }
                if (s == e0) {
                    mfa_json_fail("bad number", start - b);
                }
                // beyond a double's range it would become inf (or, for a
                // tiny one, parse slowly to 0): refuse both
                if (e > 400 || (!neg && e + idigits > 309)) {
                    mfa_json_fail("number out of range", start - b);
                }
                isfloat = true;
            }
            if (isfloat && idigits > 309) {
                mfa_json_fail("number out of range", start - b);
            }
            state = 1;
            continue;
        }
        if (top - s >= 4 && memcmp(s, "true", 4) == 0) {
            s += 4;
        } else if (top - s >= 5 && memcmp(s, "false", 5) == 0) {
            s += 5;
        } else if (top - s >= 4 && memcmp(s, "null", 4) == 0) {
            s += 4;
        } else {
            mfa_json_fail("unexpected character", s - b);
        }
        state = 1;
    }
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mfa_json_check_obj, 4, 4, mfa_json_check);

// json_dumps(obj) -> str: json.dumps(obj), strictly (see mfa_json_obj)
static mp_obj_t mfa_json_dumps(mp_obj_t obj) {
    vstr_t vstr;
    #if MICROPY_PY_JSON_SEPARATORS
    mp_print_ext_t print_ext;
    vstr_init_print(&vstr, 64, &print_ext.base);
    print_ext.item_separator = ", ";
    print_ext.key_separator = ": ";
    const mp_print_t *print = &print_ext.base;
    #else
    mp_print_t print_base;
    vstr_init_print(&vstr, 64, &print_base);
    const mp_print_t *print = &print_base;
    #endif
    mfa_json_obj(&vstr, print, obj);
    return mp_obj_new_str_from_vstr(&vstr);
}
static MP_DEFINE_CONST_FUN_OBJ_1(mfa_json_dumps_obj, mfa_json_dumps);

// ---- WebSocket (websockets.py): the per-message work in one call each way.
// In Python a 32-byte text message took ~40 k RP2040 cycles to unmask and
// check (big-integer XOR, bytes.decode's interned-string look-up, the strict
// UTF-8 scan MicroPython's decode does not do): bench/bench_ws_target.py.

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF, nothing cut short. MicroPython's utf8_check accepts all of those.
static bool mfa_utf8_strict(const byte *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        byte c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            k = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i <= k) {
            return false;
        }
        for (size_t j = 1; j <= k; j++) {
            byte b = s[i + j];
            if ((b & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
            return false;
        }
        i += k + 1;
    }
    return true;
}

// ws_unmask(data, key, text) -> data XOR the 4-byte key repeated (RFC 6455
// 5.3) as bytes; with text true as a str, or None when that is not strict
// UTF-8. One allocation for the payload; the str is made without the
// interned-string look-up.
static mp_obj_t mfa_ws_unmask(mp_obj_t data_in, mp_obj_t key_in, mp_obj_t text_in) {
    mp_buffer_info_t d, k;
    mp_get_buffer_raise(data_in, &d, MP_BUFFER_READ);
    mp_get_buffer_raise(key_in, &k, MP_BUFFER_READ);
    if (k.len != 4) {
        mp_raise_ValueError(MP_ERROR_TEXT("key must be 4 bytes"));
    }
    const byte *src = d.buf;
    const byte *key = k.buf;
    size_t n = d.len;
    byte *p = m_new(byte, n + 1);
    for (size_t i = 0; i < n; i++) {
        p[i] = src[i] ^ key[i & 3];
    }
    p[n] = 0;
    bool text = mp_obj_is_true(text_in);
    if (text && !mfa_utf8_strict(p, n)) {
        m_del(byte, p, n + 1);
        return mp_const_none;
    }
    mp_obj_str_t *o = MP_OBJ_TO_PTR(mp_obj_new_str_copy(text ? &mp_type_str : &mp_type_bytes, NULL, n));
    o->data = p;
    o->hash = qstr_compute_hash(p, n);
    return MP_OBJ_FROM_PTR(o);
}
static MP_DEFINE_CONST_FUN_OBJ_3(mfa_ws_unmask_obj, mfa_ws_unmask);

// ws_frame(opcode, payload) -> bytes: a final, unmasked (server) frame with
// its head, holding payload (bytes-like, or a str as its UTF-8), in one buffer
static mp_obj_t mfa_ws_frame(mp_obj_t op_in, mp_obj_t payload) {
    mp_int_t op = mp_obj_get_int(op_in);
    const byte *s;
    size_t n;
    if (mp_obj_is_str(payload)) {
        s = (const byte *)mp_obj_str_get_data(payload, &n);
    } else {
        mp_buffer_info_t b;
        mp_get_buffer_raise(payload, &b, MP_BUFFER_READ);
        s = b.buf;
        n = b.len;
    }
    size_t h = n < 126 ? 2 : (n < 65536 ? 4 : 10);
    vstr_t vs;
    vstr_init_len(&vs, h + n);
    byte *o = (byte *)vs.buf;
    o[0] = 0x80 | (op & 15);
    if (n < 126) {
        o[1] = (byte)n;
    } else if (n < 65536) {
        o[1] = 126;
        o[2] = (byte)(n >> 8);
        o[3] = (byte)n;
    } else {
        o[1] = 127;
        uint64_t v = n;
        for (int i = 0; i < 8; i++) {
            o[2 + i] = (byte)(v >> (56 - 8 * i));
        }
    }
    memcpy(o + h, s, n);
    return mp_obj_new_bytes_from_vstr(&vs);
}
static MP_DEFINE_CONST_FUN_OBJ_2(mfa_ws_frame_obj, mfa_ws_frame);

static const mp_rom_map_elem_t mfa_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__microfastapi) },
    { MP_ROM_QSTR(MP_QSTR_parse_head), MP_ROM_PTR(&mfa_parse_head_obj) },
    { MP_ROM_QSTR(MP_QSTR_parse_chunk), MP_ROM_PTR(&mfa_parse_chunk_obj) },
    { MP_ROM_QSTR(MP_QSTR_unquote), MP_ROM_PTR(&mfa_unquote_obj) },
    { MP_ROM_QSTR(MP_QSTR_parse_qs), MP_ROM_PTR(&mfa_parse_qs_obj) },
    { MP_ROM_QSTR(MP_QSTR_qs_get), MP_ROM_PTR(&mfa_qs_get_obj) },
    { MP_ROM_QSTR(MP_QSTR_fn_params), MP_ROM_PTR(&mfa_fn_params_obj) },
    { MP_ROM_QSTR(MP_QSTR_json_response), MP_ROM_PTR(&mfa_json_response_obj) },
    { MP_ROM_QSTR(MP_QSTR_fn_kwonly), MP_ROM_PTR(&mfa_fn_kwonly_obj) },
    { MP_ROM_QSTR(MP_QSTR_prefix_get), MP_ROM_PTR(&mfa_prefix_get_obj) },
    { MP_ROM_QSTR(MP_QSTR_json_check), MP_ROM_PTR(&mfa_json_check_obj) },
    { MP_ROM_QSTR(MP_QSTR_json_dumps), MP_ROM_PTR(&mfa_json_dumps_obj) },
    { MP_ROM_QSTR(MP_QSTR_ws_unmask), MP_ROM_PTR(&mfa_ws_unmask_obj) },
    { MP_ROM_QSTR(MP_QSTR_ws_frame), MP_ROM_PTR(&mfa_ws_frame_obj) },
};
static MP_DEFINE_CONST_DICT(mfa_module_globals, mfa_module_globals_table);

const mp_obj_module_t mfa_user_cmodule = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&mfa_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR__microfastapi, mfa_user_cmodule);
