"""The certificate of NetSuite's OAuth 2.0 Client Credentials (M2M) Setup mapping, and the client
assertion signatures it verifies.

NetSuite's mapping holds "the public part of the certificate" the client uploads (x.509, ``.pem``,
``.cer`` or ``.crt``; an RSA key of 3072 or 4096 bits or an EC key of 256, 384 or 521 bits; valid two
years at most — a longer validity is shortened to two years) and the Certificate ID NetSuite generates,
which the assertion names as its ``kid`` ("OAuth 2.0 Client Credentials Setup",
https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_162686838198.html). The
assertion is signed PS256, PS384, PS512, ES256, ES384 or ES512 and verified with the public part of
that certificate ("The Request Token Structure", section_162790605110.html). The signatures are
RFC 7518's: ES* is ECDSA on the curve the alg names (P-256, P-384, P-521) with the signature as R
and S, each as long as the curve's order, not DER (§3.4); PS* is RSASSA-PSS with MGF1 of the same
hash and a salt as long as the hash (§3.5).

A tenant created without a certificate gets a key pair the simulator makes — EC P-256, valid two
years as a certificate uploaded that day would be — and its private key (PKCS#8 PEM) in the tenant
answer, so that its creator can sign (:func:`generated`). A tenant created with one
(``settings.netsuite.m2m_certificate``) is checked as NetSuite checks an upload (:func:`uploaded`).

Only ``cryptography`` is needed; nothing here touches Flask or the tenant registry.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

#: The algorithms NetSuite takes ("The Request Token Structure"): alg → (the key it needs — an EC
#: curve's name, or ``"RSA"`` — and its hash).
ALGORITHMS: dict[str, tuple[str, type[hashes.HashAlgorithm]]] = {
    "PS256": ("RSA", hashes.SHA256), "PS384": ("RSA", hashes.SHA384), "PS512": ("RSA", hashes.SHA512),
    "ES256": ("secp256r1", hashes.SHA256), "ES384": ("secp384r1", hashes.SHA384), "ES512": ("secp521r1", hashes.SHA512),
}
#: RSA key sizes NetSuite takes in an uploaded certificate.
RSA_BITS = (3072, 4096)
#: EC curves NetSuite takes (its 256, 384 and 521 bits), by their names in the certificate → as NIST names them.
EC_CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
#: The longest validity NetSuite keeps, in years from the certificate's start.
MAX_VALIDITY_YEARS = 2

_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----")

PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


class CertificateRefused(ValueError):
    """An upload NetSuite's M2M setup would not take. The message is a predicate of the upload
    (``has a 2048-bit RSA key: ...``): the caller names the field before it."""


@dataclass(frozen=True)
class M2MMapping:
    """One OAuth 2.0 Client Credentials (M2M) Setup mapping of the integration: the certificate's
    public key and id, until when NetSuite takes it, and — when the simulator made the key pair —
    the private key for the tenant's creator."""

    certificate_id: str
    public_key: PublicKey
    #: The certificate's end, or two years after its start when that comes first (NetSuite shortens it).
    expires_at: datetime
    #: The private key in PKCS#8 PEM, only when the simulator made it (an upload's creator keeps its own).
    private_key_pem: str | None = None


def new_certificate_id() -> str:
    """A Certificate ID as NetSuite generates one for a mapping: 43 URL-safe characters (the
    format is the simulator's: NetSuite's is not documented). Not a secret: every assertion's header
    carries it."""
    return secrets.token_urlsafe(32)


