# Frozen into this board's image: what the stock RPI_PICO2_W image freezes (the
# port's modules, asyncio, onewire, ds18x20, dht, neopixel, and
# bundle-networking: mip, ntptime, requests, ssl, webrepl) less Bluetooth's
# aioble, then MicroFastApi and the boot main.py from the project's manifest.
# micropython-lib comes pinned (firmware/pins.env); see the README for how
# this image differs from the stock one.
include("$(PORT_DIR)/boards/manifest.py")
require("bundle-networking")
include("$(BOARD_DIR)/../../manifest.py")
include("$(BOARD_DIR)/../../firmware/manifests/boot_main.py")
