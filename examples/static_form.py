# A static page (examples/static/) with a form that posts to the API.
# The form works without JavaScript (a urlencoded POST answered with a redirect);
# the page's small script lists the messages from GET /api/messages.
# On the host twin: `make run EXAMPLE=static_form`, then open http://127.0.0.1:8000/
# On a board: copy static/ next to this file (mpremote cp -r static :).
from microfastapi import MicroFastApi, HTTPException, FileResponse, RedirectResponse, RequestValidationError

app = MicroFastApi(title="Guest book", version="1.0.0")

_here = __file__.rsplit("/", 1)[0] + "/" if "/" in __file__ else ""
STATIC = _here + "static/"
MESSAGES = []  # type: list  # newest last, at most 20 kept
MESSAGE = {
    "type": "object",
    "properties": {"name": {"type": "string", "maxLength": 40},
                   "text": {"type": "string", "minLength": 1, "maxLength": 200}},
    "required": ["text"],
}


@app.get("/", include_in_schema=False)
def index():
    return FileResponse(STATIC + "index.html")


@app.get("/static/{name}", include_in_schema=False)
def static(name):
    if name.startswith(".") or "/" in name or "\\" in name:
        raise HTTPException(404)
    return FileResponse(STATIC + name)


@app.get("/api/messages", tags=["messages"], summary="The messages, oldest first",
         response_schema={"type": "array", "items": MESSAGE})
def messages():
    return MESSAGES


@app.post("/api/messages", status_code=303, tags=["messages"], summary="Post a message",
          description="From the page's form (application/x-www-form-urlencoded; answered with a "
                      "redirect to the page) or as JSON (answered with the message, 201).",
          request_body={"required": True, "content": {
              "application/x-www-form-urlencoded": {"schema": MESSAGE},
              "application/json": {"schema": MESSAGE}}},
          responses={201: {"description": "Posted (JSON)",
                           "content": {"application/json": {"schema": MESSAGE}}},
                     422: {"description": "Validation Error", "content": {"application/json": {
                         "schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}})
def post_message(request):
    form = request.content_type.startswith("application/x-www-form-urlencoded")
    try:
        data = request.form() if form else request.json()
    except ValueError:
        data = None
    if type(data) is not dict:
        raise RequestValidationError([{"type": "model_type", "loc": ["body"],
                                       "msg": "Input should be a form or a JSON object", "input": None}])
    name, text = data.get("name") or "anonymous", data.get("text")
    if type(name) is not str or type(text) is not str or not 0 < len(text) <= 200 or len(name) > 40:
        raise RequestValidationError([{"type": "value_error", "loc": ["body", "text"],
                                       "msg": "text: 1 to 200 characters; name: at most 40", "input": text}])
    msg = {"name": name, "text": text}
    MESSAGES.append(msg)
    del MESSAGES[:-20]
    if form:
        return RedirectResponse("/", 303)
    return msg, 201


if __name__ == "__main__":
    print(app)
    app.run(port=80)  # MFA_HOST / MFA_PORT in the environment override host and port