def _years_after(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February: the next day, as a calendar year on from it ends
        return moment.replace(year=moment.year + years, month=3, day=1)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def generated(certificate_id: str, now: datetime) -> M2MMapping:
    """A mapping of a key pair the simulator makes: an EC P-256 key (about 25 µs; an RSA 3072 key
    would take a good part of a second) whose certificate is valid from ``now`` for two years.

    No X.509 certificate is built: nobody sees it (the mapping verifies with its public key and
    expires with it), and cryptography's builder takes only the ``datetime`` class it met first —
    freezegun's, when that was in a frozen in-process run, so every certificate built after it with
    a real ``datetime`` would fail.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
    return M2MMapping(certificate_id, key.public_key(), _years_after(now, MAX_VALIDITY_YEARS), private_pem)


def uploaded(pem: str, certificate_id: str, now: datetime) -> M2MMapping:
    """The mapping of a certificate uploaded as NetSuite's M2M setup takes it: the public part of one
    X.509 certificate in PEM, an RSA key of 3072 or 4096 bits or an EC key on P-256, P-384 or P-521,
    not expired at ``now`` once its validity is shortened to two years.

    :raise CertificateRefused: anything else, saying what (never quoting the upload: it may hold a key).
    """
    blocks = _PEM_BLOCK.findall(pem)
    if any("PRIVATE KEY" in block for block in blocks):
        raise CertificateRefused("holds a private key: upload only the public part of the certificate "
                                 "(-----BEGIN CERTIFICATE-----), and keep the private key to sign with")
    count = blocks.count("CERTIFICATE")
    if count == 0:
        raise CertificateRefused("holds no certificate: NetSuite takes the public part of an X.509 certificate in PEM "
                                 "(-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)")
    if count > 1:
        raise CertificateRefused(f"holds {count} certificates: upload one")
    from cryptography import x509  # here: a third of the import time of cryptography, for an upload only

    try:
        certificate = x509.load_pem_x509_certificate(pem.encode())
    except ValueError:
        raise CertificateRefused("is not a readable X.509 certificate (its PEM does not decode to one)") from None
    try:
        key = certificate.public_key()
    except (UnsupportedAlgorithm, ValueError):
        raise CertificateRefused("has a key of a type NetSuite does not take: RSA (3072 or 4096 bits) or EC "
                                 "(P-256, P-384, P-521)") from None
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size not in RSA_BITS:
            raise CertificateRefused(f"has a {key.key_size}-bit RSA key: NetSuite takes RSA keys of 3072 or 4096 bits")
    elif isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.name not in EC_CURVES:
            raise CertificateRefused(f"has an EC key on the curve {key.curve.name}: NetSuite takes P-256, P-384 or P-521")
    else:
        kind = type(key).__name__.removesuffix("PublicKey").removeprefix("_")  # Ed25519, Ed448, DSA
        article = "an" if kind.startswith(("E", "A", "I", "O", "U")) else "a"
        raise CertificateRefused(f"has {article} {kind} key: NetSuite takes RSA (3072 or 4096 bits) or EC (P-256, P-384, "
                                 "P-521) keys")
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    expires_at = min(end, _years_after(start, MAX_VALIDITY_YEARS))
    if expires_at <= now:
        shortened = "" if expires_at == end else \
            f" (NetSuite shortens a validity longer than two years to two years from its start, {_iso(start)})"
        raise CertificateRefused(f"expired on {_iso(expires_at)}{shortened}")
    return M2MMapping(certificate_id, key, expires_at)


def verify(mapping: M2MMapping, alg: object, signing_input: bytes, signature: bytes) -> str | None:
    """Why the signature ``signature`` of ``signing_input`` (the assertion's ``header.payload``)
    by ``alg`` does not verify with the mapping's certificate, or None when it does."""
    if not isinstance(alg, str) or alg not in ALGORITHMS:
        return f"alg {alg} is not one NetSuite takes (PS256, PS384, PS512, ES256, ES384, ES512)"
    needs, hash_type = ALGORITHMS[alg]
    digest = hash_type()
    key = mapping.public_key
    try:
        if isinstance(key, rsa.RSAPublicKey):
            if needs != "RSA":
                return f"alg {alg} needs an EC key on {EC_CURVES[needs]}; the certificate's key is RSA"
            key.verify(signature, signing_input, padding.PSS(padding.MGF1(digest), digest.digest_size), digest)
            return None
        if needs != key.curve.name:
            held = EC_CURVES.get(key.curve.name, key.curve.name)
            return f"alg {alg} needs {'an RSA key' if needs == 'RSA' else EC_CURVES[needs]}; the certificate's key is EC {held}"
        size = (key.curve.key_size + 7) // 8
        if len(signature) != 2 * size:  # R and S, each as long as the order (RFC 7518 §3.4), so a DER signature is not one
            return f"an {alg} signature is {2 * size} bytes (R and S), not {len(signature)}"
        r, s = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
        key.verify(encode_dss_signature(r, s), signing_input, ec.ECDSA(digest))
        return None
    except InvalidSignature:
        return "the client_assertion signature does not verify with the certificate of the M2M mapping"

