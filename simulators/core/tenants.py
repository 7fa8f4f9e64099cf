"""Tenants: one isolated world each — a NetSuite account, a Shopify shop, an eBay seller, a Magento
store, a WooCommerce store and a connector account — with its own clock, seeded randomness and
request journal.

**Resolving the tenant of a request happens here, and only here** (:meth:`TenantRegistry.resolve`).
Each service's ``auth`` module pulls the credential out of the request and verifies it; the lookup
from credential to tenant is this table:

===========  ===========================================  =================================
service      credential                                    key
===========  ===========================================  =================================
netsuite     OAuth 1.0a ``oauth_token`` (realm checked)    ``netsuite_token``
netsuite     OAuth 2.0 client id (= consumer key)          ``netsuite_client``
netsuite     OAuth 2.0 bearer access token (minted later)  ``netsuite_bearer``
shopify      ``X-Shopify-Access-Token``                    ``shopify_token``
ebay         ``Authorization: Bearer <token>``             ``ebay_token``
magento      integration access token (OAuth 1.0a          ``magento_token``
             ``oauth_token``, or ``Authorization: Bearer``)
magento      integration consumer key (``oauth_consumer``  ``magento_consumer``
             ``_key``)
woocommerce  REST API consumer key ``ck_...`` (Basic       ``woocommerce_key``
             auth, ``consumer_key`` or
             ``oauth_consumer_key``; the store checks the
             secret and the signature)
===========  ===========================================  =================================

Service state is created lazily the first time a service touches a tenant, from the factories the
app registers (:meth:`TenantRegistry.register_service`), and :meth:`Tenant.reset` simply drops it,
so a reset of one tenant never touches another.
"""

from __future__ import annotations

import random
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from faker import Faker

from simulators.netsuite import certificates
from simulators.netsuite.certificates import M2MMapping

from .clock import Clock, process_now
from .journal import Journal

ServiceFactory = Callable[["Tenant"], Any]


@dataclass(frozen=True)
class NetSuiteCredentials:
    account_id: str
    consumer_key: str
    consumer_secret: str
    token_id: str
    token_secret: str


@dataclass(frozen=True)
class ShopifyCredentials:
    shop: str
    access_token: str
    api_version: str
    webhook_secret: str


@dataclass(frozen=True)
class EbayCredentials:
    access_token: str
    marketplace_id: str


@dataclass(frozen=True)
class WooCommerceCredentials:
    """A WooCommerce REST API key (WooCommerce > Settings > Advanced > REST API) of the store's
    administrator, and where the store's API lives below the simulators' base URL."""

    consumer_key: str
    consumer_secret: str
    key_permissions: str
    version: str
    api_root: str


@dataclass(frozen=True)
class MagentoCredentials:
    """A Magento integration's four OAuth 1.0a credentials (32 characters each, as Magento makes
    them) and the store view whose code the REST paths name (``/rest/<store_code>/V1/...``)."""

    store_code: str
    consumer_key: str
    consumer_secret: str
    access_token: str
    access_token_secret: str


