# The board's temperature, live in a browser: a small page served from the
# board, fed by a WebSocket (/ws) and, side by side, by Server-Sent Events
# (/events). No polling: the board pushes a reading every second.
#
# On the board: put your Wi-Fi credentials in wifi_secrets.py (see sensors_pico.py),
# then `mpremote cp wifi_secrets.py : + cp examples/live_temperature.py :main.py + reset`
# and open http://<the IP it prints>/
# On the host twin (`make run EXAMPLE=live_temperature`) or CPython there is no
# ADC: the reading is simulated (a slow drift around 21.5 C).
import asyncio
import time

from microfastapi import MicroFastApi, Request, HTMLResponse, WebSocket, WebSocketDisconnect
from microfastapi.sse import EventSourceResponse, ServerSentEvent

try:
    from microfastapi.wifi import Wifi

    wifi = Wifi.from_secrets().connect(timeout=20)
    app = MicroFastApi(ip=wifi.ip, mac=wifi.mac, title="Live temperature")
except (OSError, ImportError) as e:  # no network module, no wifi_secrets.py, no access point...
    print("wifi:", e)
    app = MicroFastApi(title="Live temperature")

try:
    import machine

    _adc = machine.ADC(4)  # RP2040 internal temperature sensor

    def temperature():
        # RP2040 datasheet 4.9.5: 27 C at 0.706 V, -1.721 mV per degree
        return round(27 - (_adc.read_u16() * 3.3 / 65535 - 0.706) / 0.001721, 1)

except (ImportError, AttributeError, ValueError, TypeError):
    _n = [0]

    def temperature():
        _n[0] += 1
        return round(21.5 + (_n[0] % 10) / 10, 1)


PERIOD = 1  # seconds between readings

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Pico W temperature</title>
<style>body{font:16px system-ui,sans-serif;margin:2em}b{font-size:3em}td{padding:0 1em}</style></head>
<body><h1>Pico W temperature</h1>
<table><tr><td>WebSocket</td><td><b id="ws">-</b> &deg;C</td><td id="wsn"></td></tr>
<tr><td>Server-Sent Events</td><td><b id="sse">-</b> &deg;C</td><td id="ssen"></td></tr></table>
<script>
const $ = (id) => document.getElementById(id);
window.READINGS = {ws: [], sse: []};
function socket() {
  const ws = new WebSocket(`ws://${location.host}/ws`);
  ws.onmessage = (e) => { const r = JSON.parse(e.data); $("ws").textContent = r.t; $("wsn").textContent = "#" + r.n;
                          READINGS.ws.push(r.t); };
  ws.onclose = () => setTimeout(socket, 2000);  // the board rebooted, Wi-Fi dropped: try again
}
socket();
const es = new EventSource("/events");  // reconnects by itself, resuming after the last id
es.onmessage = (e) => { const r = JSON.parse(e.data); $("sse").textContent = r.t; $("ssen").textContent = "#" + e.lastEventId;
                        READINGS.sse.push(r.t); };
</script></body></html>"""


@app.get("/")
def page():
    return HTMLResponse(PAGE)


@app.get("/temperature")
def reading():
    return {"t": temperature(), "unit": "C"}


@app.websocket("/ws")
async def live(websocket: WebSocket):
    # a reading every PERIOD seconds until the browser goes; a task reads what
    # the browser sends (nothing here but its close) so that a close is seen
    await websocket.accept()
    gone = asyncio.Event()

    async def watch():
        try:
            while True:
                await websocket.receive_text()
        except WebSocketDisconnect:
            gone.set()

    watcher = asyncio.create_task(watch())
    n = 0
    try:
        while not gone.is_set():
            n += 1
            await websocket.send_json({"t": temperature(), "n": n})
            await asyncio.sleep(PERIOD)
    except (WebSocketDisconnect, OSError):
        pass
    finally:
        watcher.cancel()


@app.get("/events", response_class=EventSourceResponse)
async def events(request: Request):
    # a reconnecting EventSource sends the last id it saw: count on from there
    last = request.headers.get("last-event-id")
    n = int(last) if last and last.isdigit() else 0
    while True:
        n += 1
        yield ServerSentEvent(data={"t": temperature()}, id=str(n))
        await asyncio.sleep(PERIOD)


if __name__ == "__main__":
    app.run()
