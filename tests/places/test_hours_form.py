"""The day-by-day hours editor: rows in, OSM string out, and back."""

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from placette.places import hours
from placette.places.hours_form import HoursField, week_from_osm


class HoursForm(forms.Form):
    opening_hours = HoursField(label="Horaires", required=False)


def rows(**days):
    """POST data of the editor: days as Tu=[("14:00", "18:00")], plus extra keys."""
    extra = {key: days.pop(key) for key in list(days) if key.startswith("opening_hours")}
    data = {"opening_hours_mode": "rows", "opening_hours": "", "opening_hours_initial": ""}
    for code, ranges in days.items():
        for i, (opens, closes) in enumerate(ranges):
            data[f"opening_hours_{code}_{i}_opens"] = opens
            data[f"opening_hours_{code}_{i}_closes"] = closes
    return data | extra


def cleaned(data):
    form = HoursForm(data)
    assert form.is_valid(), form.errors
    return form.cleaned_data["opening_hours"]


def test_tuesday_and_thursday_afternoons_without_osm_syntax():
    data = rows(Tu=[("14:00", "18:00")], Th=[("14h", "18h")])
    assert cleaned(data) == "Tu,Th 14:00-18:00"


def test_two_ranges_a_day_grouped_days_appointment_and_holidays():
    week = [("09:00", "12:00"), ("14:00", "18:00")]
    data = rows(
        Mo=week,
        Tu=week,
        We=week,
        Th=week,
        Fr=week,
        Sa=[("10:00", "12:00")],
        opening_hours_appointment="on",
        opening_hours_ph_off="on",
        opening_hours_comment='appeler "avant"',
    )
    assert cleaned(data) == (
        'Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00 || "sur rendez-vous, appeler avant"; PH off'
    )


def test_appointment_only():
    assert cleaned(rows(opening_hours_appointment="on")) == '"sur rendez-vous"'


def test_empty_rows_give_no_hours():
    assert cleaned(rows()) == ""


def test_expert_field_wins_when_edited_and_takes_french():
    data = rows(Mo=[("09:00", "12:00")], opening_hours="mardi et jeudi 14h-18h")
    assert cleaned(data) == "Tu,Th 14:00-18:00"
    assert cleaned({"opening_hours": "Mo-Fr 09:00-12:00"}) == "Mo-Fr 09:00-12:00"


def test_rows_errors_are_french_and_say_the_day():
    form = HoursForm(rows(We=[("18:00", "14:00")], Fr=[("09:00", "")]))
    assert not form.is_valid()
    errors = form.errors["opening_hours"]
    assert "Mercredi : l'heure de fermeture (14:00) vient avant l'ouverture" in errors
    assert any(e.startswith("Vendredi : indiquez l'heure") for e in errors)


def test_unreadable_expert_text_gets_a_french_example():
    form = HoursForm({"opening_hours": "ouvert le matin"})
    assert not form.is_valid()
    assert "Exemple correct" in form.errors["opening_hours"][0]


def test_rows_are_filled_from_a_simple_string():
    html = str(HoursForm(initial={"opening_hours": "Tu,Th 14:00-18:00; PH off"}))
    assert 'name="opening_hours_Tu_0_opens" id="id_opening_hours_Tu_0_opens" value="14:00"' in html
    assert (
        'name="opening_hours_Th_0_closes" id="id_opening_hours_Th_0_closes" value="18:00"' in html
    )
    assert 'name="opening_hours_mode" value="rows"' in html
    assert 'id="id_opening_hours_ph_off" checked' in html


def test_detailed_hours_stay_in_the_expert_field():
    text = "Mo-Fr 09:00-18:00; Jul-Aug Mo-Fr 09:00-13:00"
    html = str(HoursForm(initial={"opening_hours": text}))
    assert 'name="opening_hours_mode" value="text"' in html
    assert "opening_hours_Mo_0_opens" not in html
    data = {"opening_hours_mode": "text", "opening_hours": text, "opening_hours_initial": text}
    assert cleaned(data) == text


@pytest.mark.parametrize(
    "text",
    [
        "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00",
        "Tu,Th 14:00-18:00",
        '"sur rendez-vous"',
        'Mo-Fr 08:00-12:00 || "sur rendez-vous"; PH off',
        "Mo,We,Fr 20:00-24:00",
    ],
)
def test_round_trip(text):
    assert week_from_osm(text).to_osm() == text


def test_place_and_proposal_forms_use_the_editor():
    from placette.contributions.forms import ProposalForm
    from placette.places.forms import PlaceForm

    assert isinstance(PlaceForm().fields["opening_hours"], HoursField)
    assert isinstance(ProposalForm().fields["opening_hours"], HoursField)


@settings(max_examples=200, deadline=None)
@given(
    raw=st.text(alphabet=st.sampled_from(list('lundimarjeuvens h0123456789:-,;"|MoTuFrSaPH'))),
    opens=st.text(alphabet=st.sampled_from(list("0123456789h: ")), max_size=6),
    closes=st.text(alphabet=st.sampled_from(list("0123456789h: ")), max_size=6),
)
def test_fuzzed_editor_never_crashes_and_answers_in_french(raw, opens, closes):
    for data in ({"opening_hours": raw}, rows(Mo=[(opens, closes)])):
        form = HoursForm(data)
        if form.is_valid():
            value = form.cleaned_data["opening_hours"]
            assert value == "" or hours.parse(value) is not None  # always valid OSM
        else:
            for message in form.errors["opening_hours"]:
                assert "expected" not in message
                assert any(word in message for word in ("Horaires", "Lundi", "heure"))


def test_untouched_rows_keep_the_text_as_it_was():
    text = "Mo-Fr 09:00-12:00;Sa 10:00-12:00"  # no space: the rows would write one
    data = rows(
        Mo=[("09:00", "12:00")],
        Tu=[("09:00", "12:00")],
        We=[("09:00", "12:00")],
        Th=[("09:00", "12:00")],
        Fr=[("09:00", "12:00")],
        Sa=[("10:00", "12:00")],
    )
    data |= {"opening_hours": text, "opening_hours_initial": text}
    assert cleaned(data) == text
    data["opening_hours_Sa_0_closes"] = "13:00"
    assert cleaned(data) == "Mo-Fr 09:00-12:00; Sa 10:00-13:00"
