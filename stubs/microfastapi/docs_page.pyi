PAGE_GZ: bytes
SIZE: int

def html() -> bytes: ...
