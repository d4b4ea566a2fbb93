from typing import Any

def jsonable_encoder(obj: Any, include: Any = None, exclude: Any = None, by_alias: bool = True,
                     exclude_unset: bool = False, exclude_defaults: bool = False,
                     exclude_none: bool = False) -> Any: ...
