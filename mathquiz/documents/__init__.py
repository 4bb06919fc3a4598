"""Documents made from instances: study sheets (text, Markdown, LaTeX, JSON), exam papers and their
keys, 2-D blocks in texts, and the TeX Unicode table.

May import `mathquiz.proof` and the stages below it; never validation, study, render or cli.
"""
