import sys

from reader.cli import main

# Guarded: the library's worker process (multiprocessing's spawn) imports
# the main module of the reader again, and must not start another reader.
if __name__ == "__main__":
    sys.exit(main())
