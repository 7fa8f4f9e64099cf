"""The journal masks every credential a request carries, in whatever form the request carries it:
the URL's query, a form or JSON body, a header. The journal is what the report shows of every
exchange (tests/core/test_report_secrets.py sweeps whole runs; these are the odd forms one by one)."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import ControlPlaneClient, ShopifyClient
from simulators.core.journal import mask_body, mask_headers, mask_url

SECRET = "PLANTEDSECRET000001abcdef"


@pytest.mark.parametrize("url", [
    # A Shopify access token in the query string (beside the header, or instead of it).
    f"https://s/admin/api/2025-01/orders.json?access_token={SECRET}&limit=1",
    f"https://s/admin/api/2025-01/orders.json?limit=1&access%5Ftoken={SECRET}",
    f"https://s/admin/api/2025-01/orders.json?%61ccess_token={SECRET}",
    # OAuth 1.0a protocol parameters in the query (RFC 5849 §3.5.3): the token id and consumer key
    # are half of a TBA credential, as the secrets are.
    f"https://s/services/rest/record/v1/customer?oauth_token={SECRET}&oauth_nonce=1",
    f"https://s/services/rest/record/v1/customer?oauth_consumer_key={SECRET}",
    # A repeated parameter: every value is masked, not the first only.
    f"https://s/x?client_secret=other&client_secret={SECRET}",
    f"https://s/x?consumer_secret[]={SECRET}",
    # Names are read case-blind.
    f"https://s/x?ACCESS_TOKEN={SECRET}",
    f"https://s/x?code+verifier={SECRET}",
])
def test_a_credential_in_the_query_is_masked_whatever_its_spelling(url: str) -> None:
    masked = mask_url(url)
    assert SECRET not in masked and "***" in masked, masked


@pytest.mark.parametrize("body", [
    f"grant_type=client_credentials&client%5Fassertion={SECRET}",
    f"grant_type=client_credentials&client_secret={SECRET}&client_id=x",
    f"grant_type=client_credentials&client_secret=one&client_secret={SECRET}",
    f"oauth_token={SECRET}&oauth_signature_method=HMAC-SHA256",
    f"refresh%5Ftoken={SECRET}",
    # RFC 7523 §2.1's JWT bearer grant carries its signed assertion as `assertion`; OpenID and PKCE tokens.
    f"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={SECRET}",
    f'{{"id_token": "{SECRET}"}}',
    f"code_verifier={SECRET}&grant_type=authorization_code",
    f'{{"access_token": "x\\"{SECRET}", "expires_in": "3600"}}',
    # A vendor's camelCase or capitals name the same field.
    f'{{"accessToken": "{SECRET}"}}', f'{{"ACCESS_TOKEN": "{SECRET}"}}', f'{{"clientSecret": "{SECRET}"}}',
])
def test_a_credential_in_a_body_is_masked_whatever_its_spelling(body: str) -> None:
    masked = mask_body(body)
    assert SECRET not in masked and "***" in masked, masked


@pytest.mark.parametrize("name", ["%70%61%73%73%77%6F%72%64", "PASSWORD", "Code.Verifier"])
def test_a_credential_is_masked_when_nothing_else_in_the_text_names_one(name: str) -> None:
    """A text that names no credential skips the scan (journal._SECRET_WORDS); one named only in
    percent-escapes or in capitals, with a value that is no word of them, is still scanned."""
    value = "7f3a9c2e81"
    for text, masked in ((f"https://s/x?a=1&{name}={value}", mask_url(f"https://s/x?a=1&{name}={value}")),
                         (f"a=1&{name}={value}", mask_body(f"a=1&{name}={value}"))):
        assert value not in masked and masked.endswith(f"{name}=***"), (text, masked)


def test_masking_leaves_everything_else_as_it_was() -> None:
    assert mask_url("https://s/x?limit=2&page_info=abc#f") == "https://s/x?limit=2&page_info=abc#f"
    assert mask_url("https://s/x?oauth_signature=a%2Bb&b=1") == "https://s/x?oauth_signature=***&b=1"
    assert mask_body("grant_type=client_credentials&client_assertion=eyJ.x.y&scope=a") == \
        "grant_type=client_credentials&client_assertion=***&scope=a"
    assert mask_body('{"total": 12.5, "note": "a&b=c"}') == '{"total": 12.5, "note": "a&b=c"}'


def test_a_shopify_token_sent_in_the_query_too_is_not_journaled(simulators, control: ControlPlaneClient,
                                                                 tenant: dict[str, Any], shopify: ShopifyClient) -> None:
    token = tenant["shopify"]["access_token"]
    answer = shopify.session.get(f"{shopify.root}/orders.json", params={"access_token": token, "limit": 1})
    assert answer.status_code == 200
    entries = control.journal(tenant["tenant"])
    assert entries and token not in str(entries)


@pytest.mark.parametrize("headers, shown", [
    # A header that is a credential whole: a repeated header joined (RFC 9110 §5.3) keeps no part.
    ({"X-Shopify-Access-Token": f"shpat_other, {SECRET}"}, {"X-Shopify-Access-Token": "***"}),
    ({"x-shopify-access-token": f"{SECRET} "}, {"x-shopify-access-token": "***"}),
    # Authorization keeps its scheme, and only a scheme: a bare token followed by anything is masked whole.
    ({"authorization": f'OAuth realm="1",oauth_token="{SECRET}"'}, {"authorization": "OAuth ***"}),
    ({"Authorization": f"Bearer {SECRET}"}, {"Authorization": "Bearer ***"}),
    ({"Authorization": f"IAF {SECRET}"}, {"Authorization": "IAF ***"}),
    ({"Authorization": f"{SECRET} extra"}, {"Authorization": "***"}),
    ({"Authorization": f"{SECRET}"}, {"Authorization": "***"}),
])
def test_a_credential_header_is_masked_whole_but_its_scheme(headers: dict[str, str], shown: dict[str, str]) -> None:
    assert mask_headers(headers) == shown


def test_a_body_cut_at_the_journal_limit_shows_no_part_of_a_credential() -> None:
    """The journal keeps the first ``JOURNAL_BODY_LIMIT`` characters of a body: a credential the cut
    falls inside (here the NetSuite token endpoint's ``access_token``) is masked before the cut, so
    not even its first characters are kept."""
    from simulators.app import create_app
    from simulators.clients.netsuite import BearerAuth

    client = create_app({"JOURNAL_BODY_LIMIT": 40}).test_client()
    tenant = client.post("/_sim/tenants", json={}).get_json()
    auth = BearerAuth("http://localhost", tenant["netsuite"], fallback=None, timeout=1)  # type: ignore[arg-type]
    answer = client.post("/services/rest/auth/oauth2/v1/token", data={
        "grant_type": "client_credentials", "client_assertion": auth._assertion(),
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"})
    token = answer.get_json()["access_token"]
    assert answer.status_code == 200 and len(token) > 40
    entries = client.get(f"/_sim/tenants/{tenant['tenant']}/journal").get_json()["entries"]
    bodies = [e["response_body"] for e in entries if e["url"].endswith("/token")]
    assert bodies and all(token[:8] not in body for body in bodies), bodies


def test_a_credential_in_a_url_inside_a_json_body_is_masked_and_the_rest_kept() -> None:
    body = f'{{"webhook": {{"address": "https://app/hooks?access_token={SECRET}", "topic": "refunds/create"}}}}'
    assert mask_body(body) == '{"webhook": {"address": "https://app/hooks?access_token=***", "topic": "refunds/create"}}'


def test_the_private_key_of_a_tenant_answer_is_masked_wherever_it_is_quoted() -> None:
    """The tenant answer gives the private key of the NetSuite M2M mapping (PEM): a body that
    carries it — the answer itself, the connector API's createAccount that passes the credentials on,
    a connector's error that quotes them, cut short or not — shows none of it, in the journal's masking
    or in the harness's quotes of a connector."""
    import json

    from harness.secrets import credential_texts, masked
    from simulators.app import create_app

    answer = create_app().test_client().post("/_sim/tenants", json={}).get_data(as_text=True)
    key = json.loads(answer)["netsuite"]["m2m_private_key"]
    lines = [line for line in key.splitlines() if "-----" not in line]  # the key's base64, line by line
    body = json.dumps({"credentials": json.loads(answer)})
    secrets = credential_texts([json.loads(answer)["netsuite"]])
    quotes = {
        "answer": mask_body(answer),
        "a field of another name": mask_body(json.dumps({"pem": key, "n": 1})),
        "a form": mask_body(f"m2m_private_key={key}&a=1"),
        "cut inside the key": mask_body(answer[:answer.index(lines[1])]),
        "a connector's quote of a JSON body": masked(body, secrets),
        "a connector's quote cut inside the key": masked(body[:body.index(lines[1]) + 10], []),
        "a connector's quote of the key as text": masked(f"cannot sign with {key}", secrets),
    }
    for where, quote in quotes.items():
        assert not any(line[:20] in quote for line in lines), (where, quote)
    assert json.loads(quotes["answer"])["netsuite"]["m2m_private_key"] == "***"
    assert json.loads(quotes["answer"])["netsuite"]["account_id"].startswith("TSTDRV")  # the rest kept
