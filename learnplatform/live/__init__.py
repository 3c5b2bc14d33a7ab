"""Live dilemma sessions: pure engine, persistence, Socket.IO namespace, views and reports.

Wiring into an app is in `learnplatform.live.setup`; this file stays empty so that
`learnplatform.live.engine` imports without Flask or SQLAlchemy.
"""
