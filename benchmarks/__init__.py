"""Load and latency tools for the live sessions; they print figures and write JSON, they don't assert."""
