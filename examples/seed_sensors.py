# The seed example: a Pico W on Wi-Fi serving sensor readings.
# Put your credentials in wifi_secrets.py next to it:  SSID = "..."; PASSWORD = "..."
# On the host twin or CPython (no Wi-Fi) it serves on loopback instead.
from microfastapi import MicroFastApi, HTTPException, Query

try:
    from microfastapi.wifi import Wifi

    wifi = Wifi.from_secrets().connect(timeout=20)
    app = MicroFastApi(ip=wifi.ip, mac=wifi.mac)
except OSError as e:  # no network module, no wifi_secrets.py, wrong password, no AP...
    print("wifi:", e)
    app = MicroFastApi(ip="127.0.0.1", mac="00:00:00:00:00:00")

try:
    import machine

    _adc = machine.ADC(4)  # RP2040 internal temperature sensor

    def temperature():
        return round(27 - (_adc.read_u16() * 3.3 / 65535 - 0.706) / 0.001721, 1)

except (ImportError, AttributeError, ValueError):

    def temperature():
        return 21.5


SENSORS = {1: "temperature", 2: "humidity"}


@app.get("/")
def index():
    return {"Hello": "World"}


@app.get("/sensors/")
def sensors(userId=Query(int, default=None)):
    return {"sensor data for userId": userId, "temperature": temperature()}


@app.get("/sensors/{sensor_id:int}")
def sensor(sensor_id):
    if sensor_id not in SENSORS:
        raise HTTPException(404, "no sensor {}".format(sensor_id))
    return {"id": sensor_id, "kind": SENSORS[sensor_id], "value": temperature()}


print(app)
app.run(port=80)
