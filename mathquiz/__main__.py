from mathquiz.cli.main import main

main()
