"""``python -m harness.selftest [pytest args]`` refuses to judge when no scenario ran, rather than
calling every fault uncaught (the whole self-test itself runs in ``make test``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness.selftest.__main__ import main


def test_help_is_the_self_test_s_own(capsys) -> None:
    """A command's help: its usage line as it was run, then plain text — not the module's docstring
    (``--profile YAML``, :attr:`~harness.selftest.catalogue.Fault.storefronts`)."""
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m harness.selftest [--profile FILE|NAME] [--first] [--reference-report JSON] "
                          "[pytest args]\n"), out[:300]
    assert "``" not in out and ":attr:" not in out and "~harness" not in out, out
    assert main(["--help"], prog="refundsim selftest") == 0
    assert capsys.readouterr().out.startswith("usage: refundsim selftest [--profile FILE|NAME] [--first]")


@pytest.mark.parametrize("args, exit_code", [(["--no-such-option"], 4), (["-k", "no_scenario_is_called_this"], 5)])
def test_arguments_that_run_no_scenario_stop_it_before_any_verdict(args: list[str], exit_code: int, capsys) -> None:
    """Refused before any fault ran: exit 4, as certify's usage errors (docs/ci.md), not 2, which
    that table reads as an interrupted run."""
    assert main(args) == 4
    captured = capsys.readouterr()
    err = captured.err
    if exit_code == 5:  # nothing selected: said so, in the product's words, not pytest's output and warnings
        assert re.search(r"^SELF-TEST NOT RUN: no scenario was selected: -k no_scenario_is_called_this selects none of "
                         r"the \d+ scenarios$", err, re.MULTILINE), err
        assert "Warning" not in captured.out + err and "deselected" not in captured.out + err, captured.out + err
    else:  # what was refused, by what, and the code in words: not "no scenario ran ... (pytest exit code 4)"
        assert "SELF-TEST NOT RUN: pytest refused the arguments it was given (a usage error, said above); exit code 4" \
            in err, err
    # pytest's refusal names the command that was run, not a Python call ("pytest.main(): error: ...").
    assert "pytest.main()" not in captured.out + err, captured.out + err
    if args == ["--no-such-option"]:
        assert "python -m harness.selftest: error: unrecognized arguments: --no-such-option" in captured.out + err, err
        # Not pytest's "inifile:" / "rootdir:" lines (an installed package's: paths in site-packages), nor its usage.
        for noise in ("inifile:", "rootdir:", "file_or_dir"):
            assert noise not in captured.out + err, (noise, captured.out + err)
        assert "usage: python -m harness.selftest [--profile FILE|NAME] [--first] [--reference-report JSON] [pytest args]" \
            in captured.out + err, captured.out + err


@pytest.mark.parametrize("collected, exit_code, said", [
    (4, 4, "SELF-TEST NOT RUN: pytest refused the arguments it was given (a usage error, said above); exit code 4"),
    (5, 4, "SELF-TEST NOT RUN: no scenario was selected: the profile selects none of the scenarios"),
    (2, 2, "SELF-TEST NOT RUN: interrupted while pytest listed the scenarios (Ctrl-C, SIGINT or SIGTERM); exit code 2"),
    (3, 3, "SELF-TEST NOT RUN: pytest failed internally while it listed the scenarios (its INTERNALERROR above); "
           "exit code 3"),
])
def test_a_listing_interrupted_is_not_called_a_usage_error(collected: int, exit_code: int, said: str, tmp_path,
                                                           monkeypatch, capsys) -> None:
    """pytest's listing of the scenarios refused (4) or selecting none (5): not run, exit 4; the
    listing interrupted (Ctrl-C: 2) or broken (3): its own code, as certify passes pytest's on —
    each said in words, not as pytest's number alone."""
    import harness.selftest.__main__ as selftest

    monkeypatch.setattr(selftest, "_selected", lambda argv, scratch: (collected, 0))
    assert selftest._run_all([], tmp_path, None, False, None) == exit_code
    assert said in capsys.readouterr().err


