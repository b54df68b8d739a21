"""Forms for the provider back office, with GOV.UK error messages that say what to fix."""

import re
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import Field, Form, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError
from wtforms.widgets import HiddenInput

from core import postcodes
from prospectus.models import EntryYear
from prospectus.reference import (
    AGE_GROUPS,
    COURSE_STATUSES,
    LEVELS,
    NCCIS_OFFER_TYPES,
    QUALIFICATION_TYPES,
    SSA_TIER1,
    SSA_TIER2,
    STUDY_MODES,
)
from prospectus.services import courses, providers

POSTCODE_MESSAGE = "Enter a real postcode, like OX1 1AA"

COURSE_LABELS = {
    "title": "Course title",
    "provider_course_code": "Course code",
    "entry_year_id": "Entry year",
    "description": "Course description",
    "entry_requirements": "Entry requirements",
    "qualification_type": "Qualification type",
    "level": "Level",
    "ssa_tier1": "Subject area",
    "ssa_tier2": "Subject (more detail)",
    "nccis_offer_code": "Offer type (NCCIS)",
    "age_group": "Who the course is for",
    "study_mode": "Study mode",
    "start_date": "Start date",
    "duration": "How long the course lasts",
    "venue_postcode": "Venue postcode",
    "places": "Number of places",
    "costs": "Costs",
    "bursaries": "Bursaries and help with costs",
}

# Shown against each field that a course needs before it can be published.
MISSING_MESSAGES = {
    "title": "Enter a course title",
    "provider_course_code": "Enter your course code",
    "qualification_type": "Select the qualification type",
    "level": "Select the level",
    "ssa_tier1": "Select the subject area",
    "age_group": "Select who the course is for",
    "study_mode": "Select full time or part time",
    "start_date": "Enter the start date",
    "duration": "Enter how long the course lasts",
    "entry_requirements": "Enter the entry requirements",
    "description": "Enter a description of the course",
    "nccis_offer_code": "Select the offer type",
}

CONFLICT_MESSAGE = (
    "Someone else changed this course while you were editing it. Your answers have not been saved: check them "
    "against the saved course below, then save again"
)


def _normalise_postcode(value: str | None) -> str | None:
    """Tidy a postcode that looks right ('ox141gg' -> 'OX14 1GG'); leave anything else for the validator to refuse."""
    return postcodes.normalise(value) or value


class RealPostcode:
    """A full UK postcode in a postcode district that exists."""

    def __call__(self, form, field):
        if not field.data:
            return
        if postcodes.normalise(field.data) != field.data or not postcodes.is_full_postcode(field.data):
            raise ValidationError(POSTCODE_MESSAGE)
        try:
            postcodes.locate(field.data)
        except postcodes.PostcodeNotFound:
            raise ValidationError(f"We cannot find the postcode {field.data}. Check it and enter it again") from None


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value):
    return None if value in ("", None) else value


def _choices(labels: dict, blank: str = "Not chosen yet") -> list[SelectChoice]:
    return [SelectChoice("", blank), *(SelectChoice(code, label) for code, label in labels.items())]


def _subject_choices() -> list[SelectChoice]:
    subjects = (SelectChoice(code, f"{SSA_TIER1[code.split('.')[0]]}: {label}") for code, label in SSA_TIER2.items())
    return [SelectChoice("", "Not chosen yet"), *subjects]


def _year_choices(years: list[EntryYear]) -> list[SelectChoice]:
    return [SelectChoice(str(year.id), year.label) for year in years]


def _postcode_validators() -> list:
    return [Optional(), RealPostcode()]


class GovukDateField(Field):
    """A date typed as day, month and year in three boxes with the same name (the GOV.UK date input).

    Blank is allowed (a draft need not have a date); a partly filled or impossible date gets a GOV.UK message.
    """

    widget = GovDateInput()

    def process_formdata(self, valuelist):
        parts = [*(value.strip() for value in valuelist[:3]), "", "", ""][:3]
        self.raw_data = parts
        self.data = None
        if any(parts):
            self.data = self._parse(*parts)

    def _parse(self, day: str, month: str, year: str) -> date:
        missing = [name for name, value in zip(("day", "month", "year"), (day, month, year), strict=True) if not value]
        if missing:
            raise ValueError(f"{self.label.text} must include a {' and a '.join(missing)}")
        if not re.fullmatch(r"[0-9]{4}", year, re.ASCII):
            raise ValueError("Year must include 4 numbers")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{self.label.text} must be a real date") from None

    def _value(self):
        return self.data


