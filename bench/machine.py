"""One line describing the machine a benchmark ran on (printed by every bench script)."""

from __future__ import annotations

import os
import platform


def describe() -> str:
    """CPUs, memory, the 1-minute load average (other jobs), Python, and thread-count settings.

    On a shared machine OpenBLAS's worker threads spin while waiting and fight other jobs for
    the cores, which can slow the story-grouping matrix products several-fold; runs with
    ``OPENBLAS_NUM_THREADS=1`` are steadier, so the setting is printed when present.
    """
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f"{mem:.0f} GiB memory"
    except (ValueError, OSError, AttributeError):  # not POSIX
        memory = "memory unknown"
    try:
        load = f"load average {os.getloadavg()[0]:.1f}"
    except (OSError, AttributeError):
        load = "load average unknown"
    threads = "".join(
        f", {var}={os.environ[var]}"
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
        if os.environ.get(var)
    )
    return (
        f"machine: {os.cpu_count()} CPUs, {memory}, {load}, "
        f"Python {platform.python_version()} ({platform.machine()}){threads}"
    )
