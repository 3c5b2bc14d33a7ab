"""Typed, immutable schema of the content files (modules, lessons, scenarios, tracks, programmes).

Every model forbids unknown keys so a typo in a YAML file is an error, not silently ignored.
Length limits keep text readable on a phone screen.
"""

from __future__ import annotations

import enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2500)]
LessonFileName = Annotated[str, StringConstraints(pattern=r"^[0-9]{2}-[a-z0-9-]+\.yaml$")]
Source = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]


class Audience(enum.StrEnum):
    """Who a piece of content is written for."""

    GEMEENTE = "gemeente"
    PROVINCIE = "provincie"
    WATERSCHAP = "waterschap"
    GRIFFIER = "griffier"


class Theme(enum.StrEnum):
    """The phases of the integrity cycle and the programme's other themes."""

    WERVING_EN_SELECTIE = "werving-en-selectie"
    TIJDENS_HET_AMBT = "tijdens-het-ambt"
    DILEMMA_OF_SCHENDING = "dilemma-of-schending"
    VEILIGHEID = "veiligheid"
    KOSTEN_EN_VOORZIENINGEN = "kosten-en-voorzieningen"
    NEVENFUNCTIES = "nevenfuncties"
    MORELE_OORDEELSVORMING = "morele-oordeelsvorming"
    FACILITATIE = "facilitatie"


class ReasoningStep(enum.StrEnum):
    """Steps of the moral-reasoning model used throughout the course."""

    VRAAG = "vraag"  # what exactly is the dilemma?
    FEITEN = "feiten"  # which facts do we know, which not?
    BELANGHEBBENDEN = "belanghebbenden"  # who is affected?
    WAARDEN = "waarden"  # which values and norms are at stake?
    REGELS = "regels"  # which rules apply?
    OPTIES = "opties"  # which options, with which consequences?
    BESLUIT = "besluit"  # what do you decide, and how do you account for it?


class Strict(BaseModel):
    """Base: unknown keys rejected, instances immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(Strict):
    """A rule at stake, always with the law article or document it comes from."""

    text: ShortText
    source: Source


# --- scenarios -----------------------------------------------------------------------------


class ScenarioOption(Strict):
    """One answer to a dilemma: short label (buttons, bars), full text and considerations."""

    id: Slug
    label: Label
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    considerations: Markdown


class ReasoningPrompt(Strict):
    """A question that walks the group or learner through one step of the reasoning model."""

    step: ReasoningStep
    prompt: ShortText


class FacilitatorNotes(Strict):
    """Only the trainer sees these."""

    questions: tuple[ShortText, ...] = Field(min_length=1)
    tips: tuple[ShortText, ...] = ()
    pitfalls: tuple[ShortText, ...] = ()


class DebriefOption(Strict):
    """Debrief of one option: the values it serves and the arguments people typically give."""

    option: Slug
    values: tuple[Label, ...] = Field(min_length=1)
    arguments: Markdown


class LegalAnswer(Strict):
    """The answer to a legal question the notes raise, with the rule's source when it states one."""

    question: ShortText
    answer: Markdown
    source: Source | None = None


class Debrief(Strict):
    """The trainer's "duiding": which rule applies, where judgement begins, and how to close.

    File scenarios carry a complete debrief (the content check requires one option entry per
    option and a closing line); a trainer's own dilemma may carry only `rule`.
    """

    rule: Markdown
    options: tuple[DebriefOption, ...] = ()
    questions: tuple[LegalAnswer, ...] = ()
    closing: ShortText | None = None


class Variation(Strict):
    """'Maar wat als…?': an added fact that reopens the vote."""

    id: Slug
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


