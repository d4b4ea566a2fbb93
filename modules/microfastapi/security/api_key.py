# API keys in a query parameter, a header or a cookie (fastapi.security.api_key).
from .base import SecurityBase


class APIKeyBase(SecurityBase):
    where = None

    def __init__(self, *, name, scheme_name=None, description=None, auto_error=True):
        self.model = {"type": "apiKey", "in": self.where, "name": name}
        if description:
            self.model["description"] = description
        self.name = name
        self.scheme_name = scheme_name or type(self).__name__
        self.auto_error = auto_error

    def make_authenticate_headers(self):
        return {"WWW-Authenticate": "APIKey"}

    def check_api_key(self, api_key):
        if not api_key:
            return self._fail()
        return api_key


class APIKeyQuery(APIKeyBase):
    where = "query"

    async def __call__(self, request):
        return self.check_api_key(request.query_params.get(self.name))


class APIKeyHeader(APIKeyBase):
    where = "header"

    async def __call__(self, request):
        return self.check_api_key(request.headers.get(self.name.lower()))


class APIKeyCookie(APIKeyBase):
    where = "cookie"

    async def __call__(self, request):
        return self.check_api_key(request.cookies.get(self.name))
