"""Duty of care: the security level of each country and duty station with its history, who is where
on a date (volunteers and their accompanying dependants by duty station), evacuation and relocation
events that track each person until all are accounted for, incidents, and well-being check-ins.

It reads assignments and dependants (``mobilize.assignments``) and never changes them. Medical
details are not kept here (nor anywhere in the platform yet): an incident records what happened, not
a diagnosis."""
