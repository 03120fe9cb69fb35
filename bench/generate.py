"""Synthetic places spread like the real ones, written straight into the scratch database.

Each place copies the commune, postal and INSEE codes, département and région of a
real row of the CGET 2019 census (read by the real importer) and moves its point a
few kilometres. Texts are French, of the length real presentations have. Rows are
written with bulk_create; search_text comes from the function the app itself uses.
"""

import math
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.text import slugify

from placette.places import hours, vocab, wording
from placette.places.importers import cget
from placette.places.models import Place, PlaceTag
from placette.places.services.places import search_text

CENSUS = Path(settings.BASE_DIR) / "data" / "cget" / "CGET_TiersLieux_2019.csv"
BATCH = 1000
JITTER_KM = 2.5  # standard deviation of the move, capped at three times this
KM_PER_DEGREE = 111.2

# Families: coworking 70 %, fablab 25 %, the other families share the last 5 %;
# some places have a second family. Vocabulary codes are read once (enum lookups are slow).
COWORKING_SHARE, FABLAB_SHARE = 0.70, 0.25
FAMILIES = list(vocab.Family.values)
OTHER_FAMILIES = [code for code in FAMILIES if code not in {"coworking", "fablab"}]
SECOND_FAMILY_SHARE = 0.12
SERVICES, PUBLICS = list(vocab.Service.values), list(vocab.Public.values)
ACCESS_MODES, SUPPORT_MODES = list(vocab.AccessMode.values), list(vocab.SupportMode.values)
SPECIFIC_SUPPORT = list(vocab.SpecificSupport.values)
PUBLISHED_SHARE = 0.98
HOURS_SHARE = 0.45
OPENING_HOURS = [
    "Mo-Fr 09:00-18:00",
    "Mo-Fr 08:30-19:00",
    "Mo-Fr 09:00-12:30,14:00-18:00",
    "Mo-Fr 09:00-18:00; Sa 10:00-13:00",
    "Tu-Sa 10:00-19:00",
    "Mo-Fr 08:00-20:00; PH off",
    "We 14:00-18:00; Sa 10:00-17:00",
    "Mo,Tu,Th,Fr 09:00-17:00",
    "Mo-Su 07:00-22:00",
    "24/7",
    "Tu-Fr 14:00-19:00; Sa 10:00-18:00",
    "Mo-Th 09:00-18:00; Fr 09:00-16:00",
]

