"""Forms for inviting and changing staff accounts."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import EmailField, RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from core.roles import STAFF_ROLES


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_id(value) -> int | None:
    return None if value in (None, "") else int(value)


class AccountForm(FlaskForm):
    """Inviting someone asks for their email address; changing an account later does not."""

    name = StringField(
        "Full name",
        widget=GovTextInput(),
        filters=[_strip],
        validators=[
            DataRequired("Enter their full name"),
            Length(max=120, message="Name must be 120 characters or fewer"),
        ],
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        filters=[_strip],
        description="We will send an invitation link to this address",
        validators=[
            DataRequired("Enter their email address"),
            Email("Enter an email address in the correct format, like name@example.org"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(code, label) for code, label in STAFF_ROLES.items()],
        validators=[DataRequired("Select their role")],
    )
    provider_id = SelectField(
        "Provider",
        widget=GovSelect(),
        coerce=_optional_id,
        description="Needed for provider staff, who see and manage only this provider's courses and applications",
    )
    submit = SubmitField("Send invitation", widget=GovSubmitInput())

    def __init__(self, providers, *args, inviting: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider_id.choices = [SelectChoice("", "Choose a provider")] + [
            SelectChoice(str(provider.id), provider.name) for provider in providers
        ]
        if not inviting:
            del self.email
            self.submit.label.text = "Save changes"
