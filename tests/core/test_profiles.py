"""Certification profiles: validation pointing at the line, selection of scenarios, the verdict."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from harness.certification import BIDIRECTIONAL_REASON, STOREFRONT_DIRECTIONS, ProfileError, load_profile, verdict
from simulators.connector.schemas import FROM_NETSUITE_ONLY, STOREFRONTS, ConnectorSettings

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "fixtures" / "profiles"


@pytest.mark.parametrize("name", ["shopify-from-netsuite", "ebay-to-netsuite", "shopify-both-directions",
                                  "magento-from-netsuite", "woocommerce-from-netsuite"])
def test_shipped_profiles_load(name: str) -> None:
    profile = load_profile(str(PROFILES / f"{name}.yaml"))
    assert profile.storefront == name.split("-")[0] and profile.billing_types


@pytest.mark.parametrize("text, where", [
    ("storefront: shopify\ndirection: from_netsuite\ncolour: red\n", ":3: unknown key colour; a profile has"),
    ("storefront: amazon\ndirection: from_netsuite\n", ":1: storefront must be one of"),
    ("storefront: shopify\ndirection: up\n", ":2: direction must be one of"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  scheduled_sync: true\n  colour: red\n", ":5: settings.colour: unknown setting"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  scheduled_sync: maybe\n", ":4: settings.scheduled_sync: must be true or false, not maybe"),
    # A key YAML reads as no text is said as written, not as Python's None.
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  max_attempts: 2\n  ~: 3\n", ":5: settings: key ~ (null): unknown setting"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  3: 3\n", ":4: settings: key 3: unknown setting"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  scheduled_sync: 'true'\n",
     ":4: settings.scheduled_sync: must be true or false, not 'true' (text in quotes)"),
    # A profile author writes YAML: the message says it in YAML's words, not Python's ('must be a
    # bool, not int', 'not None', 'not [\'cash_sale\', \'barter\']').
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  scheduled_sync: 3\n",
     ":4: settings.scheduled_sync: must be true or false, not 3"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  scheduled_sync:\n",
     ":4: settings.scheduled_sync: must be true or false, not an empty value"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  allow_both_directions: [true]\n",
     ":4: settings.allow_both_directions: must be true or false, not [true]"),
    ("storefront: yes\ndirection: from_netsuite\n", ":1: storefront must be one of shopify, ebay, magento, woocommerce, "
                                                 "not true (YAML reads yes, no, on and off as true or false)"),
    ("storefront: shopify\ndirection:\n", ":2: direction must be one of from_netsuite, to_netsuite, both, not an empty value"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  max_attempts: -1\n",
     ":4: settings.max_attempts: must be a whole number from 1 to 10"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  max_attempts: '3'\n",
     ":4: settings.max_attempts: must be a whole number from 1 to 10"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  positive_adjustment_item: -812\n",
     ":4: settings.positive_adjustment_item: must be the internal id"),
    # A currency code the orders never carry (ISO 4217 codes are capitals): no order would sync.
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  scheduled_sync: true\n  currency_ids: {usd: '1'}\n",
     ":5: settings.currency_ids: \"usd\" is not an ISO currency code: write three capital letters, such as USD"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  currency_ids: {Dollar: '1'}\n",
     ":4: settings.currency_ids: \"Dollar\" is not an ISO currency code"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  currency_ids: {}\n",
     ":4: settings.currency_ids: must map at least one ISO currency code to its NetSuite currency internal id, "
     "such as {\"USD\": \"1\"} (with none, no order syncs)"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  currency_ids:\n    USD: one\n",
     ":4: settings.currency_ids: USD: \"one\" is not a NetSuite currency internal id: write its digits, such as \"1\""),
    # A currency the simulated NetSuite account does not have: every order in it would be refused by
    # NetSuite ("Invalid 'currency' reference key 7"), read as the connector's defect.
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  currency_ids:\n    USD: '1'\n    EUR: '7'\n",
     ":6: settings.currency_ids: EUR: NetSuite currency 7 is not one of the simulated account's currencies "
     "(1 USD, 2 GBP, 3 CAD, 4 EUR, 5 AUD, 6 JPY): map EUR to one of those ids"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  currency_ids: [USD]\n",
     ":4: settings.currency_ids: must map ISO currency codes to NetSuite currency internal ids, such as {\"USD\": \"1\"}"),
    ("storefront: shopify\ndirection: from_netsuite\nbilling_types: [cash_sale, barter]\n",
     ":3: billing_types must be a list of cash_sale, invoice (one or both, each once), not [cash_sale, barter]"),
    ("storefront: shopify\ndirection: from_netsuite\nbilling_types: invoice\n",
     ":3: billing_types must be a list of cash_sale, invoice (one or both, each once), not invoice"),
    ("storefront: shopify\ndirection: from_netsuite\nbilling_types: []\n", ":3: billing_types must be a list of "
                                                                           "cash_sale, invoice (one or both, each once), not []"),
    # YAML's mistakes in the profile author's words, each with what to write (PyYAML's own text was
    # "mapping values are not allowed here", "found character '\\t' that cannot start any token",
    # "expected <block end>, but found '<block mapping start>'"), at the line to mend.
    ("storefront: [shopify\n", ":1: not valid YAML: the [ at column 13 is not closed: end the list with ] "
                              "(its items separated by commas)"),
    ("storefront: shopify\nsettings: {max_attempts: 3\n", ":2: not valid YAML: the { at column 11 is not closed: "
                                                         "end the mapping with } (its entries separated by commas)"),
    ("name: \"mine\nstorefront: shopify\n", ":1: not valid YAML: the quote at column 7 is not closed: end the text "
                                          "with the same quote"),
    ("storefront: shopify\nsettings:\n  scheduled_sync: true\n   max_attempts: 3\n",
     ":4: not valid YAML: a key where there can be none (column 16): indent the keys of one mapping alike, with spaces; "
     "end every key with a colon (the line above too); put a value that holds \": \" in quotes"),
    ("storefront: shopify\nsettings:\n\tscheduled_sync: true\n",
     ":3: not valid YAML: a tab (column 1): YAML indents with spaces, never tabs"),
    ("storefront: shopify\nname: @mine\n", ":2: not valid YAML: a value cannot start with @ (column 7): put it in quotes"),
    ("storefront: shopify\nsettings:\n    scheduled_sync: true\n  max_attempts: 3\n",
     ":4: not valid YAML: this line is indented as no key above it (column 3): indent it as the other keys of its "
     "mapping, with spaces"),
    ("storefront: shopify\nname: *mine\n", ":2: not valid YAML: *mine names no &mine anchor above it (column 7): "
                                         "put the value in quotes"),
    ("- just\n- a list\n", ":1: a profile is a mapping"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  refund_direction: both\n", ":4: refund_direction is set by the profile"),
    # A key written twice: YAML would keep the last one silently, and certify what the reader did not see.
    ("storefront: shopify\ndirection: from_netsuite\nstorefront: ebay\n", ":3: duplicate key storefront (first at line 1)"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings:\n  scheduled_sync: true\n  scheduled_sync: false\n",
     ":5: duplicate key scheduled_sync (first at line 4)"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings: 0\n", ":3: settings must be a mapping of setting: value, not 0"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings: ''\n", ":3: settings must be a mapping of setting: value, not ''"),
    ("storefront: shopify\ndirection: from_netsuite\nsettings: [scheduled_sync]\n", ":3: settings must be a mapping"),
    ("name: [a, b]\nstorefront: shopify\ndirection: from_netsuite\n", ":1: name must be text, not [a, b]"),
    ("storefront: shopify\ndirection: from_netsuite\nname: 5\n", ":3: name must be text, not 5"),
    # A line break printed a second line under the verdict's banner: a "VERDICT: CERTIFIED" of its own.
    ("storefront: shopify\ndirection: from_netsuite\nname: \"Shopify\\nVERDICT: CERTIFIED\"\n",
     ":3: name must be one line of text, without spaces around it nor control characters, not "),
    ("storefront: shopify\ndirection: from_netsuite\nbilling_types: [cash_sale, cash_sale]\n",
     ":3: billing_types must be a list of cash_sale, invoice (one or both, each once), not [cash_sale, cash_sale]"),
    ("name: mine\nstorefront: shopify\n", ":1: direction is missing: a profile says one of from_netsuite, to_netsuite, both"),
    ("direction: from_netsuite\n", ":1: storefront is missing: a profile says one of shopify, ebay, magento, woocommerce"),
    # What the storefront's connector cannot sync: eBay's refunds go to NetSuite, a cart's come from it.
    ("storefront: ebay\ndirection: from_netsuite\n", ":2: direction from_netsuite: eBay refunds sync to NetSuite only"),
    ("storefront: ebay\ndirection: both\n", ":2: direction both: eBay refunds sync to NetSuite only"),
    ("storefront: magento\ndirection: to_netsuite\n", ":2: direction to_netsuite: Magento refunds sync from NetSuite only"),
])
def test_bad_profiles_point_at_the_line(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(text)
    with pytest.raises(ProfileError) as refused:
        load_profile(str(path))
    assert f"{path}{where}" in str(refused.value)


def test_settings_the_connector_s_contract_takes_load(tmp_path: Path) -> None:
    """An internal id written as a number ({USD: 1}) is the contract's (openapi.yaml Settings:
    currency_ids values [string, integer], as the adjustment items'): the connector saves it as "1"."""
    path = tmp_path / "profile.yaml"
    path.write_text("storefront: shopify\ndirection: from_netsuite\nsettings:\n  currency_ids: {USD: 1, EUR: '4'}\n"
                    "  positive_adjustment_item: 812\n  max_attempts: 10\n")
    assert load_profile(str(path)).settings["currency_ids"] == {"USD": 1, "EUR": "4"}


