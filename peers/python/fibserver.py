"""fiblab's Python peer: `python3 fibserver.py MODE [flags]`; `--help` lists modes and flags."""

import sys

from fiblab_peer.cli import main

if __name__ == "__main__":
    sys.exit(main())
