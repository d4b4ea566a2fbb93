# The smallest MicroFastApi app. On the host twin: `make run` (127.0.0.1:8000).
from microfastapi import MicroFastApi, HTTPException, Query

app = MicroFastApi()


@app.get("/")
def index():
    return {"Hello": "World"}


@app.get("/items/{item_id:int}")
def read_item(item_id, q=None):
    return {"item_id": item_id, "q": q}


@app.get("/sensors/")
def sensors(userId=Query(int, default=None)):  # ?userId=7 arrives as 7; ?userId=x gives 422
    return {"sensor data for userId": userId}


@app.post("/items", status_code=201)
async def create_item(body):  # the parsed JSON body
    if "name" not in body:
        raise HTTPException(422, "name is required")
    return body


print(app)  # device IP, MAC and URL
app.run(port=80)  # MFA_HOST / MFA_PORT in the environment override host and port
