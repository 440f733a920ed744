"""Session set-up shared by the test modules."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def cargo_target_dir():
    """Every generated Rust crate the tests build (each test has its own cargo workspace in a
    temporary folder) shares one target dir, so the dependencies compile once per machine."""
    if "CARGO_TARGET_DIR" not in os.environ:
        os.environ["CARGO_TARGET_DIR"] = str(Path(tempfile.gettempdir()) / "inferena-cargo-target")
    yield
