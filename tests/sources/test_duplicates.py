"""Possible duplicates across sources (sources.duplicates) and merges (places.services)."""

import io
import random
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from placette.places.models import Place, PlaceSource
from placette.places.services import places as place_services
from placette.sources import duplicates, services
from placette.sources.models import DuplicatePair, ImportRun
from tests.factories.sources import (
    cget_row,
    cget_text,
    import_cget,
    import_mednum,
    mednum_row,
    mednum_text,
    sourced,
)


def pairs() -> set[tuple[str, str, str]]:
    return {
        (pair.place_a.name, pair.place_b.name, pair.reason)
        for pair in DuplicatePair.objects.select_related("place_a", "place_b")
    }


# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("Espace Public Numérique de Reims", "EPN Reims"),
        ("Anticafé Louvre", "Anticafe du Louvre"),
        ("La Ruche", "La Ruche Numérique"),
        ("Le Petit Fablab de Paris", "Petit FabLab Paris"),
        ("Maison de Services au Public", "MSP"),
        ("Tiers-lieu La Forge", "La forge (tiers lieu)"),
    ],
)
def test_names_of_the_same_place_match(a, b):
    commune = "Reims" if "Reims" in a else "Paris"
    assert duplicates.names_match(a, b, commune_a=commune, commune_b=commune)


@pytest.mark.parametrize(
    "a, b",
    [
        ("EPN Reims", "EPN de la Médiathèque"),  # only the kind of place in common
        ("Coworking Reims", "Fablab Reims"),  # only the town in common
        ("Coworking Le Spot", "Coworking Le Hub"),
        ("La Cantine Numérique", "Fablab de la Cantine"),
    ],
)
def test_names_of_different_places_do_not_match(a, b):
    assert not duplicates.names_match(a, b, commune_a="Reims", commune_b="Reims")


def test_distance_is_haversine_in_metres():
    # 0.001° of latitude is 111 m everywhere.
    assert duplicates.distance_m(49.0, 4.0, 49.001, 4.0) == pytest.approx(111.2, abs=0.1)


# -- detection -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_close_names_near_each_other_in_different_sources_are_proposed():
    epn = sourced("lamednum", "s-1", "Espace Public Numérique de Reims")
    sourced("cget-2019", "7", "EPN Reims", lat=49.2585, lon=4.0318)  # 24 m away
    sourced("lamednum", "s-2", "EPN - Reims", lat=49.2584)  # same source as the first
    sourced("hubik", "h-1", "Espace Public Numérique de Reims", lat=49.2603)  # 222 m away
    sourced("hubik", "h-2", "Le Cellier", lat=49.25831)  # next door, another name
    assert duplicates.detect() == 2
    assert pairs() == {
        ("Espace Public Numérique de Reims", "EPN Reims", "nearby"),
        ("EPN Reims", "EPN - Reims", "nearby"),
    }
    pair = DuplicatePair.objects.get(place_a=epn)
    assert pair.distance_m == pytest.approx(24, abs=1)
    assert pair.names == "Espace Public Numérique de Reims / EPN Reims"
    assert pair.status == DuplicatePair.Status.OPEN


@pytest.mark.django_db
def test_the_same_siret_in_different_sources_is_proposed_wherever_the_places_are():
    sourced("lamednum", "s-1", "Médiathèque Falala", siret="21510454700018")
    sourced("cget-2019", "7", "Le Labo", lat=49.30, siret="21510454700018")
    sourced("cget-2019", "8", "Autre", lat=49.31, siret="21510454700018")  # same source as 7
    assert duplicates.detect() == 2
    assert pairs() == {
        ("Médiathèque Falala", "Le Labo", "siret"),
        ("Médiathèque Falala", "Autre", "siret"),
    }


