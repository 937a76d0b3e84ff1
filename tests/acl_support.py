"""The access map of the access-control tests: one identity per role, two editors."""

from __future__ import annotations

ACCES = """\
identites:
  ed-a:
    roles: ["editeur:alpha"]
  ed-b:
    roles: ["editeur:beta"]
  instr:
    roles: [instructeur]
  coll:
    roles: [college]
  dir:
    roles: [direction]
  admin:
    roles: [admin]
  robot[bot]:
    roles: [bot]
"""
