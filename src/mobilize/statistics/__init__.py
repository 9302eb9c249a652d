"""Statistics: the counting definitions of DESIGN.md section 3 as database aggregations over the
records of the other apps, and the document ``mobilize stats``, the API and the overview page show
(format "mobilize-statistics/1", docs/statistics.md). It reads and never writes: no models, no
services; it imports other apps' models and selectors only."""