class Scenario(Strict):
    """One dilemma, stored as scenarios/<id>.yaml."""

    id: Slug
    title: Label
    themes: tuple[Theme, ...] = Field(min_length=1)
    audience: tuple[Audience, ...] = Field(min_length=1)
    situation: Markdown
    question: ShortText
    options: tuple[ScenarioOption, ...] = Field(min_length=2, max_length=5)
    values: tuple[Label, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = ()
    reasoning: tuple[ReasoningPrompt, ...] = ()
    facilitator: FacilitatorNotes
    debrief: Debrief | None = None
    variations: tuple[Variation, ...] = ()
    related_modules: tuple[Slug, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> Scenario:
        for kind, ids in (
            ("option", [o.id for o in self.options]),
            ("variation", [v.id for v in self.variations]),
            ("debrief option", [d.option for d in self.debrief.options] if self.debrief else []),
        ):
            if len(ids) != len(set(ids)):
                raise ValueError(f"{kind} ids must be unique within a scenario")
        if self.debrief:
            known = {o.id for o in self.options}
            unknown = [d.option for d in self.debrief.options if d.option not in known]
            if unknown:
                raise ValueError(f"debrief names unknown options: {', '.join(unknown)}")
        return self

    def option(self, option_id: str) -> ScenarioOption | None:
        """The option with this id, if any."""
        return next((o for o in self.options if o.id == option_id), None)


# --- lesson blocks -------------------------------------------------------------------------


class TextBlock(Strict):
    """Explanatory Markdown."""

    type: Literal["text"]
    id: Slug
    body: Markdown


class CalloutBlock(Strict):
    """A highlighted rule, tip or warning; a rule always names its source."""

    type: Literal["callout"]
    id: Slug
    kind: Literal["regel", "tip", "let-op"]
    title: Label | None = None
    body: Markdown
    source: Source | None = None

    @model_validator(mode="after")
    def _rule_has_source(self) -> CalloutBlock:
        if self.kind == "regel" and not self.source:
            raise ValueError("a callout of kind 'regel' needs a source (law article or document)")
        return self


class QuestionOption(Strict):
    """An answer option with feedback shown after answering."""

    id: Slug
    text: ShortText
    correct: bool = False
    feedback: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


class QuestionBlock(Strict):
    """Single or multiple choice, feedback on every option, and an explanation."""

    type: Literal["question"]
    id: Slug
    prompt: ShortText
    multiple: bool = False
    options: tuple[QuestionOption, ...] = Field(min_length=2, max_length=6)
    explanation: Markdown

    @model_validator(mode="after")
    def _has_correct_answer(self) -> QuestionBlock:
        correct = sum(o.correct for o in self.options)
        if correct == 0:
            raise ValueError("a question needs at least one correct option")
        if not self.multiple and correct != 1:
            raise ValueError("a single-choice question needs exactly one correct option")
        if len({o.id for o in self.options}) != len(self.options):
            raise ValueError("option ids must be unique within a question")
        return self


class ReflectionBlock(Strict):
    """A private free-text reflection; only its author ever sees the answer."""

    type: Literal["reflection"]
    id: Slug
    prompt: ShortText
    hint: ShortText | None = None


class ScanStatement(Strict):
    """A statement the learner scores on the scan's scale."""

    id: Slug
    text: ShortText


class ScoreBand(Strict):
    """Feedback for a total score within [min, max]."""

    min: int
    max: int
    feedback: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


class SelfScanBlock(Strict):
    """Statements on a scale (1..scale_max) with feedback per band of the total score."""

    type: Literal["self-scan"]
    id: Slug
    title: Label
    intro: ShortText | None = None
    scale_max: int = Field(default=5, ge=2, le=7)
    scale_labels: tuple[Label, Label] = ("helemaal niet", "helemaal wel")
    statements: tuple[ScanStatement, ...] = Field(min_length=2, max_length=12)
    bands: tuple[ScoreBand, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _bands_cover_all_scores(self) -> SelfScanBlock:
        lowest, highest = len(self.statements), len(self.statements) * self.scale_max
        covered: set[int] = set()
        for band in self.bands:
            if band.min > band.max:
                raise ValueError("a score band's min is above its max")
            covered.update(range(band.min, band.max + 1))
        missing = set(range(lowest, highest + 1)) - covered
        if missing:
            raise ValueError(f"score bands do not cover the totals {sorted(missing)[:5]}")
        return self


class DilemmaVariant(Strict):
    """The scenario a dilemma block shows to learners of one audience instead of its default."""

    audience: Audience
    scenario: Slug


class DilemmaBlock(Strict):
    """A scenario played alone: choose, justify, reason, then see how others chose.

    `variants` give a statenlid or AB-lid a case of their own in a module shared by all tracks.
    """

    type: Literal["dilemma"]
    id: Slug
    scenario: Slug
    intro: ShortText | None = None
    variants: tuple[DilemmaVariant, ...] = Field(default=(), max_length=4)

    @model_validator(mode="after")
    def _one_variant_per_audience(self) -> DilemmaBlock:
        audiences = [v.audience for v in self.variants]
        if len(audiences) != len(set(audiences)):
            raise ValueError("variant audiences must be unique within a dilemma block")
        return self

    def scenario_for(self, audiences: frozenset[Audience] | None) -> str:
        """The scenario for a learner of these audiences (None: everything, the default)."""
        for variant in self.variants:
            if audiences is not None and variant.audience in audiences:
                return variant.scenario
        return self.scenario

    def scenarios(self) -> tuple[str, ...]:
        """The default scenario and every variant's."""
        return (self.scenario, *(v.scenario for v in self.variants))


Block = Annotated[
    TextBlock | CalloutBlock | QuestionBlock | ReflectionBlock | SelfScanBlock | DilemmaBlock,
    Field(discriminator="type"),
]


class Lesson(Strict):
    """An ordered sequence of blocks, stored as modules/<module>/lessons/NN-<id>.yaml."""

    id: Slug
    title: Label
    blocks: tuple[Block, ...] = Field(min_length=1)


class Module(Strict):
    """A self-paced module, stored as modules/<id>/module.yaml plus its lesson files."""

    id: Slug
    title: Label
    summary: ShortText
    audience: tuple[Audience, ...] = Field(min_length=1)
    theme: Theme
    minutes: int = Field(ge=5, le=120)
    pass_mark: int = Field(ge=0, le=100, description="percentage of questions answered correctly")
    lessons: tuple[Lesson, ...] = Field(min_length=1)

    def blocks(self) -> list[tuple[Lesson, Block]]:
        """Every block in order, with its lesson."""
        return [(lesson, block) for lesson in self.lessons for block in lesson.blocks]

    def for_audiences(self, audiences: frozenset[Audience] | None) -> Module:
        """The module as learners of these audiences see it: dilemma blocks show their variant."""
        if audiences is None or not any(
            isinstance(b, DilemmaBlock) and b.variants for _, b in self.blocks()
        ):
            return self
        lessons = tuple(
            lesson.model_copy(update={"blocks": tuple(
                block.model_copy(update={"scenario": block.scenario_for(audiences),
                                         "variants": ()})
                if isinstance(block, DilemmaBlock) else block
                for block in lesson.blocks
            )})
            for lesson in self.lessons
        )
        return self.model_copy(update={"lessons": lessons})


class ModuleFile(Strict):
    """The module.yaml file itself: module fields, with lesson file names instead of lessons."""

    id: Slug
    title: Label
    summary: ShortText
    audience: tuple[Audience, ...] = Field(min_length=1)
    theme: Theme
    minutes: int = Field(ge=5, le=120)
    pass_mark: int = Field(ge=0, le=100)
    lessons: tuple[LessonFileName, ...] = Field(min_length=1)


# --- tracks and programmes -----------------------------------------------------------------


class TrackStep(Strict):
    """A module in a track, with the modules of the same track that must be completed first."""

    module: Slug
    requires: tuple[Slug, ...] = ()


class Track(Strict):
    """An ordered learning track with prerequisites, a validity and a certificate title."""

    id: Slug
    title: Label
    summary: ShortText
    audience: tuple[Audience, ...] = Field(min_length=1)
    steps: tuple[TrackStep, ...] = Field(min_length=1)
    validity_months: int | None = Field(default=None, ge=1, le=120)
    certificate_title: Label


class TracksFile(Strict):
    """tracks.yaml."""

    tracks: tuple[Track, ...] = Field(min_length=1)


class OpeningBlock(Strict):
    """The opening of a programme: the norm frame and the confidentiality agreement."""

    type: Literal["opening"]
    minutes: int = Field(ge=5, le=45)
    normkader: Markdown = Field(description="the rules that frame the session: code, law")
    confidentiality: Markdown = Field(description="what stays in the room")
    exception: Markdown = Field(description="when it does not: a real violation or danger")


class ProgrammeDilemma(Strict):
    """One dilemma of a programme: vote, discussion, a variation and the debrief."""

    type: Literal["dilemma"]
    scenario: Slug
    minutes: int = Field(ge=15, le=40)
    focus: ShortText | None = None


class BreakBlock(Strict):
    """A break."""

    type: Literal["pauze"]
    minutes: int = Field(ge=5, le=30)


class ClosingBlock(Strict):
    """The close of a programme: what the group takes away, and an evaluation."""

    type: Literal["afsluiting"]
    minutes: int = Field(ge=5, le=45)
    takeaway: Markdown
    evaluation: tuple[ShortText, ...] = Field(min_length=1, max_length=8)


ProgrammeBlock = Annotated[
    OpeningBlock | ProgrammeDilemma | BreakBlock | ClosingBlock,
    Field(discriminator="type"),
]


class Programme(Strict):
    """A ready-made live session programme with its draaiboek, stored as sessions/<id>.yaml.

    Blocks run in order: one opening first, one closing last, dilemmas (and breaks) between.
    Reserve dilemmas are not timed: they replace a dilemma that does not land with the group.
    """

    id: Slug
    title: Label
    summary: ShortText
    audience: tuple[Audience, ...] = Field(min_length=1)
    minutes: int = Field(ge=15, le=480)
    blocks: tuple[ProgrammeBlock, ...] = Field(min_length=3, max_length=20)
    reserve: tuple[Slug, ...] = Field(default=(), max_length=6)

    @model_validator(mode="after")
    def _opening_first_closing_last(self) -> Programme:
        kinds = [block.type for block in self.blocks]
        if kinds[0] != "opening" or kinds.count("opening") != 1:
            raise ValueError("a programme starts with one `opening` block (and has only one)")
        if kinds[-1] != "afsluiting" or kinds.count("afsluiting") != 1:
            raise ValueError("a programme ends with one `afsluiting` block (and has only one)")
        if "dilemma" not in kinds:
            raise ValueError("a programme needs at least one `dilemma` block")
        return self

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The ids of the programme's dilemmas in playing order (reserves not included)."""
        return tuple(b.scenario for b in self.blocks if isinstance(b, ProgrammeDilemma))

    @property
    def dilemma_blocks(self) -> tuple[ProgrammeDilemma, ...]:
        """The dilemma blocks in order."""
        return tuple(b for b in self.blocks if isinstance(b, ProgrammeDilemma))

    @property
    def opening(self) -> OpeningBlock:
        """The opening block."""
        block = self.blocks[0]
        assert isinstance(block, OpeningBlock)  # noqa: S101 - guaranteed by the validator
        return block

    @property
    def closing(self) -> ClosingBlock:
        """The closing block."""
        block = self.blocks[-1]
        assert isinstance(block, ClosingBlock)  # noqa: S101 - guaranteed by the validator
        return block
