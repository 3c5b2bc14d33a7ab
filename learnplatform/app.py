"""The app factory: binds the extensions, the foundations and every feature to one Flask app."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from learnplatform.config import PROJECT_ROOT, load_config


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask application; `config` overrides the environment-derived settings."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(load_config(config))

    from learnplatform import extensions as ext
    from learnplatform import model_registry  # noqa: F401 - registers all tables
    from learnplatform.web import i18n

    ext.db.init_app(app)
    ext.migrate.init_app(app, ext.db, directory=str(PROJECT_ROOT / "migrations"))
    ext.csrf.init_app(app)
    ext.babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_form_translations(app)
    ext.limiter.init_app(app)
    ext.login_manager.init_app(app)
    ext.socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["REDIS_URL"],
        channel=app.config["SOCKETIO_CHANNEL"],
    )

    from learnplatform import database, mail

    with app.app_context():
        database.tune_sqlite(ext.db.engine)
    mail.init_mail(app)

    from learnplatform.web import content, errors, log_privacy, routing, security, templating

    log_privacy.install()

    content.init_content(app)

    security.init_security(app)
    routing.init_routing_cookie(app)
    errors.init_errors(app)
    templating.init_templating(app)

    _register_blueprints(app)
    _register_cli(app)
    if proxies := int(app.config.get("TRUSTED_PROXIES") or 0):
        # outermost, so pages, rate limits and Socket.IO all see the client's address and scheme
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    return app


def _register_blueprints(app: Flask) -> None:
    from learnplatform.admin.views import bp as admin_bp
    from learnplatform.auth import setup as auth_setup
    from learnplatform.griffie import setup as griffie_setup
    from learnplatform.learning import setup as learning_setup
    from learnplatform.live import setup as live_setup
    from learnplatform.web.views import bp as web_bp
    from learnplatform.xapi import setup as xapi_setup

    app.register_blueprint(web_bp)
    auth_setup.init_app(app)
    app.register_blueprint(admin_bp)
    learning_setup.init_app(app)
    live_setup.init_app(app)
    griffie_setup.init_app(app)
    xapi_setup.init_app(app)


def _register_cli(app: Flask) -> None:
    from learnplatform.auth.cli import users_command
    from learnplatform.cli import demo_command

    app.cli.add_command(demo_command)
    app.cli.add_command(users_command)
