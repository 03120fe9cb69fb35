"""core/lifecycle.py: the transition tables' helper."""

from placette.core import lifecycle

TABLE = {"draft": {"pending", "published"}, "pending": {"published"}, "published": set()}


def test_a_move_is_allowed_only_along_the_table():
    assert lifecycle.allows(TABLE, "draft", "pending")
    assert lifecycle.allows(TABLE, "pending", "published")
    assert not lifecycle.allows(TABLE, "pending", "draft")
    assert not lifecycle.allows(TABLE, "published", "published")
    assert not lifecycle.allows(TABLE, "unknown", "draft")


def test_edges_list_every_pair():
    assert lifecycle.edges(TABLE) == {
        ("draft", "pending"),
        ("draft", "published"),
        ("pending", "published"),
    }
