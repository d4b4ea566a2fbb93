# What MicroFastApi freezes into every image and the host twin: the framework
# (as bytecode, so importing it costs no RAM for source or compilation) and
# asyncio, which its server runs on. Board manifests include this file.
include("$(MPY_DIR)/extmod/asyncio")
package("microfastapi", base_path="modules")
# Standard-library modules MicroPython lacks and FastAPI code imports:
# typing, enum, contextlib (asynccontextmanager: lifespans) and secrets
# (compare_digest).
include("firmware/pylib")