@pytest.mark.django_db
def test_a_pair_is_stored_once_and_a_pair_kept_apart_is_never_proposed_again():
    a = sourced("lamednum", "s-1", "La Ruche")
    sourced("cget-2019", "7", "La Ruche Numérique", lat=49.2584)
    assert duplicates.detect() == 1
    assert duplicates.detect() == 0
    pair = DuplicatePair.objects.get()
    assert pair.place_a == a  # smaller id first
    staff = get_user_model().objects.create_user("camille", is_staff=True)
    services.decide_pair(pair=pair, action="apart", by=staff)
    assert duplicates.detect() == 0 and duplicates.detect(place_ids=[a.pk]) == 0
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.KEPT_APART and pair.decided_by == staff
    with pytest.raises(ValueError):
        services.decide_pair(pair=pair, action="keep_a", by=staff)


@pytest.mark.django_db
def test_places_either_side_of_a_grid_line_are_compared():
    # 49.2590 is a line of the 0.001° grid; 4.0320 one of the 0.002° grid.
    sourced("lamednum", "s-1", "La Forge", lat=49.25899, lon=4.03199)
    sourced("cget-2019", "7", "La Forge", lat=49.25901, lon=4.03201)
    assert duplicates.detect() == 1


@pytest.mark.django_db
def test_the_grid_finds_what_comparing_every_pair_finds():
    rng = random.Random(7)
    names = ["La Forge", "Tiers-lieu La Forge", "Le Hub", "Le Pub", "EPN Reims", "Le Relais"]
    places = [
        sourced(
            rng.choice(["a", "b", "c"]),
            str(i),
            rng.choice(names),
            lat=49.25 + rng.random() * 0.006,
            lon=4.03 + rng.random() * 0.009,
            siret=rng.choice(["", "", "", "12345678900011"]),
        )
        for i in range(150)
    ]
    links = dict(PlaceSource.objects.values_list("place_id", "source"))

    def expected(subjects):
        found = set()
        for i, p in enumerate(places):
            for q in places[i + 1 :]:
                if links[p.pk] == links[q.pk] or not ({p.pk, q.pk} & subjects):
                    continue
                metres = duplicates.distance_m(p.latitude, p.longitude, q.latitude, q.longitude)
                same_siret = p.siret and p.siret == q.siret
                near = metres <= 100 and duplicates.names_match(
                    p.name, q.name, commune_a=p.commune, commune_b=q.commune
                )
                if same_siret or near:
                    found.add((min(p.pk, q.pk), max(p.pk, q.pk)))
        return found

    every = {place.pk for place in places}
    siret_group = [p for p in places if p.siret]
    assert len(siret_group) > duplicates.SIRET_GROUP_LIMIT  # a network: not pairs by SIRET
    for place in places:
        place.siret = ""
    full = {(m.place_a, m.place_b) for m in duplicates.find()}
    assert full == expected(every) and len(full) > 20
    some = {place.pk for place in places[:20]}
    assert {(m.place_a, m.place_b) for m in duplicates.find(place_ids=some)} == expected(some)


@pytest.mark.django_db
def test_an_applied_import_looks_for_duplicates_of_its_places_once_committed(
    django_capture_on_commit_callbacks,
):
    import_mednum(mednum_text(mednum_row()))  # "Anonymal", 43.52609, 5.41423
    census = cget_text(cget_row("1", "Anonymal", lat="43.5262", lon="5.4143"))
    with django_capture_on_commit_callbacks() as callbacks:
        run = import_cget(census)
    assert run.status == ImportRun.Status.APPLIED and Place.objects.count() == 2
    assert run.duplicates_found == 0 and not DuplicatePair.objects.exists()  # not yet
    assert len(callbacks) == 1
    callbacks[0]()  # what the commit runs
    assert run.duplicates_found == 1
    assert ImportRun.objects.get(pk=run.pk).duplicates_found == 1
    assert pairs() == {("Anonymal", "Anonymal", "nearby")}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        preview = import_cget(cget_text(cget_row("2", "Anonymal", lat="43.5261")), dry_run=True)
    assert not callbacks and preview.duplicates_found == 0
    assert DuplicatePair.objects.count() == 1


@pytest.mark.django_db
def test_a_confirmed_preview_counts_its_duplicates_when_it_returns(
    django_capture_on_commit_callbacks,
):
    import_mednum(mednum_text(mednum_row()))
    census = cget_text(cget_row("1", "Anonymal", lat="43.5262", lon="5.4143"))
    preview = import_cget(census, dry_run=True)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.confirm(run=preview)
    assert run.status == ImportRun.Status.APPLIED and run.duplicates_found == 1
    assert ImportRun.objects.get(pk=run.pk).duplicates_found == 1


