"""Run the command with a real pseudo-terminal of a given width as its stdout or stderr, as a
person at a terminal runs it (not a test helper: no assertions)."""

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time

from tests.conftest import ROOT

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]")


def run_in_terminal(
    args: list[str], columns: int, stream: str = "stdout", env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Exit code, what reached the terminal (escapes stripped) and the other stream's text.
    `stream` is the one the terminal is ("stdout" or "stderr"); COLUMNS and LINES are unset."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    environ.update({"TERM": "xterm-256color", **(env or {})})
    with tempfile.TemporaryFile() as other:
        terminal_out = stream == "stdout"
        streams = {"stdout": slave if terminal_out else other, "stderr": other if terminal_out else slave}
        proc = subprocess.Popen(
            [sys.executable, "-m", "optimiser", *args],
            **streams,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env=environ,
        )
        os.close(slave)
        chunks = []
        deadline = time.monotonic() + 180
        try:
            while time.monotonic() < deadline:
                ready, _, _ = select.select([master], [], [], 1)
                if not ready:
                    if proc.poll() is not None:
                        break
                    continue
                try:
                    data = os.read(master, 65536)
                except OSError:  # Linux: EIO once the child has closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
        finally:
            os.close(master)
        code = proc.wait(timeout=60)
        other.seek(0)
        rest = other.read().decode()
    return code, ANSI.sub("", b"".join(chunks).decode().replace("\r\n", "\n")), rest
