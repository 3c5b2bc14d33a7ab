"""Demo data for live sessions: one own dilemma, a session ready to start and one already played.

Loaded by `flask demo` so that a trainer who logs in for the first time sees every part of the
feature: the library with an own dilemma next to the file scenarios, a lobby with a join code, and
a report with two voting rounds and a shown argument.
"""

from __future__ import annotations

from sqlalchemy import select

from learnplatform.auth.models import User
from learnplatform.extensions import db
from learnplatform.live import engine, services, votes
from learnplatform.live.models import LiveSession, Participant
from learnplatform.web.content import get_content

PROGRAMME = "startbijeenkomst-nieuwe-raad"
PLAYED_SCENARIO = "cadeau-van-de-projectontwikkelaar"
PLAYED_VARIATION = "thuisbezorgd"
# How twelve members voted before and after the variation (a visible shift towards returning it).
FIRST_ROUND = {"aannemen": 3, "aannemen-en-melden": 5, "teruggeven": 2, "overleggen": 2}
SECOND_ROUND = {"aannemen": 1, "aannemen-en-melden": 3, "teruggeven": 6, "overleggen": 2}

OWN_DILEMMA = {
    "id": "lokaal-buurtapp-azc",
    "title": "Een adres in de buurtapp",
    "themes": ["veiligheid"],
    "audience": ["gemeente"],
    "situation": (
        "Je zit als raadslid in de appgroep van je wijk. De gemeente wil in de wijk een "
        "opvanglocatie openen. In de groep lopen de emoties hoog op.\n\n"
        "Vanavond zet iemand het huisadres van de wethouder in de groep, met de tekst: "
        "\"Misschien moeten we daar eens langs.\" Een paar mensen reageren met een duim."
    ),
    "question": "Wat doe je?",
    "options": [
        {"id": "a", "label": "Reageren in de groep",
         "text": "Je schrijft in de groep dat dit te ver gaat en vraagt om het bericht te "
                 "verwijderen.",
         "considerations": "Je laat zien waar de grens ligt. Maar je kunt ook zelf doelwit "
                           "worden, en je reactie kan de ruzie groter maken."},
        {"id": "b", "label": "Melden bij de burgemeester",
         "text": "Je maakt een schermafbeelding en meldt het meteen bij de burgemeester.",
         "considerations": "De burgemeester gaat over de openbare orde en kan de wethouder "
                           "beschermen. Maar buurtgenoten kunnen je zien als verklikker."},
        {"id": "c", "label": "De groep verlaten",
         "text": "Je verlaat de groep, omdat je daar als raadslid niet thuishoort.",
         "considerations": "Je houdt afstand. Maar je ziet dan niet meer wat er speelt, en de "
                           "dreiging blijft bestaan."},
        {"id": "d", "label": "Eerst de wethouder bellen",
         "text": "Je belt de wethouder zelf en vraagt wat die wil dat je doet.",
         "considerations": "Je laat de wethouder meebeslissen. Maar misschien is er geen tijd "
                           "voor overleg als de dreiging echt is."},
    ],
    "values": ["veiligheid", "vrijheid van meningsuiting", "betrokkenheid bij de wijk"],
    "facilitator": {"questions": [
        "Wanneer wordt boosheid in een appgroep een bedreiging?",
        "Wat is je rol als raadslid in een groep van je eigen buren?",
        "Wie moet hiervan weten, en hoe snel?",
    ]},
}


def load_live_demo(trainer: User) -> None:
    """Give the demo trainer an own dilemma, a session in the lobby and a played session.

    Does nothing when the trainer already has sessions (the command may run more than once).
    """
    has_sessions = db.session.scalars(
        select(LiveSession.id).where(LiveSession.owner_id == trainer.id).limit(1)).first()
    if has_sessions is not None or PROGRAMME not in get_content().programmes:
        return
    services.create_local_dilemma(trainer, OWN_DILEMMA)
    _played_session(trainer)
    services.create_session_from_programme(trainer, PROGRAMME, default_timer=90)
    db.session.flush()


def _played_session(trainer: User) -> None:
    session = services.create_session(trainer, "Oefenavond geschenken (voorbeeld)",
                                      [PLAYED_SCENARIO])
    services.execute(session, engine.Start())
    services.execute(session, engine.OpenVote())
    participants = [services.join_participant(session, None)[0] for _ in range(12)]
    _vote(session, participants, "0:0", FIRST_ROUND)
    services.execute(session, engine.Reveal())
    argument = services.add_argument(
        session, "Bij je thuis bezorgd voelt het als iets persoonlijks, niet als een bedankje.")
    services.moderate(session, argument.id, "show")
    services.execute(session, engine.StartVariation(PLAYED_VARIATION))
    services.execute(session, engine.OpenVote())
    _vote(session, participants, "0:1", SECOND_ROUND)
    services.execute(session, engine.Reveal())
    services.execute(session, engine.Next())
    services.execute(session, engine.End())


def _vote(session: LiveSession, participants: list[Participant], round_key: str,
          spread: dict[str, int]) -> None:
    choices = [option for option, count in spread.items() for _ in range(count)]
    for participant, option in zip(participants, choices, strict=True):
        votes.cast_vote(session, participant.id, round_key, option)
