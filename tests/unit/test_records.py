"""Records that hold arrays compare by identity: ``==`` and ``hash`` never raise.

A frozen dataclass compares its fields as a tuple, and a tuple holding numpy arrays raises
"the truth value of an array is ambiguous" on ``==``. Every record whose fields are
annotated as arrays therefore sets ``eq=False``.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import numpy as np

import ica_model
from ica_model.engine.evolutionary.dynamics import Trajectory


def _records() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(ica_model.__path__, "ica_model."):
        if info.name.startswith("ica_model.experiments") or info.name.endswith("_kernels"):
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if (inspect.isclass(obj) and dataclasses.is_dataclass(obj)
                    and obj.__module__ == info.name):
                found.append(obj)
    return found


def test_records_with_array_fields_compare_by_identity() -> None:
    with_arrays = [r for r in _records()
                   if any("ndarray" in str(f.type) for f in dataclasses.fields(r))
                   and not all("Callable" in str(f.type) for f in dataclasses.fields(r)
                               if "ndarray" in str(f.type))]
    assert len(with_arrays) >= 4        # Trajectory, BasinResult, AdoptionPath, OptimalIntervention
    compared_by_value = [r.__qualname__ for r in with_arrays if r.__dataclass_params__.eq]
    assert compared_by_value == []


def test_a_trajectory_is_equal_to_itself_and_hashable() -> None:
    one = Trajectory(np.linspace(0, 1, 3), np.zeros((3, 2)))
    other = Trajectory(np.linspace(0, 1, 3), np.zeros((3, 2)))
    assert one == one and one != other
    assert len({one, other}) == 2
