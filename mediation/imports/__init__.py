"""Loading a county's history from spreadsheets: mediators, concluded cases, screenings."""
