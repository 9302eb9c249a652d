"""Reference lists: languages, the 17 SDGs, expertise areas, and the volunteer categories of the
Unified Conditions of Service with their effective-dated eligibility rules. Owns the reference data
files (``data/``) and ``load_reference``, which also writes the countries, duty stations, reporting
groups and host entities of ``geo`` and ``partners`` through their models; it owns none of their
pages, API or rules. Read by every domain; it reads nothing of people, requests or assignments."""
