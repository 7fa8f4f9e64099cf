"""The simulators' app runs Flask's request cycle step for step (simulators/app.py's
``_SimulatorFlask`` leaves out only signals nobody listens to and repeated proxy lookups): the
same hooks in the same order, the same signals when something listens, the same answers, errors
and teardowns as Flask itself, for nested blueprints, ``after_this_request``, an error handled,
an error not handled and a ``before_request`` that answers."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Blueprint, Flask, after_this_request, signals

from simulators.app import _SimulatorFlask

PATHS = ["/parent/child/ok/7", "/parent/child/handled", "/parent/child/unhandled", "/parent/child/early", "/top",
         "/parent/child/abort", "/no/such/path"]


def _app(app_class: type[Flask], events: list[Any], listen: bool) -> Flask:
    app = app_class("cycle", static_folder=None)
    app.extensions["refundsim.services"] = {}  # what the armed-fault check reads (no tenant: no fault)
    parent, child = Blueprint("parent", __name__, url_prefix="/parent"), Blueprint("child", __name__, url_prefix="/child")

    def note(*event: Any) -> Any:
        """Record ``event``; ``None`` (an after-request hook returns ``note(...) or response``)."""
        events.append(event)
        return None

    def hooks(owner: Any, name: str) -> None:
        owner.url_value_preprocessor(lambda endpoint, values: note(name, "values", endpoint, dict(values or {})))
        owner.before_request(lambda: note(name, "before"))
        for order in (1, 2):  # two of each: they run in their own order (after and teardown: last first)
            owner.after_request(lambda response, _order=order: note(name, "after", _order, response.status_code) or response)
            owner.teardown_request(lambda exc, _order=order: note(name, "teardown", _order, type(exc).__name__))

    hooks(app, "app")
    hooks(parent, "parent")
    hooks(child, "child")
    child.before_request(lambda: "answered early" if request_path() == "/parent/child/early" else None)
    for order in (1, 2):
        app.teardown_appcontext(lambda exc, _order=order: note("app", "teardown appcontext", _order, type(exc).__name__))
    app.errorhandler(KeyError)(lambda exc: ("handled", 418))

    @child.get("/ok/<int:number>")
    def ok(number: int) -> str:
        after_this_request(lambda response: note("view", "after this request") or response)
        return f"ok {number}"

    @child.get("/handled")
    def handled() -> str:
        raise KeyError("x")

    @child.get("/unhandled")
    def unhandled() -> str:
        raise ValueError("y")

    @child.get("/abort")
    def abort_() -> str:
        from flask import abort
        abort(409)

    @app.get("/top")
    def top() -> str:
        return "top"

    parent.register_blueprint(child)
    app.register_blueprint(parent)
    if listen:
        for signal in (signals.request_started, signals.request_finished, signals.request_tearing_down,
                       signals.appcontext_tearing_down, signals.got_request_exception):
            signal.connect(lambda sender, _name=signal.name, **extra: note("signal", _name, sorted(extra)), app, weak=False)
    return app


def request_path() -> str:
    from flask import request
    return request.path


@pytest.mark.parametrize("listen", [False, True])
@pytest.mark.parametrize("path", PATHS)
def test_the_cycle_is_flasks(path: str, listen: bool) -> None:
    runs = []
    for app_class in (Flask, _SimulatorFlask):
        events: list[Any] = []
        app = _app(app_class, events, listen)
        app.testing = False  # unhandled errors become 500 answers, as served
        response = app.test_client().get(path)
        runs.append((response.status_code, response.get_data(), events))
    assert runs[0] == runs[1]
    assert runs[0][2], "the hooks ran"
