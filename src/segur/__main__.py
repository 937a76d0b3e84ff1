"""`python -m segur` runs the command line."""

from segur.cli import run

if __name__ == "__main__":
    run()
