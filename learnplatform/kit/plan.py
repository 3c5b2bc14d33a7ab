"""What goes into a trainer kit: the programme (or a session's dilemmas) resolved to scenarios.

Flask-free: the caller passes the content and a resolver for session items (own dilemmas).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from learnplatform.content.programmes import programme_for
from learnplatform.content.registry import ContentRegistry
from learnplatform.content.schema import Audience, Programme, Scenario

Resolver = Callable[[str], Scenario | None]

DEFAULT_EVALUATION = (
    "Welk dilemma zette je het meest aan het denken, en waarom?",
    "Weet je nu bij wie je terechtkunt als je twijfelt?",
    "Wat wil je de volgende keer bespreken?",
    "Hoe veilig voelde het om je mening te geven (1 tot 5)?",
)


@dataclass(frozen=True)
class KitPlan:
    """Everything the kit prints, in order."""

    title: str
    summary: str
    audience: tuple[Audience, ...]
    programme: Programme | None
    dilemmas: tuple[Scenario, ...]
    reserves: tuple[Scenario, ...] = ()
    evaluation: tuple[str, ...] = DEFAULT_EVALUATION
    generated: date = field(default_factory=date.today)


def plan_for_programme(programme: Programme, content: ContentRegistry) -> KitPlan:
    """The kit of a ready-made programme."""
    def scenarios(ids: Sequence[str]) -> tuple[Scenario, ...]:
        return tuple(content.scenarios[i] for i in ids if i in content.scenarios)

    return KitPlan(
        title=programme.title, summary=programme.summary, audience=programme.audience,
        programme=programme, dilemmas=scenarios(programme.scenarios),
        reserves=scenarios(programme.reserve), evaluation=programme.closing.evaluation,
    )


def plan_for_session(
    title: str, refs: Sequence[str], content: ContentRegistry, resolve: Resolver
) -> KitPlan:
    """The kit of a session: its own dilemmas, with the draaiboek of its programme if it has one."""
    dilemmas = tuple(s for s in (resolve(ref) for ref in refs) if s is not None)
    programme = programme_for(refs, content.programmes.values())
    audience = programme.audience if programme else tuple(
        dict.fromkeys(a for s in dilemmas for a in s.audience))
    return KitPlan(
        title=title, summary=programme.summary if programme else "",
        audience=audience or (Audience.GEMEENTE,), programme=programme, dilemmas=dilemmas,
        reserves=tuple(content.scenarios[i] for i in programme.reserve
                       if i in content.scenarios) if programme else (),
        evaluation=programme.closing.evaluation if programme else DEFAULT_EVALUATION,
    )
