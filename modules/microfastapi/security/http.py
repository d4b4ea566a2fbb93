# HTTP authentication schemes: Basic, Bearer, Digest (fastapi.security.http).
from binascii import a2b_base64
from .base import SecurityBase
from .utils import get_authorization_scheme_param


class HTTPBasicCredentials:
    # what HTTPBasic gives: .username, .password
    def __init__(self, username, password):
        self.username = username
        self.password = password

    def __eq__(self, o):
        return isinstance(o, HTTPBasicCredentials) and (o.username, o.password) == (self.username, self.password)

    def model_dump(self):
        return {"username": self.username, "password": self.password}

    def __repr__(self):
        return "HTTPBasicCredentials(username={!r}, password=...)".format(self.username)


class HTTPAuthorizationCredentials:
    # what HTTPBearer / HTTPDigest give: .scheme ("Bearer"), .credentials
    def __init__(self, scheme, credentials):
        self.scheme = scheme
        self.credentials = credentials

    def __eq__(self, o):
        return isinstance(o, HTTPAuthorizationCredentials) and (o.scheme, o.credentials) == (self.scheme, self.credentials)

    def model_dump(self):
        return {"scheme": self.scheme, "credentials": self.credentials}

    def __repr__(self):
        return "HTTPAuthorizationCredentials(scheme={!r}, credentials=...)".format(self.scheme)


class HTTPBase(SecurityBase):
    def __init__(self, *, scheme, scheme_name=None, description=None, auto_error=True):
        self.model = {"type": "http", "scheme": scheme}
        if description:
            self.model["description"] = description
        self.scheme_name = scheme_name or type(self).__name__
        self.auto_error = auto_error

    def make_authenticate_headers(self):
        s = self.model["scheme"]
        return {"WWW-Authenticate": s[:1].upper() + s[1:].lower()}

    async def __call__(self, request):
        authorization = request.headers.get("authorization")
        scheme, credentials = get_authorization_scheme_param(authorization)
        if not (authorization and scheme and credentials):
            return self._fail()
        return HTTPAuthorizationCredentials(scheme, credentials)


class HTTPBasic(HTTPBase):
    # Authorization: Basic base64(user:password) -> HTTPBasicCredentials.
    # Compare the password with compare_digest (constant time).
    def __init__(self, *, scheme_name=None, realm=None, description=None, auto_error=True):
        HTTPBase.__init__(self, scheme="basic", scheme_name=scheme_name, description=description,
                          auto_error=auto_error)
        self.realm = realm

    def make_authenticate_headers(self):
        if self.realm:
            return {"WWW-Authenticate": 'Basic realm="{}"'.format(self.realm)}
        return {"WWW-Authenticate": "Basic"}

    async def __call__(self, request):
        authorization = request.headers.get("authorization")
        scheme, param = get_authorization_scheme_param(authorization)
        if not authorization or scheme.lower() != "basic":
            return self._fail()
        try:
            data = a2b_base64(param).decode()
            for c in data:
                if ord(c) > 127:
                    raise ValueError
        except Exception:
            raise self.make_not_authenticated_error()
        i = data.find(":")
        if i < 0:
            raise self.make_not_authenticated_error()
        return HTTPBasicCredentials(data[:i], data[i + 1 :])


class HTTPBearer(HTTPBase):
    # Authorization: Bearer <token> -> HTTPAuthorizationCredentials
    def __init__(self, *, bearerFormat=None, scheme_name=None, description=None, auto_error=True):
        HTTPBase.__init__(self, scheme="bearer", scheme_name=scheme_name, description=description,
                          auto_error=auto_error)
        if bearerFormat:
            self.model["bearerFormat"] = bearerFormat

    async def __call__(self, request):
        authorization = request.headers.get("authorization")
        scheme, credentials = get_authorization_scheme_param(authorization)
        if not (authorization and scheme and credentials) or scheme.lower() != "bearer":
            return self._fail()
        return HTTPAuthorizationCredentials(scheme, credentials)


class HTTPDigest(HTTPBase):
    # only reads the header (as FastAPI's): checking a digest is the app's work
    def __init__(self, *, scheme_name=None, description=None, auto_error=True):
        HTTPBase.__init__(self, scheme="digest", scheme_name=scheme_name, description=description,
                          auto_error=auto_error)

    async def __call__(self, request):
        authorization = request.headers.get("authorization")
        scheme, credentials = get_authorization_scheme_param(authorization)
        if not (authorization and scheme and credentials) or scheme.lower() != "digest":
            return self._fail()
        return HTTPAuthorizationCredentials(scheme, credentials)
