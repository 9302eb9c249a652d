"""Lifecycle: what happens to an assignment after entry on duty until the volunteer leaves:
extensions (funding confirmed by the host, category rules checked), reminders before the end,
resignation and early termination, reassignment within the country, the end of assignment
(checklist, performance assessment, final clearance, service certificate) and the closure of a
whole mission with the redeployment of the volunteers who consent.

It changes assignments only through ``mobilize.assignments.services`` and starts redeployment
through ``mobilize.recruitment.services``; it never writes another app's tables itself."""
