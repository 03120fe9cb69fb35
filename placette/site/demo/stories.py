"""Demo stories (`manage.py load_demo`): an EPN workshop, the mobile bus "hors les murs", a
fablab repair café and a weekly permanence, each with photos this module draws (shapes,
gradients, signs — no people, nothing downloaded), published, linked to the demo places and
events.

Idempotent: a story whose slug exists is left alone. Each story names the event of
site/demo/events.py it tells (its external_uid); its place is that event's place, or the
`places` given in turn when the event is missing.
"""

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont, ImageOps

from placette.events.models import Event
from placette.places.models import Place
from placette.stories import photos as uploads
from placette.stories import services, videos
from placette.stories.models import Story

SIZE = (1600, 1000)


# --- Drawn pictures ------------------------------------------------------------------------


def _canvas(top: str, bottom: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    gradient = Image.linear_gradient("L").resize(SIZE)
    image = ImageOps.colorize(gradient, top, bottom).convert("RGB")
    return image, ImageDraw.Draw(image)


# A system font with French accents when there is one (Debian: fonts-dejavu); else Pillow's
# own, whose glyphs stop at ASCII: the text then loses its accents rather than show boxes.
FONTS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "Arial.ttf")


def _font(size: int) -> tuple[ImageFont.ImageFont | ImageFont.FreeTypeFont, bool]:
    """A font, and whether it has accents."""
    for name in FONTS:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _text(draw, xy, text: str, *, size: int, fill: str) -> None:
    font, accents = _font(size)
    if not accents:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    draw.text(xy, text, font=font, fill=fill, anchor="mm")


def _sign(draw, box, text: str, *, fill="#fdf6e3", ink="#1d3557", size=56) -> None:
    draw.rounded_rectangle(box, radius=18, fill=fill, outline=ink, width=6)
    x0, y0, x1, y1 = box
    _text(draw, ((x0 + x1) / 2, (y0 + y1) / 2), text, size=size, fill=ink)


def _tables_and_screens(draw) -> None:
    for n in range(3):
        x = 140 + n * 480
        draw.rectangle((x, 700, x + 400, 730), fill="#8d5524")  # table top
        draw.rectangle((x + 20, 730, x + 40, 920), fill="#6b3e1b")
        draw.rectangle((x + 360, 730, x + 380, 920), fill="#6b3e1b")
        draw.rectangle((x + 90, 470, x + 310, 630), fill="#222831")  # screen
        draw.rectangle((x + 105, 485, x + 295, 615), fill="#4ea8de")
        draw.rectangle((x + 185, 630, x + 215, 700), fill="#393e46")
        draw.rounded_rectangle((x + 300, 650, x + 360, 698), radius=8, fill="#2b2d42")  # phone


def epn_room() -> bytes:
    image, draw = _canvas("#fefae0", "#e9c46a")
    draw.rectangle((0, 920, SIZE[0], SIZE[1]), fill="#bc6c25")  # floor
    _sign(draw, (420, 90, 1180, 300), "Atelier smartphone", size=72)
    _tables_and_screens(draw)
    return _jpeg(image)


