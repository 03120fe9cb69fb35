# French dates with their time read "26 novembre 2026 à 14:19"; other formats are Django's.
DATETIME_FORMAT = "j F Y à H:i"
