from . import cget, mednum

FORMATS = {"cget": cget, "mednum": mednum}
