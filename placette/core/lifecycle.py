"""Lifecycles. Each status enumeration has a transition table beside it in its models.py,
`TRANSITIONS = {from: {to, …}}`, the whole lifecycle in one place; services check a move
against it here before making it (their own messages say why a move is refused)."""

from collections.abc import Mapping, Set

Transitions = Mapping[str, Set[str]]


def allows(transitions: Transitions, was: str, to: str) -> bool:
    """Whether the table lets a row go from status `was` to status `to`."""
    return to in transitions.get(was, ())


def edges(transitions: Transitions) -> set[tuple[str, str]]:
    """Every (from, to) pair of the table."""
    return {(was, to) for was, targets in transitions.items() for to in targets}
