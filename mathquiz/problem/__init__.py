"""Problem files to instances: the YAML format and its static checks, the cache and the bank,
drawing instances, grading one part, worked solutions and their checks, validate, study sheets.

May import `mathquiz.answer` only (plus yaml, pydantic, sympy, numpy); never study, render or cli.
"""
