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

EXAMPLES = _ALL