@pytest.mark.parametrize("args, message", [
    (["--profile"], "--profile needs a profile file"),
    (["--profile", "fixtures/profiles/no-such-profile.yaml"], "--profile fixtures/profiles/no-such-profile.yaml: no "
                                                              "such file, nor a profile that ships with refundsim"),
    (["--profile="], "--profile needs a profile file"),
])
def test_a_profile_it_cannot_read_stops_it(args: list[str], message: str, capsys) -> None:
    assert main(args) == 4
    assert f"SELF-TEST NOT RUN: {message}" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["--profile", "shopify-from-netsuite"],                        # a profile that ships, by name, as certify takes it
    ["--profile=shopify-from-netsuite"],
    ["--profile=fixtures/profiles/shopify-from-netsuite.yaml"],    # pytest's own form of an option and its value
    ["--first", "--profile", "fixtures/profiles/shopify-from-netsuite.yaml", "-k", "refund"],
])
def test_the_profile_is_the_self_test_s_in_every_form_certify_takes(args: list[str], monkeypatch) -> None:
    """``--profile NAME`` (what an installed package's user has: the shipped profiles are inside it)
    and ``--profile=FILE`` both choose the faults that apply to the profile: given to pytest alone,
    the runs would certify the profile while every fault of the catalogue was judged, and those that
    cannot show there would be called uncaught."""
    import harness.selftest.__main__ as selftest

    seen: dict = {}
    monkeypatch.setattr(selftest, "_run_all", lambda argv, scratch, profile, first, reference: seen.update(
        argv=argv, profile=profile, first=first) or 0)
    assert main(args) == 0
    assert seen["profile"] is not None and seen["profile"].name == "Shopify — refunds from NetSuite", seen
    shipped = str(selftest.SUITE.root / "fixtures" / "profiles" / "shopify-from-netsuite.yaml")
    rest = ["-k", "refund"] if "-k" in args else []
    assert seen["argv"] == [*rest, f"--profile={shipped}"] and seen["first"] is ("--first" in args), seen


