# Entry point for the rp2 (CMake) build: lists the user C modules.
include(${CMAKE_CURRENT_LIST_DIR}/httpparser/micropython.cmake)
