"""Certification: a profile describes the activation being certified; the run's verdict gates it.

``pytest features/ --profile fixtures/profiles/<name>.yaml`` (``make certify PROFILE=...``)
1. reads and validates the profile before any scenario runs — a malformed profile or an unknown
   setting is a usage error that names the file and line;
2. runs only the scenarios that apply (storefront, direction, billing types; a scenario tagged
   ``@default_<setting>`` only where the profile leaves that setting at its default);
3. writes ``reports/certification.json`` —
   ``{"verdict": "CERTIFIED" | "NOT CERTIFIED", "reasons": [...], "profile": {...}, "cases": [...]}`` —
   and makes pytest exit non-zero when the verdict is NOT CERTIFIED.
Without ``--profile`` the verdict covers every scenario of features/.

A run that selects only some of the scenarios that apply (``-k``, ``-m``, feature files, ``--lf``)
is a **partial run**: its verdict is NOT CERTIFIED and says so. With ``--profile`` or ``--certify``
(``make certify``) the exit code follows the verdict; a plain ``pytest features/<file>.feature``
exits on its scenarios' outcome and still writes the (partial) verdict.

A profile::

    name: Shopify, refunds from NetSuite         # shown in the verdict
    storefront: shopify                          # shopify | ebay | magento | woocommerce
    direction: from_netsuite                     # from_netsuite | to_netsuite | both (eBay: to_netsuite;
                                                 # Magento, WooCommerce: from_netsuite)
    billing_types: [cash_sale, invoice]          # which billing cases apply
    settings:                                    # connector account settings (ConnectorSettings)
      scheduled_sync: true
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from dataclasses import MISSING, dataclass, field, fields
import unicodedata
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml

from harness.certify import NOTHING_SELECTED
from harness.collection import ScenarioCase, case_of, cases_in, feature_files, refuse_unreadable_features
from harness.connector import connector_under_test
from harness.evidence import category_of
from harness.reporting import FAILURE_PROPERTY
from simulators.connector.errors import SettingsError
from simulators.connector.schemas import BILLING_TYPES, STOREFRONTS, ConnectorSettings
from simulators.netsuite.schemas import CURRENCIES as NETSUITE_CURRENCIES

REPORT_PATH = Path("reports/certification.json")
PROFILE_KEYS = {"name", "storefront", "direction", "billing_types", "settings"}
#: Profile direction → the direction tags of the scenarios that apply.
DIRECTION_TAGS = {
    "from_netsuite": {"to_storefront"},
    "to_netsuite": {"to_netsuite"},
    "both": {"to_storefront", "to_netsuite", "bidirectional_conflict"},
}
#: The directions a profile may certify for each storefront, and why not the others: eBay is a
#: marketplace whose refunds start from the buyer's request on eBay and sync to NetSuite (DOMAIN.md
#: "Refund from the storefront to NetSuite ... eBay"; the connector posts no NetSuite refund to
#: eBay), and a shopping cart's connector has one refund workflow, NetSuite → cart
#: (simulators/connector/schemas.py FROM_NETSUITE_ONLY). Shopify takes either (or both, to show
#: the conflict).
_CART_ONLY = "refunds sync from NetSuite only: a shopping cart's connector has one refund workflow, NetSuite to the cart"
STOREFRONT_DIRECTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "shopify": (("from_netsuite", "to_netsuite", "both"), ""),
    "ebay": (("to_netsuite",), "eBay refunds sync to NetSuite only: a refund on eBay starts from the buyer's request "
                               "(a return or cancellation) and is posted to NetSuite; no refund made in NetSuite is "
                               "posted to eBay"),
    "magento": (("from_netsuite",), f"Magento {_CART_ONLY}"),
    "woocommerce": (("from_netsuite",), f"WooCommerce {_CART_ONLY}"),
}
#: Outline "billing" values → billing types of the profile.
BILLING_VALUES = {"a cash sale": "cash_sale", "an invoice": "invoice"}
#: ``@default_<setting>``: the scenario checks what the connector does with ``<setting>`` at its
#: default (ConnectorSettings); it does not certify a profile that sets it otherwise.
DEFAULT_SETTING_TAG = "default_"
SETTING_DEFAULTS = {f.name: f.default for f in fields(ConnectorSettings)
                    if f.default is not MISSING and f.name not in ("storefront", "refund_direction")}
BIDIRECTIONAL_REASON = (
    "Bidirectional conflict: refund sync is enabled in both directions. Oracle's documentation forbids it "
    "because a refund synced one way comes back the other way as a second refund (inconsistent data)."
)
_PROFILE = pytest.StashKey["Profile | None"]()
_CASES = pytest.StashKey[dict[str, dict[str, Any]]]()
_VERDICT = pytest.StashKey[tuple[str, list[str], "Profile | None", Path]]()
#: The name under which a scenario's description travels in its test reports (xdist included).
CASE_PROPERTY = "refundsim.case"


#: Why the run was stopped before it ended (a connector refused in a scenario), for the verdict.
_STOPPED = pytest.StashKey[str]()


def stop_run(config: pytest.Config, reason: str) -> NoReturn:
    """Stop the whole run now with pytest's usage error (no scenario can go on), and give the
    verdict ``reason`` first among its reasons."""
    config.stash[_STOPPED] = reason
    pytest.exit(reason, returncode=pytest.ExitCode.USAGE_ERROR)


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
        """Whether a scenario with ``tags`` (and outline ``example``) certifies this activation: its
        storefront, direction, the settings it leaves at their default, its billing types and the
        currencies its ``currency_ids`` map."""
        storefronts = tags & set(STOREFRONTS)
        if storefronts and self.storefront not in storefronts:
            return False
        if "bidirectional_conflict" in tags and self.direction != "both":
            return False
        directions = tags & {"to_storefront", "to_netsuite"}
        if directions and not directions & DIRECTION_TAGS[self.direction]:
            return False
        for tag in tags:
            setting = tag[len(DEFAULT_SETTING_TAG):] if tag.startswith(DEFAULT_SETTING_TAG) else None
            if setting in self.settings and self.settings[setting] != SETTING_DEFAULTS.get(setting):
                return False
        # An order in a currency the account maps no NetSuite currency for never syncs there: the
        # example's currency (a column of the outlines of currencies) is not this activation's.
        currencies = self.settings.get("currency_ids")
        if example.get("currency") and isinstance(currencies, dict) and example["currency"] not in currencies:
            return False
        billing = BILLING_VALUES.get(example.get("billing", ""))
        return billing is None or billing in self.billing_types


def _line_of(node: yaml.Node | None, key: Any) -> int:
    """The 1-based line of ``key`` in a mapping node (of the node itself when the key is absent); a
    key YAML reads as no text (``~``, ``3``) found by what it reads as."""
    if node is None:
        return 1
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key if isinstance(key, str) else _read_as(key_node, key):
                return key_node.start_mark.line + 1
    return node.start_mark.line + 1


def _read_as(key_node: yaml.Node, key: Any) -> bool:
    """Whether a scalar key node reads as ``key`` (of its type: YAML's true is not 1)."""
    if not isinstance(key_node, yaml.ScalarNode):
        return False
    read = yaml.SafeLoader("").construct_object(key_node)
    return type(read) is type(key) and read == key


def _value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node; None when there is none (or no mapping)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if k.value == key), None)


