"""Client→server payloads of the `/live` namespace and the translated error messages.

Every payload model forbids extra keys and coerces nothing (strict): a wrong type is an error.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask_babel import lazy_gettext as _l
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints
from pydantic import StrictInt as Int

from learnplatform.live import engine

# six digits, typed with or without spaces ("123 456"); normalised to "123456"
Code = Annotated[str, StringConstraints(pattern=r"^\s*[0-9]{3}[\s.-]?[0-9]{3}\s*$"),
                 AfterValidator(lambda code: "".join(ch for ch in code if ch.isdigit()))]
Token = Annotated[str, StringConstraints(min_length=20, max_length=128,
                                         pattern=r"^[A-Za-z0-9_-]+$")]
ProcessName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:@-]{1,64}$")]
RoundKey = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,3}:[0-9]{1,3}$")]
OptionId = Annotated[str, StringConstraints(min_length=1, max_length=80)]
ArgumentText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                max_length=280)]


class Payload(BaseModel):
    """Base of every payload: strict types, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class JoinPayload(Payload):
    """`join`."""

    code: Code
    role: Literal["participant", "presenter", "control"]
    token: Token | None = None
    home: ProcessName | None = None  # the process of the phone's first join (homecoming)


class VotePayload(Payload):
    """`vote`: the round key guards against votes for a stale round."""

    round: RoundKey | None = None
    option: OptionId


class ArgumentPayload(Payload):
    """`argument`."""

    text: ArgumentText


class CommandPayload(Payload):
    """`command`: the name maps one to one onto an engine command."""

    name: Literal["start", "open_vote", "close_vote", "reveal", "discuss", "variation",
                  "adhoc_variation", "next", "previous", "finish", "end", "timer"]
    timer: Int | None = None
    seconds: Int | None = None
    variation: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = None
    text: Annotated[str, StringConstraints(min_length=1, max_length=engine.ADHOC_MAX)] | None = None

    def to_command(self) -> engine.Command:
        """The engine command; missing required arguments are a bad payload."""
        simple: dict[str, engine.Command] = {
            "start": engine.Start(), "close_vote": engine.CloseVote(),
            "reveal": engine.Reveal(), "discuss": engine.Discuss(), "next": engine.Next(),
            "previous": engine.Previous(), "finish": engine.Finish(), "end": engine.End(),
        }
        if self.name in simple:
            return simple[self.name]
        if self.name == "open_vote":
            return engine.OpenVote(timer_seconds=self.timer)
        if self.name == "timer":
            return engine.SetTimer(seconds=self.seconds)
        if self.name == "adhoc_variation":
            if self.text is None:
                raise engine.IllegalCommand("bad_variation_text", "adhoc_variation requires text")
            return engine.StartAdHocVariation(text=self.text)
        if self.variation is None:
            raise engine.IllegalCommand("bad_payload", "variation requires a variation id")
        return engine.StartVariation(variation_id=self.variation)


class ModeratePayload(Payload):
    """`moderate`."""

    argument: Int
    action: Literal["show", "hide"]


MESSAGES: dict[str, Any] = {
    "bad_payload": _l("Het bericht is ongeldig of onvolledig."),
    "unknown_session": _l("Er is geen actieve sessie met deze code."),
    "not_joined": _l("Je bent nog niet verbonden met een sessie. Vernieuw de pagina."),
    "forbidden": _l("Je hebt geen toegang tot deze actie."),
    "wrong_phase": _l("Dat kan nu niet in deze fase van de sessie."),
    "vote_closed": _l("Stemmen is niet (meer) mogelijk."),
    "stale_round": _l("Deze stemronde is al voorbij."),
    "unknown_option": _l("Deze keuze bestaat niet."),
    "unknown_variation": _l("Deze variant bestaat niet bij dit dilemma."),
    "variation_used": _l("Deze variant is al gespeeld."),
    "bad_variation_text": _l("Schrijf de variant in één regel van 1 tot 200 tekens."),
    "too_many_rounds": _l("Dit dilemma heeft genoeg rondes gehad. Ga naar het volgende."),
    "no_previous": _l("Dit is het eerste dilemma."),
    "no_items": _l("Deze sessie heeft geen dilemma's."),
    "bad_timer": _l("Een timer duurt 5 tot 600 seconden."),
    "session_ended": _l("De sessie is afgelopen."),
    "session_running": _l("Deze sessie loopt nog. Beëindig de sessie eerst."),
    "rate_limited": _l("Te veel berichten tegelijk. Wacht even."),
    "too_many_guesses": _l("Te vaak een onbekende sessiecode geprobeerd vanaf dit netwerk. Wacht "
                           "een minuut, controleer de code en probeer het dan opnieuw."),
    "too_many_participants": _l("Vanaf dit netwerk doen al heel veel deelnemers mee aan deze "
                                "sessie. Vraag de trainer om hulp."),
    "unknown_argument": _l("Dit argument bestaat niet."),
    "unknown_scenario": _l("Dit dilemma bestaat niet (meer)."),
    "duplicate_item": _l("Dit dilemma staat al in je sessie. Een dilemma kan er maar één keer in."),
    "too_many_items": _l("Een sessie heeft hoogstens 20 dilemma's."),
    "session_started": _l("Deze sessie is al begonnen: alleen de titel kan nog veranderen."),
    "participants_joined": _l("Er doen al echte deelnemers mee; het aantal gesimuleerde "
                              "deelnemers kan niet meer veranderen."),
    "server_error": _l("Er ging iets mis. Er is niets veranderd; probeer het opnieuw."),
}


def message(code: str) -> str:
    """The translated message of an error code (in the active locale)."""
    return str(MESSAGES.get(code, MESSAGES["server_error"]))
