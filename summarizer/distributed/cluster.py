"""Ray for one job: join a cluster or start a local Ray (with a reaper for kill -9), and stop it."""
from __future__ import annotations

import logging
import os
import signal
import tempfile
import threading
import warnings
from pathlib import Path

import ray

from . import reaper


def start_ray(address: str | None = None, *, num_cpus: int | None = None, quiet: bool = False) -> bool:
    """Join the cluster at `address` ('auto', 'ray://host:10001'), or start a local Ray.

    Returns True when this call started or joined Ray (the caller then shuts it down with `stop_ray`),
    False when Ray was already initialized in this process. A local Ray gets its own temp folder and a
    reaper process that stops it if this process dies without shutting it down (kill -9).
    """
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # a batch job makes no calls home
    # Ray's C++ core logs a harmless error line for every actor pool; real failures still raise.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    options = dict(include_dashboard=False, log_to_driver=address is not None and not quiet,
                   logging_level=logging.ERROR)
    if address:
        # Ship this package to the cluster, so its nodes need only Ray and the model libraries.
        package = Path(__file__).resolve().parent.parent
        ray.init(address=address, runtime_env={"py_modules": [str(package)]}, **options)
    else:
        # Local workers import `summarizer` from the driver's sys.path, which Ray hands on.
        temp = tempfile.mkdtemp(prefix="brief-ray-")
        _LOCAL_RAY.append((reaper.watch(os.getpid(), temp), temp))
        ray.init(address="local", num_cpus=num_cpus, _temp_dir=temp, **options)
    return True


_LOCAL_RAY: list = []  # (reaper, temp folder) of the local Ray this process started


def restore_sigterm(handler) -> None:
    """Put back the SIGTERM handler the caller had (the command's stops like Ctrl-C: exit 130, saying to
    resume), which `ray.init` replaces with its own (exit 15, and the core's stack dump)."""
    if handler is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, handler)


def stop_ray() -> None:
    ray.shutdown()
    while _LOCAL_RAY:
        reaper.release(*_LOCAL_RAY.pop())


def configure_logging() -> None:
    # Ray Data logs a failed job's stack trace before raising; the job reports the reason itself.
    logging.getLogger("ray.data").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", message="The minimum number of concurrent actors", category=UserWarning)
