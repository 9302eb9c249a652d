"""Reference lists: languages, the 17 SDGs, expertise areas, and the volunteer categories of the
Unified Conditions of Service with their effective-dated eligibility rules. Read by every domain;
it reads nothing but core."""
