# What MicroFastApi freezes into every image and the host twin: the framework
# (as bytecode, so importing it costs no RAM for source or compilation) and
# asyncio, which its server runs on. Board manifests include this file.
include("$(MPY_DIR)/extmod/asyncio")
package("microfastapi", base_path="modules")
# contextlib (asynccontextmanager: lifespans) and secrets (compare_digest),
# which MicroPython lacks and FastAPI code imports.
include("firmware/pylib")
