"""HTTP views of live sessions: one blueprint, in modules per audience."""

from learnplatform.live.views import (  # noqa: F401 - registers routes
    builder,
    participant,
    records,
    trainer,
)
from learnplatform.live.views.common import bp

__all__ = ["bp"]
