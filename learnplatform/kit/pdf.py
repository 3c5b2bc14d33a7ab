"""The trainer kit as an A4 PDF (fpdf2 with the DejaVu fonts from Debian's fonts-dejavu-core).

DejaVu covers every character Dutch content uses (ë, é, ‘’, „”, –), so nothing is stripped the
way the Latin-1 core fonts would. Markdown is reduced to paragraphs, list items and bold.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from markdown_it import MarkdownIt

from learnplatform.content.schema import (
    BreakBlock,
    ClosingBlock,
    OpeningBlock,
    Programme,
    ProgrammeDilemma,
    Scenario,
)
from learnplatform.kit import texts
from learnplatform.kit.plan import KitPlan

DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FAMILY = "dejavu"
AUDIENCE_NAMES = {"gemeente": "gemeenteraad", "provincie": "Provinciale Staten",
                  "waterschap": "algemeen bestuur waterschap", "griffier": "griffiers"}
BLOCK_NAMES = {"opening": "Opening", "dilemma": "Dilemma", "pauze": "Pauze",
               "afsluiting": "Afsluiting en evaluatie"}
LETTERS = "ABCDE"


class FontMissingError(RuntimeError):
    """The Unicode fonts are not installed (Debian package fonts-dejavu-core)."""


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def markdown_lines(text: str) -> list[str]:
    """Markdown as printable lines: one per paragraph or list item, bold kept as **…**."""
    lines: list[str] = []
    prefix, ordered, number = "", False, 0
    for token in _markdown().parse(text):
        if token.type == "bullet_list_open":
            ordered = False
        elif token.type == "ordered_list_open":
            ordered, number = True, 0
        elif token.type == "list_item_open":
            number += 1
            prefix = f"{number}. " if ordered else "• "
        elif token.type == "inline":
            parts = []
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    parts.append(child.content.replace("**", ""))
                elif child.type in ("strong_open", "strong_close"):
                    parts.append("**")
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            lines.append(prefix + "".join(parts))
            prefix = ""
    return lines


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class _KitDocument(FPDF):
    """An A4 document with the kit's title and page number in the footer."""

    kit_title = ""

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"Trainerskit · {self.kit_title} · pagina {self.page_no()}",
                  align="C")
        self.set_text_color(0, 0, 0)


