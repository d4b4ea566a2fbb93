# Wi-Fi part: the emulated CYW43439 radio (emu/cyw43), the tests over it
# (tests/wifi: root-less built-in network always, TAP in a network namespace
# of their own when run as root), and the Wi-Fi benchmark. Included by the
# top Makefile.
#
#   make wifi-test    tests/wifi only
#   make bench-wifi   MicroFastApi vs Microdot 2.7 over the emulated Wi-Fi,
#                     and the image without patch 0200 (new connections)

PICO_W_STOCK_ACCEPT_UF2 := $(BUILD)/PICO_W_API-stock-accept/firmware.uf2

.PHONY: wifi-test bench-wifi stock-accept-image

# The patch test and bench-wifi compare with the same image built without
# patch 0200's early delivery (firmware/build-image.sh stock-accept).
TEST_PREREQS += emu-deps rom stock-accept-image

stock-accept-image: $(PICO_W_STOCK_ACCEPT_UF2)
$(PICO_W_STOCK_ACCEPT_UF2): $(BUILD)/PICO_W_API/firmware.uf2
	@echo "[build] PICO_W_API without patch 0200 (stock accept), for the Wi-Fi comparison"
	@firmware/build-image.sh PICO_W_API stock-accept

wifi-test: emu-deps rom stock-accept-image
	$(PYTHON) -m pytest -q -p no:cacheprovider tests/wifi

bench-wifi: emu-deps rom stock-accept-image
	$(PYTHON) bench/bench_wifi.py --stock $(PICO_W_STOCK_ACCEPT_UF2)
