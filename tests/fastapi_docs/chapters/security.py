# FastAPI tutorial, "Security": OAuth2PasswordBearer, the simple OAuth2
# password flow (OAuth2PasswordRequestForm), HTTP Basic with compare_digest,
# and the advanced "authentication error status code" page.
# Not replayed: tutorial004/005 (JWT) need pyjwt and pwdlib.
from base64 import b64encode


def _basic(user, pw):
    return {"Authorization": "Basic " + b64encode("{}:{}".format(user, pw).encode()).decode()}


def _get(url, headers=None):
    d = {"method": "GET", "url": url}
    if headers:
        d["headers"] = headers
    return d


_BEARER = [_get("/items"), _get("/items", {"Authorization": "Bearer testtoken"}),
           _get("/items", {"Authorization": "Notexistent testtoken"})]
_ME = [_get("/users/me"), _get("/users/me", {"Authorization": "Bearer testtoken"}),
       _get("/users/me", {"Authorization": "Notexistent testtoken"})]
_LOGIN = [
    {"method": "POST", "url": "/token", "data": {"username": "johndoe", "password": "secret"}},
    {"method": "POST", "url": "/token", "data": {"username": "johndoe", "password": "incorrect"}},
    {"method": "POST", "url": "/token", "data": {"username": "foo", "password": "secret"}},
    _get("/users/me"), _get("/users/me", {"Authorization": "Bearer johndoe"}),
    _get("/users/me", {"Authorization": "Bearer nonexistent"}),
    _get("/users/me", {"Authorization": "Notexistent testtoken"}),
    _get("/users/me", {"Authorization": "Bearer alice"}),
]
_W = ["www-authenticate"]
_BASIC6 = [
    _get("/users/me", _basic("john", "secret")),
    dict(_get("/users/me"), compare_headers=_W),
    dict(_get("/users/me", {"Authorization": "Basic notabase64token"}), compare_headers=_W),
    dict(_get("/users/me", {"Authorization": "Basic " + b64encode(b"johnsecret").decode()}), compare_headers=_W),
]
_BASIC7 = [
    _get("/users/me", _basic("stanleyjobson", "swordfish")),
    dict(_get("/users/me"), compare_headers=_W),
    dict(_get("/users/me", {"Authorization": "Basic notabase64token"}), compare_headers=_W),
    dict(_get("/users/me", {"Authorization": "Basic " + b64encode(b"stanleyjobsonswordfish").decode()}),
         compare_headers=_W),
    dict(_get("/users/me", _basic("alice", "swordfish")), compare_headers=_W),
    dict(_get("/users/me", _basic("stanleyjobson", "wrongpassword")), compare_headers=_W),
]
_ALL = {
    "security/tutorial001.py": _BEARER,
    "security/tutorial001_non_an.py": _BEARER,
    "security/tutorial002.py": _ME,
    "security/tutorial002_non_an.py": _ME,
    "security/tutorial003.py": _LOGIN,
    "security/tutorial003_non_an.py": _LOGIN,
    "security/tutorial006.py": _BASIC6,
    "security/tutorial006_non_an.py": _BASIC6,
    "security/tutorial007.py": _BASIC7,
    "security/tutorial007_non_an.py": _BASIC7,
    "authentication_error_status_code/tutorial001.py": [
        _get("/me", {"Authorization": "Bearer secrettoken"}), _get("/me"),
        _get("/me", {"Authorization": "Basic abc"})],
}

EXAMPLES = _ALL