def test_every_storefront_has_the_directions_its_connector_syncs() -> None:
    """The directions a profile may certify follow the connector account's rules: a cart's account
    takes no refund sync to NetSuite, so no profile may certify one."""
    assert set(STOREFRONT_DIRECTIONS) == set(STOREFRONTS)
    for cart in FROM_NETSUITE_ONLY:
        assert STOREFRONT_DIRECTIONS[cart][0] == ("from_netsuite",)


@pytest.mark.parametrize("content, message", [
    (b"storefront: " + b"[" * 5000 + b"]" * 5000 + b"\n", ": not valid YAML: nested too deeply for a profile"),
    (b"\xff\xfe\x00 not text", ": not a YAML text file (not UTF-8 at byte 0)"),
    # Both broke with a traceback (pytest's INTERNALERROR): Python's ValueError 'Exceeds the limit
    # (4300 digits) for integer string conversion', and a RecursionError walking an alias that
    # holds itself (the check for keys written twice followed it for ever).
    (b"storefront: shopify\ndirection: from_netsuite\nsettings:\n  max_attempts: " + b"9" * 5000 + b"\n",
     ": not valid YAML: a number of more than 4,300 digits (a profile's numbers are a few digits long)"),
    (b"storefront: shopify\ndirection: from_netsuite\nname: &a [*a]\n",
     ":3: name must be text, not &id001 [*id001] (it names the activation in the verdict; without it, the file's "
     "name does)"),
    (None, ": cannot read the profile: Is a directory"),
])
def test_a_profile_that_is_not_a_profile_file_is_refused_with_a_message(tmp_path: Path, content: bytes | None,
                                                                         message: str) -> None:
    path = tmp_path / "profile.yaml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(ProfileError) as refused:
        load_profile(str(path))
    assert str(refused.value) == f"{path}{message}"


