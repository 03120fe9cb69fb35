from placette.places.importers import cget, geojson, mednum

FORMATS = {"cget": cget, "mednum": mednum, "geojson": geojson}
