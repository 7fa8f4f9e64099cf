"""``python -m simulators serve`` as a real child process, for the tests that need one."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from simulators.core.admin import ENV

ROOT = Path(__file__).resolve().parents[2]
#: The token line ``serve`` prints when it generated the token (simulators/__main__.py).
GENERATED = re.compile(r"^Admin token for /_sim/ and /connector/ \(send 'Authorization: Bearer <token>'\): (\S+)$")


@dataclass
class Served:
    """A running server: its base URL on loopback, the lines it printed at start, and once it has
    stopped everything it printed (``stdout``, ``stderr``)."""

    process: subprocess.Popen[str]
    base_url: str
    port: int
    lines: list[str]
    stdout: str = ""
    stderr: str = ""
    returncode: int | None = field(default=None)

    @property
    def generated_token(self) -> str | None:
        """The token the server generated and printed, if it did."""
        for line in self.lines[1:]:
            found = GENERATED.match(line.strip())
            if found:
                return found.group(1)
        return None


def without_admin_token() -> dict[str, str]:
    """This process's environment without ``REFUNDSIM_ADMIN_TOKEN``: a child process (a server, a
    pytest) takes a token only where a test gives it one."""
    return {name: value for name, value in os.environ.items() if name != ENV}


@contextmanager
def serving(*args: str, lines: int = 1, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Start ``python -m simulators serve --port 0 *args``, wait (at most 30 s) for the first
    ``lines`` lines it prints, and yield it reachable on ``127.0.0.1``; stop it with SIGTERM
    afterwards. ``env`` is added to the environment, from which ``REFUNDSIM_ADMIN_TOKEN`` is removed.

    :raise AssertionError: the server printed fewer lines, or no base URL first.
    """
    environment = without_admin_token() | (env or {})
    process = subprocess.Popen([sys.executable, "-m", "simulators", "serve", "--port", "0", *args], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    assert process.stdout is not None and process.stderr is not None  # both PIPE
    # Threads read what it prints, so that a line that never comes fails the test instead of
    # hanging it, and a full pipe never blocks the server.
    printed: queue.Queue[str] = queue.Queue()
    errors: list[str] = []

    def read_stdout() -> None:
        for line in process.stdout or ():
            printed.put(line)

    readers = [threading.Thread(target=read_stdout, daemon=True),
               threading.Thread(target=lambda: errors.extend(process.stderr or ()), daemon=True)]
    for reader in readers:
        reader.start()
    first: list[str] = []
    served: Served | None = None
    try:
        try:
            first.extend(printed.get(timeout=30) for _ in range(lines))
        except queue.Empty:
            raise AssertionError(f"serve {' '.join(args)} printed {first!r}, not {lines} line(s)") from None
        found = re.search(r"^Simulators serving on http://\S+:(\d+) ", first[0])
        assert found, f"expected the base URL on the first line, got {first!r}"
        served = Served(process, f"http://127.0.0.1:{found.group(1)}", int(found.group(1)), first)
        yield served
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        for reader in readers:
            reader.join(timeout=10)
        rest = []
        while not printed.empty():
            rest.append(printed.get())
        if served is not None:
            served.stdout, served.stderr, served.returncode = "".join(first + rest), "".join(errors), process.returncode
