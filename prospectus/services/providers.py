"""What provider staff change about their own organisation."""

from core import audit, postcodes
from core.extensions import db
from core.models import User
from prospectus.models import Provider

# What provider staff keep on their profile; the council keeps the name, identifiers, type and area.
PROFILE_FIELDS = (
    "description",
    "website",
    "email",
    "telephone",
    "address",
    "postcode",
    "lldd_support",
    "transport",
)


def update_profile(provider: Provider, fields: dict, actor: User | None) -> Provider:
    """Save the profile. A new postcode moves the provider's coordinates, which distance searches use."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    if "postcode" in fields and fields["postcode"] != provider.postcode:
        _move_to(provider, fields["postcode"])
    changed = [name for name in PROFILE_FIELDS if name in fields and fields[name] != getattr(provider, name)]
    for name, value in fields.items():
        setattr(provider, name, value)
    audit.record("provider-updated", subject=provider, actor=actor, fields=changed)
    db.session.commit()
    return provider


def _move_to(provider: Provider, postcode: str | None) -> None:
    location = postcodes.try_locate(postcode)
    provider.latitude = location.latitude if location else None
    provider.longitude = location.longitude if location else None
