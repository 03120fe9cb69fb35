"""The demo data of `make run` (`manage.py load_demo`), one module per app it fills."""
