from .testing import TestClient as TestClient, TestResponse as TestResponse
