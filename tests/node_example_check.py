"""``python -m tests.node_example_check [certify arguments]`` (``make certify-node-example``): what
examples/node-connector/README.md tells an implementer to do, done by CI.

1. ``python -m simulators serve --port 0`` (a free port);
2. ``node examples/node-connector/src/server.js --port 0`` (another);
3. ``python -m harness.certify --base-url <simulators> --connector-url <connector>
   --profile shopify-from-netsuite --report reports/node-example`` — the scenarios of the profile, all
   of them, through the connector API;

then stops both, and exits 0 only when the verdict is CERTIFIED. What the connector wrote on its
standard error (a bug's stack trace) is printed when it is not.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONNECTOR = ROOT / "examples" / "node-connector"
REPORT = ROOT / "reports" / "node-example"


@contextmanager
def started(name: str, command: list[str], pattern: str) -> Iterator[tuple[str, list[str]]]:
    """Run ``command`` until the block ends (then SIGTERM); yield the URL its first line prints (the
    first match of ``pattern``) and the lines it writes on its standard error meanwhile.

    :raise RuntimeError: it printed no such line (its output says why).
    """
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.extend(process.stderr or ()), daemon=True)
    reader.start()
    try:
        first = process.stdout.readline()
        found = re.search(pattern, first)
        if found is None:
            process.wait(timeout=10)
            raise RuntimeError(f"{name} did not start: {first}{''.join(errors)}")
        threading.Thread(target=lambda: process.stdout and process.stdout.read(), daemon=True).start()
        yield found.group(0), errors
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main(argv: list[str]) -> int:
    with started("The simulators", [sys.executable, "-m", "simulators", "serve", "--port", "0"],
                 r"http://127\.0\.0\.1:\d+") as (simulators, _), \
            started("The Node.js connector", ["node", str(CONNECTOR / "src" / "server.js"), "--port", "0"],
                    r"http://127\.0\.0\.1:\d+/connector/v1") as (connector, connector_errors):
        print(f"Simulators: {simulators}\nConnector:  {connector}", flush=True)
        status = subprocess.run([sys.executable, "-m", "harness.certify", f"--base-url={simulators}",
                                 f"--connector-url={connector}", "--profile", "shopify-from-netsuite",
                                 f"--report={REPORT}", *argv], cwd=ROOT, check=False).returncode
    try:
        verdict = json.loads((REPORT / "certification.json").read_text(encoding="utf-8"))["verdict"]
    except (OSError, ValueError, KeyError):
        verdict = "none"
    if verdict != "CERTIFIED" or status != 0:
        if connector_errors:
            print("The connector's standard error:\n" + "".join(connector_errors)[-5000:], file=sys.stderr)
        print(f"NODE EXAMPLE NOT CERTIFIED (verdict {verdict}, exit code {status})", file=sys.stderr)
        return status or 1
    print("NODE EXAMPLE CERTIFIED for shopify-from-netsuite through --connector-url")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
