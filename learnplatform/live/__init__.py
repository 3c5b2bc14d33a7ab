"""Live dilemma sessions: pure engine, persistence, Socket.IO namespace, views and reports."""
