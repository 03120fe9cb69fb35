"""Check a lifecycle's table against what its services do: `explore` tries every move from
every state, each on a fresh row, and returns the status changes that were saved, which a
test compares with `lifecycle.edges(Model.TRANSITIONS)`."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress

from django.db.models.signals import pre_save


@contextmanager
def recorded(model) -> Iterator[set[tuple[str, str]]]:
    """The (from, to) status changes of `model` rows saved meanwhile."""
    moves: set[tuple[str, str]] = set()

    def before_save(sender, instance, **kwargs):
        if instance.pk is None:
            return
        was = sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if was is not None and was != instance.status:
            moves.add((was, instance.status))

    pre_save.connect(before_save, sender=model, weak=False)
    try:
        yield moves
    finally:
        pre_save.disconnect(before_save, sender=model)


def explore(
    model,
    *,
    states: Iterable[Callable[[], object]],
    moves: Iterable[Callable[[object], object]],
    refused: tuple[type[Exception], ...],
) -> set[tuple[str, str]]:
    """Make a row in each state (through the services), try each move on it; a move the
    lifecycle refuses raises one of `refused`. Returns every status change saved."""
    states, moves = list(states), list(moves)
    with recorded(model) as seen:
        for make in states:
            for move in moves:
                row = make()
                with suppress(*refused):
                    move(row)
    return seen
