"""Forms for the council back office: areas, providers, entry years and the course import."""

import re
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.datetime import DateField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from core import postcodes
from prospectus.council_services import EntryYearDates, ProviderDetails, full_postcode
from prospectus.reference import PROVIDER_TYPES


def strip(value):
    return value.strip() if isinstance(value, str) else value


def blank_to_none(value):
    return value or None


def optional_id(value) -> int | None:
    """Coerce a select's value to an id, with the empty 'Choose ...' option as None."""
    return None if value in (None, "") else int(value)


class GovDateField(DateField):
    """The GOV.UK day, month and year inputs, with messages that name the date and say what to fix."""

    widget = GovDateInput()

    def __init__(self, label: str, *, what: str, **kwargs):
        super().__init__(label, format="%d %m %Y", **kwargs)
        self.what = what

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        parts = [part.strip() for part in valuelist]
        self.data = None
        if not any(parts):
            raise ValueError(f"Enter {self.what}")
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"{self.what[0].upper()}{self.what[1:]} must include a day, month and year")
        day, month, year = parts
        try:
            if len(year) != 4:
                raise ValueError
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{self.what[0].upper()}{self.what[1:]} must be a real date") from None

    def pre_validate(self, form):
        if self.data is None and not self.process_errors:
            raise StopValidation(f"Enter {self.what}")


class AreaForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        filters=[strip],
        description="The travel-to-learn area or consortium, for example Abingdon and Didcot",
        validators=[
            DataRequired("Enter the area's name"),
            Length(max=100, message="Name must be 100 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "Description (optional)",
        widget=GovTextArea(),
        filters=[strip, blank_to_none],
        description="The towns, villages and schools the area covers",
        validators=[Length(max=2000, message="Description must be 2,000 characters or fewer")],
    )
    submit = SubmitField("Save area", widget=GovSubmitInput())


def _digits(length: int, what: str, starts_with: str = ""):
    pattern = re.compile(rf"^{starts_with}[0-9]{{{length - len(starts_with)}}}$")
    first = f", starting with {starts_with}" if starts_with else ""
    message = f"{what} must be {length} digits{first}, like {starts_with}{'0' * (length - len(starts_with) - 1)}7"

    def check(form, field):
        if field.data and not pattern.match(field.data):
            raise ValidationError(message)

    return check


def _uk_postcode(form, field):
    if not field.data:
        return
    postcode = full_postcode(field.data)
    if postcode is None:
        raise ValidationError("Enter a full postcode, like OX14 1GG")
    if postcodes.try_locate(postcode) is None:
        raise ValidationError(f"{postcode} is not a postcode we know: check it")


def _web_address(form, field):
    if field.data and not re.match(r"^https?://[^\s/]+\.[^\s]+$", field.data):
        raise ValidationError("Enter a website address in the correct format, like https://www.example.ac.uk")


def _telephone(form, field):
    if field.data and not re.match(r"^\+?[0-9 ()-]{10,20}$", field.data):
        raise ValidationError("Enter a telephone number, like 01865 123456")


class ProviderForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        filters=[strip],
        validators=[
            DataRequired("Enter the provider's name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    urn = StringField(
        "URN",
        widget=GovTextInput(),
        filters=[strip, blank_to_none],
        description="Unique reference number for schools: 6 digits. Enter a URN, a UKPRN or both.",
        validators=[_digits(6, "URN")],
    )
    ukprn = StringField(
        "UKPRN",
        widget=GovTextInput(),
        filters=[strip, blank_to_none],
        description="UK provider reference number: 8 digits starting with 1",
        validators=[_digits(8, "UKPRN", starts_with="1")],
    )
    provider_type = SelectField(
        "Type of provider",
        widget=GovSelect(),
        choices=[SelectChoice("", "Choose a type"), *(SelectChoice(*item) for item in PROVIDER_TYPES.items())],
        validators=[DataRequired("Select the type of provider")],
    )
    area_id = SelectField(
        "Area", widget=GovSelect(), coerce=optional_id, validators=[DataRequired("Select the provider's area")]
    )
    address = StringField(
        "Address (optional)",
        widget=GovTextInput(),
        filters=[strip, blank_to_none],
        validators=[Length(max=300, message="Address must be 300 characters or fewer")],
    )
    postcode = StringField(
        "Postcode (optional)",
        widget=GovTextInput(),
        filters=[strip, blank_to_none],
        validators=[_uk_postcode],
    )
    website = StringField(
        "Website (optional)",
        widget=GovTextInput(),
        filters=[strip, blank_to_none],
        validators=[_web_address, Length(max=300, message="Website must be 300 characters or fewer")],
    )
    email = StringField(
        "Contact email address (optional)",
        widget=GovTextInput(),
        filters=[strip, blank_to_none],
        validators=[
            Optional(),
            Email("Enter an email address in the correct format, like admissions@example.ac.uk"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    telephone = StringField(
        "Contact telephone (optional)",
        widget=GovTextInput(),
        filters=[strip, blank_to_none],
        validators=[_telephone],
    )
    submit = SubmitField("Save provider", widget=GovSubmitInput())

    def __init__(self, areas, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.area_id.choices = [SelectChoice("", "Choose an area")] + [
            SelectChoice(str(area.id), area.name) for area in areas
        ]

    def validate_ukprn(self, field):
        if not field.data and not self.urn.data:
            raise ValidationError("Enter a URN or a UKPRN: a provider needs at least one")

    def details(self) -> ProviderDetails:
        return ProviderDetails(
            name=self.name.data,
            urn=self.urn.data,
            ukprn=self.ukprn.data,
            provider_type=self.provider_type.data,
            area_id=self.area_id.data,
            address=self.address.data,
            postcode=full_postcode(self.postcode.data),
            website=self.website.data,
            email=self.email.data,
            telephone=self.telephone.data,
        )


class WholeNumberField(IntegerField):
    """An integer field whose message for text that is not a number says what to enter."""

    def __init__(self, label: str, *, invalid: str, **kwargs):
        super().__init__(label, widget=GovTextInput(), **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        valuelist = [value.strip() for value in valuelist]
        if valuelist and not valuelist[0]:
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid) from None


class EntryYearForm(FlaskForm):
    """Adding an entry year asks for its year; changing one only changes its dates and limits."""

    year = WholeNumberField(
        "Year courses start",
        invalid="Enter the year courses start as 4 digits, like 2027",
        description="The September courses start, for example 2027",
        validators=[
            InputRequired("Enter the year courses start, like 2027"),
            NumberRange(2000, 2100, "Enter the year courses start as 4 digits, like 2027"),
        ],
    )
    applications_open = GovDateField("Applications open", what="the date applications open")
    main_deadline = GovDateField(
        "Main deadline",
        what="the main deadline",
        description="The date applications should be in by, for example 28 2 2027",
    )
    guarantee_deadline = GovDateField(
        "September Guarantee deadline",
        what="the guarantee deadline",
        description="The date every learner should have an offer by, usually 30 9 of the entry year",
    )
    max_choices = WholeNumberField(
        "Most choices on one application",
        invalid="Enter the most choices a learner can make as a number from 1 to 10",
        default=5,
        validators=[
            InputRequired("Enter the most choices a learner can make, from 1 to 10"),
            NumberRange(1, 10, "The most choices a learner can make must be from 1 to 10"),
        ],
    )
    response_working_days = WholeNumberField(
        "Working days a provider has to respond",
        invalid="Enter the number of working days a provider has to respond as a number from 1 to 60",
        default=20,
        description="A decision not made within this time shows as overdue",
        validators=[
            InputRequired("Enter the number of working days a provider has to respond, from 1 to 60"),
            NumberRange(1, 60, "The number of working days to respond must be from 1 to 60"),
        ],
    )
    submit = SubmitField("Save entry year", widget=GovSubmitInput())

    def __init__(self, *args, changing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if changing:
            del self.year

    def dates(self) -> EntryYearDates:
        return EntryYearDates(
            applications_open=self.applications_open.data,
            main_deadline=self.main_deadline.data,
            guarantee_deadline=self.guarantee_deadline.data,
            max_choices=self.max_choices.data,
            response_working_days=self.response_working_days.data,
        )


def _csv_file(form, field):
    if not (field.data.filename or "").lower().endswith(".csv"):
        raise StopValidation("The selected file must be a CSV")


class ImportCoursesForm(FlaskForm):
    file = FileField(
        "Upload a CSV file",
        widget=GovFileInput(),
        validators=[FileRequired("Select a CSV file"), _csv_file],
    )
    provider = StringField(
        "URN or UKPRN of the provider (optional)",
        widget=GovTextInput(),
        filters=[strip, blank_to_none],
        description="Fill this in when every row belongs to one provider; then rows need no URN or UKPRN column",
        validators=[Length(max=8, message="Enter a 6-digit URN or an 8-digit UKPRN")],
    )
    submit = SubmitField("Import courses", widget=GovSubmitInput())