@dataclass
class Tenant:
    """One isolated world. Services keep their state in :meth:`state`."""

    id: str
    seed: int
    netsuite: NetSuiteCredentials
    shopify: ShopifyCredentials
    ebay: EbayCredentials
    woocommerce: WooCommerceCredentials
    magento: MagentoCredentials
    #: The NetSuite integration's OAuth 2.0 Client Credentials (M2M) Setup mapping: the certificate
    #: that verifies its client assertions (simulators/netsuite/certificates.py).
    netsuite_m2m: M2MMapping
    settings: dict[str, Any]
    _factories: dict[str, ServiceFactory]
    clock: Clock = field(default_factory=Clock)
    journal: Journal = field(default_factory=Journal)
    lock: threading.RLock = field(default_factory=threading.RLock)
    _state: dict[str, Any] = field(default_factory=dict)
    _random: random.Random = field(init=False)
    _faker: Faker | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self._seed_generators()

    def _seed_generators(self) -> None:
        self._random = random.Random(self.seed)
        self._faker = None  # built on first use: a Faker costs milliseconds and most tenants never need one

    @property
    def random(self) -> random.Random:
        """The tenant's seeded random source: every generated id comes from here."""
        return self._random

    @property
    def faker(self) -> Faker:
        """The tenant's seeded Faker: every generated name, address or title comes from here."""
        with self.lock:
            if self._faker is None:
                self._faker = Faker("en_US")
                self._faker.seed_instance(self.seed)
            return self._faker

    def state(self, service: str) -> Any:
        """The state of ``service`` for this tenant, created on first use."""
        with self.lock:
            if service not in self._state:
                self._state[service] = self._factories[service](self)
            return self._state[service]

    def peek(self, service: str) -> Any | None:
        """The state of ``service`` if it was already created, without creating it (creating it
        would draw from the seeded random source and shift every later id)."""
        with self.lock:
            return self._state.get(service)

    def reset(self) -> None:
        """Forget every record, journal entry and clock offset; keep the credentials and seed."""
        with self.lock:
            self.close()
            self._state.clear()
            self.journal.clear()
            self.clock = Clock()
            self._seed_generators()

    def close(self) -> None:
        """Let go of what the services' states hold (a state may define ``close()``): faults stop
        holding requests, the served connector closes its sessions. Called when the tenant is reset
        or deleted and when the server stops."""
        with self.lock:
            states = list(self._state.values())
        for state in states:
            close = getattr(state, "close", None)
            if callable(close):
                close()

    def describe(self) -> dict[str, Any]:
        """The tenant as ``POST /_sim/tenants`` answers it (a stable contract: README, "The simulators on their own").

        ``netsuite`` adds to the TBA credentials the M2M mapping's ``m2m_certificate_id`` (the
        assertion's ``kid``) and, when the simulator made the key pair, ``m2m_private_key`` (PKCS#8
        PEM) to sign the assertion with; a creator who uploaded a certificate keeps its own key."""
        netsuite: dict[str, str] = {**vars(self.netsuite), "m2m_certificate_id": self.netsuite_m2m.certificate_id}
        if self.netsuite_m2m.private_key_pem is not None:
            netsuite["m2m_private_key"] = self.netsuite_m2m.private_key_pem
        return {
            "tenant": self.id,
            "seed": self.seed,
            "netsuite": netsuite,
            "shopify": vars(self.shopify).copy(),
            "ebay": vars(self.ebay).copy(),
            "woocommerce": vars(self.woocommerce).copy(),
            "magento": vars(self.magento).copy(),
            "settings": self.settings,
        }


#: The largest tenant seed (``POST /_sim/tenants`` ``{"seed"}``, the harness's ``--seed``): 2**53 - 1,
#: the largest integer every JSON reader keeps exactly — the report shows the seed, and a larger
#: one read back rounded replays another tenant's data.
MAX_SEED = 2**53 - 1


