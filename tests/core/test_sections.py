"""The page-section registry (core/sections.py): order, skipped sections, unknown slots, and
the sections each app registers on the place and account pages."""

import pytest
from django.template import Context, Engine, RequestContext

from placette.core import sections

TEMPLATES = {
    "a.html": "[a {{ thing }}]",
    "b.html": "[b {{ thing }} {{ extra }}]",
    "c.html": "[c {{ thing }}]",
    "page.html": '{% load sections %}<{% sections "slot" thing %}>{{ extra|default:"-" }}',
}


@pytest.fixture
def engine(monkeypatch):
    """An engine of its own, and an empty registry."""
    monkeypatch.setattr(sections, "_slots", {})
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", TEMPLATES)],
        libraries={"sections": "placette.core.templatetags.sections"},
    )


def page(engine, thing="x", **extra) -> str:
    return engine.get_template("page.html").render(Context({"thing": thing, **extra}))


def give(**values):
    return lambda request, obj: values


def test_sections_render_in_order_then_registration_order(engine):
    sections.register("slot", template="c.html", context=give(), order=30)
    sections.register("slot", template="a.html", context=give(), order=10)
    sections.register("slot", template="b.html", context=give(extra=1), order=30)
    assert page(engine) == "<[a x][c x][b x 1]>-"


def test_a_section_gets_the_request_and_the_object(engine, rf):
    seen = []

    def context(request, obj):
        seen.append((request, obj))
        return {"thing": obj.upper()}

    sections.register("slot", template="a.html", context=context)
    request = rf.get("/")
    html = engine.get_template("page.html").render(RequestContext(request, {"thing": "x"}))
    assert html == "<[a X]>-"
    assert seen == [(request, "x")]


def test_a_none_context_skips_the_section(engine):
    sections.register("slot", template="a.html", context=lambda request, obj: None, order=1)
    sections.register("slot", template="c.html", context=give(), order=2)
    assert page(engine) == "<[c x]>-"


def test_a_section_sees_the_page_context_and_leaves_it_unchanged(engine):
    sections.register("slot", template="b.html", context=give(extra="section"))
    assert page(engine, extra="page") == "<[b x section]>page"


def test_an_unknown_slot_renders_nothing(engine):
    sections.register("other", template="a.html", context=give())
    assert page(engine) == "<>-"


def test_registering_a_template_again_replaces_its_section(engine):
    sections.register("slot", template="a.html", context=give(thing="old"), order=1)
    sections.register("slot", template="a.html", context=give(thing="new"), order=1)
    assert page(engine) == "<[a new]>-"
    assert len(sections.sections_of("slot")) == 1


@pytest.mark.parametrize(
    ("slot", "templates"),
    [
        (
            "place",
            [
                "events/_next_events.html",
                "stories/_place_stories.html",
                "commons/_place_resources.html",
            ],
        ),
        (
            "account",
            [
                "places/_account_managed.html",
                "places/_account_claims.html",
                "contributions/_account_contributions.html",
            ],
        ),
    ],
)
def test_apps_register_their_sections_at_start(slot, templates):
    assert [section.template for section in sections.sections_of(slot)] == templates
