"""How the runner builds and starts each framework's generated program."""
from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

from inferena.emitters import EMITTERS


@dataclass(frozen=True)
class Framework:
    name: str
    display: str
    modules: tuple[str, ...]          # Python packages the program imports
    extra: str                        # pip extra that installs them

    def missing(self) -> str | None:
        """Why the program cannot run here, or None."""
        absent = [m for m in self.modules if importlib.util.find_spec(m) is None]
        if absent:
            return f"{', '.join(absent)} not installed (pip install 'inferena[{self.extra}]')"
        return None

    def command(self, program: Path, out: Path, args: list[str]) -> list[str]:
        return [sys.executable, str(program / "main.py"), "--data", str(program.parent),
                "--out", str(out), *args]


FRAMEWORKS = {f.name: f for f in [
    Framework("pytorch", EMITTERS["pytorch"].DISPLAY, ("torch", "safetensors"), "pytorch"),
]}
