"""HTTP views of live sessions: one blueprint, in modules per audience."""

from learnplatform.live.views import builder, participant, trainer  # noqa: F401 - registers routes
from learnplatform.live.views.common import bp

__all__ = ["bp"]
