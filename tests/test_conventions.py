"""House rules that hold for every app, checked over the whole code base."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import rekisteri


def _modules_named(leaf: str) -> list[ModuleType]:
    found = []
    for info in pkgutil.walk_packages(rekisteri.__path__, prefix="rekisteri."):
        if info.name.rsplit(".", 1)[-1] == leaf:
            found.append(importlib.import_module(info.name))
    return found


def test_every_service_takes_a_required_keyword_only_actor() -> None:
    modules = _modules_named("services")
    assert modules, "no services modules found"
    checked = 0
    for module in modules:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameter = inspect.signature(function).parameters.get("actor")
            assert parameter is not None, f"{module.__name__}.{name} takes no actor"
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name
            assert parameter.default is inspect.Parameter.empty, f"{name}: actor has a default"
            checked += 1
    assert checked >= 4
