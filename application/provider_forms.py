"""Forms for provider staff deciding on applications. Messages say what to fix, in GOV.UK style."""

import re
from datetime import datetime, time

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import Form, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from application import rules, states
from application.models import REJECTION_REASONS
from application.provider_queries import STATUS_GROUPS, VISIBLE_STATUSES
from prospectus.forms import GovukDateField, WholeNumberField
from prospectus.models import Course

MAX_CONDITIONS = 5
IN_PERSON, ONLINE = "in-person", "online"
CONDITIONAL, UNCONDITIONAL = "conditional", "unconditional"
MET, NOT_MET = "met", "not-met"

# In the status filter, a single status reads differently from the group that shares its name.
SINGLE_STATUS_LABELS = {states.SUBMITTED: "New: no interview or decision yet"}

TIME_PATTERN = re.compile(r"(?P<hour>[0-9]{1,2})(?:[:.](?P<minute>[0-9]{2}))?\s*(?P<half>am|pm)?", re.ASCII)
TIME_MESSAGE = "Enter the time of the interview, like 9:30am or 2pm"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _long_text(label: str, validators=(), max_length: int = 2000, **kwargs) -> TextAreaField:
    too_long = Length(max=max_length, message=f"{label} must be {max_length:,} characters or fewer")
    return TextAreaField(label, widget=GovTextArea(), filters=[_strip], validators=[*validators, too_long], **kwargs)


def _radios(label: str, labels: dict[str, str], message: str, **kwargs) -> RadioField:
    choices = [SelectChoice(value, text) for value, text in labels.items()]
    return RadioField(
        label,
        choices=choices,
        widget=GovRadioInput(),
        validators=[DataRequired(message)],
        invalid_choice_message=message,
        **kwargs,
    )


def _add_error(field, message: str) -> None:
    field.errors = [*field.errors, message]


# The inbox


class InboxFilterForm(Form):
    """The inbox's filters, read from the query string. Unknown values mean no filter."""

    course = SelectField("Course", choices=[], widget=GovSelect(), validate_choice=False)
    status = SelectField("Status", choices=[], widget=GovSelect(), validate_choice=False)

    @classmethod
    def for_courses(cls, courses: list[Course], args) -> "InboxFilterForm":
        form = cls(args)
        form.course.choices = [SelectChoice("", "All courses"), *(_course_choice(course) for course in courses)]
        return form

    def show_counts(self, counts: dict[str, int]) -> None:
        """Label each status with how many choices it has, and keep the counts for the page."""
        self.counts = counts
        self.status.choices = _status_choices(counts)

    def chosen_course(self) -> int | None:
        known = {choice.value for choice in self.course.choices}
        return int(self.course.data) if self.course.data and self.course.data in known else None

    def chosen_statuses(self) -> frozenset[str] | None:
        if self.status.data in STATUS_GROUPS:
            return frozenset(STATUS_GROUPS[self.status.data][1])
        if self.status.data in VISIBLE_STATUSES:
            return frozenset({self.status.data})
        return None

    def query_args(self) -> dict[str, str]:
        """The filters in force, to carry into the export link."""
        args = {"course": self.course.data if self.chosen_course() else None}
        args["status"] = self.status.data if self.chosen_statuses() else None
        return {name: value for name, value in args.items() if value}


def _course_choice(course: Course) -> SelectChoice:
    code = f" ({course.provider_course_code})" if course.provider_course_code else ""
    return SelectChoice(str(course.id), f"{course.title}{code}, starting {course.entry_year.label}")


def _status_choices(counts: dict[str, int]) -> list[SelectChoice]:
    choices = [SelectChoice("", f"All statuses ({counts['all']})")]
    choices += [SelectChoice(key, f"{label} ({counts[key]})") for key, (label, _members) in STATUS_GROUPS.items()]
    for status in VISIBLE_STATUSES:
        label = SINGLE_STATUS_LABELS.get(status, states.STATUSES[status])
        choices.append(SelectChoice(status, f"{label} ({counts[status]})"))
    return choices


# Decisions: each form carries the version of the choice the user saw, for the optimistic lock.


class DecisionForm(FlaskForm):
    version = WholeNumberField(widget=HiddenInput())
    # The field that a rule broken in the service is shown against; a form without one shows it as a banner.
    rule_field: str | None = None

    def show_rule_broken(self, message: str) -> bool:
        if self.rule_field is None:
            return False
        _add_error(self[self.rule_field], message)
        return True

    def expected_version(self) -> int:
        """The version the page was opened at; a page without one is treated as out of date."""
        return self.version.data or 0


