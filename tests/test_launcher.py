"""The process launcher the tests, the consumers driver, the benchmarks and the noxfile share:
the ready line, its deadline, the output after it, and the stop of the whole process group."""

from __future__ import annotations

import re
import signal
import socket
import sys
from pathlib import Path

import pytest

from tests import launcher

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states")


def running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


# Prints a ready line, waits for SIGTERM, then prints a summary on each stream and exits 0.
SERVER = """
import signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
print("starting"); print("x ready: http://127.0.0.1:1/rest", flush=True)
signal.sigwait({signal.SIGTERM})
print("summary"); print("bye", file=sys.stderr)
"""


def test_the_ready_line_names_the_url_and_what_comes_after_it_is_kept() -> None:
    with launcher.launched(python(SERVER)) as server:
        assert server.url == "http://127.0.0.1:1/rest"
        finished = server.finish(signal.SIGTERM)
    assert finished == launcher.Finished(0, "summary\n", "bye\n")


def test_a_server_that_exits_before_its_ready_line_is_not_ready_with_its_output() -> None:
    code = "import sys; print('listening soon'); sys.exit('port taken')"
    with pytest.raises(launcher.NotReady) as caught, launcher.launched(python(code)):
        pytest.fail("the block must not run")
    message = str(caught.value)
    assert "exited with code 1" in message
    assert "listening soon" in message
    assert "port taken" in message


def test_a_server_that_never_says_ready_is_stopped_at_the_deadline() -> None:
    code = "import time; print('hello', flush=True); time.sleep(300)"
    refused = pytest.raises(launcher.NotReady, match="not ready in 1 s")
    with refused as caught, launcher.launched(python(code), start_seconds=1.0):
        pytest.fail("the block must not run")
    assert "hello" in str(caught.value)


def test_the_whole_group_stops_with_the_server() -> None:
    # Like `npx prism`: the process started runs the real server as its child.
    command = ["sh", "-c", 'sleep 300 & echo "ready: http://127.0.0.1:$!"; wait']
    with launcher.launched(command) as server:
        child = int(server.url.rsplit(":", 1)[1])
        assert running(child)
    assert not running(child)
    assert not launcher.group_alive(server.pid)


def test_a_ready_line_on_standard_error_is_found_when_the_streams_are_merged() -> None:
    code = "import sys, time; print('Prism is listening on http://127.0.0.1:2', file=sys.stderr);"
    code += " sys.stderr.flush(); time.sleep(300)"
    ready = re.compile(r"listening on (?P<url>http://\S+)")
    with launcher.launched(python(code), ready=ready, merge_stderr=True) as server:
        assert server.url == "http://127.0.0.1:2"


def test_a_chatty_server_never_blocks_and_only_the_last_lines_are_kept() -> None:
    lines = launcher.KEPT_LINES + 500
    code = SERVER.replace('print("summary")', f"[print(n) for n in range({lines})]")
    with launcher.launched(python(code)) as server:
        finished = server.finish(signal.SIGTERM)
    kept = finished.stdout.splitlines()
    assert len(kept) == launcher.KEPT_LINES
    assert kept[-1] == str(lines - 1)


def test_a_free_port_can_be_bound_on_loopback() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", launcher.free_port()))
