"""The shared core: app factory, extensions, accounts, audit log, mail queue and the council layout."""

import logging

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

import search_index
from config import INSTANCE_DIR, config_for
from core.extensions import csrf, db, limiter, login_manager, mail, migrate


def create_app(env_name: str | None = None, **overrides) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR), static_folder="static", static_url_path="/static")
    app.config.from_object(config_for(env_name))
    app.config.update(overrides)
    _refuse_unsafe_production(app)
    INSTANCE_DIR.mkdir(exist_ok=True)

    _configure_jinja(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)

    from core import errors, security

    errors.register(app)
    security.register(app)
    logging.basicConfig(level=logging.INFO)
    return app


def _refuse_unsafe_production(app: Flask) -> None:
    if app.config["ENV_NAME"] == "production" and not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production (PATHWAYS_ENV=production)")


def _configure_jinja(app: Flask) -> None:
    from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

    from core.templating import register_template_helpers

    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    register_template_helpers(app)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(INSTANCE_DIR.parent / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    mail.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue"
    login_manager.login_message_category = "info"
    search_index.init_app(app)

    # Importing the models registers them with SQLAlchemy.
    import application.guarantee_models
    import application.models  # noqa: F401
    import core.models  # noqa: F401
    import prospectus.models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from application.accounts import bp as learner_accounts_bp
    from application.adviser import bp as adviser_bp
    from application.cohort_admin import bp as cohort_bp
    from application.follow_up_views import bp as follow_ups_bp
    from application.guarantee_admin import bp as guarantee_admin_bp
    from application.learner import bp as learner_bp
    from application.provider_applications import bp as provider_applications_bp
    from core.auth.views import bp as auth_bp
    from core.pages import bp as pages_bp
    from core.staff import bp as staff_bp
    from prospectus.api import bp as api_bp
    from prospectus.council import bp as council_bp
    from prospectus.provider_admin import bp as provider_admin_bp
    from prospectus.public import bp as public_bp

    for blueprint in (pages_bp, auth_bp, public_bp, provider_admin_bp, council_bp, staff_bp, api_bp):
        app.register_blueprint(blueprint)
    for blueprint in (learner_accounts_bp, learner_bp, provider_applications_bp, cohort_bp):
        app.register_blueprint(blueprint)
    for blueprint in (adviser_bp, follow_ups_bp, guarantee_admin_bp):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from core.cli import register_cli

    register_cli(app)


@event.listens_for(Engine, "connect")
def _enable_sqlite_foreign_keys(dbapi_connection, connection_record):
    if dbapi_connection.__class__.__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
