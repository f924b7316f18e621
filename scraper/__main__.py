import sys

from scraper.cli.entry import main

if __name__ == "__main__":
    sys.exit(main())
