"""The state payload per audience (participant or trainer), as documented in docs/live-protocol.md.

Built once per transition and shared by every member of a room. Results of a round are included
only once the round is revealed, for every audience: nobody sees a spread before the reveal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Literal

import nh3
from flask import current_app, has_request_context, url_for
from markdown_it import MarkdownIt
from markupsafe import escape

from learnplatform.content.programmes import programme_for, timing
from learnplatform.content.schema import Scenario
from learnplatform.live import services, votes
from learnplatform.live.engine import Phase, RoundStatus, SessionState
from learnplatform.live.limits import limits
from learnplatform.live.models import ArgumentStatus, LiveSession
from learnplatform.web.content import get_content

Audience = Literal["participant", "trainer"]
_MD = MarkdownIt("commonmark", {"html": False})


@lru_cache(maxsize=512)
def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML (no raw HTML, no scripts)."""
    return str(nh3.clean(_MD.render(text)))


def join_url(session: LiveSession) -> str:
    """The participant URL of a session: PUBLIC_URL when configured (behind a proxy), else the
    host of the current request, else a path."""
    path = f"/live/{session.code}"
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return f"{public.rstrip('/')}{path}"
    if has_request_context():
        return str(url_for("live.participant", code=session.code, _external=True))
    return path


def played_variations(scenario: Scenario | None, state: SessionState,
                      item: int) -> list[dict[str, str]]:
    """The variations played on an item, in the order played: prepared ones from the scenario,
    ad-hoc ones in the trainer's words (plain text, escaped)."""
    prepared = {v.id: v.text for v in scenario.variations} if scenario else {}
    out = []
    for rnd in state.rounds_of(item):
        if rnd.text is not None:
            out.append({"id": rnd.variation_id or rnd.key, "text": rnd.text,
                        "text_html": str(escape(rnd.text))})
        elif rnd.variation_id in prepared:
            text = prepared[rnd.variation_id]
            out.append({"id": rnd.variation_id, "text": text, "text_html": render_markdown(text)})
    return out


def _dilemma(scenario: Scenario, state: SessionState, audience: Audience) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "title": scenario.title,
        "situation_html": render_markdown(scenario.situation),
        "question": scenario.question,
        "options": [{"id": o.id, "label": o.label, "text": o.text} for o in scenario.options],
        "variations_played": [{"id": v["id"], "text_html": v["text_html"]}
                              for v in played_variations(scenario, state, state.item)],
    }


def _notes(scenario: Scenario, state: SessionState) -> dict[str, Any]:
    played = {r.variation_id for r in state.rounds_of(state.item) if r.variation_id}
    return {
        "questions": list(scenario.facilitator.questions),
        "tips": list(scenario.facilitator.tips),
        "pitfalls": list(scenario.facilitator.pitfalls),
        "rules": [{"text": r.text, "source": r.source} for r in scenario.rules],
        "values": list(scenario.values),
        "reasoning": [{"step": p.step.value, "prompt": p.prompt} for p in scenario.reasoning],
        "considerations": [
            {"option": o.id, "label": o.label, "html": render_markdown(o.considerations)}
            for o in scenario.options
        ],
        "variations": [
            {"id": v.id, "text_html": render_markdown(v.text), "played": v.id in played}
            for v in scenario.variations
        ],
        "debrief": debrief_notes(scenario),
    }


def debrief_notes(scenario: Scenario) -> dict[str, Any] | None:
    """The trainer's "duiding" of a scenario (rule, per-option values, legal answers, closing)."""
    debrief = scenario.debrief
    if debrief is None:
        return None
    labels = {o.id: o.label for o in scenario.options}
    return {
        "rule_html": render_markdown(debrief.rule),
        "options": [{"option": o.option, "label": labels.get(o.option, o.option),
                     "values": list(o.values), "arguments_html": render_markdown(o.arguments)}
                    for o in debrief.options],
        "questions": [{"question": q.question, "answer_html": render_markdown(q.answer),
                       "source": q.source} for q in debrief.questions],
        "closing": debrief.closing,
    }


def _timing(state: SessionState) -> dict[str, Any] | None:
    """The programme's draaiboek with the current block, for a session set up from one."""
    programme = programme_for([i.scenario_id for i in state.items],
                              get_content().programmes.values())
    if programme is None:
        return None
    blocks = timing(programme, state.item, started=state.phase is not Phase.LOBBY,
                    finished=state.phase in (Phase.SUMMARY, Phase.ENDED))
    titles = {b.scenario: getattr(services.resolve_scenario(b.scenario), "title", b.scenario)
              for b in blocks if b.scenario}
    return {
        "programme": programme.id, "title": programme.title, "minutes": programme.minutes,
        "blocks": [{"type": b.type, "minutes": b.minutes, "start": b.start,
                    "title": titles.get(b.scenario or "", ""), "current": b.current}
                   for b in blocks],
    }