def test_each_fault_says_which_profiles_can_catch_it() -> None:
    """A fault in what is posted to a storefront applies to every storefront's NetSuite → storefront
    profile; one that needs a 429, both directions or a discount only where the suite has them."""
    from harness.certification import load_profile
    from harness.selftest.catalogue import FAULTS

    def applying(name: str) -> set[str]:
        profile = load_profile(f"fixtures/profiles/{name}.yaml")
        return {fault for fault, cls in FAULTS.items() if cls.applies_to(profile)}

    magento, woocommerce, shopify = (applying(f"{s}-from-netsuite") for s in ("magento", "woocommerce", "shopify"))
    # A fault of the shared code applies to every cart's profile as to Shopify's; one of a storefront's own
    # code (harness/selftest/catalogue.py) only to that storefront's.
    shared = {name for name, cls in FAULTS.items() if cls.storefronts is None or {"shopify", "magento", "woocommerce"} <= cls.storefronts}
    assert magento & shared == woocommerce & shared == shopify & shared
    # The faults of Magento's adapter alone, and those of the code the carts share.
    magento_only = {
        "refunds_through_any_magento_invoice", "refunds_magento_offline_when_the_card_fails",
        "refunds_magento_money_alone_offline", "refunds_magento_units_at_the_orders_price",
        "saves_unknown_magento_shipping_displays", "reads_magento_shipping_displayed_both_ways_as_including_tax",
        "finds_magento_stamps_online_only", "notifies_on_offline_magento_refunds",
        "reads_one_search_of_magento_credit_memos", "syncs_magento_configurable_children_as_lines",
        "syncs_magento_lines_at_their_original_price", "syncs_magento_shipping_before_its_discount",
        "refunds_magento_shipping_less_its_discount", "syncs_magento_discounts_with_their_tax",
        "lets_magento_share_a_lines_tax_and_discount", "lets_magento_tax_the_units",
        "refunds_magento_money_past_an_invoices_capture", "refunds_magento_online_for_braintree_only",
        "refunds_magento_shipping_through_any_invoice", "takes_purchase_orders_for_the_only_offline_magento_method",
        "syncs_magento_shipping_discounts_with_their_tax", "refunds_magento_shipping_without_its_discounts_tax_part",
        "ignores_magento_shipping_display", "names_magento_customers_after_the_recipient",
        "looks_on_one_page_before_a_retry", "reads_the_storefront_order_once_per_retrieve", "weighs_magento_invoices_on_one_search",
        "reads_the_largest_page_of_magento_credit_memos", "takes_closed_magento_orders_for_refunded", "rounds_magento_unit_prices_half_to_even",
        "weighs_magento_invoices_in_the_orders_currency", "warns_of_lost_writes_after_gateway_errors_only"}
    carts = {
        "keeps_cart_orders_once_read", "syncs_cart_orders_without_looking", "tries_carts_five_times",
        "drops_unknown_cart_settings", "restarts_the_cart_schedule_at_any_setting",
        "schedules_off_shopify_by_default", "finds_customers_by_email_as_typed",
        "finds_customers_by_email_and_name", "keeps_the_last_netsuite_line_of_an_order_line"}
    assert magento - shared == magento_only | carts
    assert woocommerce - shared == carts \
        | {"finds_woocommerce_stamps_of_the_gateway_only", "reads_one_page_of_woocommerce_refunds",
           "restocks_manual_woocommerce_refunds", "gives_woocommerce_tax_back_at_the_first_rate_only",
           "puts_woocommerce_tax_differences_on_the_first_taxed_line",
           "reads_woocommerce_line_tax_before_its_coupon", "names_woocommerce_customers_after_the_recipient",
           "reads_woocommerce_totals_as_tax_inclusive",
           "reads_the_first_shipping_line_only", "drops_woocommerce_fees",
           "refunds_woocommerce_fees_past_what_is_left", "reads_one_page_of_woocommerce_refunds_oldest_first",
           "refunds_woocommerce_through_stripe_only", "takes_bank_transfer_for_the_only_offline_woocommerce_gateway",
           "refunds_woocommerce_through_known_gateways_only", "refunds_woocommerce_cash_on_delivery_through_the_gateway",
           "counts_woocommerce_units_left_by_sku", "counts_woocommerce_units_refunded_by_hand_only",
           "counts_woocommerce_fees_refunded_by_hand_only",
           "counts_woocommerce_gateway_refunds_only", "reads_woocommerce_refunds_once_a_batch",
           "locks_each_refund", "leaks_the_lock_on_error", "writes_woocommerce_tax_from_the_orders_shares",
           "shares_woocommerce_tax_per_unit", "counts_woocommerce_units_left_on_one_page",
           "refunds_woocommerce_through_any_gateway_but_the_cores_offline",
           "taxes_woocommerce_packages_at_the_orders_shipping_rate", "names_every_woocommerce_package",
           "drops_negative_woocommerce_fees", "records_refunds_of_unpaid_woocommerce_orders",
           "refunds_woocommerce_through_any_payment_with_an_id", "refunds_woocommerce_through_enabled_gateways_only",
           "asks_woocommerce_gateways_once", "syncs_woocommerce_orders_by_their_number",
           "refunds_woocommerce_orders_by_their_number", "syncs_woocommerce_orders_by_their_number_in_digits",
           "lists_woocommerce_refunds_by_the_orders_number"}
    assert shopify - shared == {"ignores_retry_after", "reads_allow_both_directions_as_truthy", "keeps_currency_ids_as_typed",
                                "reposts_partly_declined_shopify_refunds", "refunds_what_shopify_payments_have_left", "reads_one_page_of_shopify_refunds", "reads_the_first_shopify_tax_line_only",
                                "reads_the_first_shipping_line_only", "reads_shopify_shipping_before_its_free_shipping_code",
                                "reads_shopify_units_left_to_fulfil", "reads_the_first_shopify_discount_allocation_only",
                                "takes_a_shopify_lines_own_discount_off_twice", "reads_shopify_tax_after_refunds", "looks_on_one_page_before_a_retry", "reads_the_storefront_order_once_per_retrieve",
                                "reads_the_largest_page_of_shopify_refunds", "restocks_shopify_refunds_the_legacy_way",
                                "takes_shopify_gateway_errors_for_refunds_given_back",
                                "takes_a_declined_shopify_refund_for_its_lost_write",
                                "posts_shopify_refunds_of_the_suggested_kind",
                                "reads_shopify_payments_left_from_maximum_refundable",
                                "locks_each_refund", "leaks_the_lock_on_error", "keeps_the_error_after_success",
                                "keeps_the_first_error_of_a_post_again",
                                "uncancels_to_the_status_before", "knows_retrieved_refunds_by_their_amount",
                                "gives_shopify_shipping_parts_their_tax_whatever_is_left",
                                "reads_shopify_payments_left_in_shop_money",
                                "counts_declined_shopify_shipping_as_refunded",
                                "leaves_pending_shopify_refunds_on_their_payment",
                                "takes_declined_shopify_refunds_from_their_payment",
                                "rounds_tax_inclusive_shopify_shipping_half_to_even",
                                "counts_declined_shopify_refunds_units", "refunds_gift_card_only_shopify_orders",
                                "warns_of_lost_writes_after_gateway_errors_only", "refuses_cancelled_shopify_orders"}
    assert "reads_shopify_refund_tax_in_shop_money" in applying("shopify-both-directions") - shopify
    assert {"reads_the_first_shopify_refund_shipping_line_only", "leaves_shopify_gift_card_refunds_out",
            "counts_shopify_units_refunded_so_far", "knows_its_writes_by_their_answers",
            "counts_pending_shopify_refunds", "knows_its_writes_only_while_syncing_to_netsuite",
            "skips_partly_declined_shopify_refunds", "reads_one_page_of_shopify_refunds_to_netsuite",
            "syncs_shopify_refunds_the_gateway_could_not_process", "reads_shopify_refund_shipping_tax_of_its_line",
            "syncs_shopify_refunds_of_no_money", "leaves_out_a_zero_tax", "skips_cancelled_shopify_refund_lines",
            "credits_shopify_units_at_the_bills_rate", "knows_its_netsuite_writes_by_their_memo",
            "looks_for_shopify_twins_on_one_page", "skips_returned_shopify_refund_lines",
            "skips_refunds_of_cancelled_shopify_orders", "takes_a_shopify_cancellation_for_a_whole_refund",
            "carries_shipping_alone_on_the_adjustment_item", "makes_refunds_from_the_newest_bill_on_a_tie",
            "weighs_bills_by_what_they_billed", "ignores_pending_shopify_twins",
            "takes_shopify_refusals_for_deleted_refunds"} \
        <= applying("shopify-both-directions") - shopify
    assert {"keys_ebay_refunds_by_their_row", "reads_ebay_orders_once", "reads_one_page_of_ebay_returns",
            "syncs_ebay_lines_at_their_list_price", "reads_the_first_ebay_promotion_only", "syncs_ebay_shipping_before_its_discount",
            "posts_ebay_return_shipping_as_money", "posts_ebay_returns_at_what_was_refunded",
            "posts_ebay_return_postage_as_shipping",
            "credits_ebay_returns_at_the_rounded_rate", "credits_the_last_bill_line_of_a_sku", "credits_the_first_bill_line_of_a_sku",
            "reads_ebay_return_refunds_whatever_their_status", "searches_ebay_returns_since_the_last_import",
            "reads_ebay_returns_once",
            "leaves_credit_memos_unapplied", "makes_a_customer_without_email_at_each_sync",
            "finds_customers_without_email_by_name", "names_ebay_customers_after_the_recipient",
            "credits_ebay_returns_half_to_even", "pages_ebay_returns_by_index",
            "credits_the_orders_shipping_with_an_ebay_return", "knows_ebay_seller_cancellations_by_their_reason",
            "posts_ebay_cancellations_at_the_orders_total",
            "creates_customers_without_an_idempotency_key"} <= applying("ebay-to-netsuite")
    assert {"looks_only_after_no_answer", "looks_for_its_write_by_its_money", "folds_names_to_ascii"} <= shopify & magento & woocommerce
    assert "finds_customers_by_email_as_typed" in magento & woocommerce and "finds_customers_by_email_as_typed" not in shopify
    assert "keeps_the_last_netsuite_line_of_an_order_line" in magento & woocommerce
    assert "keeps_the_last_netsuite_line_of_an_order_line" not in shopify
    assert "leaves_credit_memos_unapplied" not in shopify | magento | woocommerce
    assert {"posts_the_wrong_amount", "refunds_the_first_line_only", "posts_twice_on_retry", "ignores_discounts"} <= magento
    assert "syncs_both_directions_blindly" not in shopify | magento
    assert "syncs_both_directions_blindly" in applying("shopify-both-directions")
    assert "ignores_discounts" not in applying("ebay-to-netsuite")
    assert "Magento Open Source and WooCommerce have no REST rate limit" in FAULTS["ignores_retry_after"].where()


