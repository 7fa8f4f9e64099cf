"""``python -m simulators serve [--host 127.0.0.1] [--port 8000] [--threads 16] [--admin-token TOKEN]``

Serves every simulator, the control plane and the reference connector on one base URL with
waitress (a production WSGI server), prints that URL, and stops cleanly on Ctrl-C or SIGTERM.

Bound to loopback (the default) it asks for no token, as always. Bound to any other address
(``--host 0.0.0.0``) the control plane and the connector API require an admin token
(simulators/core/admin.py): ``--admin-token``, else ``REFUNDSIM_ADMIN_TOKEN``, else a new one,
printed once on the second line and nowhere else. Bound to every address, the first line gives the
loopback URL and a later one the URL other machines use (the host's name). A token given is required on loopback too;
beyond loopback it must have 16 characters or more (admin.MIN_LENGTH).

It exits 0 once stopped, 4 when it refuses to start, listening on nothing (a bad option, an
admin token refused, an address it cannot listen on: a port in use, a host that is not an
address): the code certify gives a usage error (docs/ci.md), and 2 when Ctrl-C interrupts it while
it starts (an interrupted run's code).

The served reference connector (``/connector/v1``) calls the simulators at the URL its account
names; when that is this server (:func:`own_base_urls`), the call is answered by the same app
without the loopback socket (:func:`simulators.core.inprocess.answer_own_calls_in_process`).
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType
from typing import NoReturn

#: The exit code of a serve refused before it served anything (an option, the admin token, an
#: address it cannot listen on): certify's and pytest's for a usage error (docs/ci.md), not
#: argparse's 2, which that table reads as an interrupted run.
USAGE_ERROR = 4
#: The exit code of a serve interrupted while it started, before it took Ctrl-C over (docs/ci.md: an
#: interrupted run's). Once it serves, Ctrl-C stops it, and that is 0.
INTERRUPTED = 2
INTERRUPTED_LINE = f"Interrupted (Ctrl-C or SIGINT); exit code {INTERRUPTED}"

try:  # the simulators load for about a second: a Ctrl-C then is said in a line, not Python's traceback
    from simulators.core.inprocess import answer_own_calls_in_process
    from simulators.core.server import create_server

    from .app import create_app
    from .core import admin
except KeyboardInterrupt:
    if __name__ != "__main__":  # imported: the importer's to handle
        raise
    print(INTERRUPTED_LINE, file=sys.stderr)
    sys.exit(INTERRUPTED)


class _Parser(argparse.ArgumentParser):
    """serve's options: a mistake is said as argparse says it (the usage line, ``error: ...``),
    with :data:`USAGE_ERROR`."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def _int_in(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (a port of 99999 must not wrap
    around), said in the words of what was typed (``not http``), not Python's (``invalid int value: 'http'``)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}, not {text}")
        return value
    return parse


