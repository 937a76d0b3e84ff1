"""Tool: import of the REM catalogue from ANS spreadsheets. Never imported by the core."""
