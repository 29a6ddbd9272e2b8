"""Chronologies: agencies' spreadsheets read as they are (importer, dates, matching of
headers), previewed, committed as entries, then merged into one timeline (duplicates and
conflicts, pseudonyms, lanes, exports)."""
