"""Allow `python -m optimiser` as well as the `establishment` console command."""

from optimiser.cli import main

if __name__ == "__main__":
    main()
