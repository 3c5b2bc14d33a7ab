"""Translated error pages; no stack trace ever reaches a user."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from learnplatform.extensions import db

MESSAGES = {
    400: (_l("Ongeldig verzoek"), _l("Het verzoek kon niet worden verwerkt. Probeer het opnieuw.")),
    403: (_l("Geen toegang"), _l("Je hebt geen toegang tot deze pagina.")),
    404: (_l("Pagina niet gevonden"), _l("Deze pagina bestaat niet (meer).")),
    405: (_l("Niet toegestaan"), _l("Deze actie is hier niet toegestaan.")),
    429: (
        _l("Te veel pogingen"),
        _l("Je hebt het te vaak geprobeerd. Wacht even en probeer het dan opnieuw."),
    ),
    500: (
        _l("Er ging iets mis"),
        _l("Er ging aan onze kant iets mis. Er is niets opgeslagen; probeer het opnieuw."),
    ),
}


def render_error(code: int, detail: str | None = None) -> ResponseReturnValue:
    """Render the error page for an HTTP status code."""
    title, text = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def insecure_production_request() -> bool:
    """True when production settings (Secure cookies) meet a plain-http request: logins fail."""
    return current_app.config.get("ENV_NAME") == "production" and not request.is_secure


def init_errors(app: Flask) -> None:
    """Register handlers for HTTP errors, CSRF failures and unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        if insecure_production_request():
            # the browser never sent back the Secure session cookie, so every form "expires"
            app.logger.warning("form refused: production settings over plain http (%s)",
                               request.host_url)
            return render_error(400, str(_l(
                "Deze site draait met productie-instellingen en werkt alleen via een beveiligde "
                "verbinding (https). Open het adres met https://. Beheerder: laat de "
                "reverse proxy X-Forwarded-Proto meesturen en zet TRUSTED_PROXIES (zie "
                "docs/deploy.md).")))
        return render_error(
            400, str(_l("Het formulier is verlopen of ongeldig. Laad de pagina opnieuw."))
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if code not in MESSAGES:
            return error
        return render_error(code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> ResponseReturnValue:
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(InternalServerError.code)
