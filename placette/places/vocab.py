"""Controlled vocabularies of a place.

Families follow the France Tiers-Lieux observatory (plus EPN and resource hubs);
services, publics, support and access modes are the LaMednum v1.0.2 enumerations,
whose French labels are the exact strings of the standard.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Family(models.TextChoices):
    COWORKING = "coworking", _("Coworking / bureaux partagés")
    EPN = "epn", _("Espace public numérique (EPN)")
    FABLAB = "fablab", _("Fablab / makerspace / hackerspace")
    RESOURCE_HUB = "ressources", _("Pôle de ressources numériques")
    CULTURAL = "culturel", _("Tiers-lieu culturel")
    FOOD = "nourricier", _("Tiers-lieu nourricier")
    WORKSHOP = "atelier", _("Atelier partagé")
    LIVING_LAB = "living-lab", _("Living lab")
    OTHER = "autre", _("Autre")


class Service(models.TextChoices):
    ADMIN_PROCEDURES = "demarches", _("Aide aux démarches administratives")
    EVERYDAY_TOOLS = "outils-quotidien", _("Maîtrise des outils numériques du quotidien")
    EMPLOYMENT = "insertion-pro", _("Insertion professionnelle via le numérique")
    SAFETY = "securite", _("Utilisation sécurisée du numérique")
    PARENTING = "parentalite", _("Parentalité et éducation avec le numérique")
    LEISURE = "loisirs", _("Loisirs et créations numériques")
    UNDERSTANDING = "comprendre", _("Compréhension du monde numérique")
    ACCESS = "acces-materiel", _("Accès internet et matériel informatique")
    EQUIPMENT = "materiel-solidaire", _("Acquisition de matériel informatique à prix solidaire")


class Public(models.TextChoices):
    YOUTH = "jeunes", _("Jeunes")
    STUDENTS = "etudiants", _("Étudiants")
    FAMILIES = "familles", _("Familles et/ou enfants")
    SENIORS = "seniors", _("Seniors")
    WOMEN = "femmes", _("Femmes")


class SpecificSupport(models.TextChoices):
    DEAFNESS = "surdite", _("Surdité")
    MOTOR = "handicaps-moteurs", _("Handicaps moteurs")
    MENTAL = "handicaps-mentaux", _("Handicaps mentaux")
    ILLITERACY = "illettrisme", _("Illettrisme")
    ENGLISH = "anglais", _("Langues étrangères (anglais)")
    OTHER_LANGUAGES = "autres-langues", _("Langues étrangères (autres)")
    VISUAL = "deficience-visuelle", _("Déficience visuelle")


class AccessMode(models.TextChoices):
    WALK_IN = "se-presenter", _("Se présenter")
    PHONE = "telephoner", _("Téléphoner")
    EMAIL = "mail", _("Contacter par mail")
    ONLINE_BOOKING = "rdv-en-ligne", _("Prendre un RDV en ligne")
    NO_PUBLIC = "pas-de-public", _("Ce lieu n'accueille pas de public")
    PRESCRIPTION = "prescription", _("Envoyer un mail avec une fiche de prescription")


class SupportMode(models.TextChoices):
    AUTONOMOUS = "autonomie", _("En autonomie")
    INDIVIDUAL = "individuel", _("Accompagnement individuel")
    GROUP = "atelier-collectif", _("Dans un atelier collectif")
    REMOTE = "distance", _("À distance")


class Fee(models.TextChoices):
    FREE = "gratuit", _("Gratuit")
    FREE_CONDITIONAL = "gratuit-sous-condition", _("Gratuit sous condition")
    PAID = "payant", _("Payant")


class NationalProgramme(models.TextChoices):
    AIDANTS_CONNECT = "aidants-connect", _("Aidants Connect")
    LIBRARIES = "bnr", _("Bibliothèques numérique de référence")
    PIX = "pix", _("Certification PIX")
    ADVISORS = "conseillers-numeriques", _("Conseillers numériques")
    EMMAUS_CONNECT = "emmaus-connect", _("Emmaüs Connect")
    FRANCE_SERVICES = "france-services", _("France Services")
    GEN = "grande-ecole-numerique", _("Grande école du numérique")
    RED_CROSS = "croix-rouge", _("La Croix Rouge")
    CAF = "point-numerique-caf", _("Point d'accès numérique CAF")
    PROMENEURS = "promeneurs-du-net", _("Promeneurs du net")
    RELAIS = "relais-numerique", _("Relais numérique (Emmaüs Connect)")


class TrainingLabel(models.TextChoices):
    MON_ESPACE_SANTE = "mon-espace-sante", _("Formé à « Mon Espace Santé »")
    DUPLEX = "duplex", _("Formé à « DUPLEX » (illettrisme)")
    ARNIA = "arnia", _("Arnia/MedNum BFC (Bourgogne-Franche-Comté)")
    REEMPLOI = "reemploi-normandie", _("Collectif ressources et acteurs réemploi (Normandie)")
    ETAPES = "etapes-numeriques", _("Étapes numériques (La Poste)")
    FABRIQUES = "fabriques-de-territoire", _("Fabriques de Territoire")
    ECLAIREURS = "eclaireurs-drome", _("Les Éclaireurs du numérique (Drôme)")
    MES_PAPIERS = "mes-papiers-lyon", _("Mes Papiers (Métropole de Lyon)")
    ORDI = "ordi-3-0", _("ORDI 3.0")
    SUD_LABS = "sud-labs", _("SUD LABS (PACA)")


def labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    """Display labels of stored codes, skipping any code no longer in the vocabulary."""
    valid = dict(choices.choices)
    return [str(valid[code]) for code in codes if code in valid]
