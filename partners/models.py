# Initiatives, organizations, programmes and municipalities arrive with the partners issue.
