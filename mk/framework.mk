# Framework part (modules/microfastapi): serve an example on the host twin,
# and the HTTP benchmark. Included by the top Makefile.
#
#   make run [EXAMPLE=hello] [RUN_PORT=8000]   examples/$(EXAMPLE).py on 127.0.0.1
#   make bench [BENCH_ARGS=...]                 MicroFastApi vs Microdot vs a bare server, under wrk

EXAMPLE ?= hello
RUN_PORT ?= 8000
BENCH_ARGS ?=

.PHONY: run bench

run: twin
	@test -f examples/$(EXAMPLE).py || { echo "error: no examples/$(EXAMPLE).py"; exit 1; }
	@mkdir -p $(BUILD)/empty
	cd $(BUILD)/empty && MFA_HOST=127.0.0.1 MFA_PORT=$(RUN_PORT) $(abspath $(TWIN)) $(abspath examples/$(EXAMPLE).py)

bench: twin
	$(PYTHON) bench/bench_http.py --twin $(abspath $(TWIN)) $(BENCH_ARGS)
