"""The what-if page in a real browser: Debian's chromium, headless, driven by Playwright (which is
launched with that executable: nothing downloads a browser). A service lead's session: move the cap
and the budget, keep two options, download the board pack, open the link elsewhere, upload a bad
workbook, use the keyboard alone; axe-core finds no WCAG 2.2 AA violation; screenshots at a laptop's
and a phone's size; the time from a control moving to the new table being painted is printed."""

from __future__ import annotations

import io
import os
import shutil
import statistics
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest
import uvicorn

from optimiser.app.routes import create_app
from optimiser.app.server import config_for
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""As /work/.library/env/machines/python.md gives them: without the networking flags chromium
tries other sites, which this machine refuses."""
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(os.environ.get("APP_SCREENSHOTS", tempfile.gettempdir())) / "app-screenshots"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=".ci/run installs Debian's chromium")


@pytest.fixture(scope="module")
def server():
    """The page for the board's options file, served by uvicorn on a free port of 127.0.0.1."""
    before = Path.cwd()
    os.chdir(ROOT)
    work = Path(tempfile.mkdtemp(prefix="app-browser-"))
    try:
        app = create_app(config_for(Path("examples/lcr-2010/board-options.yaml"), work))
        running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        thread = threading.Thread(target=running.run, daemon=True)
        thread.start()
        while not running.started:
            time.sleep(0.02)
        port = running.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
        running.should_exit = True
        thread.join(10)
    finally:
        os.chdir(before)
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: errors.append(str(e)))
    opened.console_errors = errors
    yield opened
    context.close()
    assert errors == [], errors  # no script error, no request the CSP refused


def _cell(page, locality: str, header_starts: str) -> str:
    headers = page.locator("#establishment thead th").all_inner_texts()
    column = next(i for i, h in enumerate(headers) if h.startswith(header_starts))
    row = page.locator("#establishment tbody tr", has=page.locator(f"th:text-is('{locality}')"))
    return row.locator("th, td").nth(column).inner_text()


def _bar(page, chart: str, who: str) -> str:
    """The figure a chart's bar gives on hover (its <title>), e.g. "CHW, this plan" -> "20.7"."""
    title = page.locator(f"svg[aria-labelledby^='{chart}-t'] rect > title", has_text=f"{who}: ")
    return title.text_content().split(": ", 1)[1]


def _settled(page, paints_before: int) -> float:
    """Wait for the next painted update; its time from the control moving, in milliseconds
    (`_sent_to_painted` has the time from the request being sent)."""
    deadline = time.monotonic() + 30
    while _paints(page) <= paints_before:  # polled from here: the page's CSP forbids eval (wait_for_function)
        assert time.monotonic() < deadline, "the table was not updated"
        page.wait_for_timeout(10)
    return float(page.evaluate("document.body.dataset.paintMs"))


def _sent_to_painted(page) -> float:
    return float(page.evaluate("document.body.dataset.requestPaintMs"))


def _paints(page) -> int:
    return int(page.evaluate("Number(document.body.dataset.paints ?? 0)"))


def _open_option_b(page, server: str) -> None:
    page.goto(server + "/")
    page.select_option("#s", label="B: cap 400")
    page.click("text=Open this scenario")
    _ready(page)


def _ready(page) -> None:
    """Wait until htmx listens to the form (a control moved before then would send nothing)."""
    page.wait_for_load_state("load")
    deadline = time.monotonic() + 30
    while page.evaluate("document.body.dataset.ready") != "1":
        assert time.monotonic() < deadline, "the page never became ready"
        page.wait_for_timeout(10)


def test_moving_the_cap_changes_every_locality_and_the_cost_at_once(page, server, capsys):
    _open_option_b(page, server)
    assert _cell(page, "CHW", "Establishment") == f"{7240 / 400:.1f}"
    timings, sent = [], []
    for cap in (390, 380, 370, 360, 350):
        before = _paints(page)
        page.fill("#cap", str(cap))
        timings.append(_settled(page, before))
        sent.append(_sent_to_painted(page))
        for name, caseload in {"CHW": 7240, "NWL": 5133, "HB": 5323, "MR": 5159, "SLH": 10362}.items():
            assert _cell(page, name, "Establishment") == f"{caseload / cap:.1f}"
            assert _bar(page, "chart-wte", f"{name}, this plan") == f"{caseload / cap:.1f}"
            assert _bar(page, "chart-load", f"{name}, this plan") == f"{cap}"
    assert _cell(page, "Total", "Cost of") == f"+£{(33217 / 350 - 75.17) * 38323:,.0f}"
    assert "cap=350" in page.url
    with capsys.disabled():
        print(
            f"\nbrowser, input to painted table (LCR 2010, 5 localities): median "
            f"{statistics.median(timings):.0f} ms, worst {max(timings):.0f} ms of {len(timings)} "
            "(with htmx's 200 ms wait for typing to stop); request sent to painted table: median "
            f"{statistics.median(sent):.0f} ms, worst {max(sent):.0f} ms"
        )


