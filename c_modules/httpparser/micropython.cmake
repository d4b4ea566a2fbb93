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
