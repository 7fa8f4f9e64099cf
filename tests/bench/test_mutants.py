"""The mutation-testing tool (``make mutants``, bench/mutants/) on tiny sample modules: the mutants
each operator makes, ids that survive line shifts, the equivalents file, mutants put into and taken
out of live modules, and one end-to-end run against a three-test sample (a few seconds: the full
run against the feature suite is a benchmark, not a test)."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from bench.mutants import equivalents
from bench.mutants.mutate import ModuleMutants, Target
from bench.mutants.run import Config, RunError, run
from bench.mutants.worker import LiveModule


def module_mutants(tmp_path: Path, source: str, name: str = "sample") -> ModuleMutants:
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return ModuleMutants(Target(name, path))


def described(mutants: ModuleMutants, *operators: str) -> list[tuple[str, str, str]]:
    """Each mutant's id and snippets; only those of ``operators`` when any are given."""
    return [(m.id, m.original, m.mutated) for m in mutants.mutants if not operators or m.operator in operators]


OPERATORS_SAMPLE = '''
    """A module docstring is never deleted."""
    from __future__ import annotations

    LIMIT: int = 3


    def check(a: int, b: int = 2) -> int | None:
        """A docstring."""
        if a == b and a < LIMIT:
            return a + b
        flag = not a
        return True
'''


def test_each_operator_makes_the_mutants_expected(tmp_path: Path) -> None:
    assert described(module_mutants(tmp_path, OPERATORS_SAMPLE)) == [
        ("sample.py:<module>:assignment#1", "LIMIT: int = 3", "LIMIT: int = None"),
        ("sample.py:<module>:constant#1", "3", "4"),
        ("sample.py:<module>:constant#2", "2", "3"),  # a default value: evaluated when the module loads
        ("sample.py:check:negate#1", "a == b and a < LIMIT", "not (a == b and a < LIMIT)"),
        ("sample.py:check:and-or#1", "a == b and a < LIMIT", "a == b or a < LIMIT"),
        ("sample.py:check:compare#1", "a == b", "a != b"),
        ("sample.py:check:compare#2", "a < LIMIT", "a <= LIMIT"),
        ("sample.py:check:return#1", "return a + b", "return None"),
        ("sample.py:check:arithmetic#1", "a + b", "a - b"),
        ("sample.py:check:delete#1", "flag = not a", "pass"),
        ("sample.py:check:assignment#1", "flag = not a", "flag = None"),
        ("sample.py:check:negate#2", "not a", "a"),
        ("sample.py:check:return#2", "return True", "return None"),
        ("sample.py:check:boolean#1", "True", "False"),
    ]


def test_the_other_forms_and_what_is_never_mutated(tmp_path: Path) -> None:
    mutants = module_mutants(tmp_path, '''
        from decimal import Decimal


        class Book:
            ready: bool = False

            @staticmethod
            def scan(items, total, label):
                while total >= 1:
                    total -= 1
                kept = [i for i in items if i is not None]
                share = total ** 2 if kept else total // 2
                cent = Decimal("0.01")
                return f"{label}: {total + 1}" + "%s" % label + ("x" if label in items else "y")
    ''')
    eight = ("compare", "arithmetic", "constant", "boolean", "and-or", "negate", "delete", "return")
    assert described(mutants, *eight) == [
        ("sample.py:Book:boolean#1", "False", "True"),
        ("sample.py:Book.scan:negate#1", "total >= 1", "not total >= 1"),
        ("sample.py:Book.scan:compare#1", "total >= 1", "total > 1"),
        ("sample.py:Book.scan:constant#1", "total >= 1", "total >= 2"),
        ("sample.py:Book.scan:delete#1", "total -= 1", "pass"),
        ("sample.py:Book.scan:arithmetic#1", "total -= 1", "total += 1"),
        ("sample.py:Book.scan:constant#2", "1", "2"),
        ("sample.py:Book.scan:delete#2", "kept = [i for i in items if i is not None]", "pass"),
        ("sample.py:Book.scan:compare#2", "i is not None", "i is None"),  # its negation: no negate mutant
        ("sample.py:Book.scan:delete#3", "share = total ** 2 if kept else total // 2", "pass"),
        ("sample.py:Book.scan:negate#2", "kept", "not kept"),
        ("sample.py:Book.scan:arithmetic#2", "total ** 2", "total * 2"),
        ("sample.py:Book.scan:constant#3", "total ** 2", "total ** 3"),
        ("sample.py:Book.scan:arithmetic#3", "total // 2", "total / 2"),
        ("sample.py:Book.scan:constant#4", "total // 2", "total // 3"),
        ("sample.py:Book.scan:delete#4", "cent = Decimal('0.01')", "pass"),
        ("sample.py:Book.scan:constant#5", "Decimal('0.01')", "Decimal('1.01')"),
        ("sample.py:Book.scan:return#1",
         "return f'{label}: {total + 1}' + '%s' % label + ('x' if label in items else 'y')", "return None"),
        # the f-string and the string formatting are left alone; the concatenation is arithmetic
        ("sample.py:Book.scan:arithmetic#4", "f'{label}: {total + 1}' + '%s' % label + ('x' if label in items else 'y')",
         "f'{label}: {total + 1}' + '%s' % label - ('x' if label in items else 'y')"),
        ("sample.py:Book.scan:arithmetic#5", "f'{label}: {total + 1}' + '%s' % label",
         "f'{label}: {total + 1}' - '%s' % label"),
        ("sample.py:Book.scan:compare#3", "label in items", "label not in items"),
    ]


