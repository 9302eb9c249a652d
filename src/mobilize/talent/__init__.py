"""Talent pool: candidate profiles (the people who may serve), their languages, expertise,
consent, confidential disability disclosure and private documents.

It imports no other domain app's code: requests, recruitment and assignments point at it. Its
visibility rules follow a candidate's assignments through the reverse relation only (a field unit
sees those serving in its countries, a host focal point those serving its entities). See
docs/talent.md.
"""
