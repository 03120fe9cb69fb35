from . import cget

FORMATS = {"cget": cget}
