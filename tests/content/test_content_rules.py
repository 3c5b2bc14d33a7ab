"""One failing variant of the good fixture tree per validator rule.

Each case breaks the tree and returns the (file, line, message fragment) the validator must
report; the test also checks that this is the only problem, so rules do not cascade.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.content.helpers import ContentTree

L1 = "modules/basis-integriteit/lessons/01-kennismaken.yaml"
L2 = "modules/basis-integriteit/lessons/02-oefenen.yaml"
MOD = "modules/basis-integriteit/module.yaml"
SCEN = "scenarios/fles-wijn.yaml"
TRACKS = "tracks.yaml"
SESSION = "sessions/avond-dilemmas.yaml"
DREIG = "scenarios/dreigend-bericht.yaml"

Expected = tuple[str, int, str] | list[tuple[str, int, str]]
CASES: dict[str, Callable[[ContentTree], Expected]] = {}


def case(func: Callable[[ContentTree], Expected]) -> Callable[[ContentTree], Expected]:
    """Register a failing variant under its function name."""
    CASES[func.__name__] = func
    return func


# --- YAML and schema -----------------------------------------------------------------------


@case
def yaml_syntax_error(t: ContentTree) -> Expected:
    t.replace(SCEN, "question: Wat doe je met de fles?", "question: [Wat doe je")
    return SCEN, t.line_of(SCEN, "question:") + 1, "YAML syntax error"


@case
def duplicate_key(t: ContentTree) -> Expected:
    t.replace(SCEN, "question: Wat doe je met de fles?", "question: A?\nquestion: B?")
    return SCEN, t.line_of(SCEN, "question: B?"), "duplicate key `question`"


@case
def empty_file(t: ContentTree) -> Expected:
    t.write(SESSION, "# nothing yet\n")
    return SESSION, 1, "file is empty"


@case
def not_a_mapping(t: ContentTree) -> Expected:
    t.write(SESSION, "- avond-dilemmas\n")
    return SESSION, 1, "must contain a mapping"


@case
def unknown_key(t: ContentTree) -> Expected:
    t.replace(L1, "    source: Gemeentewet", "    sourse: Gemeentewet")
    return L1, t.line_of(L1, "sourse:"), "blocks[1].sourse: unknown key"


@case
def missing_field(t: ContentTree) -> Expected:
    t.replace(MOD, "pass_mark: 70\n", "")
    return MOD, 1, "pass_mark: Field required"


@case
def invalid_enum(t: ContentTree) -> Expected:
    t.replace(MOD, "theme: tijdens-het-ambt", "theme: gedrag")
    return MOD, t.line_of(MOD, "theme:"), "theme: Input should be"


@case
def unknown_block_type(t: ContentTree) -> Expected:
    t.replace(L2, "  - type: reflection", "  - type: video")
    return L2, t.line_of(L2, "type: video"), "blocks[0]:"


@case
def text_too_long(t: ContentTree) -> Expected:
    t.replace(SCEN, "question: Wat doe je met de fles?", "question: " + "lang " * 45)
    return SCEN, t.line_of(SCEN, "question:"), "question: String should have at most 200"


@case
def bad_slug(t: ContentTree) -> Expected:
    t.replace(L1, "id: inleiding", "id: Inleiding_1")
    return L1, t.line_of(L1, "Inleiding_1"), "blocks[0].id: String should match pattern"


@case
def text_not_quoted(t: ContentTree) -> Expected:
    t.replace(SCEN, "label: Aannemen", "label: yes")
    return SCEN, t.line_of(SCEN, "label: yes"), "options[0].label: Input should be a valid string"


@case
def option_without_feedback(t: ContentTree) -> Expected:
    t.replace(L1, "        feedback: Klopt, de raad stelt de code vast.\n", "")
    return L1, t.line_of(L1, "- id: raad"), "blocks[3].options[0].feedback: Field required"


@case
def single_choice_two_correct(t: ContentTree) -> Expected:
    t.replace(
        L1,
        "        text: De burgemeester\n",
        "        text: De burgemeester\n        correct: true\n",
    )
    line = t.line_of(L1, "id: vraag-gedragscode") - 1
    return L1, line, "blocks[3]: a single-choice question needs exactly one correct option"


@case
def question_without_correct(t: ContentTree) -> Expected:
    t.replace(L1, "        text: De raad\n        correct: true\n", "        text: De raad\n")
    line = t.line_of(L1, "id: vraag-gedragscode") - 1
    return L1, line, "blocks[3]: a question needs at least one correct option"


@case
def rule_without_source(t: ContentTree) -> Expected:
    t.replace(SCEN, "    source: Gemeentewet, artikel 15, derde lid\n", "")
    return SCEN, t.line_of(SCEN, "- text: Elke raad"), "rules[0].source: Field required"


@case
def regel_callout_without_source(t: ContentTree) -> Expected:
    t.replace(L1, "    source: Gemeentewet, artikel 15, derde lid\n", "")
    return L1, t.line_of(L1, "id: regel-gedragscode") - 1, "needs a source"


@case
def scan_bands_with_gap(t: ContentTree) -> Expected:
    t.replace(L2, "      - min: 6", "      - min: 7")
    return L2, t.line_of(L2, "type: self-scan"), "score bands do not cover the totals [6]"


# --- file layout ---------------------------------------------------------------------------


@case
def scenario_file_name_differs_from_id(t: ContentTree) -> Expected:
    t.path(SCEN).rename(t.path("scenarios/wijn.yaml"))
    return "scenarios/wijn.yaml", 1, "id `fles-wijn` does not match the file name (`wijn`)"


@case
def module_folder_differs_from_id(t: ContentTree) -> Expected:
    t.replace("modules/verdieping/module.yaml", "id: verdieping", "id: verdieping-veilig")
    return "modules/verdieping/module.yaml", 1, "id `verdieping-veilig` does not match"


@case
def lesson_file_differs_from_id(t: ContentTree) -> Expected:
    t.replace(L2, "id: oefenen", "id: zelf-oefenen")
    return L2, 1, "id `zelf-oefenen` does not match the file name (`oefenen`)"


@case
def programme_file_differs_from_id(t: ContentTree) -> Expected:
    t.replace(SESSION, "id: avond-dilemmas", "id: avond")
    return SESSION, 1, "id `avond` does not match"


@case
def listed_lesson_missing(t: ContentTree) -> Expected:
    t.path(L2).unlink()
    return MOD, t.line_of(MOD, "02-oefenen.yaml"), "does not exist"


@case
def orphan_lesson(t: ContentTree) -> Expected:
    t.replace(MOD, "  - 02-oefenen.yaml\n", "")
    return L2, 1, "lesson file is not listed in module.yaml"


@case
def lesson_listed_twice(t: ContentTree) -> Expected:
    t.replace(MOD, "  - 02-oefenen.yaml\n", "  - 02-oefenen.yaml\n  - 02-oefenen.yaml\n")
    return MOD, t.line_of(MOD, "02-oefenen.yaml", 2), "listed twice"


@case
def module_folder_without_module_yaml(t: ContentTree) -> Expected:
    t.write("modules/leeg/notes.txt", "todo\n")
    return "modules/leeg", 1, "module folder has no module.yaml"


@case
def wrong_extension(t: ContentTree) -> Expected:
    t.write("scenarios/nog-een.yml", t.read(SCEN))
    return "scenarios/nog-een.yml", 1, "content files end in `.yaml`"


# --- unique ids ----------------------------------------------------------------------------


@case
def duplicate_block_id_in_module(t: ContentTree) -> Expected:
    t.replace(L2, "id: eigen-ervaring", "id: inleiding")
    return L2, t.line_of(L2, "id: inleiding"), "duplicate block id `inleiding` in this module"


@case
def duplicate_statement_id(t: ContentTree) -> Expected:
    t.replace(L2, "id: melden", "id: bespreken")
    return L2, t.line_of(L2, "id: bespreken", 2), "duplicate statement id `bespreken`"


@case
def duplicate_lesson_id(t: ContentTree) -> Expected:
    text = t.read(L2)
    for block_id in ("eigen-ervaring", "scan-bewustzijn", "dilemma-fles-wijn"):
        text = text.replace(f"id: {block_id}", f"id: {block_id}-2")
    t.write("modules/basis-integriteit/lessons/03-oefenen.yaml", text)
    t.replace(MOD, "  - 02-oefenen.yaml\n", "  - 02-oefenen.yaml\n  - 03-oefenen.yaml\n")
    return "modules/basis-integriteit/lessons/03-oefenen.yaml", 1, "duplicate lesson id `oefenen`"


@case
def duplicate_track_id(t: ContentTree) -> Expected:
    t.replace(TRACKS, "  - id: veiligheid", "  - id: basis")
    return TRACKS, t.line_of(TRACKS, "- id: basis", 2), "duplicate track id `basis`"


@case
def duplicate_scenario_id(t: ContentTree) -> Expected:
    t.write("scenarios/fles-wijn-2.yaml", t.read(SCEN))
    return [
        (SCEN, 1, "duplicate scenario id `fles-wijn` (also at scenarios/fles-wijn-2.yaml:1)"),
        ("scenarios/fles-wijn-2.yaml", 1, "does not match the file name"),
    ]


# --- references and prerequisites ----------------------------------------------------------


@case
def track_unknown_module(t: ContentTree) -> Expected:
    t.replace(TRACKS, "      - module: basis-integriteit\n", "      - module: basis-integritiet\n")
    return [
        (
            TRACKS,
            t.line_of(TRACKS, "module: basis-integritiet"),
            "unknown module `basis-integritiet`",
        ),
        (TRACKS, t.line_of(TRACKS, "requires:"), "requires `basis-integriteit`, which is not"),
    ]


@case
def track_requires_later_step(t: ContentTree) -> Expected:
    t.replace(TRACKS, "        requires: [basis-integriteit]\n", "")
    t.replace(
        TRACKS,
        "      - module: basis-integriteit\n",
        "      - module: basis-integriteit\n        requires: [verdieping]\n",
    )
    line = t.line_of(TRACKS, "requires: [verdieping]")
    return TRACKS, line, "`basis-integriteit` requires `verdieping`, which is not an earlier step"


@case
def track_requires_module_outside_track(t: ContentTree) -> Expected:
    head, tail = t.read(TRACKS).split("  - id: veiligheid")
    tail = tail.replace(
        "      - module: verdieping\n",
        "      - module: verdieping\n        requires: [basis-integriteit]\n",
    )
    t.write(TRACKS, head + "  - id: veiligheid" + tail)
    line = t.line_of(TRACKS, "requires: [basis-integriteit]", 2)
    return TRACKS, line, "which is not an earlier step of track `veiligheid`"


@case
def module_twice_in_track(t: ContentTree) -> Expected:
    t.write(TRACKS, t.read(TRACKS) + "      - module: verdieping\n")
    return TRACKS, t.line_of(TRACKS, "module: verdieping", 3), "appears twice in track `veiligheid`"


@case
def prerequisite_cycle(t: ContentTree) -> Expected:
    t.write(
        TRACKS,
        t.read(TRACKS) + "  - id: omgekeerd\n    title: Omgekeerd\n    summary: Andersom.\n"
        "    audience: [gemeente]\n    certificate_title: Omgekeerd\n    steps:\n"
        "      - module: verdieping\n      - module: basis-integriteit\n"
        "        requires: [verdieping]\n",
    )
    line = t.line_of(TRACKS, "requires: [basis-integriteit]")
    return TRACKS, line, "prerequisites form a cycle: basis-integriteit → verdieping → basis"


@case
def dilemma_block_unknown_scenario(t: ContentTree) -> Expected:
    t.replace(L2, "scenario: fles-wijn", "scenario: fles-bier")
    return L2, t.line_of(L2, "scenario: fles-bier"), "unknown scenario `fles-bier`"


@case
def scenario_unknown_related_module(t: ContentTree) -> Expected:
    t.replace(
        SCEN,
        "related_modules: [basis-integriteit]",
        "related_modules:\n  - basis-integriteit\n  - geschenken",
    )
    return SCEN, t.line_of(SCEN, "- geschenken"), "unknown module `geschenken`"


@case
def programme_unknown_scenario(t: ContentTree) -> Expected:
    t.replace(SESSION, "scenario: dreigend-bericht", "scenario: dreiging")
    return SESSION, t.line_of(SESSION, "scenario: dreiging"), "unknown scenario `dreiging`"


@case
def programme_unknown_reserve(t: ContentTree) -> Expected:
    t.replace(SESSION, "reserve: []", "reserve:\n  - fles-bier")
    return SESSION, t.line_of(SESSION, "- fles-bier"), "unknown scenario `fles-bier`"


@case
def dilemma_variant_unknown_scenario(t: ContentTree) -> Expected:
    t.replace(L2, "scenario: fles-wijn", "scenario: fles-wijn\n    variants:\n"
              "      - audience: provincie\n        scenario: fles-bier")
    return L2, t.line_of(L2, "scenario: fles-bier"), "unknown scenario `fles-bier`"


# --- debriefs ------------------------------------------------------------------------------


@case
def scenario_without_debrief(t: ContentTree) -> Expected:
    text = t.read(DREIG)
    t.write(DREIG, text[: text.index("debrief:")] + text[text.index("related_modules:"):])
    return DREIG, 1, "scenario `dreigend-bericht` has no debrief"


@case
def debrief_misses_an_option(t: ContentTree) -> Expected:
    t.replace(SCEN, "    - option: teruggeven\n      values: [onafhankelijkheid]\n"
              "      arguments: Het besluit komt nog; zo blijft er geen twijfel.\n", "")
    return SCEN, t.line_of(SCEN, "- id: teruggeven"), "option `teruggeven` has no entry"


@case
def debrief_without_closing(t: ContentTree) -> Expected:
    t.replace(SCEN, "  closing: Het moment van een cadeau zegt vaak meer dan de prijs.\n", "")
    return SCEN, t.line_of(SCEN, "debrief:"), "the debrief has no closing line"


@case
def debrief_names_unknown_option(t: ContentTree) -> Expected:
    t.replace(SCEN, "- option: teruggeven", "- option: weggeven")
    return SCEN, 1, "debrief names unknown options: weggeven"


# --- programmes ----------------------------------------------------------------------------


@case
def programme_minutes_do_not_add_up(t: ContentTree) -> Expected:
    t.replace(SESSION, "scenario: fles-wijn\n    minutes: 20",
              "scenario: fles-wijn\n    minutes: 25")
    return SESSION, 5, "the blocks take 65 minutes, the programme 60"


@case
def full_session_with_two_dilemmas(t: ContentTree) -> Expected:
    t.replace(SESSION, "minutes: 60", "minutes: 90")
    t.replace(SESSION, "  - type: afsluiting\n    minutes: 10",
              "  - type: afsluiting\n    minutes: 40")
    return SESSION, t.line_of(SESSION, "blocks:"), "a programme of 90 minutes holds 3 or 4 dilemmas"


@case
def programme_not_ending_with_its_closing(t: ContentTree) -> Expected:
    t.replace(SESSION, "minutes: 60", "minutes: 65")
    t.replace(SESSION, "reserve: []", "  - type: pauze\n    minutes: 5\nreserve: []")
    return SESSION, 1, "ends with one `afsluiting` block"


@case
def opening_without_exception(t: ContentTree) -> Expected:
    t.replace(SESSION, "    exception: Een echte schending of gevaar volgen we wel op, bij de "
              "griffier.\n", "")
    return SESSION, t.line_of(SESSION, "type: opening"), "exception: Field required"


@case
def scenario_twice_in_a_programme(t: ContentTree) -> Expected:
    t.replace(SESSION, "reserve: []", "reserve: [fles-wijn]")
    return SESSION, t.line_of(SESSION, "reserve:"), "appears twice in programme"


# --- audience fit --------------------------------------------------------------------------


@case
def track_module_meets_a_case_for_another_audience(t: ContentTree) -> Expected:
    t.replace(DREIG, "audience: [gemeente, provincie, waterschap]", "audience: [gemeente]")
    rel = "modules/verdieping/lessons/01-veilig-werken.yaml"
    line = t.line_of(rel, "scenario: dreigend-bericht")
    return [(rel, line, "in a module of track `basis` for provincie"),
            (rel, line, "in a module of track `basis` for waterschap")]


@case
def programme_holds_a_case_for_another_audience(t: ContentTree) -> Expected:
    t.replace(SCEN, "audience: [gemeente, provincie, waterschap]",
              "audience: [gemeente, provincie]")
    t.replace(SESSION, "audience: [gemeente]", "audience: [gemeente, waterschap]")
    return [(L2, t.line_of(L2, "scenario: fles-wijn"), "track `basis` for waterschap"),
            (SESSION, t.line_of(SESSION, "scenario: fles-wijn"),
             "in programme `avond-dilemmas` for waterschap")]


# --- Markdown ------------------------------------------------------------------------------


@case
def html_block_in_markdown(t: ContentTree) -> Expected:
    t.replace(
        L1,
        "      ## Waarom integriteit?\n",
        "      ## Waarom integriteit?\n\n      <div>kader</div>\n",
    )
    return (
        L1,
        t.line_of(L1, "<div>kader"),
        "raw HTML is not allowed in Markdown: `<div>kader</div>`",
    )


@case
def html_inline_in_markdown(t: ContentTree) -> Expected:
    t.replace(L1, "algemeen belang.", "algemeen <b>belang</b>.")
    return L1, t.line_of(L1, "<b>belang"), "raw HTML is not allowed in Markdown: `<b>`"


@case
def html_in_scenario_markdown(t: ContentTree) -> Expected:
    t.replace(
        SCEN,
        "considerations: Het is een klein gebaar",
        "considerations: Het is <i>klein</i> gebaar",
    )
    return SCEN, t.line_of(SCEN, "<i>klein"), "raw HTML is not allowed"


@case
def word_too_long(t: ContentTree) -> Expected:
    t.replace(
        L1, "Lees ook de", "Lees ook https://example.org/een/heel/lang/adres/zonder/linktekst en de"
    )
    return L1, t.line_of(L1, "zonder/linktekst"), "word longer than 40 characters"


@case
def image_in_markdown(t: ContentTree) -> Expected:
    t.replace(
        "modules/verdieping/lessons/01-veilig-werken.yaml",
        "klein lijkt.",
        "klein lijkt. ![logo](x.png)",
    )
    rel = "modules/verdieping/lessons/01-veilig-werken.yaml"
    return rel, t.line_of(rel, "![logo]"), "images are not supported"


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_reports_file_line_and_message(tree: ContentTree, name: str) -> None:
    expected = CASES[name](tree)
    wanted = expected if isinstance(expected, list) else [expected]
    errors = tree.errors()
    for file, line, fragment in wanted:
        matching = [e for e in errors if e.file == file and fragment in e.message]
        assert matching, f"no error {file}: ...{fragment}... in {[str(e) for e in errors]}"
        assert matching[0].line == line, str(matching[0])
        assert matching[0].hint
    assert len(errors) == len(wanted), [str(e) for e in errors]


def test_good_tree_has_no_errors(tree: ContentTree) -> None:
    assert tree.errors() == []


HINTS = {
    "rule_without_source": "add a `source:` with the law article or document",
    "regel_callout_without_source": "add a `source:` with the law article or document",
    "scenario_file_name_differs_from_id": "rename it to scenarios/fles-wijn.yaml",
    "lesson_file_differs_from_id": "rename it to 02-zelf-oefenen.yaml",
    "module_folder_differs_from_id": "rename it to modules/verdieping-veilig/",
    "orphan_lesson": "add `02-oefenen.yaml` under `lessons:`",
    "unknown_key": "did you mean `source`?",
    "dilemma_block_unknown_scenario": "did you mean `fles-wijn`?",
    "track_requires_later_step": "move the step for `verdieping` above this one",
    "single_choice_two_correct": "or set `multiple: true`",
    "text_too_long": "shorten it to at most 200 characters",
    "html_inline_in_markdown": "use Markdown instead",
    "scenario_without_debrief": "one `options` entry per option",
    "debrief_misses_an_option": "add `- option: teruggeven`",
    "programme_minutes_do_not_add_up": "take 5 minutes from a block",
    "full_session_with_two_dilemmas": "move the others to `reserve`",
    "track_module_meets_a_case_for_another_audience": "add a variant",
    "debrief_names_unknown_option": "use the `id` of one of the scenario's options",
}


@pytest.mark.parametrize("name", sorted(HINTS))
def test_hint_says_what_to_do(tree: ContentTree, name: str) -> None:
    CASES[name](tree)
    hints = [e.hint for e in tree.errors()]
    assert any(HINTS[name] in hint for hint in hints), hints


def test_a_variant_gives_each_audience_its_own_case(tree: ContentTree) -> None:
    tree.replace(DREIG, "audience: [gemeente, provincie, waterschap]", "audience: [gemeente]")
    rel = "modules/verdieping/lessons/01-veilig-werken.yaml"
    tree.replace(rel, "scenario: dreigend-bericht", "scenario: dreigend-bericht\n    variants:\n"
                 "      - audience: provincie\n        scenario: fles-wijn\n"
                 "      - audience: waterschap\n        scenario: fles-wijn")
    assert tree.errors() == []


def test_a_missing_debrief_is_an_error(tree: ContentTree) -> None:
    text = tree.read(DREIG)
    tree.write(DREIG, text[: text.index("debrief:")] + text[text.index("related_modules:"):])
    assert [e.message for e in tree.errors()] == ["scenario `dreigend-bericht` has no debrief"]


def test_every_scenario_of_the_course_has_a_debrief() -> None:
    from learnplatform.config import PROJECT_ROOT
    from learnplatform.content import validate

    registry = validate.check_content(PROJECT_ROOT).registry
    assert [sid for sid, s in registry.scenarios.items() if s.debrief is None] == []


def test_a_variant_for_the_wrong_audience_is_reported_at_the_variant(tree: ContentTree) -> None:
    rel = "modules/verdieping/lessons/01-veilig-werken.yaml"
    tree.replace(DREIG, "audience: [gemeente, provincie, waterschap]", "audience: [gemeente]")
    tree.replace(SCEN, "audience: [gemeente, provincie, waterschap]",
                 "audience: [gemeente, waterschap]")
    tree.replace(rel, "scenario: dreigend-bericht", "scenario: dreigend-bericht\n    variants:\n"
                 "      - audience: provincie\n        scenario: fles-wijn\n"
                 "      - audience: waterschap\n        scenario: fles-wijn")
    errors = [e for e in tree.errors() if e.file == rel]
    assert [(e.line, e.message) for e in errors] == [
        (tree.line_of(rel, "scenario: fles-wijn"),
         "scenario `fles-wijn` (for gemeente, waterschap) in a module of track `basis` "
         "for provincie")]
