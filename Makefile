# MicroFastApi: firmware images for the Pico W / Pico 2 W and the host twin.
#
#   make                 set up the machine, build both images and the twin
#   make test            every test (build contract, parser, framework, on-target)
#   make firmware BOARD=PICO_W_API   one image
#   make twin            the MicroPython unix port with the same manifest and C module
#   make run [EXAMPLE=hello]         serve an example on the twin at 127.0.0.1:8000
#   make flash BOARD=... make repl   put an image on a board, open its REPL
#   make bench / bench-target / fuzz benchmarks and the long fuzz campaign
#
# Sources are pinned in firmware/pins.env. SOURCES=debian (default) takes
# Debian 13's packaged sources, SOURCES=git upstream git at the same pins.
# Our changes to MicroPython are patches in firmware/patches/micropython/.
# Downloads are cached, checked by sha256, in ~/.cache/microfastapi.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

include firmware/pins.env

BOARDS := $(notdir $(wildcard boards/*_API))
BOARD ?= PICO_W_API
SOURCES ?= debian
export SOURCES
JOBS ?= $(shell nproc)
PYTHON ?= python3

BUILD ?= firmware/build
export MFA_BUILD := $(abspath $(BUILD))
MPY := $(BUILD)/src/micropython
MPY_STAMP := $(MPY)/.assembled
CYW43_STAMP := $(MPY)/lib/.cyw43-driver-ok
MPY_CROSS := $(MPY)/mpy-cross/build/mpy-cross
PICOTOOL_PREFIX := $(BUILD)/picotool/install
PICOTOOL_CONFIG := $(PICOTOOL_PREFIX)/lib/cmake/picotool/picotoolConfig.cmake
TWIN := $(BUILD)/unix/micropython
TWIN_PLAIN := $(BUILD)/unix-plain/micropython
# micropython-lib is not packaged: manifests here use no require(), and the
# build only checks that the folder has a README.
MPY_LIB_STUB := $(CURDIR)/firmware/micropython-lib-stub

FRAMEWORK_SRC := manifest.py $(shell find modules c_modules firmware/pylib -type f \( -name '*.py' -o -name '*.c' -o -name '*.h' -o -name '*.mk' -o -name '*.cmake' \) 2>/dev/null)

.PHONY: all deps deps-build release check-board firmware images twin twin-plain test test-build lint-ci run flash repl clean distclean help boards
all: deps twin images

help:
	@sed -n '2,14p' Makefile | sed 's/^# \{0,1\}//'

boards:
	@echo $(BOARDS)

# ---- set-up: system packages, Python and Node packages -------------------
deps:
	@firmware/deps.sh

deps-build:
	@firmware/deps.sh build

# ---- releases: <board>-<version>.uf2, size reports, SHA256SUMS ---------------
VERSION ?= $(shell git describe --tags --always 2>/dev/null || echo dev)
release: images
	@firmware/release.sh "$(VERSION)" $(BOARDS)

# ---- sources ---------------------------------------------------------------
# The tree's identity (a hash of the pins, SOURCES and every patch in
# firmware/patches/micropython/) is what the stamp holds: when it differs the
# tree is assembled and patched afresh, and whatever was built from the old
# tree is rebuilt from scratch (see fresh_build).
MPY_TREE_ID := $(shell firmware/fetch.sh --tree-id)
$(MPY_STAMP): $(if $(filter $(MPY_TREE_ID),$(shell cat $(MPY_STAMP) 2>/dev/null)),,FORCE)
	@firmware/fetch.sh $(MPY)

.PHONY: FORCE
FORCE:

# $(call fresh_build,DIR,FLAGS): empty DIR unless it was built from this tree
# with these flags. (MicroPython's makefiles compare file times only: a tree
# unpacked afresh keeps the archive's old times, and frozen .mpy files are not
# compiled again when only mpy-cross changed.)
fresh_build = id="$$(cat $(MPY_STAMP)) $(2)"; \
    if [ "$$(cat $(1)/.build-id 2>/dev/null)" != "$$id" ]; then rm -rf $(1); mkdir -p $(1); echo "$$id" >$(1)/.build-id; fi

# The compiler keeps def and class annotations as text (our patch
# 0001-py-keep-annotations-as-text.patch): on in the images (their
# mpconfigboard.h), the twin and mpy-cross, so frozen code carries them. The
# plain twin stays stock MicroPython, with both off.
ANNOTATIONS_CFLAGS := -DMICROPY_PY_FUNCTION_ANNOTATIONS=1 -DMICROPY_PY_CLASS_ANNOTATIONS=1

# cyw43-driver: exit 3 from fetch.sh means "not available" (one line said).
$(CYW43_STAMP): $(MPY_STAMP)
	@firmware/fetch.sh --cyw43 $(MPY)/lib/cyw43-driver
	@touch $@

$(MPY_CROSS): $(MPY_STAMP)
	@echo "[build] mpy-cross"
	@$(MAKE) -s -C $(MPY)/mpy-cross -j$(JOBS) CFLAGS_EXTRA="$(ANNOTATIONS_CFLAGS)" >$(BUILD)/mpy-cross.log 2>&1 \
	  || { tail -20 $(BUILD)/mpy-cross.log; exit 1; }

# pico-sdk 2.x makes the .uf2 with picotool and would try to download one.
# It needs pico-sdk from the tree, not what our patches change: the tree is
# an order-only prerequisite.
$(PICOTOOL_CONFIG): firmware/pins.env | $(MPY_STAMP)
	@echo "[build] picotool $(GIT_PICOTOOL_REF) from source (about a minute)"
	@firmware/fetch.sh --picotool $(BUILD)/picotool/src
	@cmake -S $(BUILD)/picotool/src -B $(BUILD)/picotool/build -DUSE_PRECOMPILED=false \
	    -DPICO_SDK_PATH=$(CURDIR)/$(MPY)/lib/pico-sdk -DCMAKE_INSTALL_PREFIX=$(CURDIR)/$(PICOTOOL_PREFIX) \
	    -DCMAKE_BUILD_TYPE=Release >$(BUILD)/picotool.log 2>&1 \
	  && cmake --build $(BUILD)/picotool/build -j$(JOBS) >>$(BUILD)/picotool.log 2>&1 \
	  && cmake --install $(BUILD)/picotool/build >>$(BUILD)/picotool.log 2>&1 \
	  || { tail -30 $(BUILD)/picotool.log; echo "error: picotool build failed (log: $(BUILD)/picotool.log)"; exit 1; }

# ---- firmware images -------------------------------------------------------
# One image per board folder; each also builds a baseline without the
# framework and the C module so the size report can say what they cost.
check-board:
	@[ -d boards/$(BOARD) ] || { echo "error: unknown BOARD=$(BOARD); boards: $(BOARDS)"; exit 2; }

firmware: check-board
	@$(MAKE) --no-print-directory $(BUILD)/$(BOARD)/firmware.uf2

# Both boards have the radio: without cyw43-driver, say so once and go on.
images:
	@if [ -f $(CYW43_STAMP) ] || msg=$$(firmware/fetch.sh --cyw43-check 2>&1); then \
	    for b in $(BOARDS); do $(MAKE) --no-print-directory $(BUILD)/$$b/firmware.uf2 || exit 1; done; \
	else \
	    echo "note: images skipped, twin only: $$msg"; \
	fi

define IMAGE_RULES
$(BUILD)/$(1)/firmware.uf2: $(MPY_STAMP) $(CYW43_STAMP) $(MPY_CROSS) $(PICOTOOL_CONFIG) $(FRAMEWORK_SRC) $(wildcard boards/$(1)/*) firmware/size_report.py firmware/manifests/baseline_rp2.py firmware/build-image.sh
	@echo "[build] $(1) image"
	@firmware/build-image.sh $(1) full
	@echo "[build] $(1) baseline (no framework, no C module) for the size report"
	@firmware/build-image.sh $(1) baseline
	@$(PYTHON) firmware/size_report.py $(1) $(BUILD)/$(1) $(BUILD)/$(1)-baseline | tee $(BUILD)/$(1)/size-report.txt
endef
$(foreach b,$(BOARDS),$(eval $(call IMAGE_RULES,$(b))))

# ---- host twin ---------------------------------------------------------------
UNIX_FLAGS = MICROPY_PY_BTREE=0 MPY_LIB_DIR=$(MPY_LIB_STUB) STRIP=

twin: $(TWIN)
$(TWIN): $(MPY_STAMP) $(MPY_CROSS) $(FRAMEWORK_SRC)
	@echo "[build] host twin (unix port + framework + C module)"
	@$(call fresh_build,$(BUILD)/unix,$(ANNOTATIONS_CFLAGS))
	@$(MAKE) -s -C $(MPY)/ports/unix -j$(JOBS) $(UNIX_FLAGS) BUILD=$(CURDIR)/$(BUILD)/unix \
	    CFLAGS_EXTRA="$(ANNOTATIONS_CFLAGS)" \
	    FROZEN_MANIFEST=$(CURDIR)/manifest.py USER_C_MODULES=$(CURDIR)/c_modules >$(BUILD)/unix.log 2>&1 \
	  || { tail -30 $(BUILD)/unix.log; echo "error: twin build failed (log: $(BUILD)/unix.log)"; exit 1; }
	@touch $@

# The unix port with asyncio only: stock MicroPython, for the fallback parser
# and for installing the framework the way mip does.
twin-plain: $(TWIN_PLAIN)
$(TWIN_PLAIN): $(MPY_STAMP) $(MPY_CROSS) firmware/manifests/plain_unix.py
	@echo "[build] plain twin (unix port, no framework, no C module)"
	@$(call fresh_build,$(BUILD)/unix-plain,)
	@$(MAKE) -s -C $(MPY)/ports/unix -j$(JOBS) $(UNIX_FLAGS) BUILD=$(CURDIR)/$(BUILD)/unix-plain \
	    FROZEN_MANIFEST=$(CURDIR)/firmware/manifests/plain_unix.py >$(BUILD)/unix-plain.log 2>&1 \
	  || { tail -30 $(BUILD)/unix-plain.log; echo "error: plain twin build failed"; exit 1; }
	@touch $@

# ---- using it ------------------------------------------------------------------
flash: check-board
	@firmware/flash.sh $(BUILD)/$(BOARD)/firmware.uf2 $(PICOTOOL_PREFIX)/bin/picotool

repl:
	@command -v mpremote >/dev/null || { echo "error: mpremote is missing: run 'make deps' (pip install mpremote)"; exit 1; }
	mpremote

# ---- tests -----------------------------------------------------------------------
# Each part's mk/<part>.mk appends what its tests need built or run first
# (TEST_PREREQS), e.g. the sanitizer build of the parser or the emulator ROM.
TEST_PREREQS := twin-plain
test: all
	@$(MAKE) --no-print-directory $(TEST_PREREQS)
	@$(PYTHON) -m pytest -q -p no:cacheprovider tests

clean:
	rm -rf $(BUILD)/unix $(BUILD)/unix-plain $(foreach b,$(BOARDS),$(BUILD)/$(b) $(BUILD)/$(b)-baseline)

distclean:
	rm -rf $(BUILD)

-include mk/*.mk

# The release workflow lives in ci/; GitHub reads it from .github/workflows/.
workflow:
	@mkdir -p .github/workflows && cp ci/release.yml .github/workflows/release.yml && echo "installed .github/workflows/release.yml"
