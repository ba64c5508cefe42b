"""`establishment app` as a user starts it: a real process, its address read from what it prints,
the page fetched over HTTP, Ctrl-C (SIGINT) to stop it, and bad input refused before it listens."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT


def _start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": os.environ.get("TMPDIR", tempfile.gettempdir())}
    return subprocess.Popen(
        [sys.executable, "-m", "optimiser", "app", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _address(process: subprocess.Popen, seconds: float = 60) -> str:
    """The address the command prints when it listens."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        found = re.search(r"(http://\S+/)", line)
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise AssertionError(f"stopped with {process.returncode}: {process.stderr.read()}")
    raise AssertionError("no address printed")


def _temporary_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("establishment-app-*")}


def test_it_serves_the_page_prints_its_address_and_stops_on_ctrl_c():
    before = _temporary_folders()
    process = _start("examples/lcr-2010/board-options.yaml", "--no-browser", "--port", "0")
    try:
        address = _address(process)
        assert address.startswith("http://127.0.0.1:")
        assert len(_temporary_folders() - before) == 1
        with urllib.request.urlopen(address, timeout=30) as page:  # the start file's first option
            html = page.read().decode()
            assert "hold 450" in html and "Establishment by locality" in html
            assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert code == 130  # as the README and --help give Ctrl-C's exit code
    assert "Traceback" not in process.stderr.read()
    assert _temporary_folders() - before == set()  # uploads and derived files are gone


def test_another_host_warns_that_others_can_reach_the_page():
    process = _start("--no-browser", "--port", "0", "--host", "127.0.0.2")
    try:
        address = _address(process)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert address.startswith("http://127.0.0.2:")
    assert "others on the network can reach the page" in process.stderr.read()


def test_bad_input_is_refused_with_the_clis_message_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nmodel: nowhere.yaml\nlocalities: none.csv\n", encoding="utf-8")
    for args, words in (
        (["no-such-file.yaml"], "no-such-file.yaml"),
        ([str(bad)], "nowhere.yaml"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "optimiser", "app", *args, "--no-browser", "--port", "0"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("error:") and words in done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""


def test_plan_does_not_load_the_web_stack():
    """`app` imports its server lazily, so `plan` starts no slower."""
    code = (
        "import sys, optimiser.cli; "
        "print(any(m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2') for m in sys.modules))"
    )
    assert (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        == "False"
    )


def test_the_examples_in_its_help_start_the_page():
    """`establishment app --help` shows examples that run as printed (with --no-browser and a free
    port added here, so a test opens no browser and takes no fixed port)."""
    from tests.cli.test_help_examples import _help, examples

    shown = examples(_help("app"))
    assert shown
    for example in shown:
        words = shlex.split(example)
        assert words[:2] == ["establishment", "app"], example
        ports = ["--port", "0"] if "--port" not in words else []
        process = _start(*words[2:], "--no-browser", *ports)
        try:
            address = _address(process)
            with urllib.request.urlopen(address, timeout=30) as page:
                assert page.status == 200
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=30) == 130
        finally:
            if process.poll() is None:
                process.kill()


def test_a_port_in_use_is_bad_input():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = subprocess.run(
            [sys.executable, "-m", "optimiser", "app", "--no-browser", "--port", port],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert f"option --port: {port} on 127.0.0.1 cannot be used" in done.stderr
    assert "Traceback" not in done.stderr