def _duplicate_key(node: yaml.Node, walked: set[int] | None = None) -> tuple[str, int, int] | None:
    """The first key written twice in one mapping, anywhere in ``node``: (key, its line, the line of
    its first writing). YAML keeps the last value silently, so a profile would certify a value its
    reader did not see. Each node is walked once: an alias is the node it names, and one inside
    that node (``&a [*a]``) was followed for ever (RecursionError)."""
    walked = set() if walked is None else walked
    if id(node) in walked:
        return None
    walked.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    return key_node.value, line, seen[key_node.value]
                seen[key_node.value] = line
            found = _duplicate_key(value_node, walked)
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found = _duplicate_key(item, walked)
            if found:
                return found
    return None


#: What YAML 1.1 (PyYAML's) reads as true or false besides ``true`` and ``false`` themselves.
_YAML_BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n"}


def _as_written(value: Any) -> str:
    """``value`` as a profile author writes it, in YAML's words (``[cash_sale, barter]``, ``3``,
    ``true``), not Python's (``['cash_sale', 'barter']``, ``True``, ``None``): the value YAML read,
    written back. Text YAML would read as something else is shown in its quotes, and said."""
    if value is None:
        return "an empty value"
    try:
        text = yaml.safe_dump(value, default_flow_style=True, width=2**31 - 1, allow_unicode=True).strip()
    except yaml.YAMLError:  # a value safe_load made is one safe_dump writes; be sure all the same
        text = str(value)
    text = text.removesuffix("...").strip()  # a bare scalar's document end marker
    if len(text) > 200:
        text = text[:200] + "…"
    if isinstance(value, str) and value.strip() and text[:1] in ("'", '"'):
        text += " (text in quotes)"
    return text


def _bool_word_note(node: yaml.Node | None) -> str:
    """A note for a value YAML read as true or false from a word the author may have meant as text."""
    if isinstance(node, yaml.ScalarNode) and node.style is None and node.value.lower() in _YAML_BOOLEAN_WORDS:
        return " (YAML reads yes, no, on and off as true or false)"
    return ""


#: The connector settings that are true or false (their default is a bool).
_BOOLEAN_SETTINGS = frozenset(f.name for f in fields(ConnectorSettings)
                              if f.default is not MISSING and isinstance(f.default, bool))


def profile_file(value: str) -> str:
    """``--profile``'s file: ``value`` when a file of that name is there, else the profile that ships
    under that name (``shopify-from-netsuite``, as certify and the self-test take it), by its path
    from the current folder.

    :raise ProfileError: neither; the message lists the profiles that ship."""
    from harness.certify import PROFILES  # the one place the shipped profiles are found

    try:
        if Path(value).exists():
            return value  # load_profile says what is wrong with it, if anything
    except OSError:  # a name no file can have (too long): load_profile says so
        return value
    shipped = PROFILES / (value if value.endswith(".yaml") else f"{value}.yaml")
    if Path(value).name == value and shipped.is_file():
        return os.path.relpath(shipped) if shipped.is_relative_to(Path.cwd()) else str(shipped)
    names = ", ".join(sorted(p.stem for p in PROFILES.glob("*.yaml")))
    raise ProfileError(f"{value}: no such file, nor a profile that ships with refundsim ({names})")


