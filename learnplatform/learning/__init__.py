"""Self-paced learning: catalogue, module player, progress, tracks and certificates.

Wiring into an app is in `learnplatform.learning.setup`.
"""