def test_the_string_operator_mutates_names_used_as_data_not_words_for_people(tmp_path: Path) -> None:
    mutants = module_mutants(tmp_path, '''
        from dataclasses import dataclass, field


        @dataclass
        class Settings:
            channel: str = field(default="shopify", metadata={"doc": "the storefront"})


        def read(order, log):
            status = order.get("status", "open")
            if status in ("CLOSED", "REFUNDED") or order["kind"] == "refund":
                log("Refund closed", f"{status}")
            return {"refundMethod": "cash", "memo": "Refund from the storefront"}
    ''')
    assert described(mutants, "string") == [
        ("sample.py:Settings:string#1", "default='shopify'", "default='XXshopifyXX'"),  # not its documentation
        ("sample.py:read:string#1", "order.get('status', 'open')", "order.get('XXstatusXX', 'open')"),
        ("sample.py:read:string#2", "order.get('status', 'open')", "order.get('status', 'XXopenXX')"),
        ("sample.py:read:string#3", "'CLOSED'", "'XXCLOSEDXX'"),
        ("sample.py:read:string#4", "'REFUNDED'", "'XXREFUNDEDXX'"),
        ("sample.py:read:string#5", "order['kind']", "order['XXkindXX']"),
        ("sample.py:read:string#6", "order['kind'] == 'refund'", "order['kind'] == 'XXrefundXX'"),
        ("sample.py:read:string#7", "'refundMethod'", "'XXrefundMethodXX'"),
        ("sample.py:read:string#8", "'memo'", "'XXmemoXX'"),  # a dict's keys come before its values
        ("sample.py:read:string#9", "'cash'", "'XXcashXX'"),
    ]  # the messages, with a space, and the f-string are words for people


def test_the_argument_and_assignment_operators_make_mutmut_s_mutants(tmp_path: Path) -> None:
    mutants = module_mutants(tmp_path, '''
        TOTAL = None


        def post(session, lines, url):
            total = 0
            for line in lines:
                total += line.get("amount", 0)
            session.post(url, json={"total": total}, **extra(url))
            return round(total, 2)
    ''')
    assert described(mutants, "argument", "assignment") == [
        ("sample.py:<module>:assignment#1", "TOTAL = None", "TOTAL = ''"),
        ("sample.py:post:assignment#1", "total = 0", "total = None"),
        ("sample.py:post:assignment#2", "total += line.get('amount', 0)", "total = line.get('amount', 0)"),
        ("sample.py:post:argument#1", "line.get('amount', 0)", "line.get(None, 0)"),
        ("sample.py:post:argument#2", "line.get('amount', 0)", "line.get('amount', None)"),
        ("sample.py:post:argument#3", "line.get('amount', 0)", "line.get(0)"),
        ("sample.py:post:argument#4", "line.get('amount', 0)", "line.get('amount')"),  # the default forgotten
        # each argument None (not **kwargs), then each left out, **kwargs among them
        ("sample.py:post:argument#5", "session.post(url, json={'total': total}, **extra(url))",
         "session.post(None, json={'total': total}, **extra(url))"),
        ("sample.py:post:argument#6", "session.post(url, json={'total': total}, **extra(url))",
         "session.post(url, json=None, **extra(url))"),
        ("sample.py:post:argument#7", "session.post(url, json={'total': total}, **extra(url))",
         "session.post(json={'total': total}, **extra(url))"),
        ("sample.py:post:argument#8", "session.post(url, json={'total': total}, **extra(url))",
         "session.post(url, **extra(url))"),
        ("sample.py:post:argument#9", "session.post(url, json={'total': total}, **extra(url))",
         "session.post(url, json={'total': total})"),
        ("sample.py:post:argument#10", "extra(url)", "extra(None)"),  # a call of one argument: only None
        ("sample.py:post:argument#11", "round(total, 2)", "round(None, 2)"),
        ("sample.py:post:argument#12", "round(total, 2)", "round(total, None)"),
        ("sample.py:post:argument#13", "round(total, 2)", "round(2)"),
        ("sample.py:post:argument#14", "round(total, 2)", "round(total)"),
    ]
    for mutant in mutants.mutants:
        mutants.code(mutant.id)  # each compiles


