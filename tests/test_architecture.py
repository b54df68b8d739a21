"""Guards that keep the code honest: back-office routes are guarded, URLs are kebab-case, migrations match models."""

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import Migrate
from werkzeug.routing import AnyConverter, IntegerConverter

from core.extensions import db
from core.roles import LEARNER, ROLES
from tests.conftest import sign_in
from tests.factories import LearnerUserFactory, UserFactory

PUBLIC_BLUEPRINTS = {"pages", "auth", "public", "api", "learner_accounts", None}


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def _guarded_rules(app):
    return [rule for rule in _rules(app) if rule.endpoint.split(".")[0] not in PUBLIC_BLUEPRINTS]


def _example_value(converter):
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return 1 if isinstance(converter, IntegerConverter) else "x"


def _example_url(rule) -> str:
    return rule.build({name: _example_value(converter) for name, converter in rule._converters.items()})[1]


def _method(rule) -> str:
    return "get" if "GET" in rule.methods else "post"


def test_every_blueprint_outside_the_public_site_declares_its_roles(app):
    for name, blueprint in app.blueprints.items():
        if name not in PUBLIC_BLUEPRINTS:
            assert getattr(blueprint, "allowed_roles", None), f"blueprint {name} has no role guard"


def test_back_office_routes_send_anonymous_users_to_sign_in(app, client):
    rules = _guarded_rules(app)
    assert rules, "there should be back-office routes"
    for rule in rules:
        response = getattr(client, _method(rule))(_example_url(rule))
        assert response.status_code == 302, rule.rule
        assert response.headers["Location"].startswith("/sign-in"), rule.rule


def _user_with_role(role: str):
    if role == LEARNER:
        return LearnerUserFactory()
    return UserFactory(provider_staff=True) if role == "provider" else UserFactory(role=role)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_signed_in_routes_refuse_the_wrong_role(app, client, role):
    user = _user_with_role(role)
    sign_in(client, user)
    for rule in _guarded_rules(app):
        blueprint = app.blueprints[rule.endpoint.split(".")[0]]
        if role not in blueprint.allowed_roles:
            response = getattr(client, _method(rule))(_example_url(rule))
            assert response.status_code == 403, f"{role} reached {rule.rule}"


def test_urls_are_kebab_case(app):
    for rule in _rules(app):
        fixed_parts = re.sub(r"<[^>]+>", "", rule.rule)
        assert re.fullmatch(r"[a-z0-9/.\-]*", fixed_parts), f"{rule.rule} is not kebab-case"


def test_migrations_have_one_head_and_build_the_models(app):
    migrate: Migrate = app.extensions["migrate"]
    script = ScriptDirectory.from_config(migrate.migrate.get_config())
    assert len(script.get_heads()) == 1
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert context.get_current_revision() == script.get_current_head()
        assert compare_metadata(context, db.metadata) == []


def test_migration_files_are_numbered_and_named(app):
    migrate: Migrate = app.extensions["migrate"]
    script = ScriptDirectory.from_config(migrate.migrate.get_config())
    for revision in script.walk_revisions():
        assert re.fullmatch(r"\d{4}", revision.revision), revision.revision
        assert re.search(rf"/{revision.revision}_[a-z0-9_]+\.py$", revision.path), revision.path
