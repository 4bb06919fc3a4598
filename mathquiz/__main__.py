"""`python -m mathquiz`: a Ctrl-C while mathquiz's own modules load ends quietly too (exit 130)."""

try:
    from mathquiz.cli.main import main

    main()  # never returns: it exits with the command's code
except KeyboardInterrupt:  # before main() has its handlers: nothing has started, nothing is lost
    import os
    import sys

    sys.stderr.write("\ninterrupted\n")
    os._exit(130)