def _rounds(state: SessionState, item: int, counts: dict[str, dict[str, int]],
            option_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for rnd in state.rounds_of(item):
        entry: dict[str, Any] = {"key": rnd.key, "number": rnd.number,
                                 "variation_id": rnd.variation_id, "status": rnd.status.value}
        if rnd.status is RoundStatus.REVEALED:
            res, total = votes.results(option_ids, counts.get(rnd.key, {}))
            entry["results"] = [{"option": r.option, "count": r.count, "percent": r.percent}
                                for r in res]
            entry["total"] = total
        out.append(entry)
    return out


def _summary(state: SessionState, counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    summary = []
    for index, item in enumerate(state.items):
        scenario = services.resolve_scenario(item.scenario_id)
        rounds = [r for r in _rounds(state, index, counts, item.option_ids) if "results" in r]
        summary.append({
            "index": index,
            "title": scenario.title if scenario else item.scenario_id,
            "options": [{"id": o.id, "label": o.label} for o in scenario.options]
            if scenario else [],
            "rounds": rounds,
        })
    return summary


def _related(state: SessionState) -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    modules = get_content().modules
    for item in state.items:
        scenario = services.resolve_scenario(item.scenario_id)
        for module_id in scenario.related_modules if scenario else ():
            module = modules.get(module_id)
            seen.setdefault(module_id, module.title if module else module_id)
    return [{"id": k, "title": v, "url": f"/leren/{k}"} for k, v in seen.items()]


CACHE_SECONDS = 1.0


def forget_cached(session_id: int) -> None:
    """Drop the cached participant state (after moderation, which keeps the version)."""
    votes.app_cache().get("participant_states", {}).pop(session_id, None)


def build_state(session: LiveSession, audience: Audience, *,
                participant_id: int | None = None) -> dict[str, Any]:
    """The full state for one audience; `you` only when a participant id is given."""
    if audience == "participant":
        return participant_state(session.id, session.state, lambda: session,
                                 participant_id=participant_id)
    return _build(session, audience)


def participant_state(session_id: int, state: dict[str, Any],
                      session_of: Callable[[], LiveSession], *, participant_id: int | None = None,
                      new: bool = False) -> dict[str, Any]:
    """The participant state of a session whose engine state (`LiveSession.state`) is `state`;
    `you` only when a participant id is given (`new`: one who just joined, so has no vote yet).

    The state without `you` is the same for everyone, so a join reuses the one built for the same
    version within the last second (a room filling up builds it once, not 2,000x); `session_of`
    loads the session row only when it has to be built.
    """
    cache: dict[int, tuple[int, float, dict[str, Any]]] = votes.app_cache().setdefault(
        "participant_states", {})
    version = int(state.get("version", 0))
    hit = cache.get(session_id)
    now = time.monotonic()
    if hit is None or hit[0] != version or now - hit[1] > CACHE_SECONDS:
        hit = (version, now, _build(session_of(), "participant"))
        cache[session_id] = hit
    payload = {**hit[2], "server_now": time.time()}
    if participant_id is not None:
        vote = None
        if not new:
            current = SessionState.from_dict(state).current_round
            vote = votes.own_vote_by_id(session_id, participant_id,
                                        current.key if current else None)
        payload["you"] = {"vote": vote}
    return payload


def _build(session: LiveSession, audience: Audience) -> dict[str, Any]:
    state = services.load_state(session)
    counts = votes.counts_by_round(session.id)
    payload: dict[str, Any] = {
        "audience": audience,
        "session": {"id": session.id, "title": session.title, "code": session.code,
                    "join_url": join_url(session), "attendance": session.attendance_enabled},
        "phase": state.phase.value,
        "version": state.version,
        "item": state.item,
        "items_total": len(state.items),
        "timer_ends_at": state.timer_ends_at,
        "server_now": time.time(),
        "dilemma": None,
        "rounds": [],
        "shown": [],
    }
    scenario = None
    if 0 <= state.item < len(state.items):
        item = state.items[state.item]
        scenario = services.resolve_scenario(item.scenario_id)
        if scenario is not None:
            payload["dilemma"] = _dilemma(scenario, state, audience)
        payload["rounds"] = _rounds(state, state.item, counts, item.option_ids)
        item_keys = {r.key for r in state.rounds_of(state.item)}
    else:
        item_keys = set()
    arguments = services.arguments_of(session.id)
    payload["shown"] = [{"id": a.id, "text": a.text} for a in arguments
                        if a.status is ArgumentStatus.SHOWN and a.round_key in item_keys]
    if state.phase in (Phase.SUMMARY, Phase.ENDED):
        payload["summary"] = _summary(state, counts)
        payload["related_modules"] = _related(state)
    current = state.current_round
    if audience == "participant":
        return payload
    payload["votes"] = sum(counts.get(current.key, {}).values()) if current else 0
    payload["participants"] = votes.participant_count(session.id)
    payload["notes"] = _notes(scenario, state) if scenario else None
    payload["timing"] = _timing(state)
    payload["arguments"] = [
        {"id": a.id, "text": a.text, "round": a.round_key, "status": a.status.value}
        for a in arguments if a.status is not ArgumentStatus.HIDDEN or a.round_key in item_keys
    ]
    payload["commands"] = available_commands(state)
    payload["items"] = [{"index": n, "title": _title(item.scenario_id)}
                        for n, item in enumerate(state.items)]
    payload["refused_participants"] = limits().refused_participants(session.id)
    return payload


def _title(scenario_id: str) -> str:
    scenario = services.resolve_scenario(scenario_id)
    return scenario.title if scenario else scenario_id


def available_commands(state: SessionState) -> list[str]:
    """Commands the engine accepts in the current phase (for the control buttons)."""
    by_phase = {
        Phase.LOBBY: ["start", "finish", "end"],
        Phase.SITUATION: ["open_vote", "next", "previous", "finish", "end"],
        Phase.VOTING: ["close_vote", "reveal", "timer", "end"],
        Phase.CLOSED: ["open_vote", "reveal", "next", "previous", "finish", "end"],
        Phase.REVEALED: ["discuss", "variation", "next", "previous", "finish", "end"],
        Phase.DISCUSSION: ["variation", "next", "previous", "finish", "end"],
        Phase.SUMMARY: ["previous", "end"],
        Phase.ENDED: [],
    }
    commands = list(by_phase[state.phase])
    if state.item <= 0 and state.phase is not Phase.SUMMARY and "previous" in commands:
        commands.remove("previous")
    return commands
