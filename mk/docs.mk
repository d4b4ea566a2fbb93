# OpenAPI / docs part: the frozen /docs page and its screenshot.
# Included by the top Makefile.

.PHONY: docs-page docs-page-check screenshot docs-test

# modules/microfastapi/docs_page.py (gzip'd bytes literal) from web/docs.html
docs-page: modules/microfastapi/docs_page.py
modules/microfastapi/docs_page.py: web/docs.html tools/gen_docs_page.py
	$(PYTHON) tools/gen_docs_page.py

docs-page-check:
	@$(PYTHON) tools/gen_docs_page.py --check

# /docs of examples/crud.py on the twin, in headless Chromium:
# firmware/build/docs/screenshot-docs.png (copy it to docs/ for the README)
screenshot: twin
	MFA_SCREENSHOT=1 $(PYTHON) -m pytest -q -p no:cacheprovider tests/docs/test_docs_page.py -k screenshot

# the docs tests: OpenAPI validation, schemathesis, /docs in Chromium, mip install
docs-test: twin twin-plain
	$(PYTHON) -m pytest -q -p no:cacheprovider tests/docs