def test_the_slider_moves_the_cap_too(page, server):
    _open_option_b(page, server)
    before = _paints(page)
    page.locator("#cap-slider").fill("300")
    _settled(page, before)
    assert page.input_value("#cap") == "300"
    assert _cell(page, "SLH", "Establishment") == f"{10362 / 300:.1f}"


def test_a_budget_too_small_buys_the_best_cap_and_least_cost_says_it_cannot(page, server):
    """No objective named: the budget asks for the best cap it buys; least cost chosen is strict."""
    _open_option_b(page, server)
    page.select_option("#budget_unit", "pounds")
    before = _paints(page)
    page.fill("#budget", "3000000")
    _settled(page, before)
    assert "The budget of £3,000,000 a year cannot hold the cap" in page.inner_text("#headline")
    before = _paints(page)
    page.check("#objective-min-cost")
    _settled(page, before)
    assert "No plan meets these figures" in page.inner_text("#results")
    assert "£182,438 short" in page.inner_text("#results")


def test_a_budget_typed_as_8_is_asked_about_and_planned_once_meant(page, server):
    """A slip typed (8 pounds, when 8% was meant) is a question in the page's words; the page's
    answer plans it, and the answer holds while the figures stay as confirmed."""
    _open_option_b(page, server)
    page.select_option("#budget_unit", "pounds")
    before = _paints(page)
    page.fill("#budget", "8")
    _settled(page, before)
    asked = page.inner_text("#results")
    assert "Did you mean a change of 8% or -8% from today's cost?" in asked and "--yes" not in asked
    page.click("#meant")
    _ready(page)
    assert "The budget of £8 a year cannot hold the cap" in page.inner_text("#headline")
    before = _paints(page)
    page.fill("#cap", "390")
    _settled(page, before)
    assert "A budget of £8 a year" in page.inner_text("#results")  # other figures: asked again


def test_two_options_kept_side_by_side_the_pack_downloaded_and_the_link_shared(page, server, browser):
    _open_option_b(page, server)
    before = _paints(page)
    page.click("#pin")
    _settled(page, before)
    before = _paints(page)
    page.fill("#cap", "350")
    _settled(page, before)
    before = _paints(page)
    page.click("#pin")
    _settled(page, before)
    compared = page.locator("#comparison").inner_text()
    assert "Option A" in compared and "Option B" in compared
    assert f"{33217 / 400:.1f}" in compared and f"{33217 / 350:.1f}" in compared
    assert page.url.count("pin=") == 2
    with page.expect_download() as download:
        page.click("#pack-link")
    pack = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert {"report.docx", "report.html", "report.md", "report.xlsx"} <= set(pack.namelist())
    assert f"{33217 / 350:.1f}" in pack.read("report.md").decode()
    link = page.get_attribute("#share-link", "href")
    elsewhere = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    elsewhere.goto(server + link)
    assert elsewhere.locator("#comparison").inner_text() == compared
    assert elsewhere.input_value("#cap") == "350"
    elsewhere.context.close()


def test_a_bad_workbook_gets_the_clis_message_beside_the_field(page, server, tmp_path):
    bad = tmp_path / "localities.xlsx"
    bad.write_bytes(b"not a workbook at all")
    page.goto(server + "/start")
    page.set_input_files("#workbook", str(bad))
    page.select_option("#model", "health-visiting-count")
    page.click("text=Plan this workbook")
    message = page.locator("#workbook-error").inner_text()
    page.console_errors.remove(
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    )
    assert "localities.xlsx" in message and "not an Excel workbook" in message
    assert page.locator("#workbook").get_attribute("aria-describedby") == "workbook-error"


