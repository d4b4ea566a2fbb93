# The baseline the size report compares a board image against: what the board
# freezes without MicroFastApi (the port's own modules and asyncio).
freeze("$(PORT_DIR)/modules")
include("$(MPY_DIR)/extmod/asyncio")
