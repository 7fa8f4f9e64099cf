"""Magento errors as Magento's web API framework sends them (FIDELITY.md; RULES.md §6).

The body is ``{"message": "<message with %1 or %name placeholders>", "parameters": [...] | {...}}``,
``parameters`` only when there are some (positional ``%1`` → a list, named ``%fieldName`` → an
object), and ``"errors": [{"message", "parameters"}]`` for an aggregate of input errors. The status
follows the exception's class (``ErrorProcessor::maskException``): an entity that does not exist is
404, authentication and authorization 401, any other refusal 400, anything unexpected 500.

One class per kind of refusal; the money rules raise :class:`DocumentValidation`, whose message
is Magento's ``"Creditmemo Document Validation Error(s):\\n"`` followed by each rendered rule
message on its own line (no parameters: Magento renders them before joining).
"""

from __future__ import annotations

import re
from typing import Any

from simulators.core.errors import SimulatorError

Parameters = list[str] | dict[str, str] | None

_POSITIONAL = re.compile(r"%(\d+)")
_NAMED = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*)")


def render(message: str, parameters: Parameters) -> str:
    """``message`` with its placeholders replaced by ``parameters`` (what a client shows a user)."""
    if isinstance(parameters, dict):
        return _NAMED.sub(lambda m: str(parameters.get(m.group(1), m.group(0))), message)
    if isinstance(parameters, list):
        def positional(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            return str(parameters[index]) if 0 <= index < len(parameters) else match.group(0)
        return _POSITIONAL.sub(positional, message)
    return message


class MagentoError(SimulatorError):
    """Base: a 400 with Magento's error body."""

    status = 400

    def __init__(self, message: str, parameters: Parameters = None, *, status: int | None = None,
                 errors: list[tuple[str, Parameters]] | None = None) -> None:
        super().__init__(message)
        self.parameters = parameters
        self.errors = errors or []
        if status is not None:
            self.status = status

    @property
    def reason(self) -> str:
        """What the journal notes for this exchange: the message as a user reads it."""
        return render(self.message, self.parameters)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message}
        if self.errors:
            body["errors"] = [{"message": m, **({"parameters": p} if p else {})} for m, p in self.errors]
        if self.parameters:
            body["parameters"] = self.parameters
        return body


# ------------------------------------------------------------------- routing and entities
class RouteNotFound(MagentoError):
    """404: no REST route for this method and path (an unknown store code is read as part of the
    path, so it lands here too)."""

    status = 404

    def __init__(self) -> None:
        super().__init__("Request does not match any route.")


class NoSuchEntity(MagentoError):
    """404: the order, invoice or credit memo does not exist (the repositories' ``get``)."""

    status = 404

    def __init__(self) -> None:
        super().__init__("The entity that was requested doesn't exist. Verify the entity and try again.")


class IdRequired(MagentoError):
    """400: an id of 0 (the repositories' ``get`` refuse an empty id before looking)."""

    def __init__(self) -> None:
        super().__init__("An ID is needed. Set the ID and try again.")


class InvalidType(MagentoError):
    """400: a value the web API cannot convert to the type the service method declares."""

    def __init__(self, value: Any, expected: str, field: str | None = None) -> None:
        shown = _php_type_name(value)
        message = f'The "{shown}" value\'s type is invalid. The "{expected}" type was expected. Verify and try again.'
        if field is not None:
            message = f'Error occurred during "{field}" processing. {message}'
        super().__init__(message)


def _php_type_name(value: Any) -> str:
    """How Magento's type processor names a rejected value: scalars by their text, the rest by type."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, (dict, list)):
        return "array"
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 64 else text[:64] + "..."


class DecodingError(MagentoError):
    """400: the body is not a JSON document Magento's deserializer reads (production mode hides
    the parser's detail)."""

    def __init__(self) -> None:
        super().__init__("Decoding error.")


class Localized(MagentoError):
    """400: a ``LocalizedException`` with its own message and parameters (e.g. the shipping bound)."""


class DocumentValidation(MagentoError):
    """400: the aggregated validation messages of a credit memo (or an invoice) document."""

    def __init__(self, messages: list[str], document: str = "Creditmemo") -> None:
        # Every message, a repeated one too: ValidatorResultMerger::merge and
        # ValidatorResult::addMessage only append.
        super().__init__(f"{document} Document Validation Error(s):\n" + "\n".join(messages))
        self.messages = list(messages)


class InputErrors(MagentoError):
    """400: an ``InputException`` — one error as the message itself, several as
    ``One or more input exceptions have occurred.`` with the list under ``errors``."""

    def __init__(self, errors: list[tuple[str, Parameters]]) -> None:
        if len(errors) == 1:
            super().__init__(errors[0][0], errors[0][1])
        else:
            super().__init__("One or more input exceptions have occurred.", errors=errors)


# --------------------------------------------------------------------------- authentication
class NotAuthorized(MagentoError):
    """401: no valid credential (a guest) asking for an admin resource — the answer to a missing,
    unknown or disabled bearer token."""

    status = 401

    def __init__(self, resources: str) -> None:
        super().__init__("The consumer isn't authorized to access %resources.", {"resources": resources})


class OAuthRejected(MagentoError):
    """401: ``Magento\\Framework\\Oauth\\Exception`` — a consumer, token, nonce or signature refused."""

    status = 401


class OAuthInput(MagentoError):
    """400: ``OauthInputException`` — a missing parameter, a version or signature method refused."""


# --------------------------------------------------------------------------------- the server
class InternalError(MagentoError):
    """500 as production mode answers it: the details stay in Magento's log, under ``report_id``
    (``ErrorProcessor`` names it ``uniqid("webapi-")``: ``webapi-`` and 13 hex digits)."""

    status = 500

    def __init__(self, report_id: str, status: int = 500) -> None:
        super().__init__(f"Internal Error. Details are available in Magento log file. Report ID: {report_id}",
                         status=status)
