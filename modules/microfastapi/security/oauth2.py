# OAuth2 (fastapi.security.oauth2): the password flow's bearer token, the
# login form, and SecurityScopes. Tokens themselves (JWT, ...) are the app's.
from .base import SecurityBase
from .utils import get_authorization_scheme_param


class OAuth2(SecurityBase):
    def __init__(self, *, flows=None, scheme_name=None, description=None, auto_error=True):
        self.model = {"type": "oauth2", "flows": flows or {}}
        if description:
            self.model["description"] = description
        self.scheme_name = scheme_name or type(self).__name__
        self.auto_error = auto_error

    async def __call__(self, request):
        authorization = request.headers.get("authorization")
        if not authorization:
            return self._fail()
        return authorization


class OAuth2PasswordBearer(OAuth2):
    # Authorization: Bearer <token> -> the token (str). tokenUrl: where /docs
    # sends the login form.
    def __init__(self, tokenUrl, scheme_name=None, scopes=None, description=None, auto_error=True,
                 refreshUrl=None):
        flow = {"tokenUrl": tokenUrl, "scopes": scopes or {}}
        if refreshUrl:
            flow["refreshUrl"] = refreshUrl
        OAuth2.__init__(self, flows={"password": flow}, scheme_name=scheme_name,
                        description=description, auto_error=auto_error)

    async def __call__(self, request):
        authorization = request.headers.get("authorization")
        scheme, param = get_authorization_scheme_param(authorization)
        if not authorization or scheme.lower() != "bearer":
            return self._fail()
        return param


class OAuth2AuthorizationCodeBearer(OAuth2):
    def __init__(self, authorizationUrl, tokenUrl, refreshUrl=None, scheme_name=None, scopes=None,
                 description=None, auto_error=True):
        flow = {"authorizationUrl": authorizationUrl, "tokenUrl": tokenUrl, "scopes": scopes or {}}
        if refreshUrl:
            flow["refreshUrl"] = refreshUrl
        OAuth2.__init__(self, flows={"authorizationCode": flow}, scheme_name=scheme_name,
                        description=description, auto_error=auto_error)

    __call__ = OAuth2PasswordBearer.__call__


class SecurityScopes:
    # a parameter `security_scopes: SecurityScopes` gets the scopes that the
    # Security(..., scopes=[...]) declarations on the way to it ask for
    def __init__(self, scopes=None):
        self.scopes = list(scopes) if scopes else []
        self.scope_str = " ".join(self.scopes)


# OAuth2PasswordRequestForm reads an application/x-www-form-urlencoded
# body: username, password, scope, grant_type, client_id, client_secret.
# Built on the request itself so that it works without the Form() params.
class OAuth2PasswordRequestForm:
    strict = False

    def __init__(self, request):
        f = request.form()
        if hasattr(f, "__await__") or type(f).__name__ == "generator":
            raise TypeError("OAuth2PasswordRequestForm needs a synchronous request.form()")
        errs = []
        get = f.get
        gt = get("grant_type")
        if self.strict and gt is None:
            errs.append(_missing("grant_type"))
        if gt is not None and gt != "password":
            errs.append({"type": "string_pattern_mismatch", "loc": ["body", "grant_type"],
                         "msg": "String should match pattern '^password$'", "input": gt,
                         "ctx": {"pattern": "^password$"}})
        for n in ("username", "password"):
            if get(n) is None:
                errs.append(_missing(n))
        if errs:
            from ..exceptions import RequestValidationError

            raise RequestValidationError(errs)
        self.grant_type = gt
        self.username = get("username")
        self.password = get("password")
        self.scopes = (get("scope") or "").split()
        self.client_id = get("client_id")
        self.client_secret = get("client_secret")


def _missing(n):
    return {"type": "missing", "loc": ["body", n], "msg": "Field required", "input": None}


class OAuth2PasswordRequestFormStrict(OAuth2PasswordRequestForm):
    strict = True
