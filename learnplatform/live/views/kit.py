"""The trainer kit (PDF) of a programme, from the builder, and of a session, from its page."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from learnplatform.kit.pdf import FontMissingError, render_kit_cached
from learnplatform.kit.plan import KitPlan, plan_for_programme, plan_for_session
from learnplatform.live import services
from learnplatform.live.views.common import bp, builders, owned_session
from learnplatform.web.content import get_content


def _pdf(plan: KitPlan, filename: str, back: str) -> ResponseReturnValue:
    """The kit as a download, or back to `back` with an error when the fonts are missing."""
    try:
        data = render_kit_cached(plan, Path(current_app.config["KIT_FONT_DIR"]))
    except FontMissingError:
        current_app.logger.exception("trainer kit fonts missing")
        flash(_("De trainerskit kan nu niet worden gemaakt. Probeer het later opnieuw of "
                "meld het de beheerder."), "error")
        return redirect(back)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/programmas/<programme_id>/trainerskit.pdf")
@builders
def programme_kit(programme_id: str) -> ResponseReturnValue:
    """Draaiboek, dilemma cards, debriefs, local facts, contact card and evaluation form."""
    content = get_content()
    programme = content.programmes.get(programme_id)
    if programme is None:
        abort(404)
    return _pdf(plan_for_programme(programme, content), f"trainerskit-{programme.id}.pdf",
                url_for("live.new_session"))


@bp.route("/sessies/<int:session_id>/trainerskit.pdf")
@builders
def session_kit(session_id: int) -> ResponseReturnValue:
    """The kit of this session's dilemmas (with its programme's draaiboek when it has one)."""
    session = owned_session(session_id)
    plan = plan_for_session(session.title, [i.scenario_ref for i in session.items],
                            get_content(), services.resolve_scenario)
    return _pdf(plan, f"trainerskit-sessie-{session.id}.pdf",
                url_for("live.session_detail", session_id=session.id))
