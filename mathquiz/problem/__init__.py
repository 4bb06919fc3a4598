"""Problem files to instances: the YAML format and its static checks, the cache and the bank,
drawing instances (re-drawing degenerate ones), the `where` conditions, grading one part.

May import `mathquiz.judging` and `mathquiz.expression` only (plus yaml, pydantic, sympy, numpy).
"""
