"""Partners: the host entities that ask for volunteers (UN entities, missions, governments,
NGOs) and the reporting groups they roll up to. It knows nothing of people."""
