"""The public site: Markdown pages and open data rendered from the publication model, then
built into static HTML by mkdocs-material (or Zensical, which reads the same `mkdocs.yml`).

The site reads `segur.publication.model.Publication` and nothing else: what it shows is what that
whitelist holds.
"""
