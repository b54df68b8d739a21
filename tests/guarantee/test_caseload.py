"""Caseloads: which cohort learners each role sees, and who may see their characteristics."""

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from application.caseload import cohort_scope, in_caseload, may_see_characteristics, require_in_caseload
from application.models import CohortEntry
from core.extensions import db
from tests.factories import (
    AreaFactory,
    CaseloadAssignmentFactory,
    CohortEntryFactory,
    EntryYearFactory,
    LearnerUserFactory,
    SchoolFactory,
    UserFactory,
)


@pytest.fixture
def county():
    """Two areas; the north has two schools, the south one; a learner at each school, and one with no school."""
    north, south = AreaFactory(name="North"), AreaFactory(name="South")
    schools = {
        "north-a": SchoolFactory(area=north),
        "north-b": SchoolFactory(area=north),
        "south": SchoolFactory(area=south),
    }
    entry_year = EntryYearFactory()
    entries = {key: CohortEntryFactory(entry_year=entry_year, school=school) for key, school in schools.items()}
    entries["no-school"] = CohortEntryFactory(entry_year=entry_year, school=None)
    return {"north": north, "south": south, "schools": schools, "entries": entries, "entry_year": entry_year}


def visible(user, county) -> set[str]:
    ids = set(db.session.scalars(select(CohortEntry.id).where(cohort_scope(user))))
    return {key for key, entry in county["entries"].items() if entry.id in ids}


def test_an_adviser_sees_the_learners_of_their_schools(county):
    assignment = CaseloadAssignmentFactory(school=county["schools"]["north-a"])
    assert visible(assignment.adviser, county) == {"north-a"}


def test_an_adviser_sees_every_school_in_their_areas(county):
    assignment = CaseloadAssignmentFactory(school=None, area=county["north"])
    assert visible(assignment.adviser, county) == {"north-a", "north-b"}


def test_an_adviser_with_a_school_and_an_area(county):
    assignment = CaseloadAssignmentFactory(school=None, area=county["south"])
    CaseloadAssignmentFactory(adviser=assignment.adviser, school=county["schools"]["north-b"])
    assert visible(assignment.adviser, county) == {"north-b", "south"}


def test_an_adviser_without_assignments_sees_no_one(county):
    CaseloadAssignmentFactory(school=county["schools"]["south"])  # someone else's
    assert visible(UserFactory(adviser=True), county) == set()


def test_the_council_sees_everyone(county):
    assert visible(UserFactory(), county) == {"north-a", "north-b", "south", "no-school"}


def test_providers_and_learners_see_no_one(county):
    assert visible(UserFactory(provider_staff=True), county) == set()
    own = county["entries"]["south"].learner
    assert visible(LearnerUserFactory(learner=own), county) == set()


def test_characteristics_council_and_caseload_advisers_only(county):
    north_learner = county["entries"]["north-a"].learner
    south_learner = county["entries"]["south"].learner
    adviser = CaseloadAssignmentFactory(school=None, area=county["north"]).adviser

    assert may_see_characteristics(UserFactory(), south_learner)
    assert may_see_characteristics(adviser, north_learner)
    assert may_see_characteristics(adviser, north_learner.id)
    assert not may_see_characteristics(adviser, south_learner)
    assert not may_see_characteristics(UserFactory(provider_staff=True), north_learner)
    assert not may_see_characteristics(LearnerUserFactory(learner=north_learner), north_learner)
    assert not may_see_characteristics(None, north_learner)


def test_require_in_caseload_returns_the_learner_or_404(county):
    north_learner = county["entries"]["north-a"].learner
    adviser = CaseloadAssignmentFactory(school=county["schools"]["north-a"]).adviser
    assert require_in_caseload(adviser, north_learner.id, county["entry_year"]) == north_learner
    with pytest.raises(NotFound):
        require_in_caseload(adviser, county["entries"]["south"].learner_id, county["entry_year"])
    with pytest.raises(NotFound):
        require_in_caseload(UserFactory(provider_staff=True), north_learner.id, county["entry_year"])


def test_caseload_is_per_entry_year(county):
    north_learner = county["entries"]["north-a"].learner
    adviser = CaseloadAssignmentFactory(school=county["schools"]["north-a"]).adviser
    next_year = EntryYearFactory(year=2028)
    assert in_caseload(adviser, north_learner.id)
    assert in_caseload(adviser, north_learner.id, county["entry_year"].id)
    assert not in_caseload(adviser, north_learner.id, next_year)
    with pytest.raises(NotFound):
        require_in_caseload(UserFactory(), north_learner.id, next_year)
