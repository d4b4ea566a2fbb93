# Wi-Fi station helper for the Pico W (CYW43). `network` is imported lazily, so
# this module imports on the host twin and CPython too (where connect() raises).
#
#   from microfastapi.wifi import Wifi
#   wifi = Wifi.from_secrets().connect(timeout=20)   # wifi_secrets.py: SSID = "..."; PASSWORD = "..."
#
# The credentials file is wifi_secrets.py. The older name secrets.py still
# works, but a secrets.py on the board hides Python's `secrets` module (the
# images freeze one: FastAPI's HTTP Basic page uses secrets.compare_digest),
# so from_secrets() then says to rename it, and puts the real module's
# functions into the user's file so that `import secrets` keeps working.
#   app = MicroFastApi(ip=wifi.ip, mac=wifi.mac)
import time


class WifiError(OSError):
    pass


_active = None  # the last connected Wifi: the server keeps it up


def _sleep_ms(ms):
    try:
        time.sleep_ms(ms)
    except AttributeError:
        time.sleep(ms / 1000)


def _ticks():
    try:
        return time.ticks_ms()
    except AttributeError:
        return int(time.monotonic() * 1000)


def _mac(wlan):
    return ":".join("{:02x}".format(b) for b in wlan.config("mac"))


def _import(name):
    try:
        return __import__(name)
    except ImportError as e:
        # only "there is no such module" means absent: an error inside the
        # user's file (a typo) is theirs to see
        if name not in str(e):
            raise
        return None


_STDLIB_SECRETS = ("compare_digest", "token_bytes", "token_hex", "token_urlsafe", "choice", "randbelow",
                   "randbits", "SystemRandom")


def _legacy_secrets(user, stale):
    # the user's secrets.py (Wi-Fi credentials) hides Python's secrets module:
    # say so once, and give the user's module the real one's functions
    import sys

    if getattr(user, "_mfa_merged", False):
        return
    if stale:
        print("microfastapi.wifi: Wi-Fi credentials read from wifi_secrets.py; delete the old secrets.py "
              "(it hides Python's secrets module, which secrets.compare_digest comes from)")
    else:
        print("microfastapi.wifi: Wi-Fi credentials read from secrets.py: rename it wifi_secrets.py "
              "(a secrets.py hides Python's secrets module, which secrets.compare_digest comes from)")
    f = getattr(user, "__file__", "") or ""
    here = f.rpartition("/")[0]
    saved_path = list(sys.path)
    del sys.modules["secrets"]
    try:
        # Python's secrets: the path without the folder of the user's file
        keep = [p for p in saved_path if _folder(p) != _folder(here)]
        sys.path.clear()
        sys.path.extend(keep)
        try:
            std = __import__("secrets")
        except ImportError:
            std = None
    finally:
        sys.path.clear()
        sys.path.extend(saved_path)
        sys.modules["secrets"] = user
    if std is not None and std is not user:
        for name in _STDLIB_SECRETS:
            if not hasattr(user, name) and hasattr(std, name):
                setattr(user, name, getattr(std, name))
    user._mfa_merged = True


def _folder(p):
    # a sys.path entry or a file's folder, "" and "." as the current folder
    if p in ("", "."):
        try:
            import os

            p = os.getcwd()
        except Exception:
            return ""
    return p.rstrip("/")


