"""The Typer commands, thin: arguments in, one core call, the result to `mathquiz.render`.

May import everything else, lazily inside commands, so `--help` and `list` start without the CAS.
The entry point is `mathquiz.cli.main:main`.
"""
