"""Requests: a host entity's Description of Assignment (DoA), its requirements and its positions
(one per volunteer asked for, each with a duty station), and the DoA workflow's states. It does
not recruit or contract: recruitment and assignments point at it."""
