"""The PDF stage's own helpers (the sandbox and the built packs are tested in test_render and test_hostile)."""

import gc
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pikepdf
import pydyf
import pytest

from publisher.output import pdf as pdf_stage
from publisher.output.pdf import RenderError, remember_page_references, write_pdf


def pydyf_original() -> property:
    current = pydyf.PDF.__dict__["page_references"]
    return getattr(current.fget, "original", current)


def test_remembered_page_references_follow_added_pages():
    remember_page_references()
    assert pydyf.PDF.__dict__["page_references"] is not pydyf_original()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert first == pydyf_original().fget(pdf) and pdf.page_references is first  # built once, then kept
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == pydyf_original().fget(pdf) and len(pdf.page_references) == 4


def test_remembered_page_references_leave_the_pdf_byte_identical(tmp_path, monkeypatch):
    rows = "".join(f"<tr><th>R{n}</th><td>{n}</td></tr>" for n in range(200))
    html = f"<html lang='en'><title>t</title><table>{rows}</table></html>"
    remember_page_references()
    remembered = write_pdf(html, tmp_path, [tmp_path], "pdf/ua-1")
    monkeypatch.setattr(pydyf.PDF, "page_references", pydyf_original())
    monkeypatch.setattr(pdf_stage, "remember_page_references", lambda: None)
    time.sleep(1.1)  # a timestamp in the PDF would show as a difference
    plain = write_pdf(html, tmp_path, [tmp_path], "pdf/ua-1")
    assert pydyf.PDF.__dict__["page_references"] is pydyf_original()
    assert plain == remembered


def test_collector_settings_are_restored_after_a_failed_layout(tmp_path):
    before = gc.get_threshold()
    with pytest.raises(RenderError):
        write_pdf('<img src="http://169.254.169.254/x.png">', tmp_path, [tmp_path], None)
    assert gc.get_threshold() == before
    with pdf_stage.fewer_collections():
        assert gc.get_threshold() != before
    assert gc.get_threshold() == before


def test_nesting_depth_counts_open_elements_not_void_ones():
    assert pdf_stage._depth("<p>a<br>b<img src=x><span>c</span></p>") == 2
    assert pdf_stage._depth("<div>" * 201 + "</div>" * 201) == 201 > pdf_stage.MAX_DEPTH
    with pytest.raises(RenderError, match="nested too deeply"):
        write_pdf("<div>" * 201 + "x" + "</div>" * 201, Path("."), [Path(".")], None)


def structure(element: pikepdf.Object):
    """Every structure element under ``element``, depth first (marked-content numbers left out)."""
    yield element
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from structure(kid)


def test_the_tagged_pdf_scopes_headers_pairs_the_cover_and_leaves_the_watermark_out(demo_packs):
    _, built = demo_packs
    _, result = built["corporate-parenting-board"]  # a draft, with the DRAFT mark on every page
    with pikepdf.open(result.pdf) as pdf:
        document = pdf.Root.StructTreeRoot.K
        document = document if isinstance(document, pikepdf.Dictionary) else document[0]
        elements = list(structure(document))
        headers = [e for e in elements if e.S == "/TH"]
        assert len(headers) > 100 and {str(h.A.get("/Scope")) for h in headers} == {"/Column", "/Row"}
        # nothing but the pack's content (main, one Part a page): the mark was a Div read before it on every page
        assert {str(kid.S) for kid in document.K} == {"/Part"}
        cover = next(e for e in elements if e.S == "/Table")
        rows = [e for e in structure(cover) if e.S == "/TR"]
        assert len(rows) == 6 and all([str(c.S) for c in row.K] == ["/TH", "/TD"] for row in rows)
        assert all(str(row.K[0].A.Scope) == "/Row" for row in rows)
        assert sum(e.S == "/Link" for e in elements) >= 16 + 8 + 40  # the summary's entries, and each row's way back


BESIDE = """\
import logging, sys
from pathlib import Path
from publisher.output.pdf import RenderError, layout_beside, write_pdf
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
logging.getLogger("weasyprint").setLevel(logging.WARNING)
folder = Path(sys.argv[1])
with layout_beside():
    pdf = write_pdf(sys.stdin.read(), folder, [folder], "pdf/ua-1")
    try:
        write_pdf('<img src="file:///etc/hostname">', folder, [folder], None)
    except RenderError as exc:
        print("refused:", exc, file=sys.stderr)
    assert "weasyprint" not in sys.modules  # laid out by the second process, never here
sys.stdout.buffer.write(pdf)
"""


