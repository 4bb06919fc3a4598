from mathquiz.cli import main

main()
