"""The commons of the demo data (`manage.py load_demo`): six resources written by several
people over a few revisions (so history, diffs and "who wrote what" show something real), one
proposal waiting for a decision, a PDF made at load time, and a collection of them.

Idempotent: a demo resource is found again by its slug and left as it is.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.text import slugify

from placette.commons.models import Collection, Kind, Resource
from placette.commons.services import collections
from placette.commons.services import resources as services
from placette.places.models import Place

# People who write the demo resources, so that history and "who wrote what" show several
# hands. They cannot sign in (no usable password) and their addresses are on a reserved domain.
DEMO_PEOPLE = [
    ("camille.demo@example.org", "Camille", "Le Goff"),
    ("yanis.demo@example.org", "Yanis", "Benali"),
    ("odile.demo@example.org", "Odile", "Marchand"),
]


def people() -> list:
    users = []
    for email, first_name, last_name in DEMO_PEOPLE:
        user, created = get_user_model().objects.get_or_create(
            email=email,
            defaults={"username": email, "first_name": first_name, "last_name": last_name},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


@dataclass
class Step:
    who: int  # offset in the demo users from the creator (0: the creator)
    changes: dict[str, Any]
    note: str


@dataclass
class Demo:
    fields: dict[str, Any]
    steps: list[Step] = field(default_factory=list)
    proposal: Step | None = None  # left waiting for a decision
    pdf: str = ""  # the title of a PDF made from the body
    place: int | None = None  # index in the demo places

    @property
    def slug(self) -> str:
        return slugify(self.fields["title"])[:200]


SMARTPHONE_1 = """\
## Avant l'atelier

- Limiter le groupe à 6 ou 8 personnes : chacun doit pouvoir poser ses questions.
- Prévoir quelques téléphones de prêt, chargés.

## Pendant l'atelier

1. Faire le tour de table : quel téléphone, quelles envies, quelles craintes.
2. Allumer, déverrouiller, régler le volume.
3. Appeler un proche du groupe et décrocher.
4. Prendre une photo et la retrouver.

## Après l'atelier

Donner une fiche mémo avec les gestes vus.
"""

SMARTPHONE_2 = """\
## Avant l'atelier

- Limiter le groupe à 6 ou 8 personnes : chacun doit pouvoir poser ses questions.
- Prévoir quelques téléphones de prêt, chargés, et des chargeurs des deux types.
- Demander aux personnes de venir avec leur code de déverrouillage.

## Pendant l'atelier

1. Faire le tour de table : quel téléphone, quelles envies, quelles craintes.
2. Allumer, déverrouiller, régler le volume et la taille du texte.
3. Appeler un proche du groupe et décrocher.
4. Prendre une photo et la retrouver.
5. Envoyer cette photo par message.

On laisse les mains sur l'écran de la personne : c'est elle qui touche, pas l'animateur.

## Après l'atelier

Donner une fiche mémo avec les gestes vus.
"""

SMARTPHONE_3 = SMARTPHONE_2.replace(
    "Donner une fiche mémo avec les gestes vus.\n",
    "Donner une fiche mémo avec les gestes vus, en gros caractères.\n"
    "Proposer une séance suivante une à deux semaines après : les gestes s'oublient vite.\n",
)

INTERVIEW_1 = """\
Sophie accompagne depuis six ans les habitants d'un quartier prioritaire dans leurs démarches
en ligne. Nous l'avons rencontrée entre deux permanences.

**Qui vient vous voir ?**

Des personnes qui ont reçu un courrier qu'elles ne comprennent pas, beaucoup de retraités,
de plus en plus de jeunes qui n'ont qu'un téléphone.

**Qu'est-ce qui a changé en six ans ?**

Tout est passé en ligne, et vite. Les gens ne manquent pas de compétences : ils manquent de
temps avec quelqu'un.
"""

INTERVIEW_2 = (
    INTERVIEW_1
    + """
**Un conseil à qui ouvre une permanence ?**

Ne jamais faire à la place. On fait avec, même si c'est plus long : la prochaine fois, la
personne fera seule une étape de plus.
"""
)

FRANCECONNECT_1 = """\
France Connect permet de se connecter à plus de 1 400 services publics en ligne avec un
compte qu'on a déjà : impots.gouv.fr, ameli.fr, l'Identité numérique La Poste, MSA.

## Se connecter

1. Sur le site du service, choisir « S'identifier avec France Connect ».
2. Choisir le compte que l'on connaît le mieux.
3. Se connecter avec l'identifiant et le mot de passe de ce compte.
4. Vérifier les informations affichées, puis « Continuer ».
"""

FRANCECONNECT_2 = (
    FRANCECONNECT_1
    + """
## Les pièges fréquents

