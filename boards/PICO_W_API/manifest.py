# Frozen into this board's image: the rp2 port's own modules (_boot.py mounts
# the filesystem, rp2.py), then MicroFastApi and asyncio from the project's
# manifest. The stock board manifest is not included: it require()s packages
# from micropython-lib, which this build does without.
freeze("$(PORT_DIR)/modules")
include("$(BOARD_DIR)/../../manifest.py")
