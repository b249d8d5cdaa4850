"""Headless Chromium for the tests, driven over the DevTools protocol on a pipe (no browser download, no
WebDriver, no port): Debian's ``chromium`` reads commands on file descriptor 3 and answers on 4, each message
JSON ended by a NUL byte.

It is a test helper, not part of the package: the pack never needs a browser to be built.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Where `make test` puts axe-core (npm, at set-up); PUBLISHER_AXE_JS names another copy.
AXE_JS = Path(__file__).resolve().parents[2] / ".venv" / "axe-core" / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT = 120  # seconds for any one answer: a big pack's axe run takes a few on a shared machine

# Every element's box and every line of text (text running out of a cell that is narrower than a word): none may
# end past the right edge of the screen.
OVERFLOW_JS = """(() => {
  const width = document.documentElement.clientWidth;
  const over = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 0.5) {
      over.push(`${element.tagName.toLowerCase()}.${element.className} right=${Math.round(box.right)}`);
    }
  }
  const text = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (text.nextNode()) {
    range.selectNodeContents(text.currentNode);
    if ([...range.getClientRects()].some(line => line.right > width + 0.5)) {
      over.push(`text "${text.currentNode.textContent.trim().slice(0, 30)}" in .${text.currentNode.parentElement.className}`);
    }
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, over: over.slice(0, 20), count: over.length};
})()"""

AXE_RUN_JS = """axe.run(document, {resultTypes: ['violations']}).then(result => result.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)})))"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def axe_source() -> Path | None:
    path = Path(os.environ.get("PUBLISHER_AXE_JS", AXE_JS))
    return path if path.is_file() else None


class BrowserError(RuntimeError):
    pass


@dataclass
class Browser:
    """One headless Chromium with one page; ``open`` loads a file at a given viewport width."""

    executable: str
    process: subprocess.Popen[bytes] = field(init=False)
    _next_id: int = field(default=0, init=False)
    _buffer: bytes = field(default=b"", init=False)

    def __post_init__(self) -> None:
        self._profile = tempfile.TemporaryDirectory(prefix="publisher-chromium-")
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()

        def wire() -> None:  # in the child: fd 3 reads our commands, fd 4 writes its answers
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_read, answers_write)]  # never 3 or 4
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen(
            [self.executable, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
             f"--user-data-dir={self._profile.name}", "about:blank"],
            pass_fds=(3, 4, commands_read, answers_write), preexec_fn=wire,  # 3, 4: kept after wire()
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(commands_read)
        os.close(answers_write)
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=self.session)

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events that arrive meanwhile are dropped)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def _read(self) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], TIMEOUT)
            chunk = os.read(self._answers, 1 << 20) if ready else b""
            if not chunk:
                raise BrowserError("chromium stopped answering")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, path: Path, width: int, height: int = 844) -> None:
        """Load ``path`` in a viewport ``width`` CSS pixels wide (a phone's when narrow), and wait for it."""
        self.call("Emulation.setDeviceMetricsOverride", session=self.session, width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 768)  # fmt: skip
        self.call("Page.navigate", session=self.session, url=path.resolve().as_uri())
        self.evaluate("new Promise(done => document.readyState === 'complete' ? done() : "
                      "addEventListener('load', () => done()))")  # fmt: skip

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", session=self.session, expression=expression, awaitPromise=True,
                           returnByValue=True)  # fmt: skip
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def overflow(self) -> dict[str, Any]:
        return self.evaluate(OVERFLOW_JS)

    def axe(self, source: Path) -> list[dict[str, Any]]:
        """axe-core's violations on the page as loaded (every rule axe runs by default)."""
        if not self.evaluate("typeof axe !== 'undefined'"):
            self.evaluate(source.read_text(encoding="utf-8"))
        return self.evaluate(AXE_RUN_JS)

    def screenshot(self, path: Path, height: int | None = None) -> Path:
        """The whole page (or its first ``height`` pixels) as a PNG."""
        size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        clip = {"x": 0, "y": 0, "width": size[0], "height": min(size[1], height or size[1]), "scale": 1}
        shot = self.call("Page.captureScreenshot", session=self.session, format="png", clip=clip,
                         captureBeyondViewport=True)  # fmt: skip
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._commands, self._answers):
            os.close(fd)
        self._profile.cleanup()