#: PyYAML's "found character '<c>' that cannot start any token": the character, as PyYAML quotes it.
_CANNOT_START = re.compile(r"found character '(.+)' that cannot start any token")


def _yaml_mistake(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """The line to mend and what is wrong there, with what to write, in a profile author's words.

    PyYAML says where its parser gave up and why in the parser's terms ("mapping values are not
    allowed here", "found character '\\t' that cannot start any token", "expected <block end>, but
    found '<block mapping start>'"); an unclosed bracket or quote is met lines after the line that
    opened it, so that line is the one named. A problem not known here is given as PyYAML says it."""
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    mark, opened = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else None
    column = f"column {mark.column + 1}" if mark else "here"
    unclosed = {"while parsing a flow sequence": ("[", "end the list with ] (its items separated by commas)"),
                "while parsing a flow mapping": ("{", "end the mapping with } (its entries separated by commas)"),
                "while scanning a quoted scalar": ("quote", "end the text with the same quote")}
    if context in unclosed and opened is not None:
        what, write = unclosed[context]
        return opened.line + 1, f"the {what} at column {opened.column + 1} is not closed: {write}"
    if problem == "mapping values are not allowed here":
        return line, (f"a key where there can be none ({column}): indent the keys of one mapping alike, with spaces; "
                      'end every key with a colon (the line above too); put a value that holds ": " in quotes')
    cannot_start = _CANNOT_START.fullmatch(problem)
    if cannot_start:
        if cannot_start.group(1) == "\\t":
            return line, f"a tab ({column}): YAML indents with spaces, never tabs"
        return line, f"a value cannot start with {cannot_start.group(1)} ({column}): put it in quotes"
    if problem.startswith("expected <block end>"):
        return line, (f"this line is indented as no key above it ({column}): indent it as the other keys of its "
                      "mapping, with spaces")
    alias = re.fullmatch(r"found undefined alias '(.+)'", problem)
    if alias:
        name = alias.group(1)
        return line, f"*{name} names no &{name} anchor above it ({column}): put the value in quotes"
    return line, problem


def load_profile(path: str) -> Profile:
    """Read and validate a profile.

    :raise ProfileError: unreadable file, invalid YAML, a key written twice, an unknown or missing
        key, an unknown setting, a value of the wrong type or outside its choices — the message
        points at the file and line.
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
        line, mistake = _yaml_mistake(exc)
        where = f"{path}:{line}" if line else path
        raise ProfileError(f"{where}: not valid YAML: {mistake}") from None
    except RecursionError:  # PyYAML recurses per nesting level; a profile is a few levels deep
        raise ProfileError(f"{path}: not valid YAML: nested too deeply for a profile") from None
    except ValueError:  # Python's own limit on reading an integer (sys.get_int_max_str_digits)
        raise ProfileError(f"{path}: not valid YAML: a number of more than {sys.get_int_max_str_digits():,} digits "
                           "(a profile's numbers are a few digits long)") from None
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise ProfileError(f"{path}:1: a profile is a mapping of {', '.join(sorted(PROFILE_KEYS))}")
    duplicate = _duplicate_key(root)
    if duplicate:
        key, line, first = duplicate
        raise ProfileError(f"{path}:{line}: duplicate key {key} (first at line {first}): write each key once")
    for key in data:
        if key not in PROFILE_KEYS:
            raise ProfileError(f"{path}:{_line_of(root, key)}: unknown key {_as_written(key)}; a profile has "
                               f"{', '.join(sorted(PROFILE_KEYS))}")

    def choice(key: str, choices: tuple[str, ...]) -> str:
        if key not in data:  # no line of its own: the profile's first line
            raise ProfileError(f"{path}:{root.start_mark.line + 1}: {key} is missing: a profile says one of "
                               f"{', '.join(choices)}")
        value = data[key]
        if value not in choices:
            raise ProfileError(f"{path}:{_line_of(root, key)}: {key} must be one of {', '.join(choices)}, not "
                               f"{_as_written(value)}{_bool_word_note(_value_node(root, key))}")
        return value

    storefront = choice("storefront", STOREFRONTS)
    direction = choice("direction", tuple(DIRECTION_TAGS))
    supported, why = STOREFRONT_DIRECTIONS[storefront]
    if direction not in supported:
        raise ProfileError(f"{path}:{_line_of(root, 'direction')}: direction {direction}: {why} "
                           f"(direction: {' | '.join(supported)})")
    billing = data.get("billing_types", list(BILLING_TYPES))
    if (not isinstance(billing, list) or not billing or any(b not in BILLING_TYPES for b in billing)
            or len(set(billing)) != len(billing)):  # written twice: a copy's mistake, each is named once
        raise ProfileError(f"{path}:{_line_of(root, 'billing_types')}: billing_types must be a list of "
                           f"{', '.join(BILLING_TYPES)} (one or both, each once), not {_as_written(billing)}")
    # ``settings:`` with nothing after it is no settings; any other value that is not a mapping
    # (0, '', a list) is a mistake, not "no settings".
    settings = data.get("settings")
    settings = {} if settings is None else settings
    if not isinstance(settings, dict):
        raise ProfileError(f"{path}:{_line_of(root, 'settings')}: settings must be a mapping of setting: value, "
                           f"not {_as_written(settings)}")
    reserved = {"storefront", "refund_direction"} & settings.keys()
    if reserved:
        key = sorted(reserved)[0]
        raise ProfileError(f"{path}:{_line_of(_value_node(root, 'settings'), key)}: {key} is set by the profile's "
                           "storefront and direction, not under settings")
    # The connector's refusal does not quote the value ('must be true or false'): a profile's
    # true-or-false settings are checked here first, to say the value as YAML wrote it ('not 3').
    for name, value in settings.items():
        if name in _BOOLEAN_SETTINGS and not isinstance(value, bool):
            settings_node = _value_node(root, "settings")
            raise ProfileError(f"{path}:{_line_of(settings_node, name)}: settings.{name}: must be true or false, not "
                               f"{_as_written(value)}")
    try:
        ConnectorSettings.parse({**settings, "storefront": storefront, "refund_direction": direction,
                                 "allow_both_directions": True})
    except SettingsError as exc:
        # A key YAML reads as no text (``~``, ``null``, ``3``, ``yes``) is said as written, not as Python's None.
        named = f"settings.{exc.field}" if isinstance(exc.field, str) else \
            f"settings: key {'~ (null)' if exc.field is None else _as_written(exc.field)}"
        raise ProfileError(f"{path}:{_line_of(_value_node(root, 'settings'), exc.field)}: {named}: {exc.message}") from None
    # The simulated NetSuite account has its currencies under fixed ids: an order in a currency mapped
    # to another id would be refused by NetSuite (Invalid 'currency' reference key), which the run
    # would report as the connector's defect.
    if (unknown := unknown_currency(settings.get("currency_ids") or {})) is not None:
        code, why = unknown
        ids_node = _value_node(_value_node(root, "settings"), "currency_ids")
        raise ProfileError(f"{path}:{_line_of(ids_node, code)}: settings.currency_ids: {code}: {why}")
    name = data.get("name")
    if isinstance(name, str) and (name != name.strip() or any(unicodedata.category(c).startswith("C") for c in name)):
        # A line break or a control character printed a second line under the verdict's banner (a
        # "VERDICT: CERTIFIED" of the profile's own), or moved the terminal's cursor.
        raise ProfileError(f"{path}:{_line_of(root, 'name')}: name must be one line of text, without spaces around it "
                           f"nor control characters, not {_as_written(name)}")
    if (name is not None and not isinstance(name, str)) or name == "":
        raise ProfileError(f"{path}:{_line_of(root, 'name')}: name must be text, not {_as_written(name)} (it names the "
                           "activation in the verdict; without it, the file's name does)")
    return Profile(path, name or Path(path).stem, storefront, direction, tuple(billing), settings)


def unknown_currency(currency_ids: dict[str, Any]) -> tuple[str, str] | None:
    """The first currency of ``currency_ids`` (as ConnectorSettings takes them) mapped to an id the
    simulated NetSuite account has not, and why; None when it has every one. An order in it would be
    refused by NetSuite (Invalid 'currency' reference key), which the run would report as the
    connector's defect: a profile and a step setting it say it as their own mistake instead."""
    for code, currency_id in currency_ids.items():
        if int(str(currency_id)) not in NETSUITE_CURRENCIES:
            known = ", ".join(f"{number} {name}" for number, name in NETSUITE_CURRENCIES.items())
            return code, (f"NetSuite currency {currency_id} is not one of the simulated account's currencies ({known}): "
                          f"map {code} to one of those ids")
    return None


# ------------------------------------------------------------------ pytest hooks
def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("refundsim")
    group.addoption(
        "--profile", default=None, metavar="YAML",
        help="certification profile: a YAML file, or the name of one that ships (fixtures/profiles/: "
             "shopify-from-netsuite, ...); runs the scenarios that apply and writes "
             f"{REPORT_PATH} with the verdict")
    group.addoption("--certification-report", default=str(REPORT_PATH), metavar="JSON",
                    help=f"where the verdict is written (default {REPORT_PATH})")
    group.addoption("--certify", action="store_true", default=False,
                    help="the exit code follows the verdict: non-zero unless CERTIFIED (implied by --profile; "
                         "make certify sets it)")


def _path_problem(text: str, folder: bool) -> str | None:
    """Why ``text`` cannot be the folder (``folder``) or the file a run writes, or None: a folder
    where a file is wanted, a file where a folder is, a file among its parents."""
    path = Path(text)
    try:
        if path.exists() and path.is_dir() != folder:
            return "a folder" if path.is_dir() else "a file, not a folder"
        blocked = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    except OSError as exc:  # a name no file can have (too long): said, not an INTERNALERROR
        return exc.strerror or str(exc)
    return f"{blocked} is a file, not a folder" if blocked is not None else None


@pytest.hookimpl(tryfirst=True, specname="pytest_configure")  # before allure's, which makes the results folder
def pytest_configure_output_paths(config: pytest.Config) -> None:
    """Where the run writes — the verdict (``--certification-report``) and the results
    (``--alluredir``) — said before the run starts, as a usage error: the session would otherwise
    stop on it with an INTERNALERROR traceback (allure's, or the verdict's when it is cleared)."""
    verdict = _path_problem(config.getoption("--certification-report"), folder=False)
    if verdict is not None:
        raise pytest.UsageError(f"--certification-report {config.getoption('--certification-report')}: {verdict}; "
                                f"give the file the verdict is written to (default {REPORT_PATH})")
    results = config.getoption("--alluredir", None)
    problem = _path_problem(results, folder=True) if results else None
    if problem is not None:
        raise pytest.UsageError(f"--alluredir {results}: {problem}; give the folder the results are written to")
    # pytest's log file and pytest-bdd's Cucumber JSON: a folder given (or a file among the parents)
    # stopped the run with an INTERNALERROR traceback — the log file's before any scenario ran, the
    # Cucumber JSON's after every scenario had run, its file never written. A parent folder that is
    # not there yet is made, as pytest makes --junitxml's.
    for flag, dest, what in (("--log-file", "log_file", "the log"), ("--cucumberjson", "cucumber_json_path", "the Cucumber JSON")):
        written = getattr(config.option, dest, None)
        if not written:
            continue
        target = os.path.expanduser(written)
        problem = _path_problem(target, folder=False)
        if problem is None:
            try:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                problem = exc.strerror or str(exc)
        if problem is not None:
            raise pytest.UsageError(f"{flag} {written}: {problem}; give the file {what} is written to")


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--profile")
    if path is not None and not path.strip():  # "--profile=$PROFILE", unset: not every scenario
        raise pytest.UsageError("--profile: empty: give a profile's YAML file (fixtures/profiles/), or leave the "
                                "option out to run every scenario")
    try:
        config.stash[_PROFILE] = load_profile(profile_file(path)) if path else None
    except ProfileError as exc:
        raise pytest.UsageError(f"profile refused: {exc}") from None
    if config.getoption("--certify") and (elsewhere := features_overridden(config)) is not None:
        raise pytest.UsageError(f"-o bdd_features_base_dir={elsewhere}: a certification runs the suite's own scenarios "
                                "(its features/ folder); run your own feature files with pytest, by their folder "
                                "(pytest <folder>)")
    config.stash[_CASES] = {}
    config.pluginmanager.register(CaseRecorder(config), "refundsim-case-recorder")


@pytest.hookimpl(tryfirst=True)  # before xdist's own session start, which starts the workers
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if not hasattr(config, "workerinput") and runs_features(config):
        # A feature file the collection would refuse refuses the run now, while the earlier verdict
        # is still there: found at collection, the run would fail with it gone (docs/ci.md).
        refuse_unreadable_features(config)
        # The earlier verdict goes now, not when this run writes its own: a run that dies on the
        # way (killed, out of memory) must not leave the last run's verdict looking like its own.
        Path(config.getoption("--certification-report")).unlink(missing_ok=True)
        _clear_results(config.getoption("--alluredir", None))


def _clear_results(results: str | None) -> None:
    """Each run of the features writes its own results: what an earlier run (another connector,
    another profile) left in the results folder would otherwise be rendered with them. The
    controller does it when the session starts, before any worker: a run refused while pytest
    configures it (a profile, a connector, a ``--base-url`` or ``--connector-url`` that cannot be
    used) leaves the earlier results as they were. What is not a result file is left alone."""
    if not results or not Path(results).is_dir():
        return
    for path in Path(results).iterdir():
        if path.is_file() and (path.name.endswith(("-result.json", "-container.json", "-globals.json"))
                               or "-attachment" in path.name):
            path.unlink()


def active_profile(config: pytest.Config) -> Profile | None:
    return config.stash.get(_PROFILE, None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    profile = active_profile(config)
    if profile is None:
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        case = case_of(item)
        (keep if case is None or profile.applies_to(set(case.tags), dict(case.example)) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A scenario's reports carry its description (feature, title, example), for the verdict."""
    if call.when == "setup":
        case = case_of(item)
        if case is not None:
            item.user_properties.append((CASE_PROPERTY, case.as_dict() | {"key": case.key}))
    return (yield)


class CaseRecorder:
    """Collects each scenario's outcome (on the xdist controller too, where reports arrive)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(trylast=True)  # after the terminal reporter's, which keeps the stop to print last
    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        """A run :func:`stop_run` stopped ends with why, not with pytest's own name for a stop
        ("! _pytest.outcomes.Exit: connector refused: ... !")."""
        stop = self.config.stash.get(_STOPPED, None)
        memo = getattr(self.config.pluginmanager.get_plugin("terminalreporter"), "_keyboardinterrupt_memo", None)
        if stop is not None and isinstance(excinfo.value, pytest.exit.Exception) and getattr(memo, "reprcrash", None):
            memo.reprcrash.message = f"The run was stopped: {stop}"  # type: ignore[union-attr]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        properties: dict[str, Any] = dict(report.user_properties)
        cases = self.config.stash[_CASES]
        if report.nodeid not in cases:
            described = properties.get(CASE_PROPERTY)
            if described is None:
                return  # not a scenario
            cases[report.nodeid] = {**{k: v for k, v in described.items() if k != "key"}, "outcome": "passed",
                                    "node": report.nodeid, "_key": described["key"]}
        case = cases[report.nodeid]
        if report.when == "teardown":  # a scenario stopped in its step (stop_run) never gets here
            case["_ended"] = True
        if report.failed:
            case["outcome"] = "failed" if report.when == "call" else "error"
            failure = properties.get(FAILURE_PROPERTY) or {"message": _first_line(report), "status": "broken"}
            case["message"] = failure["message"]
            case["category"] = category_of(failure["status"], failure["message"])
        elif report.skipped and case["outcome"] == "passed":
            case["outcome"] = "skipped"
            # pytest's skip report is (file, line, reason): the reason says who skipped it.
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) and len(report.longrepr) == 3 else ""
            if reason:
                case["message"] = str(reason)[:500]


def _first_line(report: pytest.TestReport) -> str:
    """The first line of a failure that harness/reporting.py did not describe (a fixture's error
    before the scenario started), at most 500 characters."""
    text = report.longreprtext.strip()
    return (text.splitlines()[0] if text else "")[:500]


def selection(config: pytest.Config) -> list[str]:
    """What narrowed the run beyond the profile, as the user wrote it (empty: every scenario)."""
    chosen = []
    option = config.option
    if getattr(option, "keyword", ""):
        chosen.append(f"-k {option.keyword}")
    if getattr(option, "markexpr", ""):
        chosen.append(f"-m {option.markexpr}")
    for flag in ("lf", "failedfirst", "stepwise"):
        if getattr(option, flag, False):
            chosen.append({"lf": "--lf", "failedfirst": "--ff", "stepwise": "--sw"}[flag])
    for deselected in getattr(option, "deselect", None) or []:
        chosen.append(f"--deselect {deselected}")
    features = _features_dir(config)
    for arg in config.args:  # a feature file, a folder inside features/ or a node id narrows the run
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if "::" in arg or (path != features and (features in path.parents or path.suffix == ".feature")):
            chosen.append(arg)
    return chosen


def features_overridden(config: pytest.Config) -> str | None:
    """The features folder ``-o bdd_features_base_dir=...`` (``--override-ini``) gave instead of the
    suite's own, as written; None when the run reads the suite's. The scenarios a verdict counts are
    that folder's: a run given another folder (one that does not exist, say) certified whatever it
    selected of the suite."""
    for item in config.getoption("override_ini", None) or []:
        key, _, value = str(item).partition("=")
        if key.strip() == "bdd_features_base_dir":
            return value
    return None


def _features_dir(config: pytest.Config) -> Path:
    return (config.rootpath / (config.getini("bdd_features_base_dir") or "features")).resolve()


def required_cases(config: pytest.Config, profile: Profile | None) -> list[ScenarioCase]:
    """The scenarios a certification needs: every scenario of features/ that the profile applies to."""
    return [case for case in cases_in(_features_dir(config), config.rootpath)
            if profile is None or profile.applies_to(set(case.tags), dict(case.example))]


def verdict(profile: Profile | None, cases: list[dict[str, Any]], missing: int = 0,
            chosen: list[str] | None = None) -> tuple[str, list[str]]:
    """CERTIFIED when every scenario that applies ran and passed and the profile breaks no
    documented rule; otherwise NOT CERTIFIED with every reason (a scenario skipped ran no check:
    it is one)."""
    reasons: list[str] = []
    if profile is not None and profile.direction == "both":
        reasons.append(BIDIRECTIONAL_REASON)
    if not cases:
        reasons.append("No scenario ran: nothing was certified.")
    elif missing:
        ran = len(cases)
        reasons.append(f"Partial run: {ran} of {ran + missing} scenarios that apply were selected"
                       + (f" ({'; '.join(chosen)})" if chosen else "") + ": a certification runs them all.")
    for case in cases:
        if case["outcome"] in ("failed", "error"):
            reasons.append(f"{case['scenario']} ({case['file']}:{case['line']}) {case['outcome']}: "
                           f"{case.get('message', '')}".strip())
        elif case["outcome"] == "skipped":  # no scenario of the suite skips: one that did ran no check
            why = f" ({case['message']})" if case.get("message") else ""
            reasons.append(f"{case['scenario']} ({case['file']}:{case['line']}) skipped: it did not run, so it "
                           f"certifies nothing{why}")
    return ("NOT CERTIFIED" if reasons else "CERTIFIED"), reasons


def _listing(config: pytest.Config) -> bool:
    """Whether pytest was asked to list (scenarios, fixtures), not to run anything."""
    return any(getattr(config.option, name, False) for name in ("collectonly", "showfixtures", "show_fixtures_per_test"))


def runs_features(config: pytest.Config) -> bool:
    """Whether the run was asked for scenarios (features/, a part of it, or a feature file): then a
    run that selected none still gives a verdict — NOT CERTIFIED — rather than leaving the last
    one in place."""
    if _listing(config):
        return False  # listing, not running: nothing was asked to be certified
    if _RUNS_FEATURES not in config.stash:
        config.stash[_RUNS_FEATURES] = _asked_for_features(config)
    return config.stash[_RUNS_FEATURES]


#: Whether the run was asked for scenarios (:func:`runs_features`), found once a run.
_RUNS_FEATURES = pytest.StashKey[bool]()


def _asked_for_features(config: pytest.Config) -> bool:
    """features/ or a part of it, a feature file anywhere, or a folder that holds feature files (a
    QA's own, outside features/: ``pytest myfolder/``) — as the collection reaches them."""
    features = _features_dir(config)
    folders = False
    for arg in config.args:  # the testpaths when none were given
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path == features or features in path.parents or path.suffix == ".feature":
            return True
        folders = folders or path.is_dir()
    return folders and bool(feature_files(config))


def _seed(config: pytest.Config) -> str:
    seed = config.getoption("--seed")
    return str(seed) if seed is not None else "per scenario (each scenario's report shows its seed)"


def _stopped_at_failures(session: pytest.Session, cases: list[dict[str, Any]]) -> str | None:
    """How the run stopped, when ``-x`` or ``--maxfail`` stopped it before every scenario it
    selected ran ("the first failure (-x)", "3 failures (--maxfail=3)"); else None. Said from the
    failures and the scenarios not run, not from pytest's stop: pytest-xdist reports the same stop
    as an interruption."""
    maxfail = session.config.getoption("maxfail", 0) or 0
    failed = sum(1 for case in cases if case["outcome"] in ("failed", "error"))
    if not maxfail or failed < maxfail or session.testscollected <= len(cases):
        return None
    option = _stop_option(session.config, maxfail)
    return f"the first failure ({option})" if maxfail == 1 else f"{maxfail} failures ({option})"


#: pytest's short options that take a value: in a cluster (``-qkx``), what follows one is its value.
_SHORT_WITH_VALUE = frozenset("kmpcorWnP")


def _stop_option(config: pytest.Config, maxfail: int) -> str:
    """The option that set pytest's ``maxfail``, as the user gave it — ``-x``, ``--exitfirst`` or
    ``--maxfail=N``, the last one given (in the ini file's ``addopts``, ``PYTEST_ADDOPTS``, then
    the command line, as pytest reads them) — or ``--maxfail=N`` when none of them says ``maxfail``."""
    found = None
    args = [*config.getini("addopts"), *shlex.split(os.environ.get("PYTEST_ADDOPTS", "")),
            *config.invocation_params.args]
    for index, arg in enumerate(args):
        if arg in ("-x", "--exitfirst"):
            found = (arg, 1)
        elif arg.startswith("--maxfail"):
            value = arg.partition("=")[2] if "=" in arg else (args[index + 1] if index + 1 < len(args) else "")
            found = (f"--maxfail={value}", int(value)) if value.isdigit() else found
        elif arg.startswith("-") and not arg.startswith("--") and index and args[index - 1] in ("-k", "-m"):
            continue  # an expression's value, not options
        elif arg.startswith("-") and not arg.startswith("--"):
            for letter in arg[1:]:
                if letter == "x":
                    found = ("-x", 1)
                if letter in _SHORT_WITH_VALUE:
                    break
    return found[0] if found is not None and found[1] == maxfail else f"--maxfail={maxfail}"


@pytest.hookimpl(tryfirst=True)  # before the terminal summary, which shows the exit status
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if hasattr(config, "workerinput"):  # an xdist worker: the controller writes the verdict
        return
    cases = list(config.stash.get(_CASES, {}).values())
    if _listing(config) or (not cases and not active_profile(config) and not runs_features(config)):
        return  # a listing (a profile's too) or not a features run: no verdict, and the last one stays
    profile = active_profile(config)
    chosen = selection(config)
    ran = {case["_key"] for case in cases}
    missing = sum(1 for case in required_cases(config, profile) if case.key not in ran)
    outcome, reasons = verdict(profile, cases, missing, chosen)
    if not cases and chosen and session.exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        # pytest's "no tests collected" (5) is a selection that left none of them: say which, in its words.
        reasons = [f"{NOTHING_SELECTED}: {'; '.join(chosen)} selects none of the {missing} scenarios that apply; nothing "
                   "was certified." if reason.startswith("No scenario ran") else reason for reason in reasons]
    if _STOPPED in config.stash:  # what stopped it says more than what it did not get to run
        stop = config.stash[_STOPPED]
        for case in cases:  # the scenario it was stopped in did not pass: it never ended
            if not case.get("_ended") and case["outcome"] == "passed":
                case.update(outcome="error", message=stop, category=category_of("broken", stop))
        # Stopped, not partial: the scenarios it did not get to were not left out by a selection.
        selected = max(session.testscollected, len(cases))
        outcome, reasons = "NOT CERTIFIED", [
            f"The run was stopped: {stop} ({len(cases)} of {len(cases) + missing} scenarios that apply ran"
            + (f"; {selected} were selected: {'; '.join(chosen)}" if chosen else "") + ")",
            *(reason for reason in verdict(profile, cases, missing, chosen)[1] if not reason.startswith("Partial run:"))]
    elif stopped := _stopped_at_failures(session, cases):
        # -x / --maxfail: the scenarios selected and not run were not left out by the selection.
        selected = max(session.testscollected, len(cases))
        outcome, reasons = "NOT CERTIFIED", [
            f"The run stopped after {stopped}: {len(cases)} of {len(cases) + missing} scenarios that apply ran"
            + (f" ({selected} were selected: {'; '.join(chosen)})" if chosen else f" ({selected} were selected)") + ".",
            *(reason for reason in reasons if not reason.startswith("Partial run:"))]
    elif session.exitstatus == pytest.ExitCode.INTERRUPTED:
        # Ctrl-C, a cancelled CI job (while it collected too: then none ran): the scenarios it did not
        # get to were not left out by a selection, nor did a selection leave none.
        outcome, reasons = "NOT CERTIFIED", [
            f"The run was interrupted before it ended: {len(cases)} of {len(cases) + missing} scenarios that apply ran.",
            *(reason for reason in reasons if not reason.startswith(("Partial run:", "No scenario ran")))]
    if (elsewhere := features_overridden(config)) is not None:
        # Another folder's scenarios (a QA's own, run as tests/core/feature_runner.py runs them) certify
        # no activation: the suite's were not run. A partial run: NOT CERTIFIED, and a plain pytest
        # run's exit code stays its tests' (a QA's folder that passes exits 0).
        outcome, reasons = "NOT CERTIFIED", [*reasons, f"Partial run: the scenarios were read from {elsewhere} (-o "
                                                       "bdd_features_base_dir), not the suite's own features folder: a "
                                                       "certification runs the suite's."]
    path = Path(config.getoption("--certification-report"))
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "verdict": outcome,
        "reasons": reasons,
        "profile": profile.as_dict() if profile else None,
        "connector": connector_under_test(config),
        "transport": config.getoption("--transport"),
        "seed": _seed(config),
        "selection": chosen or ["every scenario that applies"],
        "partial": bool(missing and cases) or elsewhere is not None,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cases": [{k: v for k, v in case.items() if not k.startswith("_")} for case in cases],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    _write_globals(config.getoption("--alluredir", None), document)
    config.stash[_VERDICT] = (outcome, reasons, profile, path)
    certifying = profile is not None or config.getoption("--certify")
    partial_only = reasons == [r for r in reasons if r.startswith("Partial run:")]
    if reasons and session.exitstatus == 0 and (certifying or not partial_only):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif session.exitstatus == pytest.ExitCode.INTERRUPTED and _xdist_stopped_at_failures(config):
        # -n with -x / --maxfail: pytest-xdist raises its stop as an interruption (2); without -n
        # the same stop is pytest's 1 (docs/ci.md), and a CI job must not read it as cancelled.
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    elif certifying and session.exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        # Certifying, the exit code is the verdict's (docs/ci.md): nothing selected is NOT CERTIFIED, 1.
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _xdist_stopped_at_failures(config: pytest.Config) -> bool:
    """Whether pytest-xdist's controller stopped the run because ``-x`` / ``--maxfail`` was met
    (its reason, or a worker's, is pytest's "stopping after N failures"), not for a Ctrl-C."""
    stop = getattr(config.pluginmanager.getplugin("dsession"), "shouldstop", None)
    return isinstance(stop, str) and stop.startswith("stopping after ")


def _write_globals(results: str | None, document: dict[str, Any]) -> None:
    """The verdict on the report's face: Allure shows a results folder's globals on the overview —
    each reason of a NOT CERTIFIED verdict as a global error, the verdict itself as a global
    attachment (allurerc.mjs also puts it in the report's name and variables)."""
    if not results:
        return
    folder = Path(results)
    folder.mkdir(parents=True, exist_ok=True)
    attachment = f"{uuid.uuid4()}-attachment.json"
    (folder / attachment).write_text(json.dumps(document, indent=2), encoding="utf-8")
    errors = [{"message": f"{document['verdict']}: {reason}"} for reason in document["reasons"]]
    globals_item = {"errors": errors,
                    "attachments": [{"name": f"Certification verdict: {document['verdict']}", "source": attachment,
                                     "type": "application/json"}]}
    (folder / f"{uuid.uuid4()}-globals.json").write_text(json.dumps(globals_item), encoding="utf-8")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if _VERDICT not in config.stash:
        return
    outcome, reasons, profile, path = config.stash[_VERDICT]
    terminalreporter.write_sep("=", outcome + (f" — {profile.name}" if profile else ""), bold=True,
                               red=bool(reasons), green=not reasons)
    for reason in reasons:
        terminalreporter.write_line(f"  - {reason}")
    terminalreporter.write_line(f"Verdict written to {path}")