def test_a_profile_selects_what_applies(tmp_path: Path) -> None:
    profile = load_profile(str(PROFILES / "shopify-from-netsuite.yaml"))
    assert profile.applies_to({"to_storefront", "shopify"}, {"billing": "an invoice"})
    assert not profile.applies_to({"to_netsuite", "shopify"}, {})
    assert not profile.applies_to({"to_storefront", "ebay"}, {})
    assert not profile.applies_to({"bidirectional_conflict", "to_storefront", "to_netsuite", "shopify"}, {})
    cash_only = tmp_path / "cash.yaml"
    cash_only.write_text("storefront: shopify\ndirection: from_netsuite\nbilling_types: [cash_sale]\n")
    assert not load_profile(str(cash_only)).applies_to({"to_storefront"}, {"billing": "an invoice"})
    # An account that maps only some currencies (currency_ids) syncs no order in another: a scenario
    # of an order in one it does not map does not describe the activation (it failed as a
    # ScenarioError, "the account maps no NetSuite currency for EUR", and the reference connector
    # was NOT CERTIFIED for a profile of a US shop).
    usd_only = tmp_path / "usd.yaml"
    usd_only.write_text("storefront: shopify\ndirection: from_netsuite\nsettings:\n  currency_ids: {USD: '1'}\n")
    assert not load_profile(str(usd_only)).applies_to({"to_storefront", "shopify"}, {"currency": "EUR"})
    assert load_profile(str(usd_only)).applies_to({"to_storefront", "shopify"}, {"currency": "USD"})
    assert profile.applies_to({"to_storefront", "shopify"}, {"currency": "AUD"})  # the default map has it


