"""CSV cells that a spreadsheet will not run as a formula (CSV injection).

As OWASP recommends, a cell starting with =, +, -, @, tab or carriage return gets a leading
apostrophe: the spreadsheet shows the text instead of evaluating it. Only free-text cells
need it: numbers (-1.68) and codes checked against a pattern must stay as they are.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value
