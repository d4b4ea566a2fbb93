# MicroFastApi: firmware images for the Pico W / Pico 2 W and the host twin.
#
#   make                 set up the machine, build every board's image and the twin
#   make test            install the test tools, then every test
#   make firmware BOARD=PICO_W_API   one image (any folder in boards/ is a board)
#   make firmware FS_KB=max          also the image with a larger filesystem (README)
#   make twin            the MicroPython unix port with the same manifest and C module
#   make run [EXAMPLE=hello]         serve an example on the twin at 127.0.0.1:8000
#   make flash BOARD=... make repl   put an image on a board, open its REPL
#   make deploy APP=main.py          copy an app to the board's filesystem (mpremote)
#   make dist / release [VERSION=]   the Python wheel; the release images
#   make bench / bench-target / fuzz benchmarks and the long fuzz campaign
#
# Python tools live in a virtual environment, .venv (VENV=), that `make`
# creates with the first python3 on PATH; nothing is pip-installed into the
# system's Python.
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

# A board is any folder in boards/ with an mpconfigboard.cmake.
BOARDS := $(sort $(patsubst boards/%/mpconfigboard.cmake,%,$(wildcard boards/*/mpconfigboard.cmake)))
BOARD ?= PICO_W_API
SOURCES ?= debian
export SOURCES
JOBS ?= $(shell nproc)
VENV ?= .venv
export MFA_VENV := $(abspath $(VENV))
PYTHON := $(MFA_VENV)/bin/python

BUILD ?= firmware/build
export MFA_BUILD := $(abspath $(BUILD))
MPY := $(BUILD)/src/micropython
MPY_STAMP := $(MPY)/.assembled
CYW43_STAMP := $(MPY)/lib/.cyw43-driver-ok
MPLIB_STAMP := $(MPY)/lib/.micropython-lib-ok
MPY_CROSS := $(MPY)/mpy-cross/build/mpy-cross
PICOTOOL_PREFIX := $(BUILD)/picotool/install
PICOTOOL_CONFIG := $(PICOTOOL_PREFIX)/lib/cmake/picotool/picotoolConfig.cmake
TWIN := $(BUILD)/unix/micropython
TWIN_PLAIN := $(BUILD)/unix-plain/micropython
# MicroPython's makeversionhdr.py asks git for MicroPython's version; in a
# tree unpacked inside this clone it would find this project's repository and
# put our commit hash in the banner. Stop git's search above the sources.
export GIT_CEILING_DIRECTORIES := $(abspath $(BUILD))/src
# The one version number: __version__ in modules/microfastapi/__init__.py.
MFA_VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' modules/microfastapi/__init__.py)

FRAMEWORK_SRC := manifest.py $(shell find modules c_modules firmware/pylib -type f \( -name '*.py' -o -name '*.c' -o -name '*.h' -o -name '*.mk' -o -name '*.cmake' \) 2>/dev/null)

.PHONY: all deps deps-build deps-test deps-board release dist package-json check-board firmware images twin twin-plain test run flash repl deploy clean distclean help boards
all: deps package-json twin images

help:
	@sed -n '2,14p' Makefile | sed 's/^# \{0,1\}//'

boards:
	@echo $(BOARDS)

# ---- set-up: system packages, the venv, Python and Node packages ----------
# deps: what building needs; deps-test: the test tools; deps-board: mpremote.
deps deps-build:
	@firmware/deps.sh build

deps-test:
	@firmware/deps.sh test

deps-board:
	@firmware/deps.sh board

# ---- version, mip's package.json, the wheel, releases ------------------------
# package.json (what `mip install` fetches) is written from the framework's
# files and __version__; `make` keeps it current.
package-json: deps-build
	@$(PYTHON) tools/gen_package_json.py

# The wheel for CPython development (framework + stubs): dist/*.whl
dist: deps
	@rm -rf $(BUILD)/dist && mkdir -p $(BUILD)/dist
	@$(PYTHON) -m pip wheel -q --disable-pip-version-check --no-deps -w $(BUILD)/dist . >$(BUILD)/dist.log 2>&1 \
	  || { tail -20 $(BUILD)/dist.log; echo "error: building the wheel failed (log: $(BUILD)/dist.log)"; exit 1; }
	@ls $(BUILD)/dist/*.whl

# Release files are named <board>-<version>.uf2, version = __version__ unless
# VERSION= says otherwise (CI uses VERSION=ci).
VERSION ?= $(MFA_VERSION)
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

# The options of our language patches (firmware/patches/micropython/): the
# compiler keeps def and class annotations as text (0001), list[int] and
# int | None work at run time (0002), {**d, "k": v} and [*a, *b] compile
# (0003). On in the images (their mpconfigboard.h), the twin and mpy-cross,
# so frozen code carries them. The plain twin stays stock MicroPython, with
# all of them off.
MPY_PATCH_CFLAGS := -DMICROPY_PY_FUNCTION_ANNOTATIONS=1 -DMICROPY_PY_CLASS_ANNOTATIONS=1 \
    -DMICROPY_PY_GENERIC_ALIAS=1 -DMICROPY_PY_DISPLAY_UNPACK=1 -DMICROPY_PY_GC_MEM_ALLOC_SINCE=1

# cyw43-driver: exit 3 from fetch.sh means "not available" (one line said).
$(CYW43_STAMP): $(MPY_STAMP)
	@firmware/fetch.sh --cyw43 $(MPY)/lib/cyw43-driver
	@touch $@

# micropython-lib (the packages board manifests require()): from
# MICROPYTHON_LIB_DIR=, else ../shared/mirror, else upstream git, at the pin.
$(MPLIB_STAMP): $(MPY_STAMP)
	@firmware/fetch.sh --micropython-lib $(MPY)/lib/micropython-lib
	@touch $@

$(MPY_CROSS): $(MPY_STAMP)
	@echo "[build] mpy-cross"
	@$(MAKE) -s -C $(MPY)/mpy-cross -j$(JOBS) CFLAGS_EXTRA="$(MPY_PATCH_CFLAGS)" >$(BUILD)/mpy-cross.log 2>&1 \
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
	@touch $@  # cmake --install keeps an up-to-date file's old time

# ---- firmware images -------------------------------------------------------
# One image per board folder. The size report compares it with the stock
# MicroPython board it is based on (RPI_<PICO_BOARD>, e.g. RPI_PICO_W), built
# from the same tree with Bluetooth off (btstack is in no registry).
check-board:
	@[ -f boards/$(BOARD)/mpconfigboard.cmake ] || { echo "error: unknown BOARD=$(BOARD): no boards/$(BOARD)/mpconfigboard.cmake; boards: $(BOARDS)"; exit 2; }

# each entry point sets the machine up first (the venv among it): `make firmware`
# or `make twin` straight after a clone works as `make` does
# FS_KB=<KiB>|max: also the same image with a filesystem of that size (max:
# the largest the firmware leaves room for), in $(BUILD)/<board>-fs<FS_KB>/;
# flashing it over another layout reformats the filesystem (README).
firmware: check-board deps-build
	@$(MAKE) --no-print-directory $(BUILD)/$(BOARD)/size-report.txt
	@if [ -n "$(FS_KB)" ]; then \
	    firmware/build-image.sh $(BOARD) fs $(FS_KB) \
	    && $(PYTHON) firmware/size_report.py $(BOARD) $(BUILD)/$(BOARD)-fs$(FS_KB) $(BUILD)/stock-$(call stock_of,$(BOARD)) \
	        >$(BUILD)/$(BOARD)-fs$(FS_KB)/size-report.txt \
	    && cat $(BUILD)/$(BOARD)-fs$(FS_KB)/size-report.txt; \
	fi

# Both boards have the radio: without cyw43-driver, say so once and go on.
images: deps-build
	@if [ -f $(CYW43_STAMP) ] || msg=$$(firmware/fetch.sh --cyw43-check 2>&1); then \
	    for b in $(BOARDS); do $(MAKE) --no-print-directory $(BUILD)/$$b/size-report.txt || exit 1; done; \
	else \
	    echo "note: images skipped, twin only: $$msg"; \
	fi

stock_of = RPI_$(shell sed -n 's/^ *set(PICO_BOARD "\(.*\)").*/\1/p' boards/$(1)/mpconfigboard.cmake | tr a-z A-Z)
IMAGE_DEPS := $(MPY_STAMP) $(CYW43_STAMP) $(MPLIB_STAMP) $(MPY_CROSS) $(PICOTOOL_CONFIG) firmware/build-image.sh

# The image also depends on every file its manifest freezes (your app
# included): build-image.sh lists them in manifest.d after each build.
define IMAGE_RULES
$(BUILD)/$(1)/firmware.uf2: $(IMAGE_DEPS) $(FRAMEWORK_SRC) $(wildcard boards/$(1)/*)
	@echo "[build] $(1) image"
	@MFA_DEP_TARGET=$$@ firmware/build-image.sh $(1) full
$(BUILD)/$(1)/size-report.txt: $(BUILD)/$(1)/firmware.uf2 $(BUILD)/stock-$(call stock_of,$(1))/firmware.uf2 firmware/size_report.py
	@$(PYTHON) firmware/size_report.py $(1) $(BUILD)/$(1) $(BUILD)/stock-$(call stock_of,$(1)) >$$@.tmp && mv $$@.tmp $$@ && cat $$@
-include $(BUILD)/$(1)/manifest.d
endef
define STOCK_RULES
$(BUILD)/stock-$(1)/firmware.uf2: $(IMAGE_DEPS)
	@echo "[build] stock $(1) (Bluetooth off), for the size report and the module list"
	@firmware/build-image.sh $(1) stock
endef
$(foreach b,$(BOARDS),$(eval $(call IMAGE_RULES,$(b))))
$(foreach s,$(sort $(foreach b,$(BOARDS),$(call stock_of,$(b)))),$(eval $(call STOCK_RULES,$(s))))

# ---- host twin ---------------------------------------------------------------
UNIX_FLAGS = MICROPY_PY_BTREE=0 STRIP=

twin: deps-build
	@$(MAKE) --no-print-directory $(TWIN)
$(TWIN): $(MPY_STAMP) $(MPLIB_STAMP) $(MPY_CROSS) $(FRAMEWORK_SRC)
	@echo "[build] host twin (unix port + framework + C module)"
	@$(call fresh_build,$(BUILD)/unix,$(MPY_PATCH_CFLAGS))
	@$(MAKE) -s -C $(MPY)/ports/unix -j$(JOBS) $(UNIX_FLAGS) BUILD=$(CURDIR)/$(BUILD)/unix \
	    CFLAGS_EXTRA="$(MPY_PATCH_CFLAGS)" \
	    FROZEN_MANIFEST=$(CURDIR)/manifest.py USER_C_MODULES=$(CURDIR)/c_modules >$(BUILD)/unix.log 2>&1 \
	  || { tail -30 $(BUILD)/unix.log; echo "error: twin build failed (log: $(BUILD)/unix.log)"; exit 1; }
	@touch $@

# The unix port with asyncio only: stock MicroPython, for the fallback parser
# and for installing the framework the way mip does.
twin-plain: deps-build
	@$(MAKE) --no-print-directory $(TWIN_PLAIN)
$(TWIN_PLAIN): $(MPY_STAMP) $(MPLIB_STAMP) $(MPY_CROSS) firmware/manifests/plain_unix.py
	@echo "[build] plain twin (unix port, no framework, no C module)"
	@$(call fresh_build,$(BUILD)/unix-plain,)
	@$(MAKE) -s -C $(MPY)/ports/unix -j$(JOBS) $(UNIX_FLAGS) BUILD=$(CURDIR)/$(BUILD)/unix-plain \
	    FROZEN_MANIFEST=$(CURDIR)/firmware/manifests/plain_unix.py >$(BUILD)/unix-plain.log 2>&1 \
	  || { tail -30 $(BUILD)/unix-plain.log; echo "error: plain twin build failed"; exit 1; }
	@touch $@

# ---- using it ------------------------------------------------------------------
flash: check-board
	@firmware/flash.sh $(BUILD)/$(BOARD)/firmware.uf2 $(PICOTOOL_PREFIX)/bin/picotool

repl: deps-board
	$(MFA_VENV)/bin/mpremote

# Copy an app to the board's filesystem as main.py (it then wins over the
# image's frozen app), and wifi_secrets.py (or the older secrets.py) beside it if there is one; then reset.
APP ?= main.py
deploy: deps-board
	@test -f "$(APP)" || { echo "error: APP=$(APP) not found (make deploy APP=path/to/main.py)"; exit 2; }
	$(MFA_VENV)/bin/mpremote cp "$(APP)" :main.py $(if $(wildcard $(dir $(APP))wifi_secrets.py),+ cp "$(dir $(APP))wifi_secrets.py" :wifi_secrets.py,$(if $(wildcard $(dir $(APP))secrets.py),+ cp "$(dir $(APP))secrets.py" :secrets.py)) + reset

# ---- tests -----------------------------------------------------------------------
# Each part's mk/<part>.mk appends what its tests need built or run first
# (TEST_PREREQS), e.g. the sanitizer build of the parser or the emulator ROM.
TEST_PREREQS := twin-plain
test: all
	@firmware/deps.sh test
	@$(MAKE) --no-print-directory $(TEST_PREREQS)
	@$(PYTHON) -m pytest -q -rs -p no:cacheprovider tests

clean:
	rm -rf $(BUILD)/unix $(BUILD)/unix-plain $(BUILD)/stock-* $(foreach b,$(BOARDS),$(BUILD)/$(b))

distclean:
	rm -rf $(BUILD)

-include mk/*.mk

# The release workflow lives in ci/; GitHub reads it from .github/workflows/.
workflow:
	@mkdir -p .github/workflows && cp ci/release.yml .github/workflows/release.yml && echo "installed .github/workflows/release.yml"
