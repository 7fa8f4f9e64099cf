"""Certification: a profile describes the activation being certified; the run's verdict gates it.

``pytest features/ --profile fixtures/profiles/<name>.yaml`` (``make certify PROFILE=...``)
1. reads and validates the profile before any scenario runs — a malformed profile or an unknown
   setting is a usage error that names the file and line;
2. runs only the scenarios that apply (storefront, direction, billing types);
3. writes ``reports/certification.json`` —
   ``{"verdict": "CERTIFIED" | "NOT CERTIFIED", "reasons": [...], "profile": {...}, "cases": [...]}`` —
   and makes pytest exit non-zero when the verdict is NOT CERTIFIED.
Without ``--profile`` the verdict covers the scenarios selected on the command line.

A profile::

    name: Shopify, refunds from NetSuite         # shown in the verdict
    storefront: shopify                          # shopify | ebay
    direction: from_netsuite                     # from_netsuite | to_netsuite | both
    billing_types: [cash_sale, invoice]          # which billing cases apply
    settings:                                    # connector account settings (ConnectorSettings)
      scheduled_sync: true
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulators.connector.errors import SettingsError
from simulators.connector.schemas import BILLING_TYPES, STOREFRONTS, ConnectorSettings

REPORT_PATH = Path("reports/certification.json")
PROFILE_KEYS = {"name", "storefront", "direction", "billing_types", "settings"}
#: Profile direction → the direction tags of the scenarios that apply.
DIRECTION_TAGS = {
    "from_netsuite": {"to_storefront"},
    "to_netsuite": {"to_netsuite"},
    "both": {"to_storefront", "to_netsuite", "bidirectional_conflict"},
}
#: Outline "billing" values → billing types of the profile.
BILLING_VALUES = {"a cash sale": "cash_sale", "an invoice": "invoice"}
BIDIRECTIONAL_REASON = (
    "Bidirectional conflict: refund sync is enabled in both directions. Oracle's documentation forbids it "
    "because a refund synced one way comes back the other way as a second refund (inconsistent data)."
)
_PROFILE = pytest.StashKey["Profile | None"]()
_CASES = pytest.StashKey[dict[str, dict[str, Any]]]()
_VERDICT = pytest.StashKey[tuple[str, list[str], "Profile | None", Path]]()


class ProfileError(Exception):
    """A profile that cannot be used; the message is ``<file>:<line>: <what is wrong>``."""


@dataclass(frozen=True)
class Profile:
    path: str
    name: str
    storefront: str
    direction: str
    billing_types: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "name": self.name, "storefront": self.storefront, "direction": self.direction,
                "billing_types": list(self.billing_types), "settings": self.settings}

    def applies_to(self, tags: set[str], example: dict[str, str]) -> bool:
        """Whether a scenario with ``tags`` (and outline ``example``) certifies this activation."""
        storefronts = tags & set(STOREFRONTS)
        if storefronts and self.storefront not in storefronts:
            return False
        if "bidirectional_conflict" in tags and self.direction != "both":
            return False
        directions = tags & {"to_storefront", "to_netsuite"}
        if directions and not directions & DIRECTION_TAGS[self.direction]:
            return False
        billing = BILLING_VALUES.get(example.get("billing", ""))
        return billing is None or billing in self.billing_types


def _line_of(node: yaml.Node | None, key: str) -> int:
    """The 1-based line of ``key`` in a mapping node (of the node itself when the key is absent)."""
    if node is None:
        return 1
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key:
                return key_node.start_mark.line + 1
    return node.start_mark.line + 1


def _value_node(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((v for k, v in node.value if k.value == key), None)


def load_profile(path: str) -> Profile:
    """Read and validate a profile.

    :raise ProfileError: unreadable file, invalid YAML, an unknown key or setting, a value outside
        its choices — the message points at the file and line.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read the profile: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: not a YAML text file (not UTF-8 at byte {exc.start})") from None
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise ProfileError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    except RecursionError:  # PyYAML recurses per nesting level; a profile is a few levels deep
        raise ProfileError(f"{path}: not valid YAML: nested too deeply for a profile") from None
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise ProfileError(f"{path}:1: a profile is a mapping of {', '.join(sorted(PROFILE_KEYS))}")
    for key in data:
        if key not in PROFILE_KEYS:
            raise ProfileError(f"{path}:{_line_of(root, key)}: unknown key {key!r}; a profile has {', '.join(sorted(PROFILE_KEYS))}")

    def choice(key: str, choices: tuple[str, ...]) -> str:
        value = data.get(key)
        if value not in choices:
            raise ProfileError(f"{path}:{_line_of(root, key)}: {key} must be one of {', '.join(choices)}, not {value!r}")
        return value

    storefront = choice("storefront", STOREFRONTS)
    direction = choice("direction", tuple(DIRECTION_TAGS))
    billing = data.get("billing_types", list(BILLING_TYPES))
    if not isinstance(billing, list) or not billing or any(b not in BILLING_TYPES for b in billing):
        raise ProfileError(f"{path}:{_line_of(root, 'billing_types')}: billing_types must be a list of {', '.join(BILLING_TYPES)}")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise ProfileError(f"{path}:{_line_of(root, 'settings')}: settings must be a mapping")
    reserved = {"storefront", "refund_direction"} & settings.keys()
    if reserved:
        key = sorted(reserved)[0]
        raise ProfileError(f"{path}:{_line_of(_value_node(root, 'settings'), key)}: {key} is set by the profile's "
                           "storefront and direction, not under settings")
    try:
        ConnectorSettings.parse({**settings, "storefront": storefront, "refund_direction": direction,
                                 "allow_both_directions": True})
    except SettingsError as exc:
        raise ProfileError(f"{path}:{_line_of(_value_node(root, 'settings'), exc.field)}: settings.{exc.field}: {exc.message}") from None
    name = data.get("name") or Path(path).stem
    return Profile(path, str(name), storefront, direction, tuple(billing), settings)


