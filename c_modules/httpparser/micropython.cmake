# _microfastapi user C module (rp2 port: -DUSER_C_MODULES=<repo>/c_modules/micropython.cmake)
add_library(usermod_microfastapi INTERFACE)

target_sources(usermod_microfastapi INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}/httpparser.c
    ${CMAKE_CURRENT_LIST_DIR}/modmicrofastapi.c
)

target_include_directories(usermod_microfastapi INTERFACE
    ${CMAKE_CURRENT_LIST_DIR}
)

target_link_libraries(usermod INTERFACE usermod_microfastapi)

# The parser runs per request on a 125 MHz Cortex-M0+: build it for speed,
# as the port does for py/map.c and friends (about 1 KB more flash).
set_source_files_properties(
    ${CMAKE_CURRENT_LIST_DIR}/httpparser.c
    ${CMAKE_CURRENT_LIST_DIR}/modmicrofastapi.c
    PROPERTIES COMPILE_OPTIONS "-O2"
)
