# FastAPI tutorial, "Background Tasks": the tasks write log.txt after the
# response; a second request reads nothing back (the programs have no such
# route), so the answers are what is compared and test_depends.py checks the
# file.
_ALL = {
    "background_tasks/tutorial001.py": [{"method": "POST", "url": "/send-notification/foo@example.com"}],
    "background_tasks/tutorial002.py": [
        {"method": "POST", "url": "/send-notification/foo@example.com?q=some-query"},
        {"method": "POST", "url": "/send-notification/foo@example.com"},
    ],
    "background_tasks/tutorial002_non_an.py": [
        {"method": "POST", "url": "/send-notification/foo@example.com?q=some-query"},
    ],
}

# Programs not replayed yet, with what they need (they fail on CPython too).
NOT_YET = {
}
EXAMPLES = {k: v for k, v in _ALL.items() if k not in NOT_YET}
# Programs that answer as FastAPI on CPython but cannot run on MicroPython yet (or at all)
MICROPYTHON_UNSUPPORTED = {
    'background_tasks/tutorial002.py': "annotations: MicroPython keeps none without the firmware's annotations patch and typing module (annot); passes on CPython",
}
