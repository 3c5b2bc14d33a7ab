"""The trainer role: a griffier's request page and the beheerder's decisions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from learnplatform.auth.models import Role, User
from learnplatform.auth.permissions import roles_required
from learnplatform.extensions import db
from learnplatform.griffie import trainer as service
from learnplatform.griffie.forms import ActionForm, TrainerDecisionForm
from learnplatform.griffie.models import TrainerRequest
from learnplatform.griffie.views.common import actor, bp
from learnplatform.web.content import get_content

griffier_only = roles_required(Role.GRIFFIER)
beheerder_only = roles_required(Role.BEHEERDER)


@bp.get("/trainer")
@griffier_only
def trainer() -> ResponseReturnValue:
    """What a griffier needs for the trainer role, and the request button."""
    user = actor()
    track = get_content().tracks.get(service.TRAIN_THE_TRAINER_TRACK)
    return render_template("griffie/trainer.html", state=service.eligibility(user), track=track,
                           latest=service.latest_request(user), form=ActionForm())


@bp.post("/trainer")
@griffier_only
def request_trainer_role() -> ResponseReturnValue:
    """File the request; the beheerder is mailed."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.request_role(actor())
    except service.TrainerRequestError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".trainer"))
    db.session.commit()
    flash(_("Je aanvraag is verstuurd. De beheerder beslist erover; je krijgt bericht per e-mail "
            "en op je startpagina."), "success")
    return redirect(url_for(".trainer"))


@bp.post("/trainer/melding-gelezen")
@griffier_only
def dismiss_trainer_notice() -> ResponseReturnValue:
    """Hide the decision notice on the dashboard."""
    if not ActionForm().validate_on_submit():
        abort(400)
    service.dismiss_notice(actor())
    db.session.commit()
    return redirect(url_for("learning.dashboard"))


@bp.get("/trainersaanvragen")
@beheerder_only
def trainer_requests() -> ResponseReturnValue:
    """Every request for the trainer role; waiting ones first."""
    requests = service.requests_for_beheerder()
    users = {u.id: u for u in (db.session.get(User, r.user_id) for r in requests) if u}
    return render_template("griffie/trainer_requests.html", requests=requests, users=users,
                           form=TrainerDecisionForm())


@bp.post("/trainersaanvragen/<int:request_id>")
@beheerder_only
def decide_trainer_request(request_id: int) -> ResponseReturnValue:
    """Approve or decline (with a reason) one request."""
    request = db.session.get(TrainerRequest, request_id)
    if request is None:
        abort(404)
    form = TrainerDecisionForm()
    if not form.validate_on_submit() or form.decision.data not in {"approve", "decline"}:
        abort(400)
    try:
        service.decide(request, actor(), form.decision.data == "approve", form.reason.data or "")
    except service.TrainerRequestError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".trainer_requests"))
    db.session.commit()
    flash(_("Het besluit is opgeslagen en de griffier heeft een e-mail gekregen."), "success")
    return redirect(url_for(".trainer_requests"))
