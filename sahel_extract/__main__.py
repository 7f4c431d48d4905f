from sahel_extract.cli import main

main()