HEADS = [
    "La Ruche",
    "Le Hub",
    "La Fabrique",
    "L'Atelier",
    "Le Labo",
    "La Cantine",
    "Le Comptoir",
    "La Coop",
    "L'Établi",
    "La Verrière",
    "Le Moulin",
    "La Grange",
    "Le Garage",
    "La Forge",
    "Le Relais",
    "La Station",
    "Le Quai",
    "La Serre",
    "Le Bocal",
    "La Manufacture",
    "L'Usine",
    "Le Nid",
    "La Maison",
    "Le Local",
    "La Base",
    "Le Carré",
    "La Halle",
    "Le Phare",
    "La Passerelle",
    "L'Escale",
    "Le Tremplin",
    "La Cabane",
    "Le Chantier",
    "La Friche",
    "La Boussole",
    "Le Spot",
    "La Filature",
    "Le Bureau",
    "L'Alambic",
    "La Mine",
    "Le Hangar",
    "La Bobine",
    "Le Bercail",
    "L'Archipel",
    "La Cordée",
    "Le Préau",
    "La Tannerie",
]
COMPLEMENTS = [
    "des Possibles",
    "du Coin",
    "des Makers",
    "des Communs",
    "du Lien",
    "des Savoirs",
    "en Commun",
    "des Initiatives",
    "des Idées",
    "du Partage",
    "des Territoires",
    "du Faire",
    "de la Gare",
    "du Centre",
    "des Arts",
    "numérique",
    "solidaire",
    "2.0",
    "Lab",
    "& Co",
    "du Port",
    "des Halles",
    "du Marché",
    "des Sources",
    "du Canal",
]
PREFIXES = ["Cowork'", "Fab", "Espace", "Tiers-lieu", "Atelier", "Coworking", "FabLab"]
SENTENCES = [
    "Un espace de travail partagé au cœur du quartier, ouvert aux indépendants, aux "
    "télétravailleurs et aux associations.",
    "Nous proposons des postes nomades, des bureaux fermés et deux salles de réunion "
    "équipées d'écrans.",
    "L'atelier met à disposition des imprimantes 3D, une découpeuse laser, une fraiseuse "
    "numérique et un espace électronique.",
    "Chaque jeudi soir, l'open lab accueille gratuitement les curieux pour découvrir les "
    "machines et partager leurs projets.",
    "Le lieu est géré par une association de membres bénévoles et de salariés qui "
    "animent la communauté au quotidien.",
    "Café, cuisine partagée et terrasse ombragée permettent de se retrouver entre deux "
    "rendez-vous.",
    "Des ateliers d'initiation au numérique sont proposés aux seniors et aux familles "
    "tout au long de l'année.",
    "Une conseillère numérique accompagne les habitants dans leurs démarches "
    "administratives en ligne, sur rendez-vous.",
    "La connexion fibre, l'impression et l'accès à la salle de réunion sont compris "
    "dans l'abonnement mensuel.",
    "Nous accueillons aussi des permanences d'entrepreneurs, des formations et des "
    "événements ouverts au public.",
    "Installé dans une ancienne usine textile réhabilitée, le tiers-lieu compte près de "
    "huit cents mètres carrés.",
    "Le jardin partagé, le compost collectif et l'épicerie de producteurs locaux font "
    "vivre le volet nourricier du projet.",
    "Des résidences d'artistes et des expositions rythment la programmation culturelle "
    "de la saison.",
    "La journée découverte est offerte : venez tester l'espace avant de choisir une formule.",
    "Le repair café du samedi matin aide chacun à réparer ses appareils plutôt qu'à les jeter.",
    "Les membres disposent d'un accès libre aux locaux sept jours sur sept grâce à un "
    "badge personnel.",
    "Une ressourcerie informatique reconditionne des ordinateurs vendus à prix solidaire "
    "aux personnes qui en ont besoin.",
    "Le lieu est accessible aux personnes à mobilité réduite et se trouve à cinq minutes "
    "de la gare.",
    "Nous travaillons avec les écoles, le centre social et la médiathèque pour toucher "
    "tous les publics.",
    "Les projets des membres vont de la menuiserie à la programmation en passant par la "
    "couture et la vidéo.",
    "Une fois par mois, un déjeuner partagé réunit les membres autour des nouvelles du lieu.",
    "Le coworking accueille une vingtaine de personnes dans un cadre lumineux et calme.",
    "Des formations certifiantes sur les outils numériques sont organisées avec les "
    "partenaires de l'emploi.",
    "Les jeunes du quartier y trouvent un espace pour apprendre à coder et monter leurs projets.",
    "La gouvernance est partagée entre les usagers, la commune et les associations "
    "fondatrices réunies en coopérative.",
    "Un studio d'enregistrement et une salle de captation vidéo complètent l'offre.",
    "Nous organisons des soirées thématiques sur la sobriété numérique et les logiciels libres.",
    "Le tarif est adapté aux demandeurs d'emploi, aux étudiants et aux structures de "
    "l'économie sociale et solidaire.",
]
STREETS = [
    "rue de la République",
    "rue Victor Hugo",
    "avenue Jean Jaurès",
    "rue du Moulin",
    "place de la Mairie",
    "rue des Écoles",
    "boulevard Gambetta",
    "rue Pasteur",
    "rue de la Gare",
    "chemin des Vignes",
    "rue Nationale",
    "allée des Tilleuls",
    "quai des Chartrons",
    "rue du Port",
    "impasse des Artisans",
    "rue Émile Zola",
]


