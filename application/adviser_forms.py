"""Forms for careers advisers and the council's guarantee settings. Messages say what to fix, in GOV.UK style."""

import re
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    Form,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from application import rules
from application.guarantee_models import (
    CONTACT_METHODS,
    CONTACT_OUTCOMES,
    NOT_APPROPRIATE_REASONS,
    OFFER_SOURCES,
)
from prospectus.forms import GovukDateField
from prospectus.reference import NCCIS_OFFER_TYPES

YEAR_GROUPS = {"11": "Year 11", "12": "Year 12"}
UKPRN_PATTERN = re.compile(r"1[0-9]{7}", re.ASCII)
CHECKPOINTS = 5


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _too_long(label: str, length: int) -> Length:
    return Length(max=length, message=f"{label} must be {length:,} characters or fewer")


def _radios(label: str, labels: dict[str, str], message: str, **kwargs) -> RadioField:
    return RadioField(
        label,
        choices=[SelectChoice(value, text) for value, text in labels.items()],
        widget=GovRadioInput(),
        validators=[DataRequired(message)],
        invalid_choice_message=message,
        **kwargs,
    )


def _activity_select(label: str, message: str, **kwargs) -> SelectField:
    choices = [
        SelectChoice("", "Choose a type"),
        *(SelectChoice(code, f"{code}: {text}") for code, text in NCCIS_OFFER_TYPES.items()),
    ]
    return SelectField(
        label,
        choices=choices,
        widget=GovSelect(),
        validators=[DataRequired(message)],
        invalid_choice_message=message,
        **kwargs,
    )


def _long_text(label: str, validators=(), **kwargs) -> TextAreaField:
    return TextAreaField(
        label, widget=GovTextArea(), filters=[_strip], validators=[*validators, _too_long(label, 2000)], **kwargs
    )


def _check_past_date(field, missing: str, what: str) -> None:
    """A date that must be given, and be today or earlier: what happened, not what is planned."""
    if field.data is None and not field.errors:
        raise ValidationError(missing)
    if field.data is not None and field.data > rules.uk_today():
        raise ValidationError(f"{what} must be today or in the past")


# Choosing a cohort, and filtering its learners


def _year_choices(years: list[int]) -> list[SelectChoice]:
    return [SelectChoice(str(year), f"September {year}") for year in years]


class CohortForm(Form):
    """The entry year and year group, read from the query string."""

    year = SelectField("Entry year", choices=[], widget=GovSelect(), validate_choice=False)
    year_group = SelectField(
        "Year group",
        choices=[SelectChoice(v, t) for v, t in YEAR_GROUPS.items()],
        widget=GovSelect(),
        validate_choice=False,
    )

    @classmethod
    def for_years(cls, years: list[int], args, default_year: int | None) -> "CohortForm":
        form = cls(args)
        form.year.choices = _year_choices(years)
        if form.year.data not in {str(year) for year in years}:
            form.year.data = str(default_year) if default_year else None
        if form.year_group.data not in YEAR_GROUPS:
            form.year_group.data = "11"
        return form

    def chosen_year(self) -> int | None:
        return int(self.year.data) if self.year.data else None

    def chosen_year_group(self) -> int:
        return int(self.year_group.data)


class LearnerFilterForm(CohortForm):
    """The quick filters of a list of learners. Unknown filters and sorts are ignored."""

    filter = SelectMultipleField("Show learners who", choices=[], widget=GovCheckboxesInput(), validate_choice=False)

    @classmethod
    def for_filters(
        cls, years: list[int], args, default_year: int | None, filters: dict[str, str]
    ) -> "LearnerFilterForm":
        form = cls.for_years(years, args, default_year)
        form.filter.choices = [SelectChoice(key, label) for key, label in filters.items()]
        form.filter.data = [key for key in form.filter.data or [] if key in filters]
        return form

    def chosen_filters(self) -> list[str]:
        return list(self.filter.data)


# What an adviser records


class ExternalOfferForm(FlaskForm):
    activity_code = _activity_select("Type of offer", "Select the type of offer")
    provider_name = StringField(
        "Provider name",
        widget=GovTextInput(),
        filters=[_strip],
        validators=[_too_long("Provider name", 200)],
        description="The school, college, training provider or employer that made the offer",
    )
    provider_ukprn = StringField(
        "UKPRN (optional if you give the name)",
        widget=GovTextInput(),
        filters=[_strip],
        description="8 digits starting with 1, for example 10001234",
    )
    course = StringField(
        "Course or job (optional)",
        widget=GovTextInput(),
        filters=[_strip],
        validators=[_too_long("Course or job", 200)],
    )
    offered_on = GovukDateField("Date of the offer", description="For example, 27 3 2027")
    source = _radios("Who told you about the offer?", OFFER_SOURCES, "Select who told you about the offer")
    submit = SubmitField("Save offer", widget=GovSubmitInput())

    def validate_provider_name(self, field):
        if not field.data and not self.provider_ukprn.data:
            raise ValidationError("Enter the provider’s name or UKPRN")

    def validate_provider_ukprn(self, field):
        if field.data and not UKPRN_PATTERN.fullmatch(field.data):
            raise ValidationError("UKPRN must be 8 digits starting with 1, like 10001234")

    def validate_offered_on(self, field):
        _check_past_date(field, "Enter the date of the offer", "The date of the offer")


