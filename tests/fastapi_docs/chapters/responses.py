# FastAPI tutorial: "Response Status Code", "Custom Response" (HTML,
# PlainText, Redirect, default_response_class), "Return a Response Directly",
# "Response Cookies", "Response Headers", "Response - Change Status Code",
# "Additional Status Codes".
# Not replayed: custom_response 001/001b/009c need ujson/orjson, 007 anyio,
# 008/009/009b stream a large-video-file.mp4 the docs do not ship.
def _r(method, url, **kw):
    d = {"method": method, "url": url}
    d.update(kw)
    return d


_ALL = {
    "response_status_code/tutorial001.py": [_r("POST", "/items/", params={"name": "Test Item"}), _r("POST", "/items/")],
    "response_status_code/tutorial002.py": [_r("POST", "/items/", params={"name": "Test Item"})],
    "custom_response/tutorial002.py": [_r("GET", "/items/")],
    "custom_response/tutorial003.py": [_r("GET", "/items/")],
    "custom_response/tutorial004.py": [_r("GET", "/items/")],
    "custom_response/tutorial005.py": [_r("GET", "/")],
    "custom_response/tutorial006.py": [_r("GET", "/typer")],
    "custom_response/tutorial006b.py": [_r("GET", "/fastapi")],
    "custom_response/tutorial006c.py": [_r("GET", "/pydantic")],
    "custom_response/tutorial010.py": [_r("GET", "/items/")],
    "response_directly/tutorial001.py": [
        _r("PUT", "/items/1", json={"title": "Foo", "timestamp": "2023-01-01T12:00:00", "description": "A test item"}),
        _r("PUT", "/items/2", json={"title": "Bar", "timestamp": "2023-01-01T12:00:00+02:00"}),
        _r("PUT", "/items/3", json={"title": "Baz"}),
        _r("PUT", "/items/5", json={"title": "Z", "timestamp": "2023-01-01T12:00:00.5+00:00"}), _r("PUT", "/items/4", json={"title": "Baz", "timestamp": "x"})],
    "response_directly/tutorial002.py": [_r("GET", "/legacy/")],
    "response_cookies/tutorial001.py": [_r("POST", "/cookie/", compare_headers=["set-cookie"])],
    "response_cookies/tutorial002.py": [_r("POST", "/cookie-and-object/", compare_headers=["set-cookie"])],
    "response_headers/tutorial001.py": [_r("GET", "/headers/", compare_headers=["x-cat-dog", "content-language"])],
    "response_headers/tutorial002.py": [_r("GET", "/headers-and-object/", compare_headers=["x-cat-dog"])],
    "response_change_status_code/tutorial001.py": [_r("PUT", "/get-or-create-task/foo"),
                                                   _r("PUT", "/get-or-create-task/bar"),
                                                   _r("PUT", "/get-or-create-task/bar")],
    "additional_status_codes/tutorial001.py": [_r("PUT", "/items/foo", json={"name": "Wrestlers"}),
                                               _r("PUT", "/items/red", json={"name": "Chillies"})],
    "additional_status_codes/tutorial001_non_an.py": [_r("PUT", "/items/foo", json={"name": "Wrestlers"}),
                                                      _r("PUT", "/items/red", json={"name": "Chillies"})],
}

EXAMPLES = _ALL
# response_directly/tutorial001 imports datetime: the images and the twin
# freeze micropython-lib's (stock MicroPython has none).
MICROPYTHON_UNSUPPORTED = {}