def test_first_tries_a_fault_s_usual_catchers_first_then_every_other_file() -> None:
    from harness.selftest.__main__ import FEATURES, _first_paths, _run_first
    caught_in = ("resilience::test_a", "order_sync", "no_such_feature", "resilience::test_b")
    first, rest = _first_paths(caught_in)
    every = sorted(f"features/{p.name}" for p in FEATURES.glob("*.feature"))
    assert first == ["features/resilience.feature", "features/order_sync.feature"] and sorted(first + rest) == every
    assert _run_first(caught_in) == ["-p", "harness.selftest.first", "--run-first=resilience.feature::test_a",
                                     "--run-first=resilience.feature::test_b"]
    assert _run_first(("resilience",)) == []


def test_each_scenario_named_as_a_usual_catcher_exists_and_runs_before_the_rest_of_its_file(tmp_path: Path) -> None:
    """A misspelt catcher would cost every ``--first`` run the scenarios before the real one."""
    from harness.selftest.__main__ import _run_first
    from harness.selftest.catalogue import FAULTS

    named = sorted({option for fault in FAULTS.values() for option in _run_first(fault.caught_in)[2:]})
    assert len(named) >= 10
    listed = subprocess.run([sys.executable, "-m", "pytest", "features/", "--collect-only", "-q", "-p", "no:cacheprovider",
                             "-p", "harness.selftest.first", f"--alluredir={tmp_path}", *named], capture_output=True, text=True, check=True).stdout
    order = [line.split("/", 1)[1].split("[", 1)[0] for line in listed.splitlines() if line.startswith("features/")]
    wanted = {option.split("=", 1)[1] for option in named}
    assert wanted <= set(order), f"not a scenario of the suite: {sorted(wanted - set(order))}"
    firsts = sum(1 for node in order if node in wanted)
    assert set(order[:firsts]) == wanted, "a named catcher ran after another scenario"
    unchanged = subprocess.run([sys.executable, "-m", "pytest", "features/", "--collect-only", "-q", "-p", "no:cacheprovider",
                                f"--alluredir={tmp_path}"],
                               capture_output=True, text=True, check=True).stdout
    rest = [line for line in unchanged.splitlines() if line.startswith("features/") and line.split("/", 1)[1].split("[", 1)[0] not in wanted]
    assert [line for line in listed.splitlines() if line.startswith("features/")][firsts:] == rest, "the others' order changed"


