"""Griffie tools: members' completion, invitations, organisation settings, trainer requests and
reminders. Completion only: never answers, reflections, self-scan results or votes."""
