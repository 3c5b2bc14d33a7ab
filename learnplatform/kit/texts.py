"""Fixed Dutch texts of the kit: the local-facts template and the contact card.

Facts follow /work/shared/domain/brief.md. No phone number is printed that the fact base does not
confirm: the Ondersteuningsteam's number from 2019 is marked unverified there, so the card points
to weerbaarbestuur.nl and leaves a field to fill in with the date it was checked.
"""

from __future__ import annotations

from learnplatform.content.schema import Audience

LEGAL_NOTE = (
    "Deze kit helpt je een gesprek te leiden; hij is geen juridisch advies. Regels en bedragen "
    "verschillen per gemeente, provincie en waterschap: vul de lokale gegevens zelf in en vraag "
    "bij twijfel de griffier."
)

# (label, hint) pairs: the trainer fills in the answer before the session.
LOCAL_FACTS: tuple[tuple[str, str], ...] = (
    ("Onze gedragscode",
     "Naam en datum van vaststelling; waar leden hem vinden."),
    ("Grens voor geschenken",
     "Het bedrag uit onze eigen gedragscode (veel codes noemen 50 euro)."),
    ("Termijn om geschenken en uitnodigingen te melden",
     "Binnen hoeveel dagen, en bij wie."),
    ("Termijn om nevenfuncties te melden",
     "Bij de start en bij elke wijziging; binnen welke termijn."),
    ("Registers",
     "Geschenken, nevenfuncties, reizen: wie houdt ze bij, waar staan ze online?"),
    ("Meldprocedure bij een vermoeden van een schending",
     "Bij wie meld je, en wat gebeurt er dan?"),
    ("Vertrouwenspersoon integriteit",
     "Naam en hoe je die bereikt."),
    ("Agressieprotocol",
     "Waar het staat, en wie je bij een incident het eerst belt."),
)


def head_of(audiences: tuple[Audience, ...]) -> list[str]:
    """Who carries the legal duty to promote integrity, per audience in the kit."""
    names = {
        Audience.GEMEENTE: "Burgemeester",
        Audience.PROVINCIE: "Commissaris van de Koning",
        Audience.WATERSCHAP: "Dijkgraaf (voorzitter van het waterschap)",
    }
    found = [names[a] for a in audiences if a in names]
    return found or [names[Audience.GEMEENTE]]


def contact_rows(audiences: tuple[Audience, ...]) -> list[tuple[str, str, str]]:
    """(who, what for, how to reach them): fixed facts, or a field to fill in."""
    rows = [("Griffier", "Vragen over de gedragscode, registers en melden.", "")]
    rows += [(head, "Zorgplicht voor bestuurlijke integriteit; meldingen en onderzoek.", "")
             for head in head_of(audiences)]
    rows += [
        ("Politie", "Bij direct gevaar: bel 112. Noem bij een aangifte je functie.", "112"),
        ("Ondersteuningsteam Weerbaar Bestuur",
         "Vertrouwelijke steun en advies bij intimidatie, bedreiging en agressie, ook voor "
         "partner en gezin. Contact via weerbaarbestuur.nl.", ""),
        ("SIPA (Steunpunt Integriteitsonderzoek)",
         "Adviseert burgemeester, CdK of dijkgraaf over een zorgvuldig onderzoek; "
         "loopt via hen, neemt zelf geen meldingen aan.", "via de voorzitter"),
    ]
    return rows
