""""Each posted refund names the refund it created" reads the connector's ``target_record``, which
the protocol types as text (``woocommerce-refund:<id>``). A connector that answers something else
there (a faulty one put its vendor's ``{"id": "assumed"}`` answer) is a connector defect of that
step — not a crash of the harness, which the report would file under "Harness errors" (and the
self-test would then call the fault misfiled)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from harness.expectations import ConnectorDefect, said
from simulators.connector.protocol import OtherTransaction, RetrieveResult, Status
from steps.connector_steps import posted_names_target


class _Storefront:
    def source_of(self, order: Any, record: str) -> Any:
        kind, _, key = record.partition(":")  # as every storefront actor reads a record name
        return None


@pytest.mark.parametrize("target", [{"id": "assumed"}, 17, ["woocommerce-refund:1"]])
def test_a_target_record_that_is_not_text_is_a_connector_defect(target: Any) -> None:
    posted = OtherTransaction(id="OT-00001", source_channel="netsuite", order_id="701", amount="5.00", currency="USD",
                              status=Status.POSTED, target_record=target)
    connector = SimpleNamespace(transactions=lambda: [posted])
    with pytest.raises(ConnectorDefect) as defect:
        posted_names_target(None, connector, RetrieveResult(True, "", (posted,)),  # type: ignore[arg-type]
                            SimpleNamespace(id="701"),  # type: ignore[arg-type]
                            _Storefront(), SimpleNamespace(refunds_of=lambda order: []))  # type: ignore[arg-type]
    assert "OT-00001" in str(defect.value) and said(target) in str(defect.value)
