"""What is claimed about one instance, checked: claims (exactly with SymPy, or numerically), keys
against the statement, expectations and Monte-Carlo, and the checked steps of worked solutions.

May import `mathquiz.problem`, `mathquiz.judging` and `mathquiz.expression` only.
"""