class _Writer:
    """Small layout helpers over fpdf2."""

    def __init__(self, pdf: _KitDocument) -> None:
        self.pdf = pdf

    def heading(self, text: str, size: float = 16, space: float = 4) -> None:
        self.pdf.ln(space)
        self.pdf.set_font(FAMILY, "B", size)
        self.pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN,
                            new_y=YPos.NEXT)
        self.pdf.ln(1.5)

    def para(self, text: str, size: float = 10.5, style: str = "") -> None:
        self.pdf.set_font(FAMILY, style, size)
        # left-aligned, not justified: easier to read (B1) and no stretched gaps
        self.pdf.multi_cell(0, size * 0.5, text, markdown=True, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1.5)

    def markdown(self, text: str, size: float = 10.5) -> None:
        for line in markdown_lines(text):
            self.para(line, size)

    def bullets(self, items: Iterable[str], size: float = 10.5) -> None:
        for item in items:
            self.para(f"• {item}", size)

    def field(self, label: str, hint: str, lines: int = 2) -> None:
        self.para(f"**{label}**", 10.5)
        self.para(hint, 8.5, "I")
        for _ in range(lines):
            self.pdf.ln(6)
            x, y = self.pdf.get_x(), self.pdf.get_y()
            self.pdf.line(x, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.ln(4)


def _fonts(pdf: FPDF, font_dir: Path) -> None:
    for style, name in FONT_FILES.items():
        path = font_dir / name
        if not path.is_file():
            raise FontMissingError(
                f"{path} not found: install the Debian package fonts-dejavu-core")
        pdf.add_font(FAMILY, style, str(path))


def render_kit(plan: KitPlan, font_dir: Path = DEFAULT_FONT_DIR) -> bytes:
    """The whole kit as PDF bytes: cover, draaiboek, dilemma cards, debriefs, local facts,
    contact card and evaluation form."""
    pdf = _KitDocument(orientation="portrait", unit="mm", format="A4")
    pdf.kit_title = plan.title
    _fonts(pdf, font_dir)
    pdf.set_title(f"Trainerskit: {plan.title}")
    pdf.set_author("Integriteit & Veiligheid")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    w = _Writer(pdf)
    _cover(w, plan)
    _draaiboek(w, plan)
    _cards(w, plan)
    _debriefs(w, plan)
    _local_facts(w)
    _contact_card(w, plan)
    _evaluation(w, plan)
    return bytes(pdf.output())


def _cover(w: _Writer, plan: KitPlan) -> None:
    w.pdf.add_page()
    w.heading("Trainerskit", 26, 10)
    w.heading(plan.title, 18, 2)
    if plan.summary:
        w.para(plan.summary, 11)
    audience = ", ".join(AUDIENCE_NAMES.get(a.value, a.value) for a in plan.audience)
    w.para(f"**Voor:** {audience}")
    if plan.programme:
        w.para(f"**Duur:** {plan.programme.minutes} minuten, "
               f"{len(plan.programme.dilemma_blocks)} dilemma's")
    w.para(f"**Gemaakt op:** {plan.generated.strftime('%d-%m-%Y')}")
    w.heading("In deze kit", 13)
    w.bullets([
        "1. Draaiboek met tijden",
        "2. Dilemmakaarten om te printen (als de wifi of de beamer het niet doet)",
        "3. Duiding per dilemma (alleen voor de trainer)",
        "4. Lokale afspraken: vul vooraf in",
        "5. Contactkaart",
        "6. Evaluatieformulier",
    ])
    w.heading("Let op", 12)
    w.para(texts.LEGAL_NOTE)


def _block_label(block: OpeningBlock | ProgrammeDilemma | BreakBlock | ClosingBlock,
                 titles: dict[str, str]) -> str:
    if isinstance(block, ProgrammeDilemma):
        return f"Dilemma: {titles.get(block.scenario, block.scenario)}"
    return BLOCK_NAMES[block.type]


def _draaiboek(w: _Writer, plan: KitPlan) -> None:
    w.pdf.add_page()
    w.heading("1. Draaiboek", 18)
    programme = plan.programme
    if programme is None:
        w.para("Deze sessie volgt geen vast programma. Reken per dilemma 20 tot 25 minuten "
               "(stemmen, bespreken, een variant en de duiding), plus een opening en een "
               "afsluiting van elk 10 tot 15 minuten.")
        w.bullets(s.title for s in plan.dilemmas)
        return
    titles = {s.id: s.title for s in (*plan.dilemmas, *plan.reserves)}
    _timetable(w, programme, titles)
    opening, closing = programme.opening, programme.closing
    w.heading(f"Opening ({opening.minutes} minuten)", 13)
    w.para("**Normkader**")
    w.markdown(opening.normkader)
    w.para("**Afspraak over vertrouwelijkheid**")
    w.markdown(opening.confidentiality)
    w.para("**De grens van die afspraak**")
    w.markdown(opening.exception)
    for block in programme.dilemma_blocks:
        w.heading(f"{titles.get(block.scenario, block.scenario)} ({block.minutes} minuten)", 12)
        if block.focus:
            w.para(block.focus)
        w.para("Situatie voorlezen · stemmen · uitslag · bespreken · een variant · duiding.", 9.5)
    w.heading(f"Afsluiting ({closing.minutes} minuten)", 13)
    w.markdown(closing.takeaway)
    w.para("Deel het evaluatieformulier uit (onderdeel 6).")
    if plan.reserves:
        w.heading("Reservedilemma's", 13)
        w.para("Gebruik een reserve als een dilemma niet aanslaat of als er tijd over is. "
               "Kies een reserve die bij de groep past.")
        w.bullets(f"{s.title} ({', '.join(a.value for a in s.audience)})" for s in plan.reserves)


def _timetable(w: _Writer, programme: Programme, titles: dict[str, str]) -> None:
    w.pdf.set_font(FAMILY, "", 10)
    with w.pdf.table(col_widths=(16, 22, 136), text_align=("LEFT", "LEFT", "LEFT"),
                     first_row_as_headings=True) as table:
        table.row(("Start", "Minuten", "Onderdeel"))
        start = 0
        for block in programme.blocks:
            table.row((_clock(start), str(block.minutes), _block_label(block, titles)))
            start += block.minutes
        table.row(("", str(programme.minutes), "Totaal"))
    w.pdf.ln(2)


def _cards(w: _Writer, plan: KitPlan) -> None:
    for number, scenario in enumerate((*plan.dilemmas, *plan.reserves), 1):
        w.pdf.add_page()
        kind = "Reserve" if scenario in plan.reserves else "Dilemmakaart"
        if number == 1:
            w.heading("2. Dilemmakaarten", 18, 0)
        w.para(f"{kind} {number} · om voor te lezen of uit te delen", 9, "I")
        w.heading(scenario.title, 20)
        w.markdown(scenario.situation, 13)
        w.heading(scenario.question, 14)
        for letter, option in zip(LETTERS, scenario.options, strict=False):
            w.para(f"**{letter}. {option.label}.** {option.text}", 13)
        w.para("Stem met je hand of een kaartje: A, B, C of D.", 9, "I")


def _debriefs(w: _Writer, plan: KitPlan) -> None:
    w.pdf.add_page()
    w.heading("3. Duiding per dilemma", 18)
    w.para("Alleen voor de trainer. Geen juridisch advies: bij twijfel vraag je de griffier.",
           9.5, "I")
    for scenario in (*plan.dilemmas, *plan.reserves):
        _debrief(w, scenario)


def _debrief(w: _Writer, scenario: Scenario) -> None:
    w.heading(scenario.title, 14, 6)
    labels = {o.id: o.label for o in scenario.options}
    if scenario.rules:
        w.para("**Regels**")
        w.bullets(f"{r.text} (bron: {r.source})" for r in scenario.rules)
    debrief = scenario.debrief
    if debrief is None:
        # only a trainer's own dilemma can lack one: every file scenario has a debrief
        w.para("Bij dit eigen dilemma is geen duiding geschreven. Gebruik de overwegingen per "
               "keuze en de gespreksvragen hieronder.", 10, "I")
        for option in scenario.options:
            w.para(f"**{option.label}**")
            w.markdown(option.considerations, 10)
    else:
        w.para("**Welke regel geldt, en waar begint het oordeel?**")
        w.markdown(debrief.rule)
        for entry in debrief.options:
            w.para(f"**{labels.get(entry.option, entry.option)}** — waarden: "
                   f"{', '.join(entry.values)}")
            w.markdown(entry.arguments, 10)
        if debrief.questions:
            w.para("**Juridische vragen uit de zaal**")
            for q in debrief.questions:
                w.para(f"**{q.question}**", 10)
                w.markdown(q.answer, 10)
                if q.source:
                    w.para(f"Bron: {q.source}", 9, "I")
        if debrief.closing:
            w.para(f"**Afsluiten:** {debrief.closing}")
    w.para("**Gespreksvragen**")
    w.bullets(scenario.facilitator.questions, 10)
    if scenario.variations:
        w.para("**Maar wat als…?**")
        w.bullets((v.text for v in scenario.variations), 10)


def _local_facts(w: _Writer) -> None:
    w.pdf.add_page()
    w.heading("4. Lokale afspraken", 18)
    w.para("Vul dit vooraf in met de griffier. Laat het in de opening zien: dan weet iedereen wat "
           "er bij jullie geldt.")
    for label, hint in texts.LOCAL_FACTS:
        w.field(label, hint)


def _contact_card(w: _Writer, plan: KitPlan) -> None:
    w.pdf.add_page()
    w.heading("5. Contactkaart", 18)
    w.para("Print deze kaart voor elke deelnemer. Vul namen en nummers in; een leeg veld betekent "
           "dat je het zelf moet opzoeken en controleren.")
    w.pdf.set_font(FAMILY, "", 10)
    with w.pdf.table(col_widths=(45, 85, 44), text_align=("LEFT", "LEFT", "LEFT"),
                     first_row_as_headings=True) as table:
        table.row(("Wie", "Waarvoor", "Naam en nummer"))
        for who, what, how in texts.contact_rows(plan.audience):
            table.row((who, what, how or " "))
    w.pdf.ln(4)
    w.para("Nummer Ondersteuningsteam Weerbaar Bestuur (zie weerbaarbestuur.nl):")
    w.para("______________________________")
    w.para("Gecontroleerd op (datum): ______________  door: ______________________")
    w.para("Bij direct gevaar bel je altijd eerst 112.", 10.5, "B")


def _evaluation(w: _Writer, plan: KitPlan) -> None:
    w.pdf.add_page()
    w.heading("6. Evaluatieformulier", 18)
    w.para(f"Sessie: {plan.title}. Anoniem invullen; je naam is niet nodig.")
    for question in plan.evaluation:
        w.field(question, "Je antwoord:", lines=3)
    w.field("Wat kan de volgende sessie beter?", "Je antwoord:", lines=3)


@lru_cache(maxsize=16)
def render_kit_cached(plan: KitPlan, font_dir: Path = DEFAULT_FONT_DIR) -> bytes:
    """`render_kit`, remembered per plan: rendering takes a second or two of CPU, and the same
    programme's kit is downloaded again and again (a plan carries its date, so once a day)."""
    return render_kit(plan, font_dir)
