"""Writes the shared parser corpus: tests/parser/corpus/*.http (request heads,
valid and malformed) and fuzz/corpus/chunk-* (chunk-size lines).

The files are committed; rerun after editing CASES:
    python3 tests/parser/make_corpus.py
Used by the differential tests (C binding vs Python fallback), the
sanitizer unit tests (make parser-test) and as libFuzzer seeds.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

BROWSER_GET = (
    b"GET /api/items/42?fields=name,price&lang=en HTTP/1.1\r\n"
    b"Host: 192.168.4.1:8000\r\n"
    b"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
    b"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    b"Accept-Language: en-US,en;q=0.5\r\n"
    b"Accept-Encoding: gzip, deflate\r\n"
    b"Connection: keep-alive\r\n"
    b"Cookie: session=8f2a61c0d5e94b7c3a1e0f99d2b4c6a8e7f012345678abcd; theme=dark\r\n"
    b"Upgrade-Insecure-Requests: 1\r\n"
    b"Cache-Control: max-age=0\r\n"
    b"\r\n"
)

JSON_BODY = (
    b'{"name": "sensor-7", "kind": "temperature", "unit": "celsius", '
    b'"interval_s": 30, "threshold": {"low": 4.5, "high": 31.25}, '
    b'"tags": ["greenhouse", "north", "pico-w"], "enabled": true, "notes": "x1234"}'
)

POST_JSON = (
    b"POST /api/sensors?dry_run=0&notify=sms,mai HTTP/1.1\r\n"
    b"Host: 192.168.4.1:8000\r\n"
    b"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
    b"Accept: application/json\r\n"
    b"Accept-Language: en-US,en;q=0.5\r\n"
    b"Accept-Encoding: gzip, deflate\r\n"
    b"Content-Type: application/json\r\n"
    b"Content-Length: %d\r\n"
    b"Origin: http://192.168.4.1:8000\r\n"
    b"Connection: keep-alive\r\n"
    b"\r\n" % len(JSON_BODY)
) + JSON_BODY

H = b"Host: example.com\r\n"

CASES = {
    # valid
    "ok-browser-get": BROWSER_GET,
    "ok-post-json": POST_JSON,
    "ok-minimal-11": b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    "ok-minimal-10": b"GET / HTTP/1.0\r\n\r\n",
    "ok-10-keepalive": b"GET /x HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
    "ok-leading-crlf": b"\r\n\r\nGET / HTTP/1.1\r\n" + H + b"\r\n",
    "ok-chunked": b"POST /up HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\n\r\n1a;x=y\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
    "ok-te-two-lines": b"POST /up HTTP/1.1\r\n" + H + b"Transfer-Encoding:\tchunked \r\n\r\n",
    "ok-expect": b"PUT /f HTTP/1.1\r\n" + H + b"Expect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
    "ok-repeated": b"GET / HTTP/1.1\r\n" + H + b"Accept: a\r\naccept: b\r\nACCEPT:  c  \r\n\r\n",
    "ok-close": b"GET / HTTP/1.1\r\n" + H + b"Connection: Upgrade, close\r\n\r\n",
    "ok-absolute": b"GET http://example.com:8080/p/q?r=1 HTTP/1.1\r\n" + H + b"\r\n",
    "ok-absolute-noslash": b"GET https://example.com?r=1 HTTP/1.1\r\n" + H + b"\r\n",
    "ok-options-star": b"OPTIONS * HTTP/1.1\r\n" + H + b"\r\n",
    "ok-ipv6-host": b"GET / HTTP/1.1\r\nHost: [fe80::1]:80\r\n\r\n",
    "ok-empty-host": b"GET / HTTP/1.1\r\nHost:\r\n\r\n",
    "ok-pct-host": b"GET / HTTP/1.1\r\nHost: a%41b.local\r\n\r\n",
    "ok-utf8-value": b"GET / HTTP/1.1\r\n" + H + "X-Name: Zo\u00eb \u20ac\r\n".encode() + b"\r\n",
    "ok-empty-value": b"GET / HTTP/1.1\r\n" + H + b"X-Empty:\r\nX-Ws: \t \r\n\r\n",
    "ok-custom-method": b"PROPFIND /dav HTTP/1.1\r\n" + H + b"Depth: 1\r\n\r\n",
    "ok-weird-path": b"GET /a/%7Euser/b;c=d/e!$&'()*+,;=:@?q=%20&x=y+z&&k HTTP/1.1\r\n" + H + b"\r\n",
    "ok-cl-zero": b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 0000\r\n\r\n",
    "ok-cl-max": b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 2147483647\r\n\r\n",
    "ok-pipelined": b"GET /1 HTTP/1.1\r\n" + H + b"\r\nGET /2 HTTP/1.1\r\n" + H + b"\r\n",
    "ok-tchar-names": b"GET / HTTP/1.1\r\n" + H + b"!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n",
    "ok-obs-text": b"GET / HTTP/1.1\r\n" + H + b"X: \xc3\xa9\xf0\x9f\x98\x80\r\n\r\n",
    # malformed
    "bad-bare-lf": b"GET / HTTP/1.1\n" + H + b"\r\n",
    "bad-bare-lf-end": b"GET / HTTP/1.1\r\n" + H + b"\n",
    "bad-bare-cr": b"GET / HTTP/1.1\r\nX: a\rb\r\n" + H + b"\r\n",
    "bad-leading-lf": b"\nGET / HTTP/1.1\r\n" + H + b"\r\n",
    "bad-two-spaces": b"GET  / HTTP/1.1\r\n" + H + b"\r\n",
    "bad-tab-sep": b"GET\t/ HTTP/1.1\r\n" + H + b"\r\n",
    "bad-trailing-space": b"GET / HTTP/1.1 \r\n" + H + b"\r\n",
    "bad-method": b"G(T / HTTP/1.1\r\n" + H + b"\r\n",
    "bad-no-target": b"GET HTTP/1.1\r\n" + H + b"\r\n",
    "bad-fragment": b"GET /a#b HTTP/1.1\r\n" + H + b"\r\n",
    "bad-star-get": b"GET * HTTP/1.1\r\n" + H + b"\r\n",
    "bad-authority-form": b"CONNECT example.com:443 HTTP/1.1\r\n" + H + b"\r\n",
    "bad-empty-authority": b"GET http:///x HTTP/1.1\r\n" + H + b"\r\n",
    "bad-target-ctl": b"GET /a\x7fb HTTP/1.1\r\n" + H + b"\r\n",
    "bad-target-utf8": b"GET /caf\xc3\xa9 HTTP/1.1\r\n" + H + b"\r\n",
    "bad-version-lower": b"GET / http/1.1\r\n" + H + b"\r\n",
    "bad-version-long": b"GET / HTTP/1.10\r\n" + H + b"\r\n",
    "bad-version-short": b"GET / HTTP/1\r\n" + H + b"\r\n",
    "v505-http2": b"GET / HTTP/2.0\r\n" + H + b"\r\n",
    "v505-http09": b"GET / HTTP/0.9\r\n" + H + b"\r\n",
    "bad-no-host": b"GET / HTTP/1.1\r\n\r\n",
    "bad-two-hosts": b"GET / HTTP/1.1\r\n" + H + H + b"\r\n",
    "bad-two-hosts-10": b"GET / HTTP/1.0\r\n" + H + H + b"\r\n",
    "bad-host-value": b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n",
    "bad-host-port": b"GET / HTTP/1.1\r\nHost: a:8o\r\n\r\n",
    "bad-host-10": b"GET / HTTP/1.0\r\nHost: a/b\r\n\r\n",
    "bad-host-brackets": b"GET / HTTP/1.1\r\nHost: [::1\r\n\r\n",
    "bad-host-empty-literal": b"GET / HTTP/1.1\r\nHost: []\r\n\r\n",
    "bad-host-pct": b"GET / HTTP/1.1\r\nHost: a%4\r\n\r\n",
    "bad-space-before-colon": b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
    "bad-obs-fold": b"GET / HTTP/1.1\r\n" + H + b"X: a\r\n  b\r\n\r\n",
    "bad-ws-first-line": b"GET / HTTP/1.1\r\n " + H + b"\r\n",
    "bad-no-colon": b"GET / HTTP/1.1\r\n" + H + b"NoColon\r\n\r\n",
    "bad-empty-name": b"GET / HTTP/1.1\r\n" + H + b": v\r\n\r\n",
    "bad-name-char": b"GET / HTTP/1.1\r\n" + H + b"X(y): v\r\n\r\n",
    "bad-nul-value": b"GET / HTTP/1.1\r\n" + H + b"X: a\x00b\r\n\r\n",
    "bad-del-value": b"GET / HTTP/1.1\r\n" + H + b"X: a\x7fb\r\n\r\n",
    "bad-ctl-value": b"GET / HTTP/1.1\r\n" + H + b"X: a\x1bb\r\n\r\n",
    "bad-not-utf8": b"GET / HTTP/1.1\r\n" + H + b"X: caf\xe9\r\n\r\n",
    "bad-overlong": b"GET / HTTP/1.1\r\n" + H + b"X: \xc0\xaf\r\n\r\n",
    "bad-surrogate": b"GET / HTTP/1.1\r\n" + H + b"X: \xed\xa0\x80\r\n\r\n",
    "bad-cl-twice": b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 1\r\nContent-Length: 1\r\n\r\nx",
    "bad-cl-list": b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 1, 1\r\n\r\nx",
    "bad-cl-sign": b"POST / HTTP/1.1\r\n" + H + b"Content-Length: +1\r\n\r\nx",
    "bad-cl-empty": b"POST / HTTP/1.1\r\n" + H + b"Content-Length: \r\n\r\n",
    "bad-cl-big": b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 2147483648\r\n\r\n",
    "bad-cl-huge": b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 99999999999999999999999\r\n\r\n",
    "bad-cl-and-te": b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
    "bad-te-10": b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
    "bad-te-not-last": b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked, gzip\r\n\r\n",
    "bad-te-twice": b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
    "bad-te-empty-elem": b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: , chunked\r\n\r\n",
    "bad-te-empty": b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding:\r\n\r\n",
    "n501-te-gzip-chunked": b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: gzip, chunked\r\n\r\n",
    "n501-te-gzip": b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: gzip\r\n\r\n",
    "n501-te-lines": b"POST / HTTP/1.1\r\n" + H + b"Transfer-Encoding: deflate\r\nTransfer-Encoding: chunked\r\n\r\n",
    "bad-host-and-501": b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
    "r414-long-line": b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\n" + H + b"\r\n",
    "r431-big-head": b"GET / HTTP/1.1\r\n" + H + b"X: " + b"v" * 9000 + b"\r\n\r\n",
    "r431-many-headers": b"GET / HTTP/1.1\r\n" + H + b"".join(b"X-%d: %d\r\n" % (i, i) for i in range(40)) + b"\r\n",
    "incomplete-line": b"GET /some/path?x=1 HTT",
    "incomplete-head": b"GET / HTTP/1.1\r\n" + H + b"Accept: */*\r\n",
    "ok-ipv-future": b"GET / HTTP/1.1\r\nHost: [v1.fe80::a+en1]\r\n\r\n",
    "incomplete-cr": b"GET / HTTP/1.1\r\n" + H + b"\r",
}

CHUNKS = {
    "chunk-simple": b"1a\r\n",
    "chunk-ext": b"ff ; name=value ;flag; q=\"a\\\"b\"\r\n",
    "chunk-last": b"0\r\n\r\n",
    "chunk-max": b"7fffffff\r\n",
    "chunk-over": b"80000000\r\n",
    "chunk-bad": b"1;\r\n",
}


def main():
    out = os.path.join(HERE, "corpus")
    os.makedirs(out, exist_ok=True)
    for name, data in CASES.items():
        with open(os.path.join(out, name + ".http"), "wb") as f:
            f.write(data)
    fz = os.path.join(ROOT, "fuzz", "corpus")
    os.makedirs(fz, exist_ok=True)
    for name, data in CHUNKS.items():
        with open(os.path.join(fz, name), "wb") as f:
            f.write(data)
    print("corpus: %d heads, %d chunk lines" % (len(CASES), len(CHUNKS)))
    print("browser GET %d bytes, POST %d bytes" % (len(BROWSER_GET), len(POST_JSON)))


if __name__ == "__main__":
    main()
