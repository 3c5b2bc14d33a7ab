"""Building and checking xAPI 1.0.3 statements (pure: no Flask, no database).

Actors are organisation-scoped pseudonymous accounts: `account.homePage` names the organisation
on this platform and `account.name` is an opaque HMAC of organisation and user, so the same person
has unrelated names in two organisations and no statement holds a name or an e-mail address.
A question is reported with `result.success` only, never the answer given.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

XAPI_VERSION = "1.0.3"
NAMESPACE = uuid.UUID("0f6b52b4-6f0e-4d1c-9a77-5b3c2a7f1e10")


@dataclass(frozen=True)
class Verb:
    """An xAPI verb: its IRI and Dutch and English display."""

    id: str
    nl: str
    en: str

    def as_dict(self) -> dict[str, Any]:
        """The verb as it appears in a statement."""
        return {"id": self.id, "display": {"nl-NL": self.nl, "en-US": self.en}}


ATTEMPTED = Verb("http://adlnet.gov/expapi/verbs/attempted", "begonnen aan", "attempted")
ANSWERED = Verb("http://adlnet.gov/expapi/verbs/answered", "beantwoordde", "answered")
COMPLETED = Verb("http://adlnet.gov/expapi/verbs/completed", "rondde af", "completed")
EARNED = Verb("http://id.tincanapi.com/verb/earned", "behaalde", "earned")
ATTENDED = Verb("http://adlnet.gov/expapi/verbs/attended", "was aanwezig bij", "attended")

MODULE_TYPE = "http://adlnet.gov/expapi/activities/module"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
QUESTION_TYPE = "http://adlnet.gov/expapi/activities/question"
CERTIFICATE_TYPE = "http://id.tincanapi.com/activitytype/certificate"
ORGANISATION_TYPE = "http://id.tincanapi.com/activitytype/community-site"
MEETING_TYPE = "http://adlnet.gov/expapi/activities/meeting"


def pseudonym(secret: str, organisation_id: int, user_id: int) -> str:
    """An opaque, stable name for this user within this organisation (never reversible)."""
    key = hashlib.sha256(f"xapi-actor:{secret}".encode()).digest()
    return hmac.new(key, f"{organisation_id}:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]


def actor(base: str, secret: str, organisation_id: int, user_id: int) -> dict[str, Any]:
    """The organisation-scoped pseudonymous Agent."""
    return {"objectType": "Agent", "account": {
        "homePage": f"{base}/organisaties/{organisation_id}",
        "name": pseudonym(secret, organisation_id, user_id)}}


def activity(activity_id: str, kind: str, name: str) -> dict[str, Any]:
    """An Activity object with its type and (Dutch) name."""
    return {"objectType": "Activity", "id": activity_id,
            "definition": {"type": kind, "name": {"nl-NL": name}}}


def statement_id(*parts: object) -> str:
    """A UUID derived from what the statement records, so recording it twice gives one id."""
    return str(uuid.uuid5(NAMESPACE, "|".join(str(p) for p in parts)))


def statement(*, sid: str, who: dict[str, Any], verb: Verb, what: dict[str, Any],
              when: datetime, organisation: dict[str, Any], parent: dict[str, Any] | None = None,
              result: dict[str, Any] | None = None,
              extensions: dict[str, Any] | None = None) -> dict[str, Any]:
    """A complete xAPI 1.0.3 statement."""
    context: dict[str, Any] = {"platform": "learnplatform", "language": "nl-NL",
                               "contextActivities": {"grouping": [organisation]}}
    if parent is not None:
        context["contextActivities"]["parent"] = [parent]
    if extensions:
        context["extensions"] = extensions
    body: dict[str, Any] = {
        "id": sid, "actor": who, "verb": verb.as_dict(), "object": what,
        "timestamp": when.isoformat(), "context": context, "version": XAPI_VERSION,
    }
    if result is not None:
        body["result"] = result
    return body


_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


def problems(data: dict[str, Any]) -> list[str]:
    """What a statement lacks of the xAPI 1.0.3 required properties (empty when valid)."""
    found = []
    try:
        uuid.UUID(str(data.get("id")))
    except ValueError:
        found.append("id is not a UUID")
    who = data.get("actor") or {}
    ifis = [key for key in _IFIS if key in who]
    if len(ifis) != 1:
        found.append("actor needs exactly one inverse functional identifier")
    elif ifis != ["account"]:
        found.append("actor must be a pseudonymous account, never an e-mail address")
    else:
        account = who["account"]
        if not _IRI.match(str(account.get("homePage", ""))) or not account.get("name"):
            found.append("actor.account needs homePage (IRL) and name")
    verb = data.get("verb") or {}
    if not _IRI.match(str(verb.get("id", ""))):
        found.append("verb.id must be an IRI")
    if not isinstance(verb.get("display", {}), dict):
        found.append("verb.display must be a language map")
    what = data.get("object") or {}
    if what.get("objectType", "Activity") == "Activity" and not _IRI.match(str(what.get("id", ""))):
        found.append("object.id must be an IRI")
    try:
        moment = datetime.fromisoformat(str(data.get("timestamp")))
        if moment.tzinfo is None:
            found.append("timestamp needs a time zone")
    except ValueError:
        found.append("timestamp is not ISO 8601")
    result = data.get("result")
    if result is not None and set(result) - {"success", "completion", "score", "duration",
                                             "response", "extensions"}:
        found.append("result has unknown properties")
    if result is not None and "response" in result:
        found.append("result.response would reveal an answer")
    if data.get("version", XAPI_VERSION) != XAPI_VERSION:
        found.append("version must be 1.0.3")
    return found