def test_the_lambda_keyword_and_method_operators_make_mutmut_s_mutants(tmp_path: Path) -> None:
    mutants = module_mutants(tmp_path, '''
        def scan(items, text):
            key = sorted(items, key=lambda pair: pair[1])
            done = lambda: None
            for item in items:
                if item is None:
                    continue
                if item == 3:
                    break
            head, _, tail = text.rpartition(":")
            return text.lower().split(",", 1) + text.split(",") + [text.strip().index("a")]
    ''')
    assert described(mutants, "lambda", "keyword", "method") == [
        ("sample.py:scan:lambda#1", "lambda pair: pair[1]", "lambda pair: None"),
        ("sample.py:scan:lambda#2", "lambda: None", "lambda: 0"),  # a body already None: 0
        ("sample.py:scan:keyword#1", "continue", "break"),
        ("sample.py:scan:keyword#2", "break", "return"),
        ("sample.py:scan:method#1", "text.rpartition(':')", "text.partition(':')"),
        ("sample.py:scan:method#2", "text.lower().split(',', 1)", "text.lower().rsplit(',', 1)"),
        ("sample.py:scan:method#3", "text.lower()", "text.upper()"),
        # text.split(",") has no maxsplit: split and rsplit answer alike, so no mutant
        ("sample.py:scan:method#4", "text.strip().index('a')", "text.strip().rindex('a')"),
    ]
    for mutant in mutants.mutants:
        mutants.code(mutant.id)  # each compiles


def test_the_line_shown_mutated_has_the_mutation_where_the_node_is(tmp_path: Path) -> None:
    """The line shown after a mutation puts the mutated node at its own columns, not at the first
    text equal to it: ``x / d if d else 0`` negated was shown as ``x / not d if d else 0`` (the
    divisor, the first ``d``), sending the reader after a mutant that was not run."""
    mutants = module_mutants(tmp_path, '''
        def share(x, d):
            return x / d if d else 0
    ''')
    negated = next(m for m in mutants.mutants if m.operator == "negate")
    assert (negated.source_line, negated.mutated_line) == ("return x / d if d else 0", "return x / d if not d else 0")
    wide = module_mutants(tmp_path, '''
        def named(é, d):
            return "é" + str(d if d else é)
    ''', name="wide")
    negated = next(m for m in wide.mutants if m.operator == "negate")
    assert negated.mutated_line == 'return "é" + str(d if not d else é)'  # columns are UTF-8 bytes


def test_every_mutant_compiles_to_the_code_of_its_unit(tmp_path: Path) -> None:
    mutants = module_mutants(tmp_path, OPERATORS_SAMPLE)
    for mutant in mutants.mutants:
        code = mutants.code(mutant.id)
        if mutant.unit[0] == "function":
            assert code.co_qualname == "check"
        else:
            assert code.co_name == "<module>"


def test_ids_and_snippets_survive_lines_moving_and_edits_elsewhere(tmp_path: Path) -> None:
    before = module_mutants(tmp_path, OPERATORS_SAMPLE)
    moved = module_mutants(tmp_path, OPERATORS_SAMPLE.replace('    LIMIT: int = 3\n', '''    LIMIT: int = 3


    def added_above(x):
        """A new function, and new lines, above check()."""
        return x > 1 and x < 9
'''), name="sample")
    check = [(m.id, m.original, m.mutated) for m in before.mutants if m.scope == "check"]
    assert [(m.id, m.original, m.mutated) for m in moved.mutants if m.scope == "check"] == check
    assert [m.line for m in moved.mutants if m.scope == "check"] == [m.line + 5 for m in before.mutants if m.scope == "check"]