def real_places() -> list[dict]:
    """Fields of the census rows that have coordinates, read by the real importer."""
    records, _errors = cget.parse(CENSUS.read_text(encoding="utf-8"))
    keep = ("commune", "postal_code", "insee_code", "departement", "region")
    return [
        {name: record.fields[name] for name in (*keep, "latitude", "longitude")}
        for record in records
        if record.fields["latitude"] is not None and record.fields["longitude"] is not None
    ]


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.real = real_places()
        self.taken: set[str] = set()
        self.next_suffix: dict[str, int] = {}
        for text in OPENING_HOURS:
            assert hours.parse(text) is not None, text

    def jitter(self, lat: float, lon: float) -> tuple[float, float]:
        def km() -> float:
            return max(-3 * JITTER_KM, min(3 * JITTER_KM, self.rng.gauss(0, JITTER_KM)))

        lat2 = lat + km() / KM_PER_DEGREE
        lon2 = lon + km() / (KM_PER_DEGREE * max(0.2, math.cos(math.radians(lat))))
        return round(lat2, 6), round(lon2, 6)

    def name(self, commune: str) -> str:
        rng = self.rng
        pick = rng.random()
        if pick < 0.45:
            return f"{rng.choice(HEADS)} {rng.choice(COMPLEMENTS)}"
        if pick < 0.65:
            return rng.choice(HEADS)
        if pick < 0.85 and commune:
            return f"{rng.choice(PREFIXES)} {commune}"
        return f"{rng.choice(HEADS)} de {commune or 'la Vallée'}"

    def text(self, low: int, high: int) -> list[str]:
        return self.rng.sample(SENTENCES, self.rng.randint(low, high))

    def family_codes(self) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if roll < COWORKING_SHARE:
            codes = ["coworking"]
        elif roll < COWORKING_SHARE + FABLAB_SHARE:
            codes = ["fablab"]
        else:
            codes = [rng.choice(OTHER_FAMILIES)]
        if rng.random() < SECOND_FAMILY_SHARE:
            other = rng.choice(FAMILIES)
            if other not in codes:
                codes.append(other)
        return codes

    def phone(self) -> str:
        pairs = " ".join(f"{self.rng.randint(0, 99):02d}" for _ in range(4))
        return f"0{self.rng.randint(1, 5)} {pairs}"

    def slug(self, name: str, commune: str) -> str:
        """Like core.text.unique_slug for a place, with the slugs taken so far kept in memory."""
        base = slugify(f"{name} {commune}".strip())[:200] or "lieu"
        slug, n = base, self.next_suffix.get(base, 2)
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.next_suffix[base] = n
        self.taken.add(slug)
        return slug

    def place(self) -> tuple[Place, dict[str, list[str]]]:
        rng = self.rng
        real = rng.choice(self.real)
        lat, lon = self.jitter(real["latitude"], real["longitude"])
        name = self.name(real["commune"])
        summary = " ".join(self.text(1, 2))[:280].rstrip()
        description = "\n\n".join(" ".join(self.text(2, 4)) for _ in range(rng.randint(1, 3)))
        tags = {
            "families": self.family_codes(),
            "services": rng.sample(SERVICES, rng.choice([0, 1, 2, 2, 3, 4])),
            "publics": rng.sample(PUBLICS, rng.choice([0, 0, 1, 2, 3])),
        }
        slug = self.slug(name, real["commune"])
        domain = slug[:40].strip("-")
        place = Place(
            name=name,
            slug=slug,
            summary=summary,
            description=description,
            address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
            postal_code=real["postal_code"],
            insee_code=real["insee_code"],
            commune=real["commune"],
            departement=real["departement"],
            region=real["region"],
            latitude=lat,
            longitude=lon,
            opening_hours=rng.choice(OPENING_HOURS) if rng.random() < HOURS_SHARE else "",
            phone=self.phone() if rng.random() < 0.6 else "",
            emails=[f"contact@{domain}.fr"] if rng.random() < 0.5 else [],
            websites=[f"https://www.{domain}.fr"] if rng.random() < 0.6 else [],
            access_modes=rng.sample(ACCESS_MODES, rng.choice([0, 1, 2, 3])),
            support_modes=rng.sample(SUPPORT_MODES, rng.choice([0, 1, 2])),
            specific_support=rng.sample(SPECIFIC_SUPPORT, rng.choice([0, 0, 0, 1, 2])),
            source="bench",
            is_published=rng.random() < PUBLISHED_SHARE,
            search_text=search_text(
                name=name,
                commune=real["commune"],
                summary=summary,
                description=description,
                families=tags["families"],
            ),
            commune_key=wording.commune_key(real["commune"]),
        )
        return place, tags

    def batches(self, total: int) -> Iterator[list[tuple[Place, dict[str, list[str]]]]]:
        done = 0
        while done < total:
            size = min(BATCH, total - done)
            yield [self.place() for _ in range(size)]
            done += size


KINDS = {
    "families": PlaceTag.Kind.FAMILY,
    "services": PlaceTag.Kind.SERVICE,
    "publics": PlaceTag.Kind.PUBLIC,
}


def populate(total: int, *, seed: int, progress: Callable[[str], None]) -> dict[str, float]:
    """Write `total` synthetic places and their tags; return counts and the time taken."""
    started = time.perf_counter()
    generator = Generator(seed)
    written = tag_count = 0
    with transaction.atomic():
        for batch in generator.batches(total):
            places = Place.objects.bulk_create([place for place, _tags in batch])
            tags = [
                PlaceTag(place_id=place.pk, kind=KINDS[field], code=code)
                for place, (_same, place_tags) in zip(places, batch, strict=True)
                for field, codes in place_tags.items()
                for code in codes
            ]
            PlaceTag.objects.bulk_create(tags)
            written += len(places)
            tag_count += len(tags)
            if written % 20_000 == 0:
                progress(f"  {written} places…")
    settle()
    elapsed = time.perf_counter() - started
    return {"places": written, "tags": tag_count, "seconds": elapsed}


def settle() -> None:
    """On PostgreSQL, VACUUM ANALYZE the freshly loaded tables: the steady state that
    autovacuum keeps a production database in (planner statistics, and the visibility map
    without which index-only scans still read the rows). Autovacuum would get there some
    seconds or minutes later, maybe during the measures. SQLite: nothing done (no
    autovacuum there to imitate; the app never runs ANALYZE on it)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Place, PlaceTag):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
