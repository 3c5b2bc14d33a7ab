"""Cross-cutting web concerns: pages, errors, security headers, locale, template helpers."""
