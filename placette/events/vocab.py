"""The agenda's own vocabularies. Themes and publics are the directory's (places.vocab)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    WORKSHOP = "atelier", _("Atelier")
    TRAINING = "formation", _("Formation")
    ANIMATION = "animation", _("Animation")
    OPEN_ACCESS = "permanence", _("Permanence (accès libre)")
    TALK = "conference", _("Conférence / rencontre")
    OTHER = "autre", _("Autre")


class Level(models.TextChoices):
    ALL = "tous", _("Tous niveaux")
    BEGINNER = "debutant", _("Débutant")
    INTERMEDIATE = "intermediaire", _("Intermédiaire")
    ADVANCED = "avance", _("Avancé")


class Accessibility(models.TextChoices):
    WHEELCHAIR = "fauteuil", _("Accessible en fauteuil roulant")
    HEARING_LOOP = "boucle-magnetique", _("Boucle magnétique")
    SIGN_LANGUAGE = "lsf", _("Langue des signes (LSF)")
    EASY_READ = "falc", _("Facile à lire et à comprendre (FALC)")
    LARGE_PRINT = "gros-caracteres", _("Supports en gros caractères")
    CHILDCARE = "garde-enfants", _("Garde d'enfants sur place")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("non pointé")
    PRESENT = "present", _("présent")
    ABSENT = "absent", _("absent")


SCHOOL_ZONES = [("", _("Pas d'exception")), ("A", "Zone A"), ("B", "Zone B"), ("C", "Zone C")]
