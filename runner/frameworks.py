"""How the runner checks for and starts each framework's generated program."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# pip extra that installs each package a generated program may import
EXTRAS = {"torch": "pytorch", "safetensors": "pytorch", "transformers": "canonical", "diffusers": "canonical"}


def missing(requires: list[str]) -> str | None:
    """Why the program cannot run here, or None."""
    absent = [m for m in requires if importlib.util.find_spec(m) is None]
    if not absent:
        return None
    extras = ",".join(dict.fromkeys(EXTRAS.get(m, m) for m in absent))
    return f"{', '.join(absent)} not installed (pip install 'inferena[{extras}]')"


def command(program: Path, out: Path, args: list[str]) -> list[str]:
    """Generated Python programs all share one command line (templates/python/harness.py)."""
    return [sys.executable, str(program / "main.py"), "--data", str(program.parent), "--out", str(out), *args]
