"""The installed wheel holds every file of the package (``make test-wheel`` runs this).

``make test-wheel`` builds a wheel, installs it into a clean virtual environment and runs
these tests from a folder outside the repository with ``ICA_MODEL_SOURCE`` set to the
repository, so ``import ica_model`` finds the installed copy. The oracle is the source
tree: every file under ``ica_model/`` must be in the wheel's record, so a module, a
subpackage or a data file that packaging leaves out fails here instead of on a user's
machine. In a development checkout (no ``ICA_MODEL_SOURCE``) the tests are skipped.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = os.environ.get("ICA_MODEL_SOURCE")
if not SOURCE:
    pytest.skip("runs against an installed wheel: make test-wheel", allow_module_level=True)
REPOSITORY = Path(SOURCE).resolve()


def installed_files() -> set[str]:
    return {f.as_posix() for f in importlib.metadata.files("ica_model") or []}


def test_the_package_is_imported_from_the_installation_not_the_repository() -> None:
    import ica_model

    location = Path(ica_model.__file__).resolve().parent
    assert location != REPOSITORY / "ica_model", location
    assert location.parent.name == "site-packages", location


def test_every_file_of_the_package_is_installed() -> None:
    source = {p.relative_to(REPOSITORY).as_posix()
              for p in (REPOSITORY / "ica_model").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert "ica_model/py.typed" in source
    missing = sorted(source - installed_files())
    assert not missing, f"files of ica_model/ missing from the wheel: {missing}"


def test_the_wheel_carries_the_licence_and_the_command() -> None:
    files = installed_files()
    assert any(f.endswith(".dist-info/licenses/LICENSE") for f in files), sorted(files)
    metadata = importlib.metadata.metadata("ica_model")
    assert metadata["License-Expression"] == "MIT"
    command = Path(sys.executable).parent / "ica-model"   # the script beside the interpreter
    assert command.is_file()
    listed = subprocess.run([str(command), "list"], capture_output=True, text=True, check=True)
    assert "g60" in listed.stdout
