# Runs every case through the TestClient and prints one JSON line of results.
# Used inside the twin (and importable on CPython). argv: path of tests/framework.
import sys
import json
from binascii import hexlify

HERE = sys.argv[1] if len(sys.argv) > 1 else "."
sys.path.append(HERE)
sys.path.append(HERE + "/apps")
from cases import CASES  # noqa: E402
from full_app import app  # noqa: E402
from microfastapi.testing import TestClient  # noqa: E402


def run():
    c = TestClient(app, follow_redirects=False, raise_server_exceptions=False)
    out = {}
    for cid, method, path, headers, body, exp in CASES:
        r = c.request(method, path, headers=headers, content=body)
        out[cid] = [r.status_code, dict(r.headers.items()), hexlify(r.content).decode()]
        c.cookies = {}
    return out


if __name__ == "__main__":
    print("RESULT " + json.dumps(run()))
