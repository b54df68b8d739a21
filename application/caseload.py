"""Who may see which learners: an adviser's caseload is their schools and areas; the council sees everyone.

`may_see_characteristics` is THE policy for free school meals, looked-after and EHC plan values: every page, list
and export asks it, and nothing else decides.
"""

from flask import abort
from sqlalchemy import ColumnElement, exists, false, select, true

from application.guarantee_models import CaseloadAssignment
from application.models import CohortEntry, Learner, School
from core.extensions import db
from core.roles import ADVISER, COUNCIL


def cohort_scope(user) -> ColumnElement[bool]:
    """A condition on CohortEntry: the cohort entries this user may see."""
    if user is None or not getattr(user, "is_authenticated", False):
        return false()
    if user.role == COUNCIL:
        return true()
    if user.role == ADVISER:
        return _in_caseload_of(user.id)
    return false()


def _in_caseload_of(adviser_id: int) -> ColumnElement[bool]:
    # The school ids are looked up first, so that the database plans the cohort query for a known, short list.
    assigned = select(CaseloadAssignment.school_id, CaseloadAssignment.area_id).where(
        CaseloadAssignment.adviser_id == adviser_id
    )
    rows = db.session.execute(assigned).all()
    school_ids = {school_id for school_id, _ in rows if school_id is not None}
    area_ids = {area_id for _, area_id in rows if area_id is not None}
    if area_ids:
        school_ids.update(db.session.scalars(select(School.id).where(School.area_id.in_(area_ids))))
    return CohortEntry.school_id.in_(sorted(school_ids))


def in_caseload(user, learner_id: int, entry_year=None) -> bool:
    """Whether the learner is in the user's caseload (for one entry year, or any)."""
    condition = [CohortEntry.learner_id == learner_id, cohort_scope(user)]
    if entry_year is not None:
        condition.append(CohortEntry.entry_year_id == _entry_year_id(entry_year))
    return db.session.scalar(select(exists().where(*condition)))


def may_see_characteristics(user, learner) -> bool:
    """Free school meals, looked-after and EHC plan values: council admins, and advisers for their caseload only."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role == COUNCIL:
        return True
    if user.role == ADVISER:
        return in_caseload(user, learner if isinstance(learner, int) else learner.id)
    return False


def require_in_caseload(user, learner_id: int, entry_year) -> Learner:
    """The learner, or 404 if they are not in this user's caseload for the entry year."""
    if not in_caseload(user, learner_id, entry_year):
        abort(404)
    return db.session.get(Learner, learner_id)


def _entry_year_id(entry_year) -> int:
    return entry_year if isinstance(entry_year, int) else entry_year.id
