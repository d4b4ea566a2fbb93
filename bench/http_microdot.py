# Benchmark app: Microdot 2.7, the same route.
import os
from microdot import Microdot

app = Microdot()


@app.route("/items/<int:item_id>")
async def read_item(request, item_id):
    return {"item_id": item_id, "q": request.args.get("q")}


app.run(host="127.0.0.1", port=int(os.getenv("MFA_PORT") or 8001))
