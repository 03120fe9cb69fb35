"""What changed between two revisions, and who wrote each line of a resource.

The body is compared line by line (difflib); the other fields as before → after. "Who wrote
what" walks the accepted revisions in order: lines kept from one revision to the next keep
their author, new or rewritten lines belong to the revision that brought them. A revert
restores the attribution of the revision it copies, so reverting vandalism gives the lines
back to those who wrote them.
"""

import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from placette.commons.models import Kind, Resource, Revision
from placette.commons.people import public_name
from placette.core import licences
from placette.places import vocab as place_vocab

LABELS = {
    "title": _("Titre"),
    "kind": _("Type"),
    "summary": _("Résumé"),
    "body": _("Texte"),
    "themes": _("Thèmes"),
    "licence": _("Licence"),
}
CONTEXT_LINES = 3  # unchanged lines shown around each change of the body


@dataclass
class Line:
    kind: str  # "same", "added", "removed" or "gap" (unchanged lines left out)
    text: str = ""
    old: int | None = None  # line numbers, from 1
    new: int | None = None


@dataclass
class FieldChange:
    name: str
    label: str
    before: str = ""
    after: str = ""
    lines: list[Line] = field(default_factory=list)  # the body only


def display(name: str, value: Any) -> str:
    """A revised field's value as people read it."""
    if name == "kind":
        return str(dict(Kind.choices).get(value, value))
    if name == "licence":
        return licences.short(value)
    if name == "themes":
        return ", ".join(place_vocab.labels(place_vocab.Service, value or []))
    return value or ""


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[FieldChange]:
    """The fields that differ from `old` to `new` (old None: everything `new` holds)."""
    old = old or {}
    result = []
    for name, label in LABELS.items():
        before, after = old.get(name), new.get(name)
        if (before or "") == (after or ""):
            continue
        change = FieldChange(name, str(label), display(name, before), display(name, after))
        if name == "body":
            change.lines = line_diff(before or "", after or "")
        result.append(change)
    return result


def line_diff(before: str, after: str, *, context: int = CONTEXT_LINES) -> list[Line]:
    """The body's changes as lines removed / added, with a few unchanged lines around."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    lines: list[Line] = []
    groups = list(matcher.get_grouped_opcodes(context))
    for index, group in enumerate(groups):
        _tag, i1, _i2, j1, _j2 = group[0]
        if index or i1 > 0 or j1 > 0:
            lines.append(Line("gap"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [Line("same", old[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i2)]
                continue
            lines += [Line("removed", old[i], old=i + 1) for i in range(i1, i2)]
            lines += [Line("added", new[j], new=j + 1) for j in range(j1, j2)]
    if groups:
        _tag, _i1, i2, _j1, j2 = groups[-1][-1]
        if i2 < len(old) or j2 < len(new):
            lines.append(Line("gap"))
    return lines


# --- Who wrote what ---------------------------------------------------------------------------


@dataclass
class Attributed:
    number: int  # the line's number in the current body, from 1
    text: str
    revision: Revision


def accepted(resource: Resource) -> list[Revision]:
    return list(
        resource.revisions.filter(status=Revision.Status.ACCEPTED)
        .select_related("author")
        .order_by("number")
    )


def attribute(revisions: list[Revision]) -> list[Attributed]:
    """Each line of the last revision's body with the revision that introduced it."""
    by_pk: dict[int, list[Revision]] = {}
    lines: list[str] = []
    owners: list[Revision] = []
    for revision in revisions:
        new_lines = revision.body.splitlines()
        if revision.reverts_id in by_pk:
            owners = list(by_pk[revision.reverts_id])
        else:
            matcher = difflib.SequenceMatcher(a=lines, b=new_lines, autojunk=False)
            moved: list[Revision] = []
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                if tag == "equal":
                    moved += owners[i1:i2]
                else:
                    moved += [revision] * (j2 - j1)
            owners = moved
        lines = new_lines
        by_pk[revision.pk] = owners
    return [
        Attributed(index + 1, text, owner)
        for index, (text, owner) in enumerate(zip(lines, owners, strict=True))
    ]


@dataclass
class Contributor:
    name: str
    revisions: int
    lines: int


def contributors(revisions: list[Revision], attributed: list[Attributed]) -> list[Contributor]:
    """Who contributed, most revisions first, with how many lines of today's text are theirs."""
    counts = Counter(public_name(revision.author) for revision in revisions)
    lines = Counter(public_name(line.revision.author) for line in attributed if line.text.strip())
    people = [Contributor(name, count, lines.get(name, 0)) for name, count in counts.items()]
    return sorted(people, key=lambda person: (-person.revisions, -person.lines, person.name))
