"""The reproducible set-up: `make setup` installs requirements-lock.txt, so every dependency
pyproject.toml declares (extras included) must be pinned there, at a version it allows."""
from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements-lock.txt: {line!r} is not an exact pin (name==version)"
            pins[canonicalize_name(name)] = version.strip()
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for reqs in project["optional-dependencies"].values() for r in reqs]
    return [Requirement(r) for r in project["dependencies"] + extras if not r.startswith("inferena[")]


def test_every_declared_dependency_is_locked_at_an_allowed_version():
    pins = locked()
    for req in declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not in requirements-lock.txt"
        assert req.specifier.contains(pins[name], prereleases=True), \
            f"requirements-lock.txt pins {req.name}=={pins[name]}, pyproject.toml asks {req}"
