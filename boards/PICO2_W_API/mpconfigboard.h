// Raspberry Pi Pico 2 W with MicroFastApi: board and hardware configuration.
// MICROFASTAPI_VERSION comes from modules/microfastapi/__init__.py (the one
// version number), through firmware/build-image.sh and mpconfigboard.cmake.
#define MICROPY_HW_BOARD_NAME                   "Raspberry Pi Pico 2 W with MicroFastApi " MICROFASTAPI_VERSION
#define MICROPY_HW_FLASH_STORAGE_BYTES          (PICO_FLASH_SIZE_BYTES - 1536 * 1024)

// Networking through the on-board CYW43439.
#define MICROPY_PY_NETWORK 1
#define MICROPY_PY_NETWORK_HOSTNAME_DEFAULT     "Pico2W"

#define CYW43_USE_SPI (1)
#define CYW43_LWIP (1)
#define CYW43_GPIO (1)
#define CYW43_SPI_PIO (1)

#define MICROPY_HW_PIN_EXT_COUNT    CYW43_WL_GPIO_COUNT

// Pins used by the radio keep their IRQs across a soft reset.
int mp_hal_is_pin_reserved(int n);
#define MICROPY_HW_PIN_RESERVED(i) mp_hal_is_pin_reserved(i)


// lwIP's TCP capacity, to what the server promises (max_connections = 8):
// lwIP's default of 5 PCBs let only 5 clients in, so the server's eviction of
// idle clients never got a chance. 8 served + 4 being accepted, evicted or
// closing. Each PCB is about 160 bytes of static RAM (notes in README,
// "Wi-Fi in the emulator"). lwipopts.h reads these through py/mpconfig.h.
#define MEMP_NUM_TCP_PCB                        (12)

// Keep def and class annotations as their text (firmware/patches/micropython/
// 0001-py-keep-annotations-as-text.patch), so that FastAPI-style handlers
// `def read_item(item_id: int, q: str | None = None)` are typed on the device.
#define MICROPY_PY_FUNCTION_ANNOTATIONS         (1)
#define MICROPY_PY_CLASS_ANNOTATIONS            (1)
// list[Item] and int | None as values, e.g. response_model=list[Item]
// (0002-py-objtype-generic-alias-and-union-type.patch), and {**d, "k": v} /
// [*a, *b] displays (0003-py-compile-unpacking-in-displays.patch).
#define MICROPY_PY_GENERIC_ALIAS                (1)
#define MICROPY_PY_DISPLAY_UNPACK               (1)
// gc.mem_alloc_since(): what the server's idle collection reads
// (0202-py-modgc-mem-alloc-since.patch; gc.mem_free() walks the whole heap)
#define MICROPY_PY_GC_MEM_ALLOC_SINCE           (1)
