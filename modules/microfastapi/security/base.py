# What every security helper has: model (its OpenAPI security scheme, a dict)
# and scheme_name (its key in components.securitySchemes).
class SecurityBase:
    model = None
    scheme_name = None
    auto_error = True

    def not_authenticated(self):
        from ..exceptions import HTTPException

        return HTTPException(401, "Not authenticated", self.make_authenticate_headers())

    def make_not_authenticated_error(self):
        return self.not_authenticated()

    def make_authenticate_headers(self):
        return {"WWW-Authenticate": "Bearer"}

    def _fail(self):
        # the answer when credentials are missing or malformed
        if self.auto_error:
            raise self.make_not_authenticated_error()
        return None
