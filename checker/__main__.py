"""``python -m checker`` runs the same command as ``sakip-check``."""

from checker.cli.main import main

if __name__ == "__main__":
    main()
