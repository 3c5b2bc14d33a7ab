"""Turn learning events into xAPI statements in the outbox, in the same transaction.

Connected to `learnplatform.learning.signals` by `xapi.setup.init_app`; the outbox is forwarded
after the commit that stored a statement (`learnplatform.on_commit`). Only members of an
organisation get statements (the actor is scoped to the organisation). Session attendance is
recorded only for a logged-in member who puts their name on a session's attendance list, dated to
the session's day; the attendance row itself stays without any link to the account or a vote.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app

from learnplatform.auth.models import User
from learnplatform.content.schema import Module, QuestionBlock, Track
from learnplatform.db_types import utcnow
from learnplatform.extensions import db
from learnplatform.learning.models import Certificate, CertificateKind, ModuleCompletion
from learnplatform.live.models import LiveSession
from learnplatform.on_commit import on_commit
from learnplatform.xapi import statements as xs
from learnplatform.xapi.delivery import start_background_delivery
from learnplatform.xapi.models import XapiStatement


def base_url() -> str:
    """The stable base of activity ids and actor home pages."""
    return str(current_app.config.get("XAPI_BASE_URL") or current_app.config.get("PUBLIC_URL")
               or "https://learnplatform.example").rstrip("/")


def _secret() -> str:
    return str(current_app.config.get("XAPI_PSEUDONYM_KEY") or current_app.config["SECRET_KEY"])


def _organisation(org_id: int) -> dict[str, Any]:
    return xs.activity(f"{base_url()}/organisaties/{org_id}", xs.ORGANISATION_TYPE,
                       "organisatie")


def _module(module: Module) -> dict[str, Any]:
    return xs.activity(f"{base_url()}/leren/{module.id}", xs.MODULE_TYPE, module.title)


def _record(user: User, verb: xs.Verb, what: dict[str, Any], key: str, when: datetime,
            **extra: Any) -> None:
    org_id = user.organisation_id
    if org_id is None:
        return
    sid = xs.statement_id(org_id, user.id, verb.id, what["id"], key)
    if db.session.get(XapiStatement, sid) is not None:
        return
    body = xs.statement(sid=sid, who=xs.actor(base_url(), _secret(), org_id, user.id), verb=verb,
                        what=what, when=when, organisation=_organisation(org_id), **extra)
    db.session.add(XapiStatement(id=sid, organisation_id=org_id, user_id=user.id,
                                 verb=verb.en, statement=body, created_at=when))
    if current_app.config.get("XAPI_LRS_URL"):
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        on_commit(lambda: start_background_delivery(app), key="xapi-delivery")


def on_module_started(user: User, module: Module, **_: Any) -> None:
    """A member began a module (their first block seen or answered)."""
    now = utcnow()
    _record(user, xs.ATTEMPTED, _module(module), now.isoformat(), now)


def on_question_answered(user: User, module: Module, block: QuestionBlock, success: bool,
                         **_: Any) -> None:
    """A question answered: whether it was right, never which answer."""
    now = utcnow()
    what = xs.activity(f"{base_url()}/leren/{module.id}#{block.id}", xs.QUESTION_TYPE,
                       f"{module.title}: {block.id}")
    _record(user, xs.ANSWERED, what, now.isoformat(), now, parent=_module(module),
            result={"success": bool(success)})


def on_module_completed(user: User, module: Module, completion: ModuleCompletion,
                        **_: Any) -> None:
    """A module completed."""
    _record(user, xs.COMPLETED, _module(module), completion.completed_at.isoformat(),
            completion.completed_at, result={"completion": True, "success": True})


def on_track_completed(user: User, track: Track, certificate: Certificate, **_: Any) -> None:
    """A whole track completed (its certificate was issued at the same moment)."""
    what = xs.activity(f"{base_url()}/trajecten/{track.id}", xs.COURSE_TYPE, track.title)
    _record(user, xs.COMPLETED, what, certificate.code, certificate.issued_at,
            result={"completion": True, "success": True})


def on_certificate_issued(user: User, certificate: Certificate, **_: Any) -> None:
    """A certificate issued (module or track), with its validity; never its public code."""
    kind = "trajecten" if certificate.kind is CertificateKind.TRACK else "leren"
    what = xs.activity(f"{base_url()}/certificaten/{kind}/{certificate.ref_id}",
                       xs.CERTIFICATE_TYPE, certificate.title)
    until = certificate.valid_until.isoformat() if certificate.valid_until else None
    _record(user, xs.EARNED, what, certificate.code, certificate.issued_at,
            extensions={f"{base_url()}/xapi/extensions/valid-until": until})


def on_session_attended(user: User, session: LiveSession, **_: Any) -> None:
    """A logged-in member signed a live session's attendance list: dated to the session's day
    (never the moment of signing, which could be set beside the coarse join times)."""
    day = (session.started_at or session.created_at).replace(hour=0, minute=0, second=0,
                                                            microsecond=0)
    what = xs.activity(f"{base_url()}/live/sessies/{session.id}", xs.MEETING_TYPE, session.title)
    _record(user, xs.ATTENDED, what, str(session.id), day)
