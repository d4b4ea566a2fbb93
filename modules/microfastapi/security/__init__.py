# Security helpers as fastapi.security has them. Each is a dependency: use it
# with Depends(...) or Security(...); it reads the credentials from the
# request and answers 401 with FastAPI's WWW-Authenticate header when they are
# missing (auto_error=False: the dependency gives None instead). Each one also
# describes itself to OpenAPI (securitySchemes), so /docs asks for them.
from .api_key import APIKeyCookie, APIKeyHeader, APIKeyQuery
from .http import HTTPAuthorizationCredentials, HTTPBasic, HTTPBasicCredentials, HTTPBearer, HTTPDigest
from .oauth2 import (
    OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OAuth2PasswordRequestForm,
    OAuth2PasswordRequestFormStrict, SecurityScopes,
)
from .utils import compare_digest, get_authorization_scheme_param
