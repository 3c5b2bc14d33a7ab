"""Load and latency tools for live sessions: they print figures and write JSON, never assert."""
