"""The expression tree: reading typed math (plain, Unicode, LaTeX) into it safely, with limits and a
scope, its shapes, and printing it back on one line.

Imports nothing else of mathquiz (only the standard library).
"""

import sys

# Walks over a tree recurse a few frames per level, and the parser bounds a tree's depth only by
# its node count (limits.MAX_NODES = 600: a 300-term sum, A followed by 599 transposes). The
# printers are iterative; evaluation, shapes and the SymPy conversion get the stack that bound needs.
sys.setrecursionlimit(max(sys.getrecursionlimit(), 600 * 10 + 1000))