- Le mot de passe demandé est celui du compte choisi (par exemple impots.gouv.fr), pas un
  mot de passe France Connect : il n'y en a pas.
- Sur un ordinateur partagé, se déconnecter du service **et** du compte choisi.
"""
)

RETRO_1 = """\
Une rétrospective fait le point, en équipe, à la fin d'un projet ou d'une saison d'ateliers.
Une heure suffit.

## Les 5 questions

1. Qu'est-ce qui a bien marché ?
2. Qu'est-ce qui a été difficile ?
3. Qu'avons-nous appris ?
4. Qu'est-ce qui nous a surpris ?
5. Que changeons-nous la prochaine fois ?
"""

RETRO_2 = (
    RETRO_1.replace(
        "Une heure suffit.\n",
        "Une heure suffit. Chacun écrit d'abord seul, en silence, une idée par post-it : les plus\n"
        "discrets parlent autant que les autres.\n",
    )
    + """
## Finir

Choisir ensemble deux changements au plus, et qui s'en occupe. Les noter là où toute l'équipe
les retrouvera.
"""
)

LIBRE_1 = """\
Les logiciels que nous installons sur les postes de l'EPN : libres, gratuits, et que les
personnes peuvent réinstaller chez elles.

- **Navigateur** : Firefox, avec un bloqueur de publicités.
- **Bureautique** : LibreOffice (traitement de texte, tableur, présentation).
- **Images** : GIMP pour retoucher, Inkscape pour dessiner.
"""

LIBRE_2 = (
    LIBRE_1
    + """\
- **Vidéo** : VLC pour lire, Shotcut pour monter.
- **Son** : Audacity pour enregistrer un podcast.
"""
)

LIBRE_3 = (
    LIBRE_2
    + """
Pour remettre les postes à zéro chaque soir, nous utilisons un système en lecture seule :
la session de chacun s'efface à la déconnexion.
"""
)

EMAIL_1 = """\
Une adresse électronique est la clé de presque toutes les démarches. Ce tutoriel en fait créer
une en une demi-heure, avec quelqu'un qui n'en a jamais eu.

## Choisir

Préférer un service sans publicité ciblée. Choisir une adresse simple : prénom.nom.

## Le mot de passe

Une phrase facile à retenir, écrite sur un papier rangé à la maison, pas dans le portefeuille.
"""

EMAIL_2 = (
    EMAIL_1
    + """
## Premier message

