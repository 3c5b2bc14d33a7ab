"""Helpers for the learning tests."""

from __future__ import annotations

from flask.testing import FlaskClient

MODULE = "basis-integriteit"
LESSON_1 = "wat-is-integriteit"
LESSON_2 = "oefenen"



def block_url(lesson: str, block: str, module: str = MODULE) -> str:
    """The answer URL of a block."""
    return f"/leren/{module}/{lesson}/{block}"


def complete_basis(client: FlaskClient) -> None:
    """Walk the whole basis module correctly (no-JS path)."""
    client.get(f"/leren/{MODULE}/{LESSON_1}")
    client.post(block_url(LESSON_1, "vraag-eed"), data={"answer": "bij-installatie"})
    client.post(block_url(LESSON_1, "eigen-ervaring"), data={"text": "Een kerstpakket."})
    client.get(f"/leren/{MODULE}/{LESSON_2}")
    client.post(block_url(LESSON_2, "scan-risico"),
                data={"score-netwerk": "4", "score-nevenfunctie": "2"})
    client.post(block_url(LESSON_2, "vraag-meer"), data={"answer": ["nevenfuncties", "geschenken"]})
    client.post(block_url(LESSON_2, "dilemma-wijn"), data={"option": "melden", "reason": ""})
