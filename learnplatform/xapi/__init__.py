"""Learning records in xAPI 1.0.3: an outbox filled from learning events, an export, and optional
forwarding to an LRS in the background."""