@pytest.mark.parametrize("settings, applies", [({}, True), ({"scheduled_sync": False}, True),
                                               ({"scheduled_sync": True}, False), ({"max_attempts": 3}, True)])
def test_a_scenario_about_a_setting_s_default_certifies_only_a_profile_that_keeps_it(settings: dict, applies: bool) -> None:
    """``@default_scheduled_sync``: what the connector does when nobody turned the schedule on does
    not describe an activation that turns it on."""
    from harness.certification import Profile
    profile = Profile("p.yaml", "p", "shopify", "from_netsuite", ("cash_sale",), settings)
    assert profile.applies_to({"shopify", "default_scheduled_sync"}, {}) is applies
    assert profile.applies_to({"shopify"}, {})


@pytest.mark.parametrize("settings, applies", [({}, True), ({"max_attempts": 4}, True), ({"max_attempts": 3}, False)])
def test_a_fault_that_shows_at_a_setting_s_default_applies_only_to_a_profile_that_keeps_it(settings: dict,
                                                                                         applies: bool) -> None:
    """The self-test's ``retries_only_when_told`` shows only through the ``@default_max_attempts``
    scenarios: a profile that sets max_attempts otherwise runs none of them, so the fault is listed
    as not applying there (and why), not reported uncaught."""
    from harness.certification import Profile
    from harness.selftest.catalogue import FAULTS
    fault = FAULTS["retries_only_when_told"]
    assert fault.applies_to(Profile("p.yaml", "p", "shopify", "from_netsuite", ("cash_sale",), settings)) is applies
    assert "only with max_attempts at its default" in fault.where()


def test_verdict() -> None:
    both = load_profile(str(PROFILES / "shopify-both-directions.yaml"))
    passed = [{"scenario": "s", "file": "features/f.feature", "line": 3, "outcome": "passed"}]
    assert verdict(None, passed) == ("CERTIFIED", [])
    assert verdict(both, passed) == ("NOT CERTIFIED", [BIDIRECTIONAL_REASON])
    failed = [{**passed[0], "outcome": "failed", "message": "Refund doubled: expected 1 refund, found 2"}]
    outcome, reasons = verdict(None, failed)
    assert outcome == "NOT CERTIFIED" and reasons == ["s (features/f.feature:3) failed: Refund doubled: expected 1 refund, found 2"]
    assert verdict(None, [])[0] == "NOT CERTIFIED"
    outcome, reasons = verdict(None, passed, missing=4, chosen=["-k refund"])
    assert outcome == "NOT CERTIFIED"
    assert reasons == ["Partial run: 1 of 5 scenarios that apply were selected (-k refund): a certification runs them all."]
    # A scenario skipped (pytest.skip() raised from a connector or a plugin, a skip or xfail mark)
    # ran no check, and the verdict was CERTIFIED all the same.
    skipped = [*passed, {**passed[0], "scenario": "t", "outcome": "skipped", "message": "Skipped: not today"}]
    outcome, reasons = verdict(None, skipped)
    assert outcome == "NOT CERTIFIED" and reasons == [
        "t (features/f.feature:3) skipped: it did not run, so it certifies nothing (Skipped: not today)"]


