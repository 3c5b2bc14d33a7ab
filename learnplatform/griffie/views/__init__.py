"""HTTP views of the griffie: one blueprint, in modules per task."""

from learnplatform.griffie.views import (  # noqa: F401 - registers routes
    invitations,
    overview,
    settings,
    trainer,
)
from learnplatform.griffie.views.common import bp

__all__ = ["bp"]
