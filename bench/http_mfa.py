# Benchmark app: MicroFastApi, GET /items/{id}?q=x -> small JSON dict.
from microfastapi import MicroFastApi

app = MicroFastApi(max_connections=32, max_requests_per_connection=1000000)


@app.get("/items/{item_id:int}")
def read_item(item_id, q=None):
    return {"item_id": item_id, "q": q}


app.run(host="127.0.0.1", port=8000)  # MFA_PORT overrides
