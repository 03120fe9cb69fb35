"""The filtered list of places on one printed A4 sheet (for a town hall's board, or for someone
without internet): the PDF path of the event posters, core/pdf.py."""

from django.template.loader import render_to_string
from django.utils.formats import date_format

from placette.places import hours

STYLESHEET = "places/css/print.css"
# As many places as one sheet holds with address, phone and a week of hours in two columns.
PER_SHEET = 16


def week_lines(opening_hours: str) -> list[tuple[str, str]]:
    """The next seven days' hours, days with the same hours in a row grouped:
    [("lundi – vendredi", "9 h 00 – 12 h 00, 14 h 00 – 18 h 00"),
     ("samedi", "10 h 00 – 12 h 00")]."""
    groups: list[list] = []  # [first day, last day, spans]
    for day in sorted(hours.week(opening_hours), key=lambda d: d.day.weekday()):
        spans = ", ".join(str(slot) for slot in day.slots)
        if groups and groups[-1][2] == spans and groups[-1][1].weekday() + 1 == day.day.weekday():
            groups[-1][1] = day.day
        else:
            groups.append([day.day, day.day, spans])
    return [
        (
            date_format(first, "l")
            if first == last
            else f"{date_format(first, 'l')} – {date_format(last, 'l')}",
            spans,
        )
        for first, last, spans in groups
        if spans
    ]


def render(*, places: list, total: int, criteria: str, url: str) -> bytes:
    from placette.core import pdf  # WeasyPrint loads Pango: only when a PDF is asked for.

    rows = [{"place": place, "week": week_lines(place.opening_hours)} for place in places]
    html = render_to_string(
        "places/print.html",
        {"rows": rows, "total": total, "more": total - len(rows), "criteria": criteria, "url": url},
    )
    return pdf.render_pdf(html, stylesheet=STYLESHEET)
