"""``python -m eventcoder.cli``."""

from eventcoder.cli import main

main()
