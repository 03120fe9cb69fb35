"""The site as a whole: the home page, the daily housekeeping and the demo data of `make run`."""
