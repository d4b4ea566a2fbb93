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

# Programs not replayed yet, with what they need (they fail on CPython too).
NOT_YET = {
}
EXAMPLES = {k: v for k, v in _ALL.items() if k not in NOT_YET}
# Programs that answer as FastAPI on CPython but cannot run on MicroPython yet (or at all)
MICROPYTHON_UNSUPPORTED = {
    'additional_status_codes/tutorial001.py': "annotations: MicroPython keeps none without the firmware's annotations patch and typing module (annot); passes on CPython",
}
