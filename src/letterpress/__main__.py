from letterpress.cli import main

main()
