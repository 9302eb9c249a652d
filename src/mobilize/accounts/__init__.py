"""Accounts: users, their role and scope (host entities, countries), API tokens, login.

Owns who a user is and what slice of the programme they may see. It does not decide what a
given record's visibility is: each domain's ``permissions.py`` does, from the role and scope here.
"""