def test_an_equivalent_entry_follows_its_mutant_when_its_number_shifts_and_goes_stale_when_the_code_changes(
        tmp_path: Path) -> None:
    entry = equivalents.Equivalent("sample.py:check:compare#2", "a < LIMIT", "a <= LIMIT", "a reason")
    mutants = module_mutants(tmp_path, OPERATORS_SAMPLE).mutants
    assert equivalents.match([entry], mutants) == ({"sample.py:check:compare#2": entry}, [])

    shifted = module_mutants(tmp_path, OPERATORS_SAMPLE.replace("if a == b", "if a > 0 and a == b")).mutants
    matched, stale = equivalents.match([entry], shifted)
    assert list(matched) == ["sample.py:check:compare#3"] and stale == []

    changed = module_mutants(tmp_path, OPERATORS_SAMPLE.replace("a < LIMIT", "a < LIMIT + 1")).mutants
    matched, stale = equivalents.match([entry], changed)
    assert matched == {}
    assert stale == ["sample.py:check:compare#2: the code changed (the entry says 'a < LIMIT' → 'a <= LIMIT', the "
                     "mutant is now 'a < LIMIT + 1' → 'a <= LIMIT + 1'); check it again"]

    gone = module_mutants(tmp_path, OPERATORS_SAMPLE.replace("and a < LIMIT", "")).mutants
    assert equivalents.match([entry], gone)[1] == ["sample.py:check:compare#2: matches no mutant any more "
                                                   "('a < LIMIT' → 'a <= LIMIT')"]


def test_the_equivalents_file_needs_a_reason_for_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "equivalents.toml"
    path.write_text('[[equivalent]]\nid = "a.py:f:compare#1"\noriginal = "a < b"\nmutated = "a <= b"\nreason = " "\n')
    with pytest.raises(equivalents.EquivalentsError, match=r"entry 1 \(a.py:f:compare#1\) needs reason"):
        equivalents.load(path)