def phone_closeup() -> bytes:
    image, draw = _canvas("#caf0f8", "#0077b6")
    draw.rounded_rectangle((600, 120, 1000, 900), radius=60, fill="#1b1b1b")
    draw.rounded_rectangle((630, 190, 970, 830), radius=20, fill="#f1faee")
    icons = ["#e63946", "#2a9d8f", "#e9c46a", "#457b9d", "#f4a261", "#8ecae6"]
    for i, colour in enumerate(icons):
        x, y = 665 + (i % 3) * 105, 230 + (i // 3) * 120
        draw.rounded_rectangle((x, y, x + 80, y + 80), radius=18, fill=colour)
    _text(draw, (800, 700), "Appeler · Photo · SMS", size=27, fill="#1d3557")
    return _jpeg(image)


def bus_in_village() -> bytes:
    image, draw = _canvas("#a8dadc", "#f1faee")
    draw.rectangle((0, 780, SIZE[0], SIZE[1]), fill="#6c757d")  # road
    for i in range(8):
        draw.rectangle((i * 220, 880, i * 220 + 120, 900), fill="#f8f9fa")
    for x, colour in ((60, "#e76f51"), (1240, "#f4a261")):  # houses
        draw.rectangle((x, 420, x + 300, 780), fill="#fefae0")
        draw.polygon([(x - 20, 420), (x + 150, 280), (x + 320, 420)], fill=colour)
        draw.rectangle((x + 120, 640, x + 180, 780), fill="#8d5524")
    draw.rounded_rectangle((380, 430, 1200, 800), radius=40, fill="#2a9d8f")  # bus
    for i in range(5):
        draw.rounded_rectangle((420 + i * 150, 470, 540 + i * 150, 580), radius=12, fill="#caf0f8")
    _text(draw, (790, 670), "Bus numérique", size=64, fill="#ffffff")
    for x in (520, 1060):
        draw.ellipse((x - 60, 740, x + 60, 860), fill="#222831")
        draw.ellipse((x - 25, 775, x + 25, 825), fill="#adb5bd")
    return _jpeg(image)


def bus_inside() -> bytes:
    image, draw = _canvas("#e0fbfc", "#98c1d9")
    draw.rectangle((0, 850, SIZE[0], SIZE[1]), fill="#3d5a80")
    for n in range(3):
        x = 200 + n * 430
        draw.rectangle((x, 620, x + 340, 650), fill="#ee6c4d")
        draw.rounded_rectangle((x + 60, 420, x + 280, 600), radius=10, fill="#293241")  # tablet
        draw.rounded_rectangle((x + 75, 435, x + 265, 585), radius=6, fill="#ffd166")
    _sign(draw, (380, 80, 1220, 260), "Étape du jour : Trégunc", size=56)
    return _jpeg(image)


def repair_bench() -> bytes:
    image, draw = _canvas("#ffe8d6", "#cb997e")
    _sign(draw, (470, 70, 1130, 250), "Repair Café", fill="#264653", ink="#fefae0", size=88)
    draw.rectangle((100, 700, 1500, 760), fill="#6f4518")  # bench
    draw.rounded_rectangle((260, 480, 620, 700), radius=30, fill="#adb5bd")  # toaster
    draw.rectangle((320, 500, 560, 520), fill="#343a40")
    draw.rectangle((330, 540, 550, 560), fill="#343a40")
    draw.rectangle((760, 560, 1000, 700), fill="#e9c46a")  # toolbox
    draw.rectangle((820, 520, 940, 560), outline="#6c757d", width=14)
    draw.line((1100, 690, 1330, 520), fill="#e63946", width=26)  # screwdriver
    draw.line((1330, 520, 1420, 455), fill="#adb5bd", width=10)
    draw.ellipse((1180, 300, 1300, 420), fill="#ffe066")  # lamp
    draw.line((1240, 420, 1240, 700), fill="#495057", width=12)
    return _jpeg(image)


def spare_parts() -> bytes:
    image, draw = _canvas("#edf2f4", "#8d99ae")
    colours = ["#ef233c", "#2b2d42", "#f4a261", "#2a9d8f", "#e9c46a", "#6a4c93"]
    for i in range(24):
        x, y = 140 + (i % 8) * 170, 220 + (i // 8) * 220
        colour = colours[i % len(colours)]
        if i % 3 == 0:
            draw.ellipse((x, y, x + 110, y + 110), outline=colour, width=16)  # washers
        elif i % 3 == 1:
            draw.rectangle((x, y + 30, x + 120, y + 80), fill=colour)  # fuses
        else:
            draw.regular_polygon((x + 55, y + 55, 55), 6, fill=colour)  # nuts
    _text(draw, (800, 110), "Pièces détachées", size=60, fill="#2b2d42")
    return _jpeg(image)


def printer_corner() -> bytes:
    image, draw = _canvas("#f8f9fa", "#dee2e6")
    draw.rectangle((0, 860, SIZE[0], SIZE[1]), fill="#adb5bd")
    draw.rounded_rectangle((980, 520, 1420, 760), radius=20, fill="#495057")  # printer
    draw.rectangle((1040, 470, 1360, 520), fill="#ffffff")
    draw.rectangle((1040, 740, 1360, 820), fill="#ffffff")
    draw.rectangle((180, 440, 760, 800), fill="#222831")
    draw.rectangle((200, 460, 740, 780), fill="#90e0ef")
    _text(draw, (470, 620), "Accès libre", size=64, fill="#03045e")
    _sign(draw, (440, 90, 1160, 250), "Mercredi 14 h – 17 h", size=54)
    return _jpeg(image)


def _jpeg(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


# --- The stories ---------------------------------------------------------------------------


@dataclass
class DemoPhoto:
    draw: Callable[[], bytes]
    alt: str
    caption: str = ""


@dataclass
class DemoStory:
    slug: str
    event_key: str  # site/demo/events.py's external_uid: the event told, and its place
    fields: dict
    photos: list[DemoPhoto] = field(default_factory=list)
    video: dict | None = None
    link_event: bool = True


DEMOS = [
    DemoStory(
        slug="premiers-pas-sur-smartphone-ce-que-nous-avons-appris",
        event_key="demo:premiers-pas-smartphone",
        fields={
            "title": "Premiers pas sur smartphone : ce que nous avons appris",
            "summary": "Huit personnes, deux heures, et beaucoup de patience : retour sur "
            "notre atelier du jeudi matin.",
            "body": (
                "Jeudi dernier, huit personnes sont venues avec leur téléphone, souvent offert "
                "par un enfant ou un petit-enfant, et rarement allumé.\n\n"
                "## Partir de ce que l'on veut faire\n\n"
                "Plutôt qu'un tour complet des réglages, nous avons demandé à chacun ce "
                "qu'il voulait réussir en repartant : appeler sa sœur, envoyer une photo, "
                "lire ses SMS sans lunettes.\n\n"
                "- agrandir les caractères a changé la matinée de trois personnes ;\n"
                "- le répondeur était plein pour deux d'entre elles ;\n"
                "- personne ne savait où se rangent les photos.\n\n"
                "## Ce que nous changerons\n\n"
                "Deux heures, c'est court : nous proposerons une suite, et une fiche "
                "imprimée en gros caractères à rapporter chez soi."
            ),
            "themes": ["outils-quotidien"],
            "credit": "L'équipe de médiation numérique",
        },
        photos=[
            DemoPhoto(
                epn_room,
                "Une salle avec trois tables, un écran sur chacune et un panneau "
                "« Atelier smartphone » au mur.",
                "La salle, prête avant l'arrivée du groupe.",
            ),
            DemoPhoto(
                phone_closeup,
                "Un smartphone dont l'écran montre six grandes icônes colorées.",
                "Les caractères et les icônes agrandis.",
            ),
        ],
    ),
    DemoStory(
        slug="le-bus-numerique-hors-les-murs",
        event_key="demo:bus-numerique",
        fields={
            "title": "Hors les murs : une semaine avec le bus numérique",
            "summary": "Cinq communes, six postes, deux médiateurs : le numérique vient à "
            "celles et ceux qui ne viennent pas à lui.",
            "body": (
                "Le bus s'installe sur la place de la mairie à 9 h 30. À 9 h 40, la "
                "première personne attend déjà, son avis d'imposition à la main.\n\n"
                "Dans les communes sans EPN, le bus est souvent le seul endroit où l'on "
                "peut **se faire aider sans rendez-vous**. Cette semaine : des déclarations "
                "en ligne, une carte grise, beaucoup de mots de passe oubliés.\n\n"
                "## Ce que nous retenons\n\n"
                "1. Annoncer l'étape chez le boulanger marche mieux que sur internet.\n"
                "2. Une tablette prêtée pour la matinée rassure plus qu'un long discours.\n"
                "3. Revenir au même endroit chaque mois crée la confiance.\n\n"
                "Nos tutoriels vidéo sont sur PeerTube, une plateforme libre : la vidéo "
                "ci-dessous explique comment elle fonctionne."
            ),
            "themes": ["demarches", "outils-quotidien"],
            "credit": "L'équipe du bus numérique",
        },
        photos=[
            DemoPhoto(
                bus_in_village,
                "Un bus vert marqué « Bus numérique » garé entre deux maisons de village.",
                "L'étape de Trégunc, place de la mairie.",
            ),
            DemoPhoto(
                bus_inside,
                "L'intérieur du bus : trois tablettes posées sur des tablettes rabattables, "
                "sous un panneau « Étape du jour : Trégunc ».",
            ),
        ],
        video={
            # A real video (Framasoft's introduction to PeerTube, CC BY-SA), so the click-to-load
            # player has something to play.
            "title": "Qu'est-ce que PeerTube ? (Framasoft)",
            "url": "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
            "transcript": "Une courte animation de Framasoft : PeerTube, la plateforme vidéo "
            "libre et décentralisée où l'équipe du bus publie ses tutoriels.",
        },
    ),
    DemoStory(
        slug="un-samedi-de-repair-cafe-au-fablab",
        event_key="demo:decoupe-laser",
        link_event=False,  # the fablab's place only: the event is another activity
        fields={
            "title": "Un samedi de Repair Café au fablab",
            "summary": "Grille-pains, lampes et radios : 23 objets apportés, 15 réparés, et "
            "autant de visiteurs repartis avec un tournevis en main.",
            "body": (
                "Le principe est simple : vous apportez l'objet en panne, des bénévoles "
                "vous aident à le **réparer vous-même**.\n\n"
                "Ce samedi, 23 objets sont passés sur l'établi : 15 repartent en état de "
                "marche, 5 attendent une pièce, 3 n'ont rien pu faire.\n\n"
                "## Le fablab en renfort\n\n"
                "Deux pièces introuvables ont été dessinées puis imprimées en 3D sur place : "
                "un bouton de radio et une charnière de boîte à pain.\n\n"
                "Prochain Repair Café le premier samedi du mois ; les pièces détachées "
                "récupérées sont rangées et étiquetées pour la prochaine fois."
            ),
            "themes": ["materiel-solidaire", "loisirs"],
            "credit": "Les bénévoles du Repair Café",
            "licence": "cc-by-4.0",
        },
        photos=[
            DemoPhoto(
                repair_bench,
                "Un établi sous un panneau « Repair Café » : un grille-pain ouvert, une "
                "caisse à outils, un tournevis et une lampe.",
                "L'établi des petits appareils électriques.",
            ),
            DemoPhoto(
                spare_parts,
                "Des rondelles, fusibles et écrous de couleur rangés en rangées.",
                "Les pièces récupérées, triées pour la prochaine fois.",
            ),
            DemoPhoto(
                printer_corner,
                "Un poste informatique affichant « Accès libre » et une imprimante.",
                "Le coin où l'on dessine les pièces à imprimer.",
            ),
        ],
    ),
    DemoStory(
        slug="la-permanence-du-mercredi",
        event_key="demo:permanence-epn",
        fields={
            "title": "La permanence du mercredi, un an après",
            "summary": "Sans rendez-vous, chaque mercredi : ce que cent permanences nous "
            "ont appris des démarches en ligne.",
            "body": (
                "Il y a un an, nous ouvrions la salle informatique chaque mercredi "
                "après-midi, sans rendez-vous. Cent permanences plus tard, quelques "
                "constats.\n\n"
                "- Une personne sur deux vient pour imprimer ou scanner un document.\n"
                "- Les démarches de la CAF et de France Travail arrivent en tête.\n"
                "- Beaucoup reviennent… pour aider à leur tour.\n\n"
                "Merci aux bénévoles qui ont tenu la permanence pendant les vacances."
            ),
            "themes": ["acces-materiel", "demarches"],
            "credit": "L'équipe de l'EPN",
        },
        photos=[
            DemoPhoto(
                printer_corner,
                "Un poste informatique affichant « Accès libre » à côté d'une imprimante, "
                "sous un panneau « Mercredi 14 h – 17 h ».",
            )
        ],
    ),
]


def _target(demo: DemoStory, places: Sequence[Place], events: Sequence[Event], n: int):
    event = next((e for e in events if e.external_uid == demo.event_key), None)
    if event is not None:
        return event.place, (event if demo.link_event else None)
    return (places[n % len(places)] if places else None), None


def load(*, places: Sequence[Place], events: Sequence[Event]) -> dict[str, int]:
    """Create the demo stories missing; returns {"created": n, "skipped": n}."""
    places, events = list(places), list(events)
    done = {"created": 0, "skipped": 0}
    for n, demo in enumerate(DEMOS):
        if Story.objects.filter(slug=demo.slug).exists():
            done["skipped"] += 1
            continue
        place, event = _target(demo, places, events, n)
        with transaction.atomic():
            _create(demo, place, event)
        done["created"] += 1
    return done


def _create(demo: DemoStory, place: Place | None, event: Event | None) -> Story:
    story = services.create_story(
        by=None,
        places=[place] if place else [],
        events=[event] if event else [],
        **demo.fields,
    )
    Story.objects.filter(pk=story.pk).update(slug=demo.slug)  # stable: idempotent reruns
    story.slug = demo.slug
    for number, picture in enumerate(demo.photos, start=1):
        upload = ContentFile(picture.draw(), name=f"{demo.slug[:40]}-{number}.jpg")
        photo = services.add_photo(
            story=story,
            image=uploads.images.clean_upload(upload),
            alt=picture.alt,
            caption=picture.caption,
            credit="Illustration : Placette (CC0)",
            consent=True,  # drawn scenes: nobody to recognise
            by=None,
            queue_variants=False,
        )
        photo.variants = uploads.write_variants(photo)
        photo.save(update_fields=["variants"])
    if demo.video:
        link = videos.parse_link(demo.video["url"])
        services.add_video(
            story=story,
            title=demo.video["title"],
            transcript=demo.video["transcript"],
            link=link,
            by=None,
        )
    return services.publish(story=story, by=None)