class InterviewForm(DecisionForm):
    rule_field = "interview_time"
    interview_date = GovukDateField("Date of the interview", description="For example, 14 3 2027")
    interview_time = StringField(
        "Time", widget=GovTextInput(), filters=[_strip], description="For example, 9:30am or 2pm"
    )
    mode = _radios(
        "Where will the interview be?",
        {IN_PERSON: "In person", ONLINE: "Online"},
        "Select whether the interview is in person or online",
    )
    place = StringField(
        "Address or room",
        widget=GovTextInput(),
        filters=[_strip],
        description="If the interview is in person",
        validators=[Length(max=300, message="Address or room must be 300 characters or fewer")],
    )
    joining_details = StringField(
        "How to join",
        widget=GovTextInput(),
        filters=[_strip],
        description="If the interview is online. For example, a video call link",
        validators=[Length(max=300, message="How to join must be 300 characters or fewer")],
    )
    submit = SubmitField("Invite to interview", widget=GovSubmitInput())

    def validate_interview_date(self, field):
        if field.data is None and not field.errors:
            raise ValidationError("Enter the date of the interview")
        if field.data is not None and field.data < rules.uk_today():
            raise ValidationError("The date of the interview must be today or in the future")

    def validate_interview_time(self, field):
        if not field.data:
            raise ValidationError("Enter the time of the interview")
        if parse_time(field.data) is None:
            raise ValidationError(TIME_MESSAGE)
        if self.interview_date.data == rules.uk_today() and self.starts_at() <= _uk_now():
            raise ValidationError("The time of the interview must be later than now")

    def validate_place(self, field):
        if self.mode.data == IN_PERSON and not field.data:
            raise ValidationError("Enter the address or room where the interview will be")

    def validate_joining_details(self, field):
        if self.mode.data == ONLINE and not field.data:
            raise ValidationError("Enter how to join the interview online, such as a video call link")

    def starts_at(self) -> datetime:
        """The time in England that the provider typed: an appointment, stored and shown as entered."""
        return datetime.combine(self.interview_date.data, parse_time(self.interview_time.data))

    def is_online(self) -> bool:
        return self.mode.data == ONLINE

    def place_text(self) -> str:
        return (self.joining_details.data if self.is_online() else self.place.data) or ""


def _uk_now() -> datetime:
    return datetime.now(rules.UK).replace(tzinfo=None)


def parse_time(text: str) -> time | None:
    """'9am', '9:30am', '2.15pm' or '14:30'; None if it is not a real time of day."""
    match = TIME_PATTERN.fullmatch(text.strip().lower().replace(" ", ""))
    if not match:
        return None
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match["minute"] is None:
        return None
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _condition(number: int) -> StringField:
    return StringField(
        f"Condition {number}",
        widget=GovTextInput(),
        filters=[_strip],
        validators=[Length(max=300, message=f"Condition {number} must be 300 characters or fewer")],
    )


class OfferForm(DecisionForm):
    rule_field = "condition_1"
    kind = _radios(
        "What kind of offer?",
        {UNCONDITIONAL: "Unconditional", CONDITIONAL: "Conditional"},
        "Select whether the offer is unconditional or conditional",
    )
    condition_1 = _condition(1)
    condition_2 = _condition(2)
    condition_3 = _condition(3)
    condition_4 = _condition(4)
    condition_5 = _condition(5)
    submit = SubmitField("Make offer", widget=GovSubmitInput())

    def condition_fields(self) -> list[StringField]:
        return [self[f"condition_{number}"] for number in range(1, MAX_CONDITIONS + 1)]

    def validate_condition_1(self, field):
        if self.kind.data == CONDITIONAL and not self.condition_texts():
            raise ValidationError("Enter at least one condition, or make an unconditional offer")

    def condition_texts(self) -> list[str]:
        if self.kind.data != CONDITIONAL:
            return []
        return [field.data for field in self.condition_fields() if field.data]


class RejectForm(DecisionForm):
    rule_field = "detail"
    reason = _radios("Why is the application unsuccessful?", REJECTION_REASONS, "Select a reason")
    detail = _long_text(
        "Details (optional)",
        description="The applicant will see this. Explain what they could do next, if you can.",
    )
    submit = SubmitField("Reject application", widget=GovSubmitInput())

    def validate_detail(self, field):
        if self.reason.data == "other" and not field.data:
            raise ValidationError("Enter the reason the application is unsuccessful")


class WithdrawOfferForm(DecisionForm):
    rule_field = "reason"
    reason = _long_text(
        "Why are you withdrawing the offer?",
        [DataRequired("Enter why you are withdrawing the offer")],
        description="The applicant will see this.",
    )
    submit = SubmitField("Withdraw offer", widget=GovSubmitInput())


class ConditionsForm(DecisionForm):
    rule_field = "outcome"
    outcome = _radios(
        "Has the applicant met the conditions of the offer?",
        {MET: "Yes, the conditions are met", NOT_MET: "No, the conditions are not met"},
        "Select whether the conditions are met",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def conditions_met(self) -> bool:
        return self.outcome.data == MET


class EnrolmentForm(DecisionForm):
    submit = SubmitField("Record as enrolled", widget=GovSubmitInput())


class NoteForm(FlaskForm):
    text = _long_text(
        "Add a note",
        [DataRequired("Enter your note")],
        max_length=5000,
        description="Only staff at your organisation can see notes. The applicant cannot.",
    )
    submit = SubmitField("Save note", widget=GovSubmitInput())
