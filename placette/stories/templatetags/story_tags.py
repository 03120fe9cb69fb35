"""Template tags of stories: a photo's <picture>, and the stories shown on event pages (their
query runs here, so that page's view stays untouched). The place page's stories are a page
section (stories/sections.py)."""

from django import template

from placette.stories import pictures

register = template.Library()

# What share of the window a photo takes: the story column, or a card in the grid.
DETAIL_SIZES = "(min-width: 72rem) 46rem, 100vw"
CARD_SIZES = "(min-width: 60rem) 22rem, (min-width: 40rem) 45vw, 100vw"


@register.inclusion_tag("stories/_picture.html")
def picture(photo, *, small: bool = False, lazy: bool = True):
    return {
        "picture": pictures.picture(photo, small=small),
        "sizes": CARD_SIZES if small else DETAIL_SIZES,
        "lazy": lazy,
    }
