"""Fixtures for the xAPI tests: the griffie's users, and a way to do a module for real."""

from __future__ import annotations

from typing import Any

import pytest

from learnplatform.auth.models import User
from learnplatform.content.schema import (
    DilemmaBlock,
    QuestionBlock,
    ReflectionBlock,
    SelfScanBlock,
)
from learnplatform.extensions import db
from learnplatform.learning import services
from learnplatform.web.content import get_content
from tests.griffie.conftest import (  # noqa: F401 - fixtures shared with the griffie tests
    browser_of,
    griffier,
    other_griffier,
    other_org,
)

REFLECTION = "Mijn geheime reflectie over de wethouder"


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """A stable base for activity ids; no background delivery in tests."""
    return {**app_config, "XAPI_BASE_URL": "https://leren.example.nl", "XAPI_BACKGROUND": False}


def do_module(user: User, module_id: str, wrong_first: bool = False) -> None:
    """Work through a module through the services, as the player does, and commit."""
    content = get_content()
    module = content.modules[module_id]
    for lesson in module.lessons:
        services.mark_lesson_seen(user, module, lesson, content)
        for block in lesson.blocks:
            if isinstance(block, QuestionBlock):
                right = [o.id for o in block.options if o.correct]
                wrong = [o.id for o in block.options if not o.correct][:1]
                if wrong_first and wrong:
                    services.answer_question(user, module, block, wrong, content)
                    wrong_first = False
                services.answer_question(user, module, block, right, content)
            elif isinstance(block, ReflectionBlock):
                services.save_reflection(user, module, block, REFLECTION, content)
            elif isinstance(block, SelfScanBlock):
                scores = {s.id: 1 for s in block.statements}
                services.save_self_scan(user, module, block, scores, content)
            elif isinstance(block, DilemmaBlock):
                scenario = content.scenarios[block.scenario]
                services.choose_dilemma(user, module, block, scenario, scenario.options[0].id,
                                        "", content)
    db.session.commit()
