# Emulator part: rp2040js harness (emu/), emulation boot ROM (emu/rom/),
# on-target tests (tests/target/) and the on-target benchmark (bench/).
# Included by the top Makefile.

PICO_W_UF2 ?= firmware/build/PICO_W_API/firmware.uf2
EMU_ROM    ?= firmware/build/emu-rom/rom.bin
EMU_PYTHON ?= $(PYTHON)
NODE       ?= node
NPM        ?= npm

.PHONY: emu-deps rom target-test bench-target bench-thread bench-ws-target fsmax-image

# `make test` runs tests/target, which needs the ROM and rp2040js, and, for
# the 1 MiB upload (tests/target/test_uploads.py), the same image with the
# largest filesystem it leaves room for (make firmware FS_KB=max).
TEST_PREREQS += emu-deps rom fsmax-image

PICO_W_FSMAX_UF2 := $(BUILD)/PICO_W_API-fsmax/firmware.uf2
fsmax-image: $(PICO_W_FSMAX_UF2)
$(PICO_W_FSMAX_UF2): $(BUILD)/PICO_W_API/firmware.uf2
	@echo "[build] PICO_W_API with the largest filesystem (FS_KB=max), for the 1 MiB upload test"
	@firmware/build-image.sh PICO_W_API fs max

# node_modules from the lockfile (rp2040js pinned exactly in emu/package.json)
emu-deps: emu/node_modules/.package-lock.json
emu/node_modules/.package-lock.json: emu/package.json emu/package-lock.json
	cd emu && $(NPM) ci --no-audit --no-fund

rom:
	$(MAKE) -C emu/rom O=$(abspath firmware/build/emu-rom)

target-test: emu-deps rom fsmax-image
	MFA_EMU_ROM=$(EMU_ROM) PICO_W_UF2=$(PICO_W_UF2) PICO_W_FSMAX_UF2=$(PICO_W_FSMAX_UF2) $(EMU_PYTHON) -m pytest tests/target -v

bench-target: emu-deps rom
	MFA_EMU_ROM=$(EMU_ROM) PICO_W_UF2=$(PICO_W_UF2) $(EMU_PYTHON) bench/bench_target.py
	MFA_EMU_ROM=$(EMU_ROM) PICO_W_UF2=$(PICO_W_UF2) $(EMU_PYTHON) bench/bench_models_target.py

# WebSocket echo: cycles per message, against Microdot 2.7's, same run
bench-ws-target: emu-deps rom
	MFA_EMU_ROM=$(EMU_ROM) PICO_W_UF2=$(PICO_W_UF2) $(EMU_PYTHON) bench/bench_ws_target.py

# What _thread costs on the hot path: the image against the same board
# without it, in the same run (bench/bench_thread_target.py).
bench-thread: emu-deps rom firmware
	@firmware/build-image.sh $(BOARD) nothread
	MFA_EMU_ROM=$(EMU_ROM) PICO_W_UF2=$(PICO_W_UF2) $(EMU_PYTHON) bench/bench_thread_target.py