def test_axe_finds_no_wcag_22_aa_violation_beside_an_upload_error(page, server, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    bad = tmp_path / "localities.xlsx"
    bad.write_bytes(b"not a workbook at all")
    page.goto(server + "/start")
    page.set_input_files("#workbook", str(bad))
    page.select_option("#model", "health-visiting-count")
    page.click("text=Plan this workbook")
    page.wait_for_load_state("networkidle")
    page.console_errors.clear()  # the page's 400 status, which the browser logs
    assert page.locator("#workbook-error").is_visible()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def test_the_keyboard_alone_moves_the_cap_and_keeps_an_option(page, server):
    _open_option_b(page, server)
    page.locator("#controls").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "cap":
            break
    assert page.evaluate("document.activeElement.id") == "cap"
    before = _paints(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("360")
    _settled(page, before)
    assert _cell(page, "MR", "Establishment") == f"{5159 / 360:.1f}"
    while page.evaluate("document.activeElement.id") != "pin":
        page.keyboard.press("Tab")
    before = _paints(page)
    page.keyboard.press("Enter")
    _settled(page, before)
    assert "Option A" in page.locator(".app-pins").inner_text()


@pytest.mark.parametrize(
    "path",
    [
        "/start",
        "/plan?s=examples/lcr-2010/appendix3.yaml&cap=350&pin=s:examples/lcr-2010/appendix3.yaml"
        "&pin=s:examples/lcr-2010/appendix3.yaml;cap:350",
        "/plan?s=examples/lcr-2010/appendix3.yaml&cap=abc&budget=2&budget_unit=pounds",
        "/plan?s=examples/lcr-2010/appendix3-90-percent.yaml",
        "/plan?s=examples/england/cap-400-imd2025.yaml",
        "/plan?s=examples/england/cap-400-imd2025.yaml&measure=load&cap=350",
    ],
)
def test_axe_finds_no_wcag_22_aa_violation(page, server, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


CLIPPED = """() => {
  const cut = [];
  for (const table of document.querySelectorAll('table.app-table')) {
    const region = table.closest('.app-scroll').getBoundingClientRect();
    for (const cell of table.querySelectorAll('tr > :first-child')) {
      const box = cell.getBoundingClientRect();
      if (box.left < region.left - 0.5 || cell.scrollWidth > cell.clientWidth) cut.push(cell.innerText);
    }
  }
  for (const svg of document.querySelectorAll('svg.app-chart')) {
    const width = svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      const box = text.getBBox();
      if (box.x < -0.5 || box.x + box.width > width + 0.5) cut.push(text.textContent);
    }
  }
  const scroll = document.querySelector('#establishment').closest('.app-scroll');
  return {cut, wider: scroll.scrollWidth - scroll.clientWidth};
}"""
"""Every table's first column and every chart's words, cut off at an edge; and how much wider than its
region the establishment table is."""


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_no_locality_name_or_chart_label_is_cut_off(browser, server, width, height):
    """The first column starts inside its region (once the "L" of Locality and each name's first
    letter were cut off at 1280x800), and at a laptop's width the table needs no sideways scroll."""
    context = browser.new_context(viewport={"width": width, "height": height})
    shown = context.new_page()
    shown.goto(
        server + "/plan?s=examples/lcr-2010/appendix3.yaml&cap=350"
        "&pin=s:examples/lcr-2010/appendix3.yaml&pin=s:examples/lcr-2010/appendix3.yaml;cap:350"
    )
    found = shown.evaluate(CLIPPED)
    context.close()
    assert found["cut"] == []
    if width >= 1280:
        assert found["wider"] <= 0


def test_screenshots_at_a_laptops_and_a_phones_size(browser, server):
    """Saved for a person to look at (and the README's two pictures): APP_SCREENSHOTS sets where."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    link = (
        "/plan?s=examples/lcr-2010/appendix3.yaml&cap=350"
        "&pin=s:examples/lcr-2010/appendix3.yaml&pin=s:examples/lcr-2010/appendix3.yaml;cap:350"
    )
    for width, height, path in (
        (1280, 800, link),
        (390, 844, link),
        (1280, 800, "/plan?s=examples/england/cap-400-imd2025.yaml"),
    ):
        context = browser.new_context(viewport={"width": width, "height": height})
        shown = context.new_page()
        shown.goto(server + path)
        shown.wait_for_load_state("networkidle")
        name = f"app-{'england' if 'england' in path else 'lcr'}-{width}x{height}.png"
        shown.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        shown.screenshot(path=str(SCREENSHOTS / name.replace(".png", "-window.png")))
        overflow = shown.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        context.close()
        assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
        assert (SCREENSHOTS / name).stat().st_size > 10_000
