"""Talent pool: candidate profiles (the people who may serve), their languages, expertise,
confidential disability disclosure and private documents. It does not know about requests or
assignments; those apps point at it."""
