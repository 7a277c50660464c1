"""Resolution: mentions and facts → entities, one per real thing."""
