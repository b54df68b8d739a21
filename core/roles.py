"""Who can use the back office, and the labels people see for each role."""

PROVIDER = "provider"
ADVISER = "adviser"
COUNCIL = "council"

STAFF_ROLES = {
    PROVIDER: "Provider staff",
    ADVISER: "Careers adviser",
    COUNCIL: "Council 14-19 team",
}

LEARNER = "learner"

ROLES = {**STAFF_ROLES, LEARNER: "Learner"}
