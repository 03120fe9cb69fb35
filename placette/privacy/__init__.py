"""Privacy: the privacy page, a person's data download and account deletion."""
