"""Requests: a host entity's Description of Assignment (DoA), its requirements and its positions
(one per volunteer asked for, each with a duty station), its workflow (submit, edits requested,
resubmit, approve, sourcing, recruited, cancel) with its conversation and time stamps, templates
and duplicates, and what waits on whom among DoAs. It does not recruit or contract: recruitment
and assignments point at it, and call ``doa_mark_recruited`` when the last position is filled."""
