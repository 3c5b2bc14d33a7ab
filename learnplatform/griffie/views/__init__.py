"""HTTP views of the griffie: one blueprint, in modules per task."""

from learnplatform.griffie.views import invitations, overview  # noqa: F401 - registers routes
from learnplatform.griffie.views.common import bp

__all__ = ["bp"]
