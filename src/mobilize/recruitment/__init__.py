"""Recruitment: from a DoA being sourced to the volunteer's entry on duty.

Owns applications (a candidate applying, invited by direct recruitment, or added from the pool),
the shortlist and its service level, clearances and reference checks, the host's assessment and
selection (preferred candidate, reserve list), offers with their letter and response deadline,
onboarding tasks with their private documents, the entry on duty, the time stamp of every stage
and what waits on whom. It reuses, and never rebuilds: the DoA workflow (``requests``), eligibility
and ranking (``matching``), the assignment (``assignments.services.assignment_create``) and
notifications. It writes nothing of theirs except through their services.
"""
