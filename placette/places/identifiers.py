"""Checks of French organisation identifiers."""

LA_POSTE = "356000000"  # La Poste's establishments: the digits add up to a multiple of 5


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_siret(value: str) -> bool:
    """14 digits whose check passes: Luhn (the INSEE's key), or for La Poste (SIREN 356000000,
    whose establishments outnumber the key) the sum of the digits a multiple of 5."""
    if len(value) != 14 or not value.isascii() or not value.isdigit():
        return False
    if value.startswith(LA_POSTE) and value != "35600000000048":  # its head office is Luhn
        return sum(map(int, value)) % 5 == 0
    return luhn_ok(value)


def is_siren_or_siret(value: str) -> bool:
    """A SIRET (is_siret) or a SIREN: 9 digits whose Luhn check passes."""
    if len(value) == 9:
        return value.isascii() and value.isdigit() and luhn_ok(value)
    return is_siret(value)
