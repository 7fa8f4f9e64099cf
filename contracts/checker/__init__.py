"""The contract checker: one place that knows each simulated service's contract and holds every
answer to it.

- eBay: the Sell Fulfillment API's OpenAPI document, by operation; the Post-Order API's types, by
  call (:mod:`.ebay`).
- NetSuite: the REST API Browser's record fields, by record type, and the collection, error,
  SuiteQL, async-job and token shapes (:mod:`.netsuite`).
- Shopify: the REST resources' fields, by resource (:mod:`.shopify_rest`); GraphQL answers against
  their own query and Shopify's introspection of the version (:mod:`.shopify_graphql`, plugged in
  with :meth:`Registry.extend <.core.Registry.extend>` and imported at the first GraphQL answer).
- Magento 2: Adobe's admin REST schema 2.4.9, by operation (:mod:`.magento`).
- WooCommerce: the refund schema derived from ``get_item_schema()`` and the community OpenAPI's
  order, every field required (:mod:`.woocommerce`).

A field the contract does not have is a violation unless the service's FIDELITY.md lists it, with
its reason, in its "Beyond the contract" table. The app factory installs :func:`install` when its
``CONTRACT_CHECKS`` setting is on (the test suites turn it on; ``--no-contract-checks`` turns it off).
"""

from __future__ import annotations

from typing import Any

from . import ebay, magento, netsuite, shopify_rest, woocommerce
from .core import REGISTRY, Answer, AnswerCheck, ContractError, Registry, ServiceContract, Violation, install


def _check_shopify_graphql(answer: Answer, body: Any) -> Violation | None:
    # Imported here, at the first GraphQL answer: graphql-core takes about 0.1 s to import, in every
    # process that imports the checker, and most runs (the feature suite's among them) never call GraphQL.
    from .shopify_graphql import check

    return check(answer, body)


def _route_shopify_graphql(contract: ServiceContract) -> None:
    """Route the Shopify contract's ``graphql.json`` answers to :func:`.shopify_graphql.check`."""
    contract.route("POST", f"{shopify_rest.PREFIX}/{{version}}/graphql.json", _check_shopify_graphql)


REGISTRY.register((ebay.FULFILLMENT_PREFIX, ebay.POST_ORDER_PREFIX), ebay.build)
REGISTRY.register((netsuite.ROOT,), netsuite.build)
REGISTRY.register((shopify_rest.PREFIX,), shopify_rest.build)
REGISTRY.register((magento.PREFIX,), magento.build)
REGISTRY.register((woocommerce.PREFIX,), woocommerce.build)
REGISTRY.register(("/_sim/tenants/",), ebay.build_control_echo)
REGISTRY.register(("/_sim/tenants/",), magento.build_control_echo)
REGISTRY.register(("/_sim/tenants/",), woocommerce.build_control_echo)
REGISTRY.extend("shopify", _route_shopify_graphql)

__all__ = ["REGISTRY", "Answer", "AnswerCheck", "ContractError", "Registry", "ServiceContract", "Violation", "install"]
