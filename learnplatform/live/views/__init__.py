"""HTTP views of live sessions: one blueprint, in modules per audience, and the join page."""

from learnplatform.live.views import (  # noqa: F401 - registers routes
    builder,
    kit,
    participant,
    records,
    trainer,
)
from learnplatform.live.views.common import bp
from learnplatform.live.views.join import join_bp

__all__ = ["bp", "join_bp"]