class Wifi:
    def __init__(self, ssid, password=None, hostname=None, country=None):
        self.ssid = ssid
        self.password = password
        self.hostname = hostname
        self.country = country
        self.ip = None
        self.mac = None
        self.wlan = None

    @classmethod
    def from_secrets(cls, module=None):
        # module=None: wifi_secrets.py, else (the older name) secrets.py
        if module is None:
            s = _import("wifi_secrets")
            old = _import("secrets")
            if old is not None and hasattr(old, "SSID"):  # not Python's own secrets module: a user file
                _legacy_secrets(old, s is not None)
                if s is None:
                    s = old
            if s is None:
                raise WifiError("no wifi_secrets.py: create it next to main.py with SSID = '...' and "
                                "PASSWORD = '...'")
            module = s.__name__
        else:
            s = _import(module)
            if s is None:
                raise WifiError("no {}.py: create it with SSID = '...' and PASSWORD = '...'".format(module))
        ssid = getattr(s, "SSID", None)
        if not ssid:
            raise WifiError("{}.py has no SSID".format(module))
        return cls(ssid, getattr(s, "PASSWORD", None), getattr(s, "HOSTNAME", None), getattr(s, "COUNTRY", None))

    def connect(self, timeout=20):
        global _active
        try:
            import network
        except ImportError:
            raise WifiError("no network module on this port")
        if self.country:
            try:
                import rp2

                rp2.country(self.country)
            except Exception:
                pass
        if self.hostname:
            try:
                network.hostname(self.hostname)
            except Exception:
                pass
        wlan = self.wlan or network.WLAN(network.STA_IF)
        self.wlan = wlan
        wlan.active(True)
        if not wlan.isconnected():
            wlan.connect(self.ssid, self.password) if self.password else wlan.connect(self.ssid)
            got = getattr(network, "STAT_GOT_IP", 3)
            bad = {
                getattr(network, "STAT_WRONG_PASSWORD", -3): "wrong password for '{}'",
                getattr(network, "STAT_NO_AP_FOUND", -2): "no access point named '{}' found",
                getattr(network, "STAT_CONNECT_FAIL", -1): "connection to '{}' failed",
            }
            t0 = _ticks()
            while True:
                s = wlan.status()
                if s == got or wlan.isconnected():
                    break
                if s in bad:
                    wlan.active(False)
                    raise WifiError(bad[s].format(self.ssid))
                if _ticks() - t0 > timeout * 1000:
                    wlan.disconnect()
                    raise WifiError("timeout after {} s joining '{}' (status {})".format(timeout, self.ssid, s))
                _sleep_ms(200)
        self.ip = wlan.ifconfig()[0]
        self.mac = _mac(wlan)
        _active = self
        return self

    def isconnected(self):
        return bool(self.wlan and self.wlan.isconnected())

    def reconnect(self, timeout=20):
        if not self.isconnected():
            try:
                self.wlan.disconnect()
            except Exception:
                pass
            self.connect(timeout)
        return self

    async def _rejoin(self, timeout):
        # like connect(), but yields to the server while it waits, and keeps
        # the interface up when the AP is not there (yet)
        import asyncio

        wlan = self.wlan
        try:
            wlan.disconnect()
        except Exception:
            pass
        wlan.connect(self.ssid, self.password) if self.password else wlan.connect(self.ssid)
        t0 = _ticks()
        while not wlan.isconnected():
            s = wlan.status()
            if s < 0:
                raise WifiError("rejoining '{}' failed (status {})".format(self.ssid, s))
            if _ticks() - t0 > timeout * 1000:
                raise WifiError("timeout after {} s rejoining '{}' (status {})".format(timeout, self.ssid, s))
            await asyncio.sleep(0.1)
        self.ip = wlan.ifconfig()[0]

    async def watch(self, interval=5, timeout=20):
        # the server runs this for the active Wifi: when the link drops
        # (the AP went away, was restarted...), rejoin every `interval` s
        # until it is back; the server's socket keeps its port meanwhile
        import asyncio

        while True:
            await asyncio.sleep(interval)
            if self.isconnected():
                continue
            print("wifi: link down, reconnecting")
            try:
                await self._rejoin(timeout)
                print("wifi: connected, ip", self.ip)
            except Exception as e:
                print("wifi:", e)

    def __repr__(self):
        return "Wifi(ssid={!r}, ip={}, mac={})".format(self.ssid, self.ip, self.mac)


def current():
    # (ip, mac) of the station interface when connected, else raises
    if _active is not None and _active.isconnected():
        return _active.ip, _active.mac
    import network

    wlan = network.WLAN(network.STA_IF)
    if not wlan.isconnected():
        raise WifiError("not connected")
    return wlan.ifconfig()[0], _mac(wlan)
