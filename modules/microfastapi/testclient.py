# fastapi.testclient's import path: from microfastapi.testclient import TestClient
from .testing import TestClient, TestResponse  # noqa: F401
