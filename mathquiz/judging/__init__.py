"""Judging an expression tree: exact and numeric evaluation, SymPy, equivalence with a verdict and
what comparisons remember, tidy exact values, 2-D printing, and the `compare` contract.

May import `mathquiz.expression` only (plus sympy, numpy, mpmath); never a later stage.
"""
