"""The bare stack of pages: Flask + Flask-Login + SQLAlchemy + Jinja, nothing else.

A login, and one logged-in page per size: `/page/<bytes>` loads the user through Flask-Login's
loader (one SQLAlchemy query, as the platform does) and renders a Jinja template of that many bytes.
`benchmarks.pages` measures it beside the platform's pages in the same server mode.
Run: `python -m benchmarks.bare_pages --port 5056 [--async-mode gevent|threading]`.
"""


import argparse  # no "from __future__ import annotations": the model below needs eager ones
import tempfile
from typing import Any

TEMPLATE = """<!doctype html><html lang="nl"><head><title>{{ title }}</title></head><body>
<h1>Hallo {{ user.name }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>
</body></html>"""


def create_app() -> Any:
    """The bare app with one user (bench@example.nl / wachtwoord) in a throw-away SQLite file."""
    from flask import Flask, abort, redirect, render_template_string, request
    from flask_login import LoginManager, UserMixin, login_required, login_user
    from flask_sqlalchemy import SQLAlchemy
    from sqlalchemy import String
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    class Base(DeclarativeBase):
        pass

    db = SQLAlchemy(model_class=Base)

    class User(UserMixin, Base):
        __tablename__ = "user"
        id: Mapped[int] = mapped_column(primary_key=True)
        email: Mapped[str] = mapped_column(String(200), unique=True)
        name: Mapped[str] = mapped_column(String(200))

    app = Flask(__name__)
    app.config.update(SECRET_KEY="bare", SQLALCHEMY_DATABASE_URI=(  # noqa: S106 - throw-away
        f"sqlite:///{tempfile.mkdtemp(prefix='lp-bare-')}/bare.sqlite"))
    db.init_app(app)
    logins = LoginManager(app)

    @logins.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))

    with app.app_context():
        db.create_all()
        db.session.add(User(email="bench@example.nl", name="Bench"))
        db.session.commit()

    @app.post("/login")
    def login() -> Any:
        user = db.session.query(User).filter_by(email=request.form.get("email")).first()
        if user is None:
            abort(403)
        login_user(user)
        return redirect("/page/100")

    @app.get("/page/<int:size>")
    @login_required
    def page(size: int) -> str:
        from flask_login import current_user

        items = ["regel " + str(i) for i in range(max(1, size // 20))]
        return render_template_string(TEMPLATE, title="Pagina", user=current_user, items=items)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main(argv: list[str] | None = None) -> None:
    """Serve the bare app until killed, with the server the platform uses in this mode."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=5056)
    parser.add_argument("--async-mode", default="gevent")
    args = parser.parse_args(argv)
    if args.async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
        from gevent.pywsgi import WSGIServer

        WSGIServer(("127.0.0.1", args.port), create_app(), log=None).serve_forever()
    else:
        from werkzeug.serving import run_simple

        run_simple("127.0.0.1", args.port, create_app(), threaded=True)


if __name__ == "__main__":
    main()
