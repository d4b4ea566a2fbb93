# Raspberry Pi Pico 2 W with the MicroFastApi web framework frozen in.
# Out-of-tree board: build with -DMICROPY_BOARD_DIR=<this folder>.

set(PICO_BOARD "pico2_w")
set(PICO_PLATFORM "rp2350")

# Wi-Fi through the CYW43 radio and lwIP.
set(MICROPY_PY_LWIP ON)
set(MICROPY_PY_NETWORK_CYW43 ON)

# Bluetooth off: it needs btstack, which no registry packages, and a web API
# does not use it. Saves about 75 KB of flash.
set(MICROPY_PY_BLUETOOTH OFF)
set(MICROPY_BLUETOOTH_BTSTACK OFF)
set(MICROPY_PY_BLUETOOTH_CYW43 OFF)

# With Bluetooth off nothing else brings pico-sdk's cyw43 driver headers
# (pico/cyw43_driver.h) onto the include path. The firmware target does not
# exist yet when this file runs, so defer the link; plain signature because
# the port links 'firmware' without keywords.
cmake_language(DEFER CALL target_link_libraries firmware pico_cyw43_driver_headers)

set(MICROPY_FROZEN_MANIFEST ${MICROPY_BOARD_DIR}/manifest.py)

# The version shown in the banner (firmware/build-image.sh passes it).
if(NOT MICROFASTAPI_VERSION)
    message(FATAL_ERROR "MICROFASTAPI_VERSION is not set: build with make firmware BOARD=<this folder>")
endif()
add_compile_definitions(MICROFASTAPI_VERSION="${MICROFASTAPI_VERSION}")
