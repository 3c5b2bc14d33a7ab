"""The trainer kit: a PDF per programme or session, generated from the content files."""