def test_a_malformed_profile_stops_pytest_before_any_scenario(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("storefront: shopify\ndirection: from_netsuite\nsettings:\n  colour: red\n")
    result = subprocess.run([sys.executable, "-m", "pytest", "features/", "--profile", str(path), "-p", "no:cacheprovider"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 4
    assert f"{path}:4: settings.colour: unknown setting" in result.stderr
    assert "passed" not in result.stdout


#: Every setting at a value other than its default that the simulated accounts can hold (NetSuite's
#: currencies are ids 1 to 6): a profile may set any of them, and the reference connector must still
#: certify on it. A scenario whose outcome counts on a setting's default states the setting or is
#: tagged @default_<setting> (it then does not apply).
SETTINGS_OTHERWISE = {
    "allow_both_directions": True, "only_cash_refund_against_matching_record": True,
    "only_return_authorization_against_matching_record": True, "positive_adjustment_item": "9001",
    "negative_adjustment_item": "9002", "scheduled_sync": True, "currency_ids": {"USD": "1", "EUR": "4", "JPY": "6"},
    "max_attempts": 2,
}


#: The settings of one storefront's store alone, at another value: a profile of that storefront may
#: set them (another's account refuses them).
STORE_SETTINGS_OTHERWISE = {"magento": {"magento_shipping_display": "including_tax"},
                            "woocommerce": {"woocommerce_fee_item": "9003"}}


def test_the_settings_otherwise_are_every_setting_at_another_value() -> None:
    defaults = ConnectorSettings().as_dict()
    stores = {name for settings in STORE_SETTINGS_OTHERWISE.values() for name in settings}
    # storefront and refund_direction are the profile's own
    assert set(SETTINGS_OTHERWISE) | stores == set(defaults) - {"storefront", "refund_direction"}
    assert all(value != defaults[name] for name, value in SETTINGS_OTHERWISE.items())
    assert all(value != defaults[name] for settings in STORE_SETTINGS_OTHERWISE.values() for name, value in settings.items())


@pytest.mark.runs_the_suite(seconds=10)
@pytest.mark.parametrize("name, verdict_expected, code", [
    ("ebay-to-netsuite", "CERTIFIED", 0),
    ("shopify-both-directions", "NOT CERTIFIED", 1),
    ("magento-from-netsuite", "CERTIFIED", 0),
    ("woocommerce-from-netsuite", "CERTIFIED", 0),
])
def test_profiles_give_their_verdict_and_exit_code_with_every_setting_otherwise(tmp_path: Path, name: str,
                                                                               verdict_expected: str, code: int) -> None:
    """A shipped profile with every setting changed (SETTINGS_OTHERWISE): every scenario that applies
    passes with the reference connector. Each of max_attempts 1 to 3 or 10, and either matching
    setting on, failed 1 to 38 scenarios that counted on the default without saying so; on Magento
    (with its store's settings otherwise too: a store that displays shipping including tax), two rows
    quoting Magento's bound without its tax, and five scenarios whose order was in CAD or EUR in their
    steps' words rather than a currency column, which a profile whose account does not map the
    currency does not run; on WooCommerce, with a fee item its scenarios of fees set themselves, and
    the one that counts on none tagged @default_woocommerce_fee_item. (Each shipped profile as it
    ships certifies in CI: make selftest-profiles.)"""
    profile = yaml.safe_load((PROFILES / f"{name}.yaml").read_text())
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump({**profile, "settings": {**(profile.get("settings") or {}), **SETTINGS_OTHERWISE,
                                                             **STORE_SETTINGS_OTHERWISE.get(profile["storefront"], {})}}))
    report = tmp_path / "certification.json"
    args = [sys.executable, "-m", "pytest", "features/", "--profile", str(path), "-q",
            "-p", "no:cacheprovider", f"--alluredir={tmp_path}", f"--certification-report={report}"]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == code, result.stdout[-4000:]
    written = json.loads(report.read_text())
    assert written["verdict"] == verdict_expected and written["profile"]["path"].endswith(f"{name}.yaml")
    assert written["profile"]["settings"]["max_attempts"] == SETTINGS_OTHERWISE["max_attempts"]
    assert all(case["outcome"] == "passed" for case in written["cases"]) and written["cases"]
    if code:  # every scenario that applies passes: the conflict is the one reason
        assert written["reasons"] == [BIDIRECTIONAL_REASON]


@pytest.mark.parametrize("args, verdict_written", [
    (["features/", "-k", "no_scenario_is_called_this"], "NOT CERTIFIED"),  # asked to certify, certified nothing
    (["tests/core/test_step_parameters.py", "-k", "amount"], None),       # not a features run: no verdict at all
    (["features/", "--collect-only"], None),                                # listing the scenarios runs none
    (["features/", "--collect-only", "--profile", str(PROFILES / "shopify-from-netsuite.yaml")], None),  # nor a profile's
])
def test_a_features_run_that_selects_nothing_is_not_certified(tmp_path: Path, args: list[str],
                                                               verdict_written: str | None) -> None:
    report = tmp_path / "certification.json"
    done = subprocess.run([sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider", f"--alluredir={tmp_path}",
                           f"--certification-report={report}"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if verdict_written is None:  # and no description of a run either: an earlier run's would stay
        assert not report.exists() and not (tmp_path / "environment.properties").exists()
    else:  # it says what selected nothing; pytest's exit code is its own 5, "no tests collected" (README)
        written = json.loads(report.read_text())
        assert written["verdict"] == verdict_written and re.fullmatch(
            r"No scenario was selected: -k no_scenario_is_called_this selects none of the \d+ scenarios that apply; "
            r"nothing was certified\.", written["reasons"][0]) and len(written["reasons"]) == 1, written["reasons"]
        assert written["reasons"][0] in done.stdout and done.returncode == 5, done.stdout[-2000:]


#: One feature file, run alone: a small one (12 scenarios, 4 of them the shopify-from-netsuite
#: profile's; bidirectional_conflict.feature, smaller, has none of its), since the checks below hold
#: for any file and each run pays for every scenario of it (refund_actions.feature: 32, 5 s of CPU).
ONE_FILE = "features/missing_credit_memo.feature"


@pytest.mark.parametrize("args, code", [
    ([], 0),                                                      # QA running one file: the outcome is the scenarios'
    (["--certify"], 1),                                           # certifying: a partial run is not certified
    (["--profile", str(PROFILES / "shopify-from-netsuite.yaml")], 1),  # a profile certifies
])
def test_a_run_of_some_scenarios_is_a_partial_run_never_certified(tmp_path: Path, args: list[str], code: int) -> None:
    report = tmp_path / "certification.json"
    result = subprocess.run([sys.executable, "-m", "pytest", ONE_FILE, "-q", "-p",
                             "no:cacheprovider", f"--alluredir={tmp_path}", f"--certification-report={report}", *args],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == code, result.stdout[-2000:]
    written = json.loads(report.read_text())
    assert written["verdict"] == "NOT CERTIFIED" and written["partial"] is True
    assert written["selection"] == [ONE_FILE]
    assert written["reasons"][0].startswith("Partial run: ") and ONE_FILE in written["reasons"][0]
    assert "NOT CERTIFIED" in result.stdout and all(case["outcome"] == "passed" for case in written["cases"])
    assert {case["file"] for case in written["cases"]} == {ONE_FILE}


NODE_README = ROOT / "examples" / "node-connector" / "README.md"


def test_the_node_example_s_readme_counts_its_scenarios_right_or_not_at_all(tmp_path: Path) -> None:
    """examples/node-connector/README.md says what the shopify-from-netsuite profile certifies: any
    number of scenarios it states is the number the profile runs, and the command it gives to list
    them lists that many (a number written once goes stale as scenarios are added)."""
    listed = subprocess.run([sys.executable, "-m", "harness.certify", "--profile", "shopify-from-netsuite",
                             f"--report={tmp_path}", "--collect-only", "-q", "-p", "no:cacheprovider"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    counted = re.search(r"^(\d+)/\d+ tests collected", listed.stdout, re.MULTILINE)
    # A listing certifies nothing: exit 1, as every certify that ends without CERTIFIED (docs/ci.md).
    assert listed.returncode == 1 and counted, listed.stdout[-2000:] + listed.stderr[-2000:]
    text = NODE_README.read_text(encoding="utf-8")
    assert "refundsim certify --profile shopify-from-netsuite --collect-only -q" in text
    stated = [int(n) for n in re.findall(r"\b(\d+) scenarios\b", text)]
    assert all(n == int(counted.group(1)) for n in stated), (stated, counted.group(0))
    assert not (tmp_path / "certification.json").exists()  # a listing certifies nothing


@pytest.mark.parametrize("args", [["--certify", "-k", "no_scenario_is_called_this"],
                                  # By its name, as certify takes it (pytest said 'cannot read the profile: No such file')
                                  ["--profile", "shopify-from-netsuite", "-m", "ebay"]],
                         ids=["certify", "profile"])
def test_a_certifying_pytest_run_that_selects_nothing_exits_as_not_certified(tmp_path: Path, args: list[str]) -> None:
    """README: a run that certifies (``--profile``, ``--certify``) exits with its verdict's code;
    nothing selected is NOT CERTIFIED, 1 (docs/ci.md), as ``make certify`` gives it — not pytest's 5
    (no tests collected), which the table does not list."""
    report = tmp_path / "certification.json"
    done = subprocess.run([sys.executable, "-m", "pytest", "features/", *args, "-q", "-p", "no:cacheprovider",
                           f"--alluredir={tmp_path}", f"--certification-report={report}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert json.loads(report.read_text())["verdict"] == "NOT CERTIFIED"
    assert done.returncode == 1, done.stdout[-2000:]


def test_pytest_s_profile_is_a_file_or_the_name_of_a_profile_that_ships(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """``pytest features/ --profile shopify-from-netsuite`` was refused ('cannot read the profile: No
    such file or directory') where certify and the self-test take the name: now the same profile, and
    a name that is neither says which ones ship."""
    from harness.certification import profile_file

    shipped = PROFILES / "shopify-from-netsuite.yaml"
    assert Path(profile_file("shopify-from-netsuite")).resolve() == shipped
    assert Path(profile_file("ebay-to-netsuite.yaml")).resolve() == PROFILES / "ebay-to-netsuite.yaml"
    assert profile_file(str(shipped)) == str(shipped)
    monkeypatch.chdir(tmp_path)  # from another folder: its path from there
    assert Path(profile_file("shopify-from-netsuite")).resolve() == shipped
    (tmp_path / "shopify-from-netsuite").write_text("storefront: shopify\ndirection: from_netsuite\n", encoding="utf-8")
    assert profile_file("shopify-from-netsuite") == "shopify-from-netsuite"  # a file of that name here is that file
    with pytest.raises(ProfileError, match=r"^shopfy: no such file, nor a profile that ships with refundsim "
                                           r"\(ebay-to-netsuite, magento-from-netsuite, "):
        profile_file("shopfy")