def test_a_pdf_laid_out_beside_is_the_same_and_says_what_it_would_say_here(tmp_path):
    """A process that has not imported WeasyPrint lays out in a second one: the same bytes as here, the same
    refusal, and the second process's log as this one is configured (WeasyPrint's warnings, not its steps)."""
    (tmp_path / "table.css").write_text("th { colour: #123456 }")  # WeasyPrint warns: an unknown property
    rows = "".join(f"<tr><th scope='row'>R{n}</th><td>{n}</td></tr>" for n in range(60))
    html = f"<html lang='en'><title>t</title><link rel=stylesheet href=table.css><table>{rows}</table></html>"
    done = subprocess.run([sys.executable, "-c", BESIDE, str(tmp_path)], input=html.encode(), capture_output=True,
                          check=True)  # fmt: skip
    err = done.stderr.decode()
    assert "refused: refused to fetch file:///etc/hostname" in err
    assert "INFO publisher.output.pdf: pdf: laying out (pdf/ua-1)" in err  # this process's own
    assert "WARNING weasyprint: Ignored `colour: #123456 `" in err  # the second process's, replayed here
    assert "weasyprint.progress" not in err  # its steps are INFO, which this process does not show
    assert done.stdout == write_pdf(html, tmp_path, [tmp_path], "pdf/ua-1")


HEAD = "import os, signal, sys, time\nfrom pathlib import Path\nfrom publisher.output import pdf\n"


def beside(script: str, *args: str, **options) -> subprocess.Popen:
    """``script`` in a process of its own, where WeasyPrint is not imported (so layout_beside starts one)."""
    return subprocess.Popen([sys.executable, "-c", HEAD + textwrap.dedent(script), *args], **options)


def test_a_second_process_that_has_ended_leaves_the_pdf_to_this_one(tmp_path):
    process = beside("""
        print("the script runs once")  # the second process never runs the command's main module
        with pdf.layout_beside():
            beside = pdf._BESIDE[os.getpid()]
            beside.process.kill()
            beside.process.wait()
            sys.stdout.buffer.write(pdf.write_pdf("<p lang=en>x</p>", Path(sys.argv[1]), [], None))
            assert "weasyprint" in sys.modules  # laid out here
    """, str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    assert out.count(b"the script runs once") == 1
    assert out.split(b"\n", 1)[1] == write_pdf("<p lang=en>x</p>", tmp_path, [], None)


def test_the_second_process_ends_when_the_command_is_killed_mid_layout():
    process = beside("""
        import threading
        with pdf.layout_beside():
            print(pdf._BESIDE[os.getpid()].process.pid, flush=True)
            long = "<table>" + "<tr><td>x</td></tr>" * 20_000 + "</table>"  # a minute's layout
            threading.Thread(target=pdf.write_pdf, args=(long, Path("."), [], None), daemon=True).start()
            time.sleep(3)
            os.kill(os.getpid(), signal.SIGKILL)
    """, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # a pipe it shared would be read until it ended
    assert process.stdout is not None
    status = Path(f"/proc/{int(process.stdout.readline())}/status")
    assert process.wait(timeout=120) == -signal.SIGKILL
    for _ in range(100):  # it looks for its parent twice a second
        if not status.exists() or "State:\tZ" in status.read_text():
            return
        time.sleep(0.1)
    raise AssertionError("the second process outlived the command")


def test_ctrl_c_at_a_terminal_is_the_commands_alone():
    """A terminal's Ctrl-C reaches the foreground process group; the second process is not in it, so it goes on
    (and prints no traceback) until the command ends it, however early the interrupt comes."""
    script = """
        with pdf.layout_beside():
            try:
                print("started", flush=True)
                time.sleep(30)
            except KeyboardInterrupt:
                time.sleep(1)  # time for a second process that had the interrupt too to end, and say so
                print("interrupted;", pdf._BESIDE[os.getpid()].process.poll(), file=sys.stderr)
    """
    process = beside(script, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    assert process.stdout is not None and process.stdout.readline() == b"started\n"
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert err == b"interrupted; None\n"


class Unpicklable(Exception):
    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}")


def test_an_error_that_cannot_be_sent_back_is_sent_as_its_text():
    refusal = RenderError("refused to fetch file:///etc/hostname")
    assert pdf_stage._sendable(refusal) is refusal
    sent = pdf_stage._sendable(Unpicklable("page 3", "bad image"))
    assert type(sent) is RuntimeError and str(sent) == "Unpicklable: page 3: bad image"
    assert "in the process laying out the PDF" in sent.__notes__[0]
    kept = pdf_stage._sendable(ValueError("no such font"))
    assert type(kept) is ValueError and str(kept) == "no such font" and kept.__notes__
