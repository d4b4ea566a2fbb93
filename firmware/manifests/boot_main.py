# The image's main.py (firmware/boot/main.py): at boot a main.py on the
# filesystem runs if there is one (what Thonny and `mpremote cp main.py :`
# put there), else the app frozen into the image as the module `app`, if any.
# Board manifests include this file; the host twin does not.
module("main.py", base_path="../boot")
