"""Where things live in a dossier repository: paths, REM catalogue, journal, access map."""