def test_the_project_s_equivalents_file_is_well_formed_and_explains_each_entry() -> None:
    entries = equivalents.load(Path("bench/mutants/equivalents.toml"))
    assert len({entry.id for entry in entries}) == len(entries)
    assert all(len(entry.reason) >= 40 for entry in entries)


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A two-module package on sys.path: ``mutpkg.rates`` and ``mutpkg.prices``, which imports from it."""
    root = tmp_path / "mutpkg"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "rates.py").write_text("RATE = 2\n\n\ndef tax(price):\n    return price * RATE\n")
    (root / "prices.py").write_text("from .rates import RATE, tax\n\n\ndef total(price):\n    return price * RATE + tax(price)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    for name in [name for name in sys.modules if name == "mutpkg" or name.startswith("mutpkg.")]:
        del sys.modules[name]


def test_a_function_mutant_is_swapped_in_and_out_of_the_live_function(package: Path) -> None:
    live = LiveModule(ModuleMutants(Target("mutpkg.rates", package / "rates.py")))
    from mutpkg import prices, rates

    restore = live.apply(next(m for m in live.mutants.mutants if m.id == "rates.py:tax:arithmetic#1"))
    assert rates.tax(10) == 5 and prices.tax is rates.tax and prices.total(10) == 25  # price / RATE, everywhere
    assert live.changes() == ["tax.4 has mutated code"]
    restore()
    assert rates.tax(10) == 20 and prices.total(10) == 40
    assert live.changes() == []


def test_a_module_constant_mutant_is_rebound_where_the_package_imported_it_then_put_back(package: Path) -> None:
    live = LiveModule(ModuleMutants(Target("mutpkg.rates", package / "rates.py")))
    from mutpkg import prices, rates

    restore = live.apply(next(m for m in live.mutants.mutants if m.id == "rates.py:<module>:constant#1"))
    assert (rates.RATE, prices.RATE, prices.total(10)) == (3, 3, 60)
    assert "mutpkg.rates.RATE is another object" in live.changes()
    restore()
    assert (rates.RATE, prices.RATE, prices.total(10)) == (2, 2, 40)
    assert live.changes() == []


def test_a_restore_that_leaves_anything_behind_is_reported(package: Path) -> None:
    live = LiveModule(ModuleMutants(Target("mutpkg.rates", package / "rates.py")))
    from mutpkg import prices

    live.apply(next(m for m in live.mutants.mutants if m.id == "rates.py:<module>:constant#1"))
    live.restore_statement()
    prices.RATE = 7  # as if the undoing had missed one place
    assert live.changes() == ["mutpkg.prices.RATE is still rebound"]


SAMPLE = '''
    RATE = 2


    def spin(n):
        while n > 0:
            n -= 1
        return n


    def total(price, quantity):
        return price * quantity * RATE


    def is_free(price):
        return price <= 0


    def absolute(x):
        return x if x >= 0 else -x


    def never_called(x):
        return x + 1
'''

SAMPLE_TESTS = '''
    from prices import absolute, is_free, spin, total


    def test_total():
        assert total(2, 3) == 12


    def test_is_free():
        assert is_free(-1) and not is_free(5)  # never at 0: `<=` → `<` survives


    def test_absolute():
        assert absolute(-3) == 3 and absolute(4) == 4


    def test_spin():
        assert spin(3) == 0
'''


def test_a_run_kills_survives_times_out_and_counts_equivalents_as_it_should(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "prices.py").write_text(textwrap.dedent(SAMPLE))
    (tmp_path / "test_prices.py").write_text(textwrap.dedent(SAMPLE_TESTS))
    (tmp_path / "equivalents.toml").write_text(textwrap.dedent('''
        [[equivalent]]
        id = "prices.py:absolute:compare#1"
        original = "x >= 0"
        mutated = "x > 0"
        reason = "At 0 both branches give 0 (-0 == 0 for integers): no caller can tell them apart."
    '''))
    chosen = ("prices.py:total:arithmetic#1",      # killed by test_total
              "prices.py:is_free:compare#1",       # survives: no test at 0
              "prices.py:absolute:compare#1",      # equivalent
              "prices.py:spin:arithmetic#1",       # n += 1: never ends, killed by the time limit
              "prices.py:<module>:constant#1",     # RATE = 3, rebound in the live module: killed
              "prices.py:never_called:return#1")   # no test executes it
    config = Config(targets=[Target("prices", tmp_path / "prices.py")], pytest_args=["-q", "-p", "no:cacheprovider", "--disable-plugin-autoload"],
                    cwd=tmp_path, equivalents=tmp_path / "equivalents.toml", workers=1, time_limit=1.0,
                    time_factor=5.0, ids=chosen)
    report = run(config)

    outcome = {r.mutant.id: (r.status, r.how, r.by and r.by.rpartition("::")[2]) for r in report.results}
    assert outcome == {
        "prices.py:total:arithmetic#1": ("killed", "failure", "test_total"),
        "prices.py:is_free:compare#1": ("survived", "", None),
        "prices.py:absolute:compare#1": ("equivalent", "", None),
        "prices.py:spin:arithmetic#1": ("killed", "timeout", "test_spin"),
        "prices.py:<module>:constant#1": ("killed", "failure", "test_total"),
        "prices.py:never_called:return#1": ("survived", "", None),
    }
    survivor = next(r for r in report.results if r.mutant.id == "prices.py:is_free:compare#1")
    assert survivor.ran == ["test_prices.py::test_is_free"]
    assert (survivor.mutant.source_line, survivor.mutant.mutated_line) == ("return price <= 0", "return price < 0")
    assert report.score == 3 / 5 and report.stale == [] and report.scenarios == 4
    # One worker tests the mutants in source order: RATE, then spin (a timeout: a new worker
    # starts), then total, is_free and absolute in that new session, which finally runs every
    # test unmutated: had a mutant stayed in, test_total would fail there and run() would raise.
    assert "final check" in report.seconds


def test_a_run_refuses_to_judge_mutants_when_the_original_code_fails(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "prices.py").write_text(textwrap.dedent(SAMPLE))
    (tmp_path / "test_prices.py").write_text(textwrap.dedent(SAMPLE_TESTS).replace("== 12", "== 13"))
    config = Config(targets=[Target("prices", tmp_path / "prices.py")], pytest_args=["-q", "-p", "no:cacheprovider", "--disable-plugin-autoload"],
                    cwd=tmp_path, equivalents=tmp_path / "none.toml", workers=1, ids=("prices.py:total:arithmetic#1",))
    with pytest.raises(RunError, match="the original code fails test_prices.py::test_total"):
        run(config)