@pytest.mark.django_db
def test_a_failed_duplicate_search_leaves_the_committed_import(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def fail(**kwargs):
        raise RuntimeError("search failed")

    monkeypatch.setattr(duplicates, "detect", fail)
    with django_capture_on_commit_callbacks(execute=True):  # as robust as a real commit
        run = import_mednum(mednum_text(mednum_row()))
    assert run.status == ImportRun.Status.APPLIED and run.duplicates_found == 0
    assert Place.objects.count() == 1
    assert "search failed" in caplog.text


@pytest.mark.django_db
def test_find_duplicates_command():
    sourced("lamednum", "s-1", "La Ruche")
    sourced("cget-2019", "7", "La Ruche", lat=49.2584)
    out = io.StringIO()
    call_command("find_duplicates", stdout=out)
    assert "1 doublon(s) possible(s), dont 1 nouveau(x)" in out.getvalue()
    call_command("find_duplicates", stdout=out)
    assert "1 doublon(s) possible(s), dont 0 nouveau(x)" in out.getvalue()


# -- merges --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_merge_keeps_every_source_id_and_completes_the_kept_place():
    keep = sourced(
        "lamednum",
        "s-1",
        "EPN de Reims",
        phone="+33326000000",
        websites=["https://epn.example"],
        source_updated_on=date(2024, 4, 2),
        tags={"families": ["epn"], "services": ["demarches"]},
    )
    absorb = sourced(
        "cget-2019",
        "7",
        "Espace public numérique",
        address="1 place d'Erlon",
        phone="+33326999999",
        websites=["https://www.epn.example", "https://epn.example"],
        social_links=["https://twitter.com/epn"],
        source_updated_on=date(2019, 6, 13),
        tags={"families": ["coworking"]},
    )
    place_services.edit_by_manager(place=keep, fields={"summary": "Ancien"}, tags={})
    place_services.edit_by_manager(place=absorb, fields={"summary": "Nouveau"}, tags={})
    duplicates.detect()
    staff = get_user_model().objects.create_user("camille", is_staff=True)
    before = keep.completeness

    merged = services.merge(keep=keep, absorb=absorb, by=staff)

    assert merged.pk == keep.pk and merged.slug == keep.slug and merged.uid == keep.uid
    assert not Place.objects.filter(pk=absorb.pk).exists()
    assert set(merged.source_ids.values_list("source", "source_id")) == {
        ("lamednum", "s-1"),
        ("cget-2019", "7"),
    }
    assert merged.name == "EPN de Reims" and merged.phone == "+33326000000"  # kept's own
    assert merged.address == "1 place d'Erlon"  # was empty: filled
    assert merged.websites == ["https://epn.example", "https://www.epn.example"]  # united
    assert merged.social_links == ["https://twitter.com/epn"]
    assert merged.families == ["coworking", "epn"] and merged.services == ["demarches"]
    assert merged.source == "lamednum" and merged.source_updated_on == date(2024, 4, 2)
    assert merged.manager_edits["summary"] == absorb.manager_edits["summary"]  # the latest
    assert merged.summary == "Ancien"  # the kept place's value, not empty
    assert merged.completeness > before
    assert "coworking" in merged.search_text
    pair = DuplicatePair.objects.get()
    assert pair.status == DuplicatePair.Status.MERGED
    assert pair.decided_by == staff and pair.decided_at is not None
    assert pair.place_a == merged and pair.place_b is None  # the absorbed place is gone
    assert pair.names == "EPN de Reims / Espace public numérique"


@pytest.mark.django_db
def test_a_merge_moves_the_other_pairs_of_the_absorbed_place_to_the_kept_one():
    keep = sourced("a", "1", "La Forge")
    absorb = sourced("b", "1", "La Forge", lat=49.2584)
    x = sourced("c", "1", "La Forge", lat=49.2585)
    y = sourced("d", "1", "La Forge", lat=49.2586)
    z = sourced("e", "1", "La Forge", lat=49.2587)
    assert duplicates.detect() == 10
    services.decide_pair(pair=DuplicatePair.objects.get(place_a=keep, place_b=y), action="apart")
    services.decide_pair(pair=DuplicatePair.objects.get(place_a=absorb, place_b=z), action="apart")
    services.decide_pair(pair=DuplicatePair.objects.get(place_a=keep, place_b=z), action="apart")
    services.decide_pair(
        pair=DuplicatePair.objects.get(place_a=keep, place_b=absorb), action="keep_a"
    )

    def status(a, b):
        return list(
            DuplicatePair.objects.filter(place_a=a, place_b=b).values_list("status", flat=True)
        )

    assert status(keep, x) == ["open"]  # open before, and (absorb, x) was deleted as redundant
    assert status(keep, y) == ["apart"]  # the decision about keep stands
    assert status(keep, z) == ["apart"]
    # (absorb, z), kept apart while (keep, z) was too, keeps its record with a null place.
    assert DuplicatePair.objects.filter(place_a=None, place_b=z, status="apart").count() == 1
    open_pairs = DuplicatePair.objects.filter(status="open")
    assert set(open_pairs.values_list("place_a", "place_b")) == {
        (keep.pk, x.pk),
        (x.pk, y.pk),
        (x.pk, z.pk),
        (y.pk, z.pk),
    }
    assert duplicates.detect() == 0


@pytest.mark.django_db
def test_an_open_pair_of_the_absorbed_place_alone_is_moved_to_the_kept_place():
    keep = sourced("a", "1", "La Forge")
    absorb = sourced("b", "1", "La Forge", lat=49.2584)
    x = sourced("c", "1", "La Forge", lat=49.2590)  # 67 m from absorb, 78 m from keep
    DuplicatePair.objects.create(place_a=absorb, place_b=x, names="La Forge / La Forge")
    services.merge(keep=keep, absorb=absorb)
    moved = DuplicatePair.objects.get(place_b=x)
    assert (moved.place_a, moved.status) == (keep, "open")
    assert moved.distance_m == pytest.approx(77.8, abs=0.5)


@pytest.mark.django_db
def test_after_a_merge_both_files_update_the_merged_place_and_create_nothing(
    django_capture_on_commit_callbacks,
):
    lamednum_file = mednum_text(mednum_row())  # "Anonymal", Reims, 43.52609, 5.41423
    census_file = cget_text(
        cget_row("42", "Anonymal", address="12 bis rue de Leclercq", lat="43.5262", lon="5.4143")
    )
    import_mednum(lamednum_file)
    with django_capture_on_commit_callbacks(execute=True):
        run = import_cget(census_file)
    assert run.duplicates_found == 1 and Place.objects.count() == 2
    pair = DuplicatePair.objects.get()
    lamednum_place = Place.objects.get(source="lamednum")
    action = "keep_a" if pair.place_a == lamednum_place else "keep_b"
    services.decide_pair(pair=pair, action=action)
    merged = Place.objects.get()
    assert merged.pk == lamednum_place.pk
    assert merged.families == ["autre", "fablab"]
    assert "https://www.example.fr" in merged.websites

    for text, do in [(lamednum_file, import_mednum), (census_file, import_cget)] * 2:
        with django_capture_on_commit_callbacks(execute=True):
            again = do(text)
        assert again.status == ImportRun.Status.APPLIED
        assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
        assert again.duplicates_found == 0
    assert Place.objects.get() == merged

    # A newer LaMednum file updates the merged place; the 2019 census does not undo it.
    import_mednum(mednum_text(mednum_row(nom="Anonymal numérique", date_maj="2025-01-15")))
    run = import_cget(
        cget_text(cget_row("42", "Anonymal", address="", lat="43.5262", lon="5.4143"))
    )
    assert (run.created, run.updated, run.unchanged) == (0, 0, 1)
    merged = Place.objects.get()
    assert merged.name == "Anonymal numérique" and merged.address == "12 BIS RUE DE LECLERCQ"
    assert merged.source_updated_on == date(2025, 1, 15)
    assert PlaceSource.objects.filter(place=merged).count() == 2
