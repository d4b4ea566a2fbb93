"""Wifi.from_secrets() reads wifi_secrets.py; the older secrets.py still works
but hides Python's secrets module (FastAPI's HTTP Basic page calls
secrets.compare_digest): from_secrets() says to rename it and gives the
user's module the real one's functions. Run as a user's main.py would, from
the folder holding the files, on the twin (the images' frozen secrets module)
and on CPython (the standard library's)."""
import os
import subprocess
import sys
import tempfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TWIN = os.environ.get("MFA_TWIN") or os.path.join(REPO, "firmware", "build", "unix", "micropython")

MAIN = '''
from microfastapi.wifi import Wifi
try:
    w = Wifi.from_secrets()
    print("SSID", w.ssid, w.password)
except OSError as e:
    print("ERROR", e)
import secrets
print("SECRETS", secrets.compare_digest("abc", "abc"), secrets.compare_digest(b"abc", b"abd"),
      len(secrets.token_hex(4)))
'''
OLD = 'SSID = "old-net"\nPASSWORD = "old-pw"\n'
NEW = 'SSID = "new-net"\nPASSWORD = "new-pw"\n'
RENAME = ("microfastapi.wifi: Wi-Fi credentials read from secrets.py: rename it wifi_secrets.py (a secrets.py "
          "hides Python's secrets module, which secrets.compare_digest comes from)")
DELETE = ("microfastapi.wifi: Wi-Fi credentials read from wifi_secrets.py; delete the old secrets.py (it hides "
          "Python's secrets module, which secrets.compare_digest comes from)")
SECRETS_OK = "SECRETS True False 8"
CASES = {
    "wifi_secrets.py": ({"wifi_secrets.py": NEW}, ["SSID new-net new-pw", SECRETS_OK]),
    "secrets.py (older name)": ({"secrets.py": OLD}, [RENAME, "SSID old-net old-pw", SECRETS_OK]),
    "both": ({"secrets.py": OLD, "wifi_secrets.py": NEW}, [DELETE, "SSID new-net new-pw", SECRETS_OK]),
    "none": ({}, ["ERROR no wifi_secrets.py: create it next to main.py with SSID = '...' and PASSWORD = '...'",
                  SECRETS_OK]),
    "no SSID": ({"wifi_secrets.py": 'PASSWORD = "x"\n'}, ["ERROR wifi_secrets.py has no SSID", SECRETS_OK]),
}


def run(runtime, files):
    with tempfile.TemporaryDirectory() as d:
        for name, text in files.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        with open(os.path.join(d, "main.py"), "w") as f:
            f.write(MAIN)
        env = dict(os.environ)
        if runtime == "twin":
            if not os.path.exists(TWIN):
                pytest.fail("host twin {} is missing: run 'make twin'".format(TWIN))
            env.pop("MICROPYPATH", None)  # '' (the folder) first, then the frozen modules, as on the board
            cmd = [TWIN, "main.py"]
        else:
            env["PYTHONPATH"] = os.path.join(REPO, "modules")
            cmd = [sys.executable, "main.py"]
        p = subprocess.run(cmd, cwd=d, env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout.splitlines()


@pytest.mark.parametrize("runtime", ["twin", "cpython"])
@pytest.mark.parametrize("case", list(CASES))
def test_credentials_file(case, runtime):
    files, expected = CASES[case]
    assert run(runtime, files) == expected


def test_a_typo_in_the_credentials_file_is_not_hidden():
    # an ImportError inside wifi_secrets.py is the user's error, not "no file"
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "wifi_secrets.py"), "w") as f:
            f.write("import no_such_module\nSSID = 'x'\n")
        env = dict(os.environ)
        env.pop("MICROPYPATH", None)
        p = subprocess.run([TWIN, "-c", "from microfastapi.wifi import Wifi\nWifi.from_secrets()"], cwd=d, env=env,
                           capture_output=True, text=True, timeout=60)
    assert p.returncode == 1 and "no module named 'no_such_module'" in p.stderr, p.stderr