class NotAppropriateForm(FlaskForm):
    reason = _radios(
        "Why is an offer not appropriate for them now?",
        NOT_APPROPRIATE_REASONS,
        "Select why an offer is not appropriate",
    )
    detail = _long_text("Details", description="Required if you chose ‘Another reason’")
    recorded_on = GovukDateField("Date you learned this", description="For example, 27 3 2027")
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_detail(self, field):
        if self.reason.data == "other" and not field.data:
            raise ValidationError("Enter the reason an offer is not appropriate")

    def validate_recorded_on(self, field):
        _check_past_date(field, "Enter the date you learned this", "The date you learned this")


class ContactForm(FlaskForm):
    contacted_on = GovukDateField("Date of the contact", description="For example, 27 3 2027")
    method = _radios("How did you contact them?", CONTACT_METHODS, "Select how you contacted them")
    outcome = _radios("What happened?", CONTACT_OUTCOMES, "Select what happened")
    note = _long_text("Note (optional)", description="What you talked about and what happens next")
    submit = SubmitField("Save contact", widget=GovSubmitInput())

    def validate_contacted_on(self, field):
        _check_past_date(field, "Enter the date of the contact", "The date of the contact")


class IntendedDestinationForm(FlaskForm):
    activity_code = _activity_select("What do they intend to do?", "Select what they intend to do")
    detail = _long_text(
        "Details (optional)", description="For example, the course, provider or employer they have in mind"
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


# The council's settings


class CaseloadForm(FlaskForm):
    schools = SelectMultipleField("Schools", choices=[], widget=GovCheckboxesInput(), coerce=int, validate_choice=False)
    areas = SelectMultipleField(
        "Whole areas", choices=[], widget=GovCheckboxesInput(), coerce=int, validate_choice=False
    )
    submit = SubmitField("Save caseload", widget=GovSubmitInput())

    @classmethod
    def for_places(cls, schools, areas, assigned) -> "CaseloadForm":
        """Every school and area to choose from, with the adviser's current caseload ticked."""
        form = cls(
            data={
                "schools": [item.school_id for item in assigned if item.school_id is not None],
                "areas": [item.area_id for item in assigned if item.area_id is not None],
            }
        )
        form.schools.choices = [SelectChoice(school.id, f"{school.name} (URN {school.urn})") for school in schools]
        form.areas.choices = [SelectChoice(area.id, area.name) for area in areas]
        return form

    def validate_schools(self, field):
        known = {choice.value for choice in field.choices}
        if any(value not in known for value in field.data or []):
            raise ValidationError("Select schools from the list")

    def validate_areas(self, field):
        known = {choice.value for choice in field.choices}
        if any(value not in known for value in field.data or []):
            raise ValidationError("Select areas from the list")


def _checkpoint(number: int) -> GovukDateField:
    return GovukDateField(f"Checkpoint {number}", description="For example, 1 6 2027")


class FollowUpRulesForm(FlaskForm):
    follow_up_fsm = BooleanField("Learners eligible for free school meals", widget=GovCheckboxInput())
    follow_up_looked_after = BooleanField("Looked-after learners", widget=GovCheckboxInput())
    follow_up_ehcp = BooleanField("Learners with an EHC plan", widget=GovCheckboxInput())
    checkpoint_1 = _checkpoint(1)
    checkpoint_2 = _checkpoint(2)
    checkpoint_3 = _checkpoint(3)
    checkpoint_4 = _checkpoint(4)
    checkpoint_5 = _checkpoint(5)
    submit = SubmitField("Save follow-up rules", widget=GovSubmitInput())

    @classmethod
    def for_entry_year(cls, entry_year, **kwargs) -> "FollowUpRulesForm":
        saved = sorted(date.fromisoformat(day) for day in entry_year.checkpoint_dates or [])
        data = {f"checkpoint_{number}": day for number, day in enumerate(saved[:CHECKPOINTS], start=1)}
        return cls(obj=entry_year, data=data, **kwargs)

    def checkpoint_fields(self) -> list:
        return [self[f"checkpoint_{number}"] for number in range(1, CHECKPOINTS + 1)]

    def checkpoint_dates(self) -> list[date]:
        return [field.data for field in self.checkpoint_fields() if field.data is not None]

    def show_checkpoint_error(self, day: date, message: str) -> None:
        for field in self.checkpoint_fields():
            if field.data == day:
                field.errors = [*field.errors, message]
                return