Envoyer un message à l'animateur, puis lui répondre : la personne voit les deux côtés.
"""
)

DEMOS = [
    Demo(
        fields={
            "title": "Animer un atelier d'initiation au smartphone",
            "kind": "tutoriel",
            "summary": "Deux heures pour apprivoiser son téléphone, en petit groupe.",
            "body": SMARTPHONE_1,
            "themes": ["outils-quotidien"],
        },
        steps=[
            Step(1, {"body": SMARTPHONE_2}, "Chargeurs, taille du texte, envoi d'une photo"),
            Step(2, {"body": SMARTPHONE_3}, "Une séance de suite"),
        ],
        place=0,
    ),
    Demo(
        fields={
            "title": "« On fait avec, pas à la place » : entretien avec une médiatrice",
            "kind": "entretien",
            "summary": "Six ans de permanences d'aide aux démarches en ligne.",
            "body": INTERVIEW_1,
            "themes": ["demarches", "comprendre"],
            "licence": "cc-by-4.0",
        },
        steps=[Step(1, {"body": INTERVIEW_2}, "Ajout de la dernière question")],
    ),
    Demo(
        fields={
            "title": "France Connect : se connecter aux services publics",
            "kind": "fiche-pratique",
            "summary": "Un compte qu'on a déjà, pour plus de 1 400 services publics.",
            "body": FRANCECONNECT_1,
            "themes": ["demarches"],
        },
        steps=[
            Step(2, {"body": FRANCECONNECT_2}, "Les pièges fréquents"),
            Step(1, {"themes": ["demarches", "securite"]}, "Thème sécurité"),
        ],
        pdf="Fiche France Connect à imprimer",
        place=1,
    ),
    Demo(
        fields={
            "title": "La rétrospective en 5 questions",
            "kind": "methode",
            "summary": "Faire le point en équipe en une heure, sans que personne ne monopolise.",
            "body": RETRO_1,
            "licence": "cc0-1.0",
        },
        steps=[Step(1, {"body": RETRO_2}, "Post-it en silence, et comment finir")],
        proposal=Step(
            2,
            {"summary": "Faire le point en équipe en une heure : une méthode simple et juste."},
            "Résumé plus court",
        ),
    ),
    Demo(
        fields={
            "title": "Les logiciels libres de l'EPN",
            "kind": "outil",
            "summary": "Ce que nous installons sur les postes, et pourquoi.",
            "body": LIBRE_1,
            "themes": ["acces-materiel", "loisirs"],
        },
        steps=[
            Step(1, {"body": LIBRE_2}, "Vidéo et son"),
            Step(2, {"body": LIBRE_3}, "Remise à zéro des postes"),
        ],
        place=2,
    ),
    Demo(
        fields={
            "title": "Créer une adresse électronique avec un débutant",
            "kind": "tutoriel",
            "summary": "La clé des démarches, en une demi-heure.",
            "body": EMAIL_1,
            "themes": ["outils-quotidien", "demarches"],
        },
        steps=[Step(2, {"body": EMAIL_2}, "Premier message")],
    ),
]


def load(*, places: list[Place], users: list) -> dict[str, int]:
    """Create the demo resources missing; `users` (at least one) write them in turn,
    `places` (may be empty) are named as authors of some."""
    done = {"created": 0}
    if not users:
        return done
    for index, demo in enumerate(DEMOS):
        if Resource.objects.filter(slug=demo.slug).exists():
            continue
        with transaction.atomic():
            _create(demo, index, places=places, users=users)
        done["created"] += 1
    return done


def _create(demo: Demo, index: int, *, places: list[Place], users: list) -> Resource:
    creator = users[index % len(users)]
    place = places[demo.place % len(places)] if places and demo.place is not None else None
    resource = services.create_resource(
        by=creator, fields=demo.fields, places=[place] if place else []
    )
    for step in demo.steps:
        author = users[(index + step.who) % len(users)]
        _edit(resource, author, step, creator)
    if demo.proposal:
        author = users[(index + demo.proposal.who) % len(users)]
        if author.pk != creator.pk:
            services.edit_resource(
                resource=resource, by=author, fields=demo.proposal.changes, note=demo.proposal.note
            )
    if demo.pdf:
        resource.refresh_from_db()
        services.add_attachment(
            resource=resource,
            by=creator,
            title=demo.pdf,
            upload=SimpleUploadedFile("fiche.pdf", _pdf(resource), "application/pdf"),
        )
    return resource


def _edit(resource: Resource, author, step: Step, creator) -> None:
    """An edit by `author`: direct when they may, else proposed and accepted by the creator."""
    revision = services.edit_resource(
        resource=resource, by=author, fields=step.changes, note=step.note
    )
    if revision.status == revision.Status.PROPOSED:
        services.accept(revision=revision, by=creator)


def _pdf(resource: Resource) -> bytes:
    """The resource as a printable PDF (WeasyPrint), made from its sanitised HTML."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("commons/print.html", {"resource": resource})
    return HTML(string=html).write_pdf()


# -- the demo collection, from the resources above ---------------------------------------------

DEMO_TITLE = "Kit pour démarrer un EPN"
DEMO_DESCRIPTION = (
    "Ce qu'une équipe qui ouvre un **espace public numérique** gagne à lire d'abord : "
    "accueillir, animer les premiers ateliers, choisir ses outils.\n\n"
    "Une collection de démonstration : chacun peut composer la sienne et la partager."
)
# What the kit takes first, and why (a note per kind).
DEMO_KINDS = {
    Kind.SHEET: "Pour organiser l'accueil dès la première semaine.",
    Kind.TUTORIAL: "Un pas-à-pas à refaire avec le public.",
    Kind.METHOD: "Pour décider ensemble, bénévoles et salariés.",
    Kind.TOOL: "Un outil libre qui a fait ses preuves.",
    Kind.ARTICLE: "Pour prendre du recul sur la médiation numérique.",
    Kind.INTERVIEW: "L'expérience d'une équipe qui est passée par là.",
    Kind.VIDEO: "À regarder en équipe.",
}
DEMO_SIZE = 6


def load_collection(*, owner) -> Collection | None:
    """« Kit pour démarrer un EPN », from the demo resources there are (chosen by kind, then
    title); None when there are none. Run twice, it changes nothing."""
    existing = Collection.objects.filter(owner=owner, title=DEMO_TITLE).first()
    if existing is not None:
        return existing
    chosen = []
    for kind in DEMO_KINDS:
        chosen += list(Resource.objects.filter(kind=kind).order_by("title")[:2])
    chosen = chosen[:DEMO_SIZE]
    if not chosen:
        return None
    with transaction.atomic():
        collection = collections.create_collection(
            owner=owner, title=DEMO_TITLE, description=DEMO_DESCRIPTION, is_public=True
        )
        for resource in chosen:
            collections.add_resource(
                collection=collection, resource=resource, by=owner, note=DEMO_KINDS[resource.kind]
            )
    return collection
