# Run on the twin (MicroPython): the corpus resolved from annotation TEXT and
# validated; one JSON line per case. tests/types/test_types.py compares the
# lines with CPython's (which are checked against the real Pydantic).
import sys
import json

sys.path.insert(0, sys.argv[1])
import type_cases as cases
from microfastapi.annotations import resolve
from microfastapi.validation import validate, INVALID

g = cases.names()
todo = cases.CASES + (cases.ENUM_CASES if "ModelName" in g else [])
for text, v, out in cases.run(todo, resolve, validate, INVALID, g):
    print(json.dumps([text, v, out]))
print("DONE", "enum" if "ModelName" in g else "noenum")
