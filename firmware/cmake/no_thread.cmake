# Included by firmware/build-image.sh BOARD nothread (CMAKE_PROJECT_INCLUDE):
# the board without _thread, for bench/bench_thread_target.py. A compile
# definition of the directory (not CFLAGS), so that MicroPython's generated
# module table, made with the target's definitions, leaves _thread out too.
add_compile_definitions(MICROPY_PY_THREAD=0)
