"""Risks: the catalogue read strictly from the knowledge base, and the user's risk register."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field

from assistant.vendors import SERVICE_LABELS, ServiceType

CATALOGUE_FILE = Path("practices") / "outsourcing-risks-and-mitigations.md"
SOURCES = {"guide Q&A", "assistant team"}
GUIDE_RISKS_SECTION = "What are the risks of IT outsourcing?"
DEFAULT_RATING = 3
_FIELD = re.compile(r"^(Category|Applies to|Source|Mitigation):\s*(.*)$")
_TYPE_NAMES = {SERVICE_LABELS[t].lower(): t for t in ServiceType} | {t.value.replace("_", " "): t for t in ServiceType}


class RiskCatalogueError(ValueError):
    """A risk catalogue that is missing or does not follow its format."""


class RiskError(ValueError):
    """A change to the risk register that cannot be made, with the reason."""


@dataclass(frozen=True)
class CatalogueRisk:
    """One risk of the catalogue; `applies_to` is None for risks of every kind of outsourcing."""

    id: str
    name: str
    category: str
    applies_to: frozenset[ServiceType] | None
    source: str
    description: str
    mitigation: str


@dataclass(frozen=True)
class RiskCatalogue:
    """The parsed catalogue document."""

    title: str
    path: str
    risks: tuple[CatalogueRisk, ...]

    def for_services(self, services: Iterable[ServiceType]) -> list[CatalogueRisk]:
        """Return the general risks plus those specific to any of the services, in catalogue order."""
        chosen = set(services)
        return [r for r in self.risks if r.applies_to is None or r.applies_to & chosen]


def slug(text: str) -> str:
    """Return a lowercase id made of the words of a text."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-") or "risk"


def _applies_to(value: str, where: str) -> frozenset[ServiceType] | None:
    if value.strip().lower() == "all":
        return None
    types = set()
    for token in (t.strip().lower() for t in value.split(",")):
        if token not in _TYPE_NAMES:
            raise RiskCatalogueError(f"{where}: unknown type {token!r} in 'Applies to' (use all, or {', '.join(sorted(_TYPE_NAMES))})")
        types.add(_TYPE_NAMES[token])
    return frozenset(types)


def _parse_risk(name: str, lines: list[str], where: str) -> CatalogueRisk:
    fields: dict[str, str] = {}
    description = []
    for line in (line.strip() for line in lines):
        match = _FIELD.match(line)
        if match:
            if match.group(1) in fields:
                raise RiskCatalogueError(f"{where}: '{match.group(1)}' is given twice")
            fields[match.group(1)] = match.group(2).strip()
        elif line:
            description.append(line)
    missing = [f for f in ("Category", "Applies to", "Source", "Mitigation") if not fields.get(f)]
    if missing:
        raise RiskCatalogueError(f"{where}: missing {', '.join(missing)}")
    if fields["Source"] not in SOURCES:
        raise RiskCatalogueError(f"{where}: Source must be one of {', '.join(sorted(SOURCES))}, not {fields['Source']!r}")
    if not description:
        raise RiskCatalogueError(f"{where}: a paragraph describing the risk is missing")
    return CatalogueRisk(
        id=slug(name), name=name, category=fields["Category"], applies_to=_applies_to(fields["Applies to"], where),
        source=fields["Source"], description=" ".join(description), mitigation=fields["Mitigation"],
    )


def parse_catalogue(text: str, path: str = str(CATALOGUE_FILE)) -> RiskCatalogue:
    """Parse the catalogue: a `# title`, then `## <risk>` sections with Category, Applies to, Source, Mitigation."""
    title = None
    sections: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif line.startswith("# ") and title is None:
            title = line[2:].strip()
        elif sections:
            sections[-1][1].append(line)
    if not title or not sections:
        raise RiskCatalogueError(f"{path}: expected a '# title' and at least one '## <risk>' section")
    risks = [_parse_risk(name, lines, f"{path}, risk '{name}'") for name, lines in sections]
    ids = [r.id for r in risks]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RiskCatalogueError(f"{path}: duplicate risks: {', '.join(duplicates)}")
    return RiskCatalogue(title, path, tuple(risks))


def load_catalogue(knowledge_dir: Path) -> RiskCatalogue:
    """Read the risk catalogue of a knowledge dir, raising RiskCatalogueError with the reason."""
    path = knowledge_dir / CATALOGUE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RiskCatalogueError(f"cannot read the risk catalogue {path} ({exc})") from exc
    return parse_catalogue(text, f"{knowledge_dir.name}/{CATALOGUE_FILE.as_posix()}")


