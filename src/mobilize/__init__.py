"""Mobilize: a platform that runs a volunteer programme end to end."""
