"""``refundsim``: the installed package's command line (``pip install`` puts it on the PATH).

Each command is the one the repository's Makefile runs, from any folder:

- ``refundsim certify``  — ``make certify`` (:mod:`harness.certify`)
- ``refundsim serve``    — ``python -m simulators serve`` (:mod:`simulators.__main__`)
- ``refundsim selftest`` — ``make selftest`` (:mod:`harness.selftest`)
"""

from __future__ import annotations

import importlib.metadata
import sys
from collections.abc import Callable

#: The distribution's top-level packages. Their names are generic, so another distribution in the
#: same environment may install one of them too and overwrite our files: :func:`clashes` says so.
TOP_LEVEL = ("simulators", "harness", "steps", "fixtures", "contracts")


def _certify(argv: list[str]) -> int:
    from harness.certify import main

    return main(argv, prog="refundsim certify")


def _serve(argv: list[str]) -> int:
    from simulators.__main__ import main

    return main(["serve", *argv], prog="refundsim")


def _selftest(argv: list[str]) -> int:
    from harness.selftest.__main__ import main

    return main(argv)


COMMANDS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "certify": (_certify, "certify a connector: run the acceptance scenarios (a profile's, or all), render the "
                          "report, give the verdict; exit 0 only for CERTIFIED"),
    "serve": (_serve, "serve the simulators (NetSuite, Shopify, eBay, ...), their control plane and the reference "
                      "connector's API on one base URL"),
    "selftest": (_selftest, "prove the suite catches faulty connectors: run it once per fault of the catalogue"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name.ljust(width)}  {summary}" for name, (_, summary) in COMMANDS.items()]
    return ("usage: refundsim {" + ",".join(COMMANDS) + "} [options]\n\n"
            "Certify the refund sync of a NetSuite Connector against simulated NetSuite and storefronts.\n\n"
            "commands:\n" + "\n".join(lines) + "\n\n"
            "`refundsim <command> --help` says what each takes. The connector API a connector in any language "
            "serves: `refundsim serve`, then GET /connector/v1/openapi.json.")


def clashes() -> list[str]:
    """Our top-level packages that another installed distribution also provides (and may have
    overwritten): one line each, empty when there are none."""
    providers = importlib.metadata.packages_distributions()
    return [f"{name} (also from {', '.join(sorted(set(providers[name]) - {'refundsim'}))})"
            for name in TOP_LEVEL if len(set(providers.get(name, ())) - {"refundsim"}) > 0]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    if argv[0] in ("-V", "--version"):
        print(f"refundsim {importlib.metadata.version('refundsim')}")
        return 0
    if argv[0] not in COMMANDS:
        print(usage(), file=sys.stderr)
        print(f"\nrefundsim: error: unknown command {argv[0]!r}", file=sys.stderr)
        return 2
    clashing = clashes()
    if clashing:
        print(f"refundsim: error: another distribution in this environment installs packages of the same name: "
              f"{'; '.join(clashing)}. Install refundsim in an environment of its own "
              "(python -m venv, or pipx).", file=sys.stderr)
        return 2
    run, _ = COMMANDS[argv[0]]
    return run(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
