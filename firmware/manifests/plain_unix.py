# The "plain" twin: the unix port as stock MicroPython has it (asyncio frozen),
# without MicroFastApi or its C module. Tests install the framework onto it the
# way mip does and run the pure-Python parser there.
include("$(MPY_DIR)/extmod/asyncio")
