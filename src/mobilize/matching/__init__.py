"""Matching: who may serve a DoA (eligibility by the category rules) and who fits it best (ranked,
explained scores over the talent pool or a list of applicants).

Owns the eligibility rules' evaluation, the score, the per-candidate feature table that makes the
pool ranking fast, and their pages and API. It reads talent, requests, reference and assignments
and writes nothing of theirs: its only writes are its own feature rows.
"""