def _report(tmp_path, connector: str = "simulators.connector.reference:create_connector", outcomes=("passed", "passed"),
            profile=None):
    path = tmp_path / "certification.json"
    verdict = "CERTIFIED" if set(outcomes) == {"passed"} else "NOT CERTIFIED"
    path.write_text(json.dumps({"verdict": verdict, "connector": connector, "profile": profile,
                                "cases": [{"scenario": f"scenario {n}", "outcome": outcome}
                                          for n, outcome in enumerate(outcomes)]}), encoding="utf-8")
    return path


def test_a_reference_report_stands_for_the_reference_run_failures_and_all(tmp_path) -> None:
    from harness.selftest.__main__ import SuiteRun, reference_from_report
    assert reference_from_report(str(_report(tmp_path)), None, 2) == SuiteRun(0, 2, [])
    failed = reference_from_report(str(_report(tmp_path, outcomes=("passed", "failed"))), None, 2)
    assert failed.failures == [("scenario 1", "failed")] and failed.exit_code == 1


@pytest.mark.parametrize("report, selected, message", [
    ({"connector": "harness.selftest.catalogue:posts_twice_on_retry"}, 2,
     "is a run of harness.selftest.catalogue:posts_twice_on_retry, not of the reference connector"),
    ({}, 3, "holds 2 scenarios; the self-test selects 3"),
    ({"profile": {"name": "magento-from-netsuite"}}, 2, "is a run of profile magento-from-netsuite, the self-test's is (none)"),
])
def test_a_reference_report_of_another_run_is_refused(tmp_path, report: dict, selected: int, message: str) -> None:
    from harness.selftest.__main__ import reference_from_report
    with pytest.raises(ValueError, match=re.escape(message)):
        reference_from_report(str(_report(tmp_path, **report)), None, selected)


