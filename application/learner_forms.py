"""Forms for the learner's application. They check the shape of answers; the service decides what a section needs."""

import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from application.services.applications import WORD_LIMIT, SectionIncomplete, word_count
from core import postcodes

GCSE_SUBJECTS = (
    "English language",
    "English literature",
    "Mathematics",
    "Combined science",
    "Biology",
    "Chemistry",
    "Physics",
    "Computer science",
    "Geography",
    "History",
    "Religious studies",
    "French",
    "German",
    "Spanish",
    "Art and design",
    "Design and technology",
    "Drama",
    "Music",
    "Physical education",
    "Food preparation and nutrition",
    "Business",
    "Citizenship studies",
    "Media studies",
    "Statistics",
)
GCSE_GRADES = ("9", "8", "7", "6", "5", "4", "3", "2", "1")
PREDICTED, ACHIEVED = "predicted", "achieved"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _tidy_postcode(value):
    return postcodes.normalise(value) or _strip(value)


def _too_long(label: str, length: int) -> Length:
    return Length(max=length, message=f"{label} must be {length:,} characters or fewer")


def _completed_field() -> RadioField:
    """Asked at the end of each section, as GOV.UK task lists do; declared last so its error is listed last."""
    return RadioField(
        "Have you completed this section?",
        choices=[
            SelectChoice("yes", "Yes, I’ve completed this section"),
            SelectChoice("no", "No, I’ll come back later"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired("Select whether you have completed this section")],
    )


def _result_field() -> RadioField:
    return RadioField(
        "Is this grade predicted or achieved?",
        choices=[SelectChoice(PREDICTED, "Predicted"), SelectChoice(ACHIEVED, "Achieved")],
        widget=GovRadioInput(),
        validators=[InputRequired("Select whether the grade is predicted or achieved")],
    )


class Telephone:
    """A UK telephone number, or an international one starting with +."""

    message = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"

    def __call__(self, form, field):
        if field.data and not re.fullmatch(r"\+?[0-9 ()-]{10,20}", field.data, re.ASCII):
            raise ValidationError(self.message)
        if field.data and not 10 <= len(re.sub(r"\D", "", field.data)) <= 15:
            raise ValidationError(self.message)


class Postcode:
    """A full UK postcode such as OX1 1AA."""

    def __call__(self, form, field):
        if field.data and not (postcodes.normalise(field.data) and postcodes.is_full_postcode(field.data)):
            raise ValidationError("Enter a full UK postcode, like OX1 1AA")


class WordLimit:
    def __call__(self, form, field):
        if word_count(field.data) > WORD_LIMIT:
            raise ValidationError(f"Personal statement must be {WORD_LIMIT} words or fewer")


class SectionForm(FlaskForm):
    """A section of the task list: its answers, then "Have you completed this section?"."""

    @property
    def is_completed(self) -> bool:
        return self.completed.data == "yes"

    def answers(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if name not in ("completed", "csrf_token")}

    def show_missing(self, error: SectionIncomplete) -> None:
        for name, message in error.messages.items():
            self[name].errors = [*self[name].errors, message]


class PersonalDetailsForm(SectionForm):
    telephone = StringField(
        "Telephone number",
        widget=GovTextInput(),
        filters=[_strip],
        description="For international numbers include the country code",
        validators=[Telephone(), _too_long("Telephone number", 30)],
    )
    address = TextAreaField("Address", widget=GovTextArea(), filters=[_strip], validators=[_too_long("Address", 300)])
    postcode = StringField(
        "Postcode", widget=GovTextInput(), filters=[_tidy_postcode], validators=[Postcode(), _too_long("Postcode", 8)]
    )
    completed = _completed_field()


class SupportNeedsForm(SectionForm):
    support_needs = TextAreaField(
        "Tell us about any support you need (optional)",
        widget=GovTextArea(),
        filters=[_strip],
        description=(
            "For example, help with reading or moving around, a health condition, or support you get at school now. "
            "The schools and colleges you apply to will see this, so that they can support you."
        ),
        validators=[_too_long("Support needs", 5000)],
    )
    completed = _completed_field()


class PersonalStatementForm(SectionForm):
    personal_statement = TextAreaField(
        "Personal statement",
        widget=GovCharacterCount(),
        filters=[_strip],
        description="Why you want to do the courses you have chosen, what you enjoy, and what you hope to do next",
        validators=[WordLimit()],
    )
    completed = _completed_field()


class CurrentSchoolForm(FlaskForm):
    current_school = StringField(
        "What is the name of your current school?",
        widget=GovTextInput(),
        filters=[_strip],
        validators=[DataRequired("Enter the name of your current school"), _too_long("School name", 200)],
    )


class CompletedForm(SectionForm):
    """For sections whose answers are saved one at a time: school and grades, and choices."""

    completed = _completed_field()


class GcseForm(FlaskForm):
    subject = SelectField(
        "Subject",
        choices=[SelectChoice("", "Select a subject"), *(SelectChoice(name, name) for name in GCSE_SUBJECTS)],
        widget=GovSelect(),
        validators=[DataRequired("Select the subject")],
        invalid_choice_message="Select a subject from the list",
    )
    grade = SelectField(
        "Grade",
        choices=[SelectChoice("", "Select a grade"), *(SelectChoice(grade, grade) for grade in GCSE_GRADES)],
        widget=GovSelect(),
        description="GCSEs are graded from 9 (highest) to 1",
        validators=[DataRequired("Select the grade")],
        invalid_choice_message="Select a grade from 9 to 1",
    )
    result = _result_field()


class OtherQualificationForm(FlaskForm):
    subject = StringField(
        "Qualification and subject",
        widget=GovTextInput(),
        filters=[_strip],
        description="For example, BTEC Level 2 in Sport, or Functional Skills English Level 1",
        validators=[DataRequired("Enter the qualification and subject"), _too_long("Qualification", 120)],
    )
    grade = StringField(
        "Grade",
        widget=GovTextInput(),
        filters=[_strip],
        description="For example, Merit, Pass or B",
        validators=[DataRequired("Enter the grade"), _too_long("Grade", 20)],
    )
    result = _result_field()


class AddChoiceForm(FlaskForm):
    course_id = IntegerField(widget=HiddenInput(), validators=[InputRequired("Choose a course")])


class DeclarationForm(FlaskForm):
    """The declaration. The service checks it together with everything else that must be done before sending."""

    declaration = BooleanField(
        "I confirm that the information in my application is true and complete", widget=GovCheckboxInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: dict[str, list[str]] = {}

    def show_problems(self, problems: dict[str, str]) -> None:
        """List every problem in the error summary, each linking to the part of the page it is about."""
        self.problems = {key: [message] for key, message in problems.items() if key != "declaration"}
        if "declaration" in problems:
            self.declaration.errors = [problems["declaration"]]

    @property
    def errors(self) -> dict:
        return {**self.problems, **super().errors}


class ActionForm(FlaskForm):
    """A button that changes something: move, remove, withdraw, accept or decline. It carries only the CSRF token."""
