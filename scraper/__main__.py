import sys

from scraper.cli.main import main

sys.exit(main())