@pytest.mark.parametrize("content, why", [
    # Said in words, as the gate says them, not in Python's ("('connector')", "Expecting value: ...").
    ("not json", "not JSON: Expecting value at line 1, column 1"),
    ('{"cases": []}', "not a verdict a certification writes: verdict is missing, not CERTIFIED or NOT CERTIFIED"),
    ("[]", "not a verdict a certification writes: a JSON array, not an object"),
    ('{"verdict": "NOT CERTIFIED", "cases": []}', "it names no connector"),
    # Edited: CERTIFIED beside a scenario that failed is no certification's.
    ('{"verdict": "CERTIFIED", "connector": "c", "cases": [{"scenario": "s", "outcome": "failed"}]}',
     "not a verdict a certification writes: CERTIFIED with a scenario that did not pass"),
    ('{"verdict": "CERTIFIED", "connector": "c", "cases": [{"scenario": "s"}]}',
     "a case without its scenario and outcome"),
])
def test_a_reference_report_that_is_not_one_is_refused(tmp_path, content: str, why: str) -> None:
    from harness.selftest.__main__ import reference_from_report
    (tmp_path / "r.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        reference_from_report(str(tmp_path / "r.json"), None, 0)
    assert str(refused.value) == f"{tmp_path / 'r.json'} is not a certification report ({why})"


def test_a_reference_report_refused_stops_it_before_any_run(tmp_path, capsys) -> None:
    assert main(["--reference-report"]) == 4
    assert "SELF-TEST NOT RUN: --reference-report needs a certification report" in capsys.readouterr().err
    assert main(["--reference-report", str(_report(tmp_path)), "-k", "missing_order"]) == 4
    assert "SELF-TEST NOT RUN: --reference-report refused: " in capsys.readouterr().err


@pytest.mark.parametrize("server", [True, False], ids=["fork server", "no fork server (Windows)"])
def test_a_run_from_the_fork_server_is_a_pytest_session_of_its_own(tmp_path, monkeypatch, server: bool) -> None:
    """Its exit code and output are pytest's, its asserts rewritten (the self-test files failures by
    their messages), and it starts where it is told; where there is no fork server, the same."""
    import multiprocessing

    from harness.selftest.runs import run_pytest
    if not server:
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])

    (tmp_path / "test_one.py").write_text("import os\n\ndef test_here():\n    open('parent', 'w').write(str(os.getppid()))\n"
                                          "    assert os.getcwd() == %r\n\n"
                                          "def test_sum():\n    total = 1 + 1\n    assert total == 3\n" % str(tmp_path))
    code, printed = run_pytest([sys.executable, "-m", "pytest", "test_one.py", "-q", "-p", "no:cacheprovider"], tmp_path)
    assert code == 1, printed
    assert "1 failed, 1 passed" in printed and "assert 2 == 3" in printed, printed
    forked = (tmp_path / "parent").read_text() != str(os.getpid())  # the fork server's child, not this process's
    assert forked is server
    with pytest.raises(ValueError, match="not a pytest command"):
        run_pytest([sys.executable, "-m", "harness.certify"], tmp_path)


def test_the_self_test_s_listing_of_the_scenarios_writes_nothing_in_the_user_s_reports(tmp_path: Path,
                                                                                      monkeypatch) -> None:
    """The self-test counts what a selection collects with a listing of its own (``make test`` runs
    it last): without its own --alluredir, pytest's default (reports/allure-results) would be made
    in the user's report folder, which ``make test`` must not touch (README)."""
    from harness.selftest import __main__ as selftest

    commands: list[list[str]] = []

    def listed(command: list[str], cwd: Path) -> tuple[int, str]:
        commands.append(command)
        return 0, "3 tests collected"

    monkeypatch.setattr(selftest, "run_pytest", listed)
    assert selftest._selected(["-k", "refund"], tmp_path) == (0, 3)
    (command,) = commands
    given = [arg.split("=", 1)[1] for arg in command if arg.startswith("--alluredir=")]
    assert given and Path(given[-1]).is_relative_to(tmp_path), command