class TenantRegistry:
    """All tenants of one simulator process; safe under concurrent requests."""

    def __init__(self, *, default_api_version: str = "2025-01") -> None:
        self._tenants: dict[str, Tenant] = {}
        self._by_credential: dict[tuple[str, str], Tenant] = {}
        self._factories: dict[str, ServiceFactory] = {}
        self._account_ids: set[str] = set()
        self._lock = threading.Lock()
        self._default_api_version = default_api_version

    @staticmethod
    def secret(nbytes: int) -> str:
        """A new credential of ``nbytes`` random bytes, as hex. Every credential of a tenant comes
        from here (a test that must recognise them anywhere replaces it)."""
        return secrets.token_hex(nbytes)

    def _reserve_account_id(self) -> str:
        """A NetSuite test drive account id, ``TSTDRV`` and 7 digits as NetSuite gives them (valid in
        ``realm`` and in the account's host name ``tstdrv1234567.suitetalk.api.netsuite.com``), that
        no live tenant of this registry has: a connector may well key its state by account, and
        tenants run side by side. Unrelated to the tenant id, because an account id is no secret
        (every request's ``realm``, a 401's ``WWW-Authenticate``, a bearer token's ``sub`` carry
        it). Call with the lock held."""
        while (account_id := f"TSTDRV{1_000_000 + secrets.randbelow(9_000_000)}") in self._account_ids:
            pass
        self._account_ids.add(account_id)
        return account_id

    def register_service(self, name: str, factory: ServiceFactory) -> None:
        """Declare how ``name``'s per-tenant state is built (called by the app factory)."""
        self._factories[name] = factory

    def create(self, seed: int | None = None, settings: dict[str, Any] | None = None) -> Tenant:
        """Create a tenant with fresh credentials. ``seed`` drives all of its generated data.

        Its id is ``t-`` and 32 hex digits: 128 random bits, so that nobody guesses one. They come
        from ``secrets``, not from the seed: two tenants of one seed (a replay beside the original,
        ``--seed`` with ``-n``) must not share an id, and no evidence shows it (no vendor path or
        answer the harness records names it), so seeded runs replay byte for byte all the same.

        The NetSuite integration's M2M mapping is the certificate ``settings.netsuite.m2m_certificate``
        (PEM) or, without one, a key pair made here; its id is ``settings.netsuite.m2m_certificate_id``
        or one made as NetSuite makes it (:mod:`simulators.netsuite.certificates`). The key pair comes
        from the operating system's randomness, as every credential, not from the seed.

        :raise certificates.CertificateRefused: the certificate given is not one NetSuite's M2M setup
            takes (nothing is created).
        """
        netsuite_settings = (settings or {}).get("netsuite", {})
        certificate_id = netsuite_settings.get("m2m_certificate_id") or certificates.new_certificate_id()
        upload = netsuite_settings.get("m2m_certificate")
        # Before anything is reserved: a refused upload leaves the registry as it was.
        m2m = certificates.generated(certificate_id, process_now()) if upload is None else \
            certificates.uploaded(upload, certificate_id, process_now())
        tenant_id = f"t-{secrets.token_hex(16)}"
        with self._lock:
            account_id = self._reserve_account_id()
        tenant = Tenant(
            id=tenant_id,
            seed=seed if seed is not None else secrets.randbelow(2**31),
            netsuite=NetSuiteCredentials(
                account_id=account_id,
                consumer_key=self.secret(32),
                consumer_secret=self.secret(32),
                token_id=self.secret(32),
                token_secret=self.secret(32),
            ),
            shopify=ShopifyCredentials(
                shop=f"{tenant_id}.myshopify.com",
                access_token=f"shpat_{self.secret(16)}",
                api_version=self._default_api_version,
                webhook_secret=self.secret(16),
            ),
            ebay=EbayCredentials(access_token=f"v^1.1#i^1#{self.secret(24)}", marketplace_id="EBAY_US"),
            # WooCommerce keys are "ck_"/"cs_" and 40 hex digits (wc_rand_hash()).
            woocommerce=WooCommerceCredentials(
                consumer_key=f"ck_{self.secret(20)}", consumer_secret=f"cs_{self.secret(20)}",
                key_permissions="read_write", version="wc/v3", api_root="/wp-json/wc/v3",
            ),
            magento=MagentoCredentials(store_code="default", consumer_key=self.secret(16),
                                       consumer_secret=self.secret(16), access_token=self.secret(16),
                                       access_token_secret=self.secret(16)),
            netsuite_m2m=m2m,
            settings=dict(settings or {}),
            _factories=self._factories,
        )
        with self._lock:
            self._tenants[tenant_id] = tenant
            self._by_credential[("netsuite_token", tenant.netsuite.token_id)] = tenant
            self._by_credential[("netsuite_client", tenant.netsuite.consumer_key)] = tenant
            self._by_credential[("shopify_token", tenant.shopify.access_token)] = tenant
            self._by_credential[("ebay_token", tenant.ebay.access_token)] = tenant
            self._by_credential[("woocommerce_key", tenant.woocommerce.consumer_key)] = tenant
            self._by_credential[("magento_token", tenant.magento.access_token)] = tenant
            self._by_credential[("magento_consumer", tenant.magento.consumer_key)] = tenant
        return tenant

    def get(self, tenant_id: str) -> Tenant | None:
        with self._lock:
            return self._tenants.get(tenant_id)

    def delete(self, tenant_id: str) -> bool:
        with self._lock:
            tenant = self._tenants.pop(tenant_id, None)
            if tenant is None:
                return False
            self._account_ids.discard(tenant.netsuite.account_id)
            for key in [k for k, t in self._by_credential.items() if t is tenant]:
                del self._by_credential[key]
        tenant.close()
        return True

    def close(self) -> None:
        """:meth:`Tenant.close` every tenant (the server is stopping)."""
        with self._lock:
            tenants = list(self._tenants.values())
        for tenant in tenants:
            tenant.close()

    def resolve(self, kind: str, credential: str) -> Tenant | None:
        """The tenant owning ``credential`` of ``kind`` (see the module table), or None."""
        with self._lock:
            return self._by_credential.get((kind, credential))

    def register_credential(self, kind: str, credential: str, tenant: Tenant) -> None:
        """Index a credential minted after creation (e.g. an OAuth 2.0 access token)."""
        with self._lock:
            self._by_credential[(kind, credential)] = tenant


def current_registry() -> TenantRegistry:
    """The registry of the app handling the current request."""
    from flask import current_app

    return current_app.extensions["refundsim.tenants"]
