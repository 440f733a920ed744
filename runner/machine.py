"""The machine a run was timed on, as the reports name it."""
from __future__ import annotations

import platform
import subprocess
from pathlib import Path


def platform_name(device: str = "cpu") -> str:
    """The processor the timings were taken on: the GPU's name for --device cuda (or vulkan on a
    machine with an NVIDIA GPU), else the CPU's (lavapipe runs Vulkan on it)."""
    if device != "cpu":
        try:
            names = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                                   capture_output=True, text=True, timeout=30).stdout.split("\n")
            if names[0].strip():
                return names[0].strip()
        except (OSError, subprocess.SubprocessError):
            pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1]
                for noise in ("(R)", "(TM)", " CPU", " Processor"):
                    name = name.replace(noise, "")
                return " ".join(name.split())
    except OSError:
        pass
    return platform.processor() or platform.machine()
