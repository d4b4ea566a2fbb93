# FastAPI tutorial: Extra Data Types (docs_src/extra_data_types)
_R = [
    {"method": "PUT", "url": "/items/12345678-1234-5678-1234-567812345678",
     "json": {"start_datetime": "2018-12-22T14:00:00+00:00", "end_datetime": "2018-12-24T15:00:00+00:00",
              "repeat_at": "15:30:00", "process_after": 300}},
    {"method": "PUT", "url": "/items/12345678-1234-5678-1234-567812345678",
     "json": {"start_datetime": "2018-12-22T14:00:00", "end_datetime": "2018-12-24T15:00:00", "process_after": 60}},
    {"method": "PUT", "url": "/items/not-a-uuid",
     "json": {"start_datetime": "2018-12-22T14:00:00+00:00", "end_datetime": "2018-12-24T15:00:00+00:00", "process_after": 1}},
    {"method": "PUT", "url": "/items/12345678-1234-5678-1234-567812345678", "json": {"start_datetime": "x"}},
]

EXAMPLES = {
    "extra_data_types/tutorial001.py": _R,
    "extra_data_types/tutorial001_non_an.py": _R,
}

MICROPYTHON_UNSUPPORTED = {}