# ------------------------------------------------------------------ pytest hooks
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("refundsim")
    group.addoption(
        "--profile", default=None, metavar="YAML",
        help="certification profile (fixtures/profiles/*.yaml): runs the scenarios that apply and writes "
             f"{REPORT_PATH} with the verdict")
    group.addoption("--certification-report", default=str(REPORT_PATH), metavar="JSON",
                    help=f"where the verdict is written (default {REPORT_PATH})")


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--profile")
    try:
        config.stash[_PROFILE] = load_profile(path) if path else None
    except ProfileError as exc:
        raise pytest.UsageError(f"profile refused: {exc}") from None
    config.stash[_CASES] = {}
    config.pluginmanager.register(CaseRecorder(config), "refundsim-case-recorder")


def active_profile(config: pytest.Config) -> Profile | None:
    return config.stash.get(_PROFILE, None)


def _tags(item: pytest.Item) -> set[str]:
    return {mark.name for mark in item.iter_markers()}


def _example(item: pytest.Item) -> dict[str, str]:
    callspec = getattr(item, "callspec", None)
    return dict(callspec.params.get("_pytest_bdd_example", {})) if callspec else {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    profile = active_profile(config)
    if profile is None:
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        is_scenario = "_pytest_bdd_example" in getattr(item, "fixturenames", ())
        (keep if not is_scenario or profile.applies_to(_tags(item), _example(item)) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


_KNOWN_TAGS = {"success", "missing_order", "missing_credit_memo", "bidirectional_conflict", "to_storefront",
               "to_netsuite", "shopify", "ebay", "blocker", "critical", "normal", "minor"}


def _short(text: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith("E ")]
    return " ".join(line[1:].strip() for line in lines[:3])[:500] or text.strip().splitlines()[-1][:500]


class CaseRecorder:
    """Collects each scenario's outcome (on the xdist controller too, where reports arrive)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not report.nodeid.replace("\\", "/").startswith("features/"):
            return
        cases = self.config.stash[_CASES]
        case = cases.setdefault(report.nodeid, {
            "scenario": report.nodeid.split("::")[-1], "outcome": "passed",
            "tags": sorted(k for k in report.keywords if k in _KNOWN_TAGS),
        })
        if report.failed:
            case["outcome"] = "failed" if report.when == "call" else "error"
            case["message"] = _short(report.longreprtext)
        elif report.skipped and case["outcome"] == "passed":
            case["outcome"] = "skipped"


def verdict(profile: Profile | None, cases: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """CERTIFIED when every case that applies passed and the profile breaks no documented rule."""
    reasons: list[str] = []
    if profile is not None and profile.direction == "both":
        reasons.append(BIDIRECTIONAL_REASON)
    for case in cases:
        if case["outcome"] in ("failed", "error"):
            reasons.append(f"{case['scenario']} {case['outcome']}: {case.get('message', '')}".strip())
    if not cases:
        reasons.append("No scenario ran: nothing was certified.")
    return ("NOT CERTIFIED" if reasons else "CERTIFIED"), reasons


def _runs_features(config: pytest.Config) -> bool:
    """Whether the run was asked for features/ (or a part of it): then a run that selected no
    scenario still gives a verdict — NOT CERTIFIED — rather than leaving the last one in place."""
    if any(getattr(config.option, name, False) for name in ("collectonly", "showfixtures", "show_fixtures_per_test")):
        return False  # listing, not running: nothing was asked to be certified
    features = config.rootpath / "features"
    for arg in config.args:  # the testpaths when none were given
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path == features or features in path.parents:
            return True
    return False


@pytest.hookimpl(tryfirst=True)  # before the terminal summary, which shows the exit status
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if hasattr(config, "workerinput"):  # an xdist worker: the controller writes the verdict
        return
    cases = list(config.stash.get(_CASES, {}).values())
    if not cases and not active_profile(config) and not _runs_features(config):
        return  # not a features run: no verdict, and the last one stays
    profile = active_profile(config)
    outcome, reasons = verdict(profile, cases)
    path = Path(config.getoption("--certification-report"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "verdict": outcome,
        "reasons": reasons,
        "profile": profile.as_dict() if profile else None,
        "connector": config.getoption("--connector"),
        "transport": config.getoption("--transport"),
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cases": cases,
    }, indent=2) + "\n", encoding="utf-8")
    config.stash[_VERDICT] = (outcome, reasons, profile, path)
    if reasons and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED




def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if _VERDICT not in config.stash:
        return
    outcome, reasons, profile, path = config.stash[_VERDICT]
    terminalreporter.write_sep("=", outcome + (f" — {profile.name}" if profile else ""), bold=True,
                               red=bool(reasons), green=not reasons)
    for reason in reasons:
        terminalreporter.write_line(f"  - {reason}")
    terminalreporter.write_line(f"Verdict written to {path}")
