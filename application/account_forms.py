"""Forms for learner accounts and the cohort upload. The words are for Year 11 students: short and plain."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovFileInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, StopValidation, ValidationError

from application.account_services import normalise_code
from core import postcodes
from core.auth.passwords import password_problem
from prospectus.council_forms import GovDateField, strip


class DateOfBirthInput(GovDateInput):
    """The GOV.UK date input, with autocomplete hints so that phones can fill in a birthday."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item, purpose in zip(params["items"], ("bday-day", "bday-month", "bday-year"), strict=True):
            item.setdefault("autocomplete", purpose)
        return params


def date_of_birth_field() -> GovDateField:
    return GovDateField(
        "Date of birth", what="your date of birth", description="For example, 27 3 2010", widget=DateOfBirthInput()
    )


class ActivationForm(FlaskForm):
    code = StringField(
        "Activation code",
        widget=GovTextInput(),
        description="Your school gave you this code. It looks like KX7-P2Q-9MT.",
        filters=[strip],
        validators=[DataRequired("Enter your activation code")],
    )
    date_of_birth = date_of_birth_field()
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_code(self, field):
        if normalise_code(field.data) is None:
            raise ValidationError("Activation code must be 9 letters and numbers, like KX7-P2Q-9MT")


class SignInDetailsForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="Use an email address you will keep after you leave school. We will send news about your "
        "applications here.",
        filters=[strip],
        validators=[
            DataRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.com"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description="Use 12 characters or more. Three or four random words are easy to remember, like "
        "'purple river toast'.",
        validators=[DataRequired("Create a password")],
    )
    confirm = PasswordField(
        "Type your password again",
        widget=GovPasswordInput(),
        validators=[DataRequired("Type your password again"), EqualTo("password", "The passwords do not match")],
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())

    def validate_password(self, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class AboutYouForm(FlaskForm):
    given_name = StringField(
        "First name",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            DataRequired("Enter your first name"),
            Length(max=100, message="First name must be 100 characters or fewer"),
        ],
    )
    family_name = StringField(
        "Last name",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            DataRequired("Enter your last name"),
            Length(max=100, message="Last name must be 100 characters or fewer"),
        ],
    )
    date_of_birth = date_of_birth_field()
    postcode = StringField(
        "Home postcode",
        widget=GovTextInput(),
        filters=[strip],
        validators=[DataRequired("Enter your home postcode")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_postcode(self, field):
        postcode = postcodes.normalise(field.data)
        if postcode is None or not postcodes.is_full_postcode(postcode):
            raise ValidationError("Enter a real postcode, like OX14 1GG")
        field.data = postcode


class ForgottenPasswordForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="The email address you use to sign in",
        filters=[strip],
        validators=[
            DataRequired("Enter your email address"),
            Email("Enter an email address in the correct format, like name@example.com"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class NewPasswordForm(SignInDetailsForm):
    email = None
    submit = SubmitField("Change password", widget=GovSubmitInput())


class SendAgainForm(FlaskForm):
    submit = SubmitField("Send the link again", widget=GovSubmitInput())


def _csv_file(form, field):
    if not (field.data.filename or "").lower().endswith(".csv"):
        raise StopValidation("The selected file must be a CSV")


class ImportCohortForm(FlaskForm):
    file = FileField(
        "Upload a CSV file", widget=GovFileInput(), validators=[FileRequired("Select a CSV file"), _csv_file]
    )
    entry_year = SelectField(
        "Entry year", widget=GovSelect(), description="The September these learners will start post-16 learning"
    )
    submit = SubmitField("Import learners", widget=GovSubmitInput())

    def __init__(self, years: list[int], **kwargs):
        super().__init__(**kwargs)
        self.entry_year.choices = [SelectChoice(str(year), f"September {year}") for year in years]