def test_the_readme_counts_the_catalogue_s_faults_and_says_how_to_run_one() -> None:
    """README's "Proving the suite can fail" says how many faulty connectors the self-test plugs in
    (it said twenty-four when the catalogue had twenty-five), and how a QA runs one of them by hand
    to see a failure and replay it."""
    from harness.selftest.catalogue import FAULTS

    small = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    tens = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}

    def in_words(n: int) -> str:
        if n >= 100:
            return f"{small[n // 100]} hundred" + (f" and {in_words(n % 100)}" if n % 100 else "")
        return small[n] if n < 20 else tens[n // 10] + (f"-{small[n % 10]}" if n % 10 else "")
    words = in_words(len(FAULTS))
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"plugs {words} deliberately faulty connectors" in readme, words
    assert "pytest features/ --connector harness.selftest.catalogue:drops_shipping" in readme
    assert "drops_shipping" in FAULTS


def test_a_failed_self_test_says_what_failed_in_words(tmp_path, monkeypatch, capsys) -> None:
    """The last line of a failed self-test names what failed, and only that, in words: it said
    "uncaught faults: none; failures not filed as Connector defect: none; reference passed all:
    False" when only the reference connector had failed scenarios (Python's False, and two
    problems that were none)."""
    import harness.selftest.__main__ as selftest

    monkeypatch.setattr(selftest, "_selected", lambda argv, scratch: (0, 128))
    monkeypatch.setattr(selftest, "FAULTS", {name: selftest.FAULTS[name] for name in ("posts_twice_on_retry",)})
    reference = selftest.SuiteRun(1, 128, [("Shopify keeps failing", "Connector defect: retries differ"),
                                           ("NetSuite keeps failing", "Connector defect: retries differ"),
                                           ("Shopify gives no answer", "Connector defect: status differs")])
    caught = selftest.SuiteRun(1, 1, [("Posting again", "Connector defect: refund doubled")])
    monkeypatch.setattr(selftest, "run_suite", lambda connector, args, scratch, paths=None: (
        caught if "posts_twice" in connector else reference))
    assert selftest._run_all([], tmp_path, None, False, None) == 1
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == ("SELF-TEST FAILED: the reference connector failed 3 of 128 scenarios, and must pass them all "
                    "(listed above)"), last


def test_a_fault_caught_only_as_a_python_error_of_its_own_fails_the_self_test(tmp_path, monkeypatch, capsys) -> None:
    """ignores_discounts read a field the connector's order no longer had, raised KeyError in every
    order sync, and was "caught" in every scenario by "Connector raised", proving nothing of discounts.
    A fault every catch of which is such a crash now fails the self-test; one caught by what it does
    passes, whatever else raised."""
    import harness.selftest.__main__ as selftest
    from harness.connector import _escaped

    crash = str(_escaped("sync of order 1 (method sync_order)", KeyError("price")))
    found = selftest._CRASH.search(crash)  # in the message the harness writes
    assert found is not None and found[1] == "KeyError: 'price'", crash
    assert not selftest._CRASH.search(str(_escaped("post of OT-1 (method post)", ValueError("no"))))
    monkeypatch.setattr(selftest, "_selected", lambda argv, scratch: (0, 128))
    monkeypatch.setattr(selftest, "FAULTS", {name: selftest.FAULTS[name] for name in ("ignores_discounts", "drops_shipping")})
    runs = {"ignores_discounts": selftest.SuiteRun(1, 2, [("A", "Connector defect: connector raised")] * 2,
                                                   ("KeyError: 'price'",) * 2),
            "drops_shipping": selftest.SuiteRun(1, 2, [("B", "Connector defect: amount differs"),
                                                       ("C", "Connector defect: connector raised")], ("KeyError: 'x'",)),
            "reference": selftest.SuiteRun(0, 128, [])}
    monkeypatch.setattr(selftest, "run_suite", lambda connector, args, scratch, paths=None: runs[
        next((name for name in runs if name in connector), "reference")])
    assert selftest._run_all([], tmp_path, None, False, None) == 1
    out = capsys.readouterr().out
    assert "ignores_discounts  2 scenario(s): A; A  <-- CAUGHT ONLY AS A CRASH (KeyError: 'price')" in out, out
    assert "CRASH" not in next(line for line in out.splitlines() if line.startswith("drops_shipping")), out
    assert out.strip().splitlines()[-1] == ("SELF-TEST FAILED: faults caught only as a Python error of their own, not "
                                            "by what they do: ignores_discounts"), out


#: Holds every faulty connector's run where its pytest collects, and says so through the FIFO named by
#: $HOLD_FIFO (the runs' output is the self-test's to read): the test interrupts the self-test there.
HOLD_FAULT_RUNS_PLUGIN = '''
import os
import time


def pytest_collection(session):
    if "catalogue:" in str(session.config.getoption("--connector")):
        with open(os.environ["HOLD_FIFO"], "w") as fifo:
            fifo.write("held\\n")
        time.sleep(120)
'''


@pytest.mark.runs_the_suite(seconds=5)  # the fork server's start, the listing, the runs up to the interrupt
def test_a_self_test_interrupted_says_so_and_stops_not_that_faults_went_uncaught(tmp_path: Path) -> None:
    """Ctrl-C while the faulty connectors run: each run stopped was read as a fault that no scenario
    caught, the self-test went on to start every other fault's runs, and it ended minutes later with
    a traceback or "SELF-TEST FAILED: uncaught faults: ...". Now it stops the runs, starts no other,
    and says it was interrupted, with the code of an interrupted run, 2 (docs/ci.md)."""
    import select
    import signal

    (tmp_path / "hold_fault_runs.py").write_text(HOLD_FAULT_RUNS_PLUGIN, encoding="utf-8")
    fifo = tmp_path / "held"
    os.mkfifo(fifo)
    held = os.open(fifo, os.O_RDWR)  # read and written here too: opening never waits, reading waits for a line
    process = subprocess.Popen([sys.executable, "-m", "harness.selftest", "--first", "-k",
                                "a_canceled_refund_is_not_posted_until_it_is_uncanceled", "-p", "hold_fault_runs"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": str(tmp_path), "HOLD_FIFO": str(fifo)})
    try:
        assert select.select([held], [], [], 120)[0], "no faulty connector's run started"
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the terminal's process group
        output, _ = process.communicate(timeout=60)  # not the minutes every other fault's runs take
    finally:
        os.close(held)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert "Traceback" not in output and "UNCAUGHT" not in output and "SELF-TEST FAILED" not in output, output[-3000:]
    assert process.returncode == 2, output[-3000:]
    assert output.strip().splitlines()[-1] == ("SELF-TEST INTERRUPTED (Ctrl-C, SIGINT or SIGTERM) before every fault was "
                                               "judged: no verdict on the faults; exit code 2"), output[-3000:]


@pytest.mark.parametrize("option", ["--co", "--collect-only", "--version", "--markers", "--fixtures", "--setup-plan"])
def test_an_option_that_makes_pytest_list_not_run_is_refused(option: str, monkeypatch, capsys) -> None:
    """``refundsim selftest --co`` ran every faulty connector's suite as a listing, ran no scenario,
    and called every fault uncaught: "SELF-TEST FAILED: uncaught faults: ..." (exit 1), after a
    minute. ``--version`` said "no scenario was selected: --version selects none". Refused before
    any run, saying why (exit 4)."""
    import harness.selftest.__main__ as selftest

    monkeypatch.setattr(selftest, "_run_all", lambda *args: pytest.fail("the self-test ran"))
    assert main(["-k", "refund", option]) == 4
    assert capsys.readouterr().err == (f"SELF-TEST NOT RUN: {option} makes pytest list, not run, the scenarios; the "
                                       "self-test runs them with each faulty connector: leave it out; exit code 4\n")


def test_its_own_option_given_twice_is_its_own_not_pytest_s(monkeypatch) -> None:
    """``make selftest PYTEST_ARGS=--first`` beside a ``--first`` of its own: pytest was given the
    second, and refused it ("unrecognized arguments: --first"), an option the self-test's usage lists."""
    import harness.selftest.__main__ as selftest

    seen: dict = {}
    monkeypatch.setattr(selftest, "_run_all", lambda argv, scratch, profile, first, reference: seen.update(
        argv=argv, first=first) or 0)
    assert main(["--first", "-k", "refund", "--first"]) == 0
    assert seen == {"argv": ["-k", "refund"], "first": True}, seen