class WholeNumberField(Field):
    """A whole number of 0 or more, or blank."""

    widget = GovTextInput()

    def __init__(self, label=None, validators=None, message="Enter a whole number, like 24", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if text:
            if not re.fullmatch(r"[0-9]{1,6}", text, re.ASCII):
                raise ValueError(self.message)
            self.data = int(text)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


def _text(label: str, max_length: int, validators=(), **kwargs) -> StringField:
    too_long = Length(max=max_length, message=f"{label} must be {max_length:,} characters or fewer")
    filters = kwargs.pop("filters", [_strip])
    return StringField(label, widget=GovTextInput(), filters=filters, validators=[*validators, too_long], **kwargs)


def _long_text(label: str, **kwargs) -> TextAreaField:
    too_long = Length(max=5000, message=f"{label} must be 5,000 characters or fewer")
    return TextAreaField(label, widget=GovTextArea(), filters=[_strip], validators=[too_long], **kwargs)


def _select(label: str, choices, message="Select an option from the list", **kwargs) -> SelectField:
    return SelectField(label, choices=choices, widget=GovSelect(), invalid_choice_message=message, **kwargs)


class CourseForm(FlaskForm):
    title = _text(COURSE_LABELS["title"], 200, [DataRequired(MISSING_MESSAGES["title"])])
    provider_course_code = _text(
        COURSE_LABELS["provider_course_code"],
        40,
        description="The code you use for this course, like BIO-A2. Each course in an entry year needs its own code.",
    )
    entry_year_id = _select(
        COURSE_LABELS["entry_year_id"],
        [],
        "Select the entry year",
        coerce=int,
        description="The September the course starts",
        validators=[DataRequired("Select the entry year")],
    )
    description = _long_text(
        COURSE_LABELS["description"], description="What learners will study and do, and where it can lead"
    )
    entry_requirements = _long_text(COURSE_LABELS["entry_requirements"])
    qualification_type = _select(COURSE_LABELS["qualification_type"], _choices(QUALIFICATION_TYPES))
    level = _select(COURSE_LABELS["level"], _choices(LEVELS))
    ssa_tier1 = _select(COURSE_LABELS["ssa_tier1"], _choices(SSA_TIER1), description="The sector subject area")
    ssa_tier2 = _select(
        COURSE_LABELS["ssa_tier2"],
        _subject_choices(),
        description="Optional. It must be in the subject area you selected.",
    )
    nccis_offer_code = _select(
        COURSE_LABELS["nccis_offer_code"],
        _choices({code: f"{code}: {label}" for code, label in NCCIS_OFFER_TYPES.items()}),
        description="The NCCIS activity a learner on this course is recorded as",
    )
    age_group = _select(COURSE_LABELS["age_group"], _choices(AGE_GROUPS))
    study_mode = _select(COURSE_LABELS["study_mode"], _choices(STUDY_MODES))
    start_date = GovukDateField(COURSE_LABELS["start_date"], description="For example, 7 9 2027")
    duration = _text(COURSE_LABELS["duration"], 60, description="For example, 2 years or 36 weeks")
    venue_postcode = _text(
        COURSE_LABELS["venue_postcode"],
        8,
        _postcode_validators(),
        description="Only if the course is taught away from your main site",
        filters=[_strip, _normalise_postcode],
    )
    places = WholeNumberField(
        COURSE_LABELS["places"], message="Enter the number of places as a whole number, like 24", description="Optional"
    )
    costs = _long_text(COURSE_LABELS["costs"], description="For example, equipment, trips or uniform")
    bursaries = _long_text(COURSE_LABELS["bursaries"])
    version = WholeNumberField(widget=HiddenInput(), id="edit-conflict", message=CONFLICT_MESSAGE)
    save_draft = SubmitField("Save as draft", widget=GovSubmitInput())
    save_changes = SubmitField("Save changes", widget=GovSubmitInput())
    publish = SubmitField("Publish course", widget=GovSubmitInput())

    @classmethod
    def for_years(cls, years: list[EntryYear], **kwargs) -> "CourseForm":
        form = cls(**kwargs)
        form.entry_year_id.choices = _year_choices(years)
        return form

    def course_fields(self) -> dict:
        return {name: _blank_to_none(self[name].data) for name in courses.EDITABLE_FIELDS}

    def show_error(self, error: courses.CourseError, course=None) -> None:
        """Put a domain error against the fields the user needs to change."""
        if isinstance(error, courses.CourseIncomplete):
            for name in error.missing_fields:
                _add_error(self[name], MISSING_MESSAGES[name])
        elif isinstance(error, courses.DuplicateCourseCode):
            message = f"You already have a course with the code {error.code} in this entry year. Enter a different code"
            _add_error(self.provider_course_code, message)
        elif isinstance(error, courses.SubjectMismatch):
            _add_error(self.ssa_tier2, self._subject_mismatch_message())
        elif isinstance(error, courses.EditConflict):
            _add_error(self.version, CONFLICT_MESSAGE)
            self.version.raw_data = None
            self.version.data = course.version
        else:
            raise error

    def _subject_mismatch_message(self) -> str:
        area = SSA_TIER1.get(self.ssa_tier1.data or "")
        if area is None:
            return "Select a subject area for this detailed subject, or leave the detailed subject blank"
        return f"Select a detailed subject in {area}, or leave it blank"

    def differences_from(self, course) -> list[tuple[str, str]]:
        """Each answer that differs from the saved course, with what is saved now, after an edit conflict."""
        rows = []
        for name in courses.EDITABLE_FIELDS:
            saved = getattr(course, name)
            if _blank_to_none(self[name].data) != saved:
                rows.append((COURSE_LABELS[name], _saved_text(self[name], saved)))
        return rows


def _saved_text(field, saved) -> str:
    if saved is None:
        return "Blank"
    if isinstance(field, SelectField):
        return next((choice.label for choice in field.choices if str(choice.value) == str(saved)), str(saved))
    if isinstance(saved, date):
        return f"{saved.day} {saved:%B %Y}"
    return str(saved)


def _add_error(field, message: str) -> None:
    field.errors = [*field.errors, message]


class CourseActionForm(FlaskForm):
    """Publish, withdraw or return to draft: only the version the user saw, for the optimistic lock."""

    version = WholeNumberField(widget=HiddenInput())


class CourseFilterForm(Form):
    """The dashboard's filters, read from the query string. Unknown values mean no filter."""

    year = SelectField("Entry year", choices=[], widget=GovSelect(), validate_choice=False)
    status = SelectField(
        "Status", choices=_choices(COURSE_STATUSES, blank="All"), widget=GovSelect(), validate_choice=False
    )

    @classmethod
    def for_years(cls, years: list[EntryYear], args) -> "CourseFilterForm":
        form = cls(args)
        form.year.choices = [SelectChoice("", "All"), *(SelectChoice(str(year.year), year.label) for year in years)]
        return form

    def chosen_year(self) -> int | None:
        known = {choice.value for choice in self.year.choices}
        return int(self.year.data) if self.year.data and self.year.data in known else None

    def chosen_status(self) -> str | None:
        return self.status.data if self.status.data in COURSE_STATUSES else None


class CopyCoursesForm(FlaskForm):
    source = _select("Copy courses from", [], "Select an entry year to copy from", coerce=int)
    target = _select("Copy them into", [], "Select an entry year to copy into", coerce=int)
    submit = SubmitField("Copy courses", widget=GovSubmitInput())

    @classmethod
    def for_years(cls, years: list[EntryYear], **kwargs) -> "CopyCoursesForm":
        defaults = {"source": years[-2].id, "target": years[-1].id} if len(years) > 1 else {}
        form = cls(**defaults, **kwargs)
        form.source.choices = form.target.choices = _year_choices(years)
        form._years = {year.id: year for year in years}
        return form

    def source_year(self) -> EntryYear:
        return self._years[self.source.data]

    def target_year(self) -> EntryYear:
        return self._years[self.target.data]

    def show_error(self, error: courses.CourseError) -> None:
        if isinstance(error, courses.CopyYearsInvalid):
            _add_error(self.target, f"Select an entry year after {self.source_year().label}")
        elif isinstance(error, courses.DuplicateCourseCode):
            _add_error(self.target, "Someone else copied courses into this year at the same time. Try again")
        else:
            raise error


class ProviderProfileForm(FlaskForm):
    """What a provider tells learners about itself. The council keeps its name, type, identifiers and area."""

    description = _long_text("About your organisation")
    website = _text(
        "Website",
        300,
        [
            Optional(),
            Regexp(
                r"^https?://[^\s/]+\.\S+$",
                message="Enter a website address in the correct format, like https://www.example.ac.uk",
            ),
        ],
        description="For example, https://www.example.ac.uk",
    )
    email = _text(
        "Email address for enquiries",
        254,
        [Optional(), Email("Enter an email address in the correct format, like name@example.com")],
    )
    telephone = _text(
        "Telephone",
        30,
        [Optional(), Regexp(r"^\+?[0-9 ()-]{10,30}$", message="Enter a telephone number, like 01865 123456")],
    )
    address = _text("Address", 300)
    postcode = _text("Postcode", 8, _postcode_validators(), filters=[_strip, _normalise_postcode])
    lldd_support = _long_text("Support for learners with learning difficulties or disabilities")
    transport = _long_text("Getting here", description="Buses, trains, parking, and any help with travel costs")
    submit = SubmitField("Save profile", widget=GovSubmitInput())

    def profile_fields(self) -> dict:
        return {name: _blank_to_none(self[name].data) for name in providers.PROFILE_FIELDS}
