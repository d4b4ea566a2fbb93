"""responses.json_stream: a dict/list answer sent in pieces (for answers too
big to build whole on the board) is exactly json.dumps's text."""
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "modules"))
from microfastapi import responses  # noqa: E402

CASES = [
    {"data": "x" * 3000, "n": [1, 2.5, None, True, False, {"a": "é\n\"q\\"}], "e": {}, "l": []},
    [], {}, [[], {}], {"k": "y" * 1024}, ["z" * 999, "w" * 1001], {"nested": [[[{"deep": "v" * 5000}]]]},
]


@pytest.mark.parametrize("obj", CASES)
@pytest.mark.parametrize("size", [1, 16, 100, 1024])
def test_pieces_make_json_dumps(obj, size):
    r = responses.json_stream(obj, size=size)
    pieces = list(r.stream)
    # what the framework writes for a JSON answer: json.dumps with
    # ensure_ascii=False, as Starlette's JSONResponse (responses.json_dumps)
    assert "".join(pieces) == json.dumps(obj, ensure_ascii=False)
    assert r.content_type == "application/json" and r.kind == 1
    # bounded pieces: at most size plus one element's text
    if size >= 100:
        assert max(len(p) for p in pieces) <= 2 * size + 64
