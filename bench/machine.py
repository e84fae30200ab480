"""One line describing the machine a benchmark ran on (printed by every bench script)."""

from __future__ import annotations

import os
import platform


def describe() -> str:
    """CPUs, memory, the 1-minute load average (other jobs) and the Python version."""
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f"{mem:.0f} GiB memory"
    except (ValueError, OSError, AttributeError):  # not POSIX
        memory = "memory unknown"
    try:
        load = f"load average {os.getloadavg()[0]:.1f}"
    except (OSError, AttributeError):
        load = "load average unknown"
    return (
        f"machine: {os.cpu_count()} CPUs, {memory}, {load}, "
        f"Python {platform.python_version()} ({platform.machine()})"
    )
