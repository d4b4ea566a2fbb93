# The seed's sensor API on a Pico W: the RP2040's temperature sensor
# (machine.ADC(4)) and the on-board LED, on Wi-Fi.
#
# On the board: put your credentials in wifi_secrets.py next to this file
#     SSID = "my-network"
#     PASSWORD = "..."
#     COUNTRY = "GB"          # optional
# then `mpremote cp wifi_secrets.py : + cp examples/sensors_pico.py :main.py + reset`,
# and open http://<the IP it prints>/docs
# On the host twin (`make run EXAMPLE=sensors_pico`) or CPython there is no
# Wi-Fi and no ADC: it serves on loopback with a fixed reading.
import time

from microfastapi import MicroFastApi, HTTPException, Query

try:
    from microfastapi.wifi import Wifi

    wifi = Wifi.from_secrets().connect(timeout=20)
    app = MicroFastApi(ip=wifi.ip, mac=wifi.mac, title="Pico W sensors", version="1.0.0")
except OSError as e:  # no network module, no wifi_secrets.py, wrong password, no access point...
    print("wifi:", e)
    app = MicroFastApi(ip="127.0.0.1", mac="00:00:00:00:00:00", title="Pico W sensors", version="1.0.0")

try:
    import machine

    _adc = machine.ADC(4)  # RP2040 internal temperature sensor

    def temperature():
        # RP2040 datasheet 4.9.5: 27 C at 0.706 V, -1.721 mV per degree
        return round(27 - (_adc.read_u16() * 3.3 / 65535 - 0.706) / 0.001721, 1)

except (ImportError, AttributeError, ValueError, TypeError):

    def temperature():
        return 21.5

try:
    from machine import Pin

    _led = Pin("LED", Pin.OUT)
except (ImportError, AttributeError, ValueError, TypeError):
    _led = None

SENSORS = {1: "temperature"}
_t0 = time.time()
READING = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "kind": {"type": "string"},
                   "value": {"type": "number"}, "unit": {"type": "string"}},
    "required": ["id", "kind", "value", "unit"],
}


@app.get("/", tags=["device"], summary="Hello, and how long the board has been up")
def index():
    return {"Hello": "World", "uptime_s": time.time() - _t0}


@app.get("/sensors/", tags=["sensors"], summary="Sensor data for a user")
def sensors(userId=Query(int, default=None, description="who asks")):
    return {"sensor data for userId": userId, "temperature": temperature()}


@app.get("/sensors/{sensor_id:int}", tags=["sensors"], summary="One sensor's reading",
         response_schema=READING)
def sensor(sensor_id, unit=Query(str, default="C", description="C or F")):
    if sensor_id not in SENSORS:
        raise HTTPException(404, "no sensor {}".format(sensor_id))
    if unit not in ("C", "F"):
        raise HTTPException(422, [{"type": "enum", "loc": ["query", "unit"], "msg": "Input should be 'C' or 'F'",
                                   "input": unit}])
    t = temperature()
    return {"id": sensor_id, "kind": SENSORS[sensor_id], "value": t if unit == "C" else round(t * 1.8 + 32, 1),
            "unit": unit}


@app.put("/led", tags=["device"], summary="Switch the on-board LED",
         body_schema={"type": "object", "properties": {"on": {"type": "boolean"}}, "required": ["on"]},
         response_schema={"type": "object", "properties": {"on": {"type": "boolean"}, "present": {"type": "boolean"}}})
def led(body):
    on = body.get("on") if type(body) is dict else None
    if type(on) is not bool:
        raise HTTPException(422, [{"type": "bool_type", "loc": ["body", "on"], "msg": "Input should be a valid boolean",
                                   "input": on}])
    if _led is not None:
        _led.value(1 if on else 0)
    return {"on": on, "present": _led is not None}


if __name__ == "__main__":
    print(app)
    app.run(port=80)  # MFA_HOST / MFA_PORT in the environment override host and port