def own_base_urls(host: str, port: int) -> list[str]:
    """The base URLs by which a process on this machine reaches a server bound to ``host``: first
    its own address (the one it prints), then the loopback names when it listens on loopback or on
    every address."""
    own = [f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"]
    if host in ("0.0.0.0", "::", "localhost") or host.startswith("127.") or host == "::1":
        own += [f"http://127.0.0.1:{port}", f"http://localhost:{port}", f"http://[::1]:{port}"]
    return list(dict.fromkeys(own))


def main(argv: list[str] | None = None, prog: str = "python -m simulators") -> int:
    """``prog``: the command as the user typed it (``refundsim serve`` is this one too)."""
    parser = _Parser(prog=prog, description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the simulators over HTTP",
                                description="Serve every simulator, the control plane and the reference connector's "
                                            "API on one base URL (printed first); Ctrl-C stops it.",
                                epilog="Exit codes: 0 stopped (Ctrl-C, SIGTERM); 4 refused to start, listening on "
                                       "nothing (a bad option, an admin token refused, a port in use, a host that "
                                       "is not an address); 2 interrupted while it started.")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_int_in(0, 65535), default=8000, help="port to bind, 0 for any free one (default 8000)")
    serve.add_argument("--threads", type=_int_in(1, 1024), default=16, help="worker threads (default 16)")
    serve.add_argument("--admin-token", metavar="TOKEN",
                       help=f"token the control plane and the connector API require (default ${admin.ENV}; "
                            "beyond loopback without one, a new one is printed at start)")
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # said by serve's parser: its usage line, not the one of `{serve} ...`
        serve.error(f"unrecognized arguments: {' '.join(unknown)}")
    if not args.host.strip():  # "--host $HOST" with the variable unset: not "every address"
        print("error: --host: empty: give the interface to bind (default 127.0.0.1)", file=sys.stderr)
        return USAGE_ERROR

    source, given = ("--admin-token", args.admin_token) if args.admin_token is not None else \
        (admin.ENV, os.environ.get(admin.ENV) or None)  # an empty variable is an unset one
    try:
        token, generated = admin.admin_token_for(args.host, given)
    except ValueError as exc:
        print(f"error: {source}: {exc}", file=sys.stderr)
        return USAGE_ERROR
    # The address as a URL writes it: an IPv6 one in brackets, so that its port is not read as part of it.
    where = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app = create_app({"ADMIN_TOKEN": token})
        server = create_server(app, host=args.host, port=args.port, threads=args.threads,
                               # lets waitress notice a client that gave up, so a held (timeout) fault frees its thread
                               channel_request_lookahead=1)
    except OSError as exc:
        if exc.errno == errno.EADDRNOTAVAIL:  # an address, or a name resolved to one, of another machine
            why = f"--host {args.host}: not an address of this machine"
        else:
            busy = ": another server listens there (stop it, or give another --port; --port 0 takes a free one)" \
                if exc.errno == errno.EADDRINUSE else ""
            why = f"{exc.strerror}{busy}"
        print(f"error: cannot listen on {where}: {why}", file=sys.stderr)
        return USAGE_ERROR
    except ValueError as exc:
        # waitress's one ValueError for the options given here: the host did not resolve (its
        # "Invalid host/port specified."; the port is checked above). Said in the user's words.
        why = f"--host {args.host}: not an address of this machine nor a name that resolves to one" \
            if str(exc) == "Invalid host/port specified." else str(exc)
        print(f"error: cannot listen on {where}: {why}", file=sys.stderr)
        return USAGE_ERROR

    def stop(signum: int, frame: FrameType | None) -> None:
        # Let go of the requests a fault is holding (latency, timeout, meet) first: waitress waits
        # for its threads when it stops, so they would hold the stop up too.
        app.extensions["refundsim.tenants"].close()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host, port = str(server.effective_host), server.effective_port
    own = own_base_urls(host, port)
    # Bound to every address, its own (0.0.0.0, ::) is no URL a client can use: print loopback's,
    # and after the token the one other machines use.
    everywhere = host in ("0.0.0.0", "::")
    base = (f"http://[::1]:{port}" if host == "::" else f"http://127.0.0.1:{port}") if everywhere else own[0]
    # The served reference connector's calls to this very server are answered without the loopback
    # socket (bench/README.md, "Fidelity and speed"): same app, checks, faults and journal.
    answer_own_calls_in_process(app, own)
    print(f"Simulators serving on {base}  (control plane: {base}/_sim/)", flush=True)
    if generated:  # the one place it is ever shown
        print(f"Admin token for /_sim/ and /connector/ (send 'Authorization: Bearer <token>'): {token}", flush=True)
    elif token is not None:
        print(f"Admin token for /_sim/ and /connector/: the one {source} gave "
              "(send 'Authorization: Bearer <token>')", flush=True)
    if everywhere:
        print(f"Listening on every address ({host}): other machines reach it at http://{socket.gethostname()}:{port} "
              "(or this machine's address)", flush=True)
    try:
        server.run()  # on Ctrl-C / SIGTERM waitress stops itself; close() after that is harmless
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    print("Simulators stopped.", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # before serve took Ctrl-C over: while it made the app and its server
        print(INTERRUPTED_LINE, file=sys.stderr)
        sys.exit(INTERRUPTED)
