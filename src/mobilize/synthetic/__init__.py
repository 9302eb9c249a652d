"""Synthetic twins: profiles of published aggregates and the generator that makes a programme year
whose statistics reproduce them.

A profile (``profiles/*.yaml``) has the structure of the statistics document (format
"mobilize-statistics/1"), with any subset of its figures. ``mobilize generate`` checks that the
figures can all hold (explaining the ones that do not add up, refusing the ones that conflict),
then writes person-level records through bulk inserts: candidates, disclosures, DoAs with their
positions, and assignments. It owns no models. It writes the records of the talent, requests and
assignments apps directly (bulk, for speed) and must keep every rule their services keep; it reads
the reference data and never changes it, except that it adds a duty station to a country that
needs one and has none. It never computes a statistic itself: the check after generating uses the
statistics app's selectors.
"""
