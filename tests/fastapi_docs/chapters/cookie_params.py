# FastAPI tutorial: Cookie Parameters (docs_src/cookie_params); requests from
# FastAPI's tests/test_tutorial/test_cookie_params
def _get(cookies=None):
    r = {"method": "GET", "url": "/items/"}
    if cookies:
        r["headers"] = {"Cookie": cookies}
    return r


_R = [_get(), _get("ads_id=ads_track"), _get("ads_id=ads_track; session=cookiesession; Other=x"),
      _get("session=cookiesession"), {"method": "GET", "url": "/openapi.json"}]

EXAMPLES = {
    "cookie_params/tutorial001.py": _R,
    "cookie_params/tutorial001_non_an.py": _R,
}
