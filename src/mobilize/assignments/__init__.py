"""Assignments: the contract of one volunteer for one assignment (category, duty station, host,
funding, dates, status) and the invariants that hold on it. Recruitment creates them; the
lifecycle, conditions of service and duty of care read and change them through these services."""
