"""Import every feature's models so metadata (and Alembic autogenerate) sees all tables."""

from learnplatform.auth import models as auth_models
from learnplatform.griffie import models as griffie_models
from learnplatform.learning import models as learning_models
from learnplatform.live import models as live_models
from learnplatform.xapi import models as xapi_models

__all__ = ["auth_models", "griffie_models", "learning_models", "live_models", "xapi_models"]
