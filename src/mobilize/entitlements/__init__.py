"""Entitlements: the conditions of service and what they cost. Owns the effective-dated rate tables
headquarters edits (living-allowance base rate, post adjustment per duty station, national rates,
family allowance, entry lump sum, well-being differential, exit allowance, leave accrual,
management fee) and the arithmetic over them: a volunteer's monthly statement, the cost of an
assignment over its life, the pro-forma cost of a DoA. It reads assignments, dependants, DoAs and
duty stations and never changes them (dependants are written through the assignments services)."""