def _rating(value, what: str) -> int:
    """Return a 1-5 rating, accepting "4" as well as 4."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= 5:
        raise RiskError(f"{what} must be a whole number from 1 to 5, not {value!r}")
    return int(text)


class RiskEntry(BaseModel):
    """One row of the risk register."""

    # The computed score is part of the saved form; it is recomputed, not read back.
    model_config = ConfigDict(extra="ignore")

    id: str
    risk: str = Field(min_length=2)
    category: str = "Other"
    likelihood: int = Field(default=DEFAULT_RATING, ge=1, le=5)
    impact: int = Field(default=DEFAULT_RATING, ge=1, le=5)
    mitigation: str = ""
    owner: str = ""
    description: str = ""
    citation: str = ""
    origin: Literal["catalogue", "user"] = "user"
    reason: str = ""  # why the proposed rating differs from the default, from risk_rules.yaml
    rated: bool = False
    edited: bool = False

    @computed_field
    @property
    def score(self) -> int:
        """Return likelihood times impact (1-25)."""
        return self.likelihood * self.impact


def entry_from(risk: CatalogueRisk, catalogue: RiskCatalogue) -> RiskEntry:
    """Return a register row proposed from a catalogue risk, at the default rating."""
    citation = f"{catalogue.title} › {risk.name} ({catalogue.path})"
    if risk.source == "guide Q&A":
        citation += f"; named in the guide's Q&A “{GUIDE_RISKS_SECTION}”"
    return RiskEntry(id=risk.id, risk=risk.name, category=risk.category, mitigation=risk.mitigation,
                     description=risk.description, citation=citation, origin="catalogue")


_EDITABLE = {"risk", "category", "likelihood", "impact", "mitigation", "owner", "description"}


class RiskRegister(BaseModel):
    """The user's risks: proposed ones they kept or edited, and their own; `removed` remembers dismissed proposals."""

    model_config = ConfigDict(extra="forbid")

    entries: list[RiskEntry] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)

    def get(self, risk_id: str) -> RiskEntry:
        """Return the entry with this id, or raise RiskError listing the ids."""
        for entry in self.entries:
            if entry.id == risk_id:
                return entry
        known = ", ".join(e.id for e in self.entries) or "none"
        raise RiskError(f"no risk {risk_id!r} in the register (ids: {known})")

    def rate(self, risk_id: str, likelihood, impact) -> RiskEntry:
        """Set likelihood and impact (1-5) of a risk."""
        return self.edit(risk_id, likelihood=likelihood, impact=impact)

    def edit(self, risk_id: str, **changes) -> RiskEntry:
        """Change fields of a risk (risk, category, likelihood, impact, mitigation, owner, description)."""
        entry = self.get(risk_id)
        unknown = sorted(set(changes) - _EDITABLE)
        if unknown:
            raise RiskError(f"cannot change {', '.join(unknown)} of a risk; editable: {', '.join(sorted(_EDITABLE))}")
        for key in ("likelihood", "impact"):
            if key in changes:
                changes[key] = _rating(changes[key], key)
        for key in _EDITABLE - {"likelihood", "impact"}:
            if key in changes:
                changes[key] = str(changes[key]).strip()
        if "risk" in changes and len(changes["risk"]) < 2:
            raise RiskError("a risk needs a name")
        rated = entry.rated or bool({"likelihood", "impact"} & set(changes))
        updated = entry.model_copy(update={**changes, "rated": rated, "edited": True})
        self.entries[self.entries.index(entry)] = updated
        return updated

    def remove(self, risk_id: str) -> None:
        """Remove a risk; a removed proposal is not proposed again."""
        entry = self.get(risk_id)
        self.entries.remove(entry)
        if entry.origin == "catalogue" and risk_id not in self.removed:
            self.removed.append(risk_id)

    def add(self, risk: str, category: str = "Other", likelihood=DEFAULT_RATING, impact=DEFAULT_RATING,
            mitigation: str = "", owner: str = "", description: str = "") -> RiskEntry:
        """Add the user's own risk and return it."""
        name = str(risk or "").strip()
        if len(name) < 2:
            raise RiskError("a new risk needs a name")
        base = slug(name)
        taken = {e.id for e in self.entries}
        risk_id = next(i for i in [base] + [f"{base}-{n}" for n in range(2, 1000)] if i not in taken)
        entry = RiskEntry(
            id=risk_id, risk=name, category=str(category or "Other").strip() or "Other",
            likelihood=_rating(likelihood, "likelihood"), impact=_rating(impact, "impact"),
            mitigation=str(mitigation or "").strip(), owner=str(owner or "").strip(),
            description=str(description or "").strip(), origin="user", rated=True, edited=True,
        )
        self.entries.append(entry)
        return entry

    def sync(self, proposed: list[RiskEntry]) -> None:
        """Follow the chosen services: add new proposals, drop untouched ones that no longer apply."""
        wanted = {p.id: p for p in proposed}
        self.entries = [e for e in self.entries if e.origin == "user" or e.edited or e.id in wanted]
        # A rating the user has not set follows the answers; one they set stays theirs.
        self.entries = [e.model_copy(update={"likelihood": wanted[e.id].likelihood, "impact": wanted[e.id].impact,
                                             "reason": wanted[e.id].reason})
                        if e.id in wanted and not e.rated else e for e in self.entries]
        have = {e.id for e in self.entries}
        self.entries += [p for p in proposed if p.id not in have and p.id not in self.removed]

    def ranked(self) -> list[RiskEntry]:
        """Return the entries by score, highest first (ties keep register order)."""
        return sorted(self.entries, key=lambda e: -e.score)


class RiskChange(BaseModel):
    """One item of the "risks" list of an answers file: rate/edit or remove a proposed risk by id, or add one."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    remove: bool = False
    risk: str | None = None
    category: str | None = None
    likelihood: int | str | None = None
    impact: int | str | None = None
    mitigation: str | None = None
    owner: str | None = None
    description: str | None = None


def apply_risk_changes(register: RiskRegister, items) -> None:
    """Apply a list of risk changes, raising RiskError naming the item that cannot be applied."""
    if not isinstance(items, list):
        raise RiskError('"risks" must be a list of objects')
    for number, raw in enumerate(items, 1):
        try:
            change = RiskChange.model_validate(raw)
            fields = change.model_dump(exclude={"id", "remove"}, exclude_none=True)
            if change.id and change.remove:
                register.remove(change.id)
            elif change.id:
                register.edit(change.id, **fields)
            elif change.remove:
                raise RiskError('"remove" needs the "id" of the risk to remove')
            elif not change.risk:
                raise RiskError('give "id" to change a proposed risk, or "risk" (a name) to add your own')
            else:
                register.add(**fields)
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors())
            raise RiskError(f"risks item {number}: {detail}") from None
        except RiskError as exc:
            raise RiskError(f"risks item {number}: {exc}") from None
