"""Reading and judging typed math: text -> tokens -> expression tree (with limits and scope),
shapes, exact and numeric evaluation, equivalence with a verdict, and printing the tree back.

Imports nothing else of mathquiz (only sympy, numpy, mpmath and the standard library).
"""
