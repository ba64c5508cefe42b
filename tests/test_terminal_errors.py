"""Messages on a terminal wrap between words at its width; redirected, each stays one line."""

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
ARGS = ["compare", "examples/lcr-2010/board-options.yaml", "--cap", "350", "--format", "json"]


def _stderr_on_terminal(columns: int) -> tuple[int, str]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | {"TERM": "xterm"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "optimiser", *ARGS],
        stdout=subprocess.DEVNULL,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=120), ANSI.sub("", b"".join(chunks).decode().replace("\r\n", "\n"))


def test_an_infeasible_message_wraps_between_words_at_80_columns() -> None:
    code, shown = _stderr_on_terminal(80)
    piped = subprocess.run(
        [sys.executable, "-m", "optimiser", *ARGS], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert code == piped.returncode == 3
    lines = [line for line in shown.splitlines() if line.strip()]
    assert len(lines) > 1 and all(len(line) <= 80 for line in lines)
    # the same words, none split across lines: only the breaks differ from the one redirected line
    (message,) = [line for line in piped.stderr.splitlines() if line.strip()]
    assert " ".join(line.strip() for line in lines) == " ".join(message.split())
