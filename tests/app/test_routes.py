"""The what-if page through Starlette's test client: every route, the figures it shows against an
independent calculation, the state in the address, and every error."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.app.helpers import APPENDIX3, BOARD, by_name, client, table_rows

# Table 1 of the LCR paper (the seed): weighted caseload and WTE in post per locality.
CASELOAD = {"CHW": 7240, "NWL": 5133, "HB": 5323, "MR": 5159, "SLH": 10362}
IN_POST = {"CHW": 14.86, "NWL": 12.00, "HB": 12.98, "MR": 9.81, "SLH": 25.52}
COST = 38323


def _column(row: dict[str, str], starts: str) -> str:
    (key,) = [k for k in row if k.startswith(starts)]
    return row[key]


def test_start_page_lists_the_shipped_examples_and_the_upload(tmp_path):
    with client(tmp_path) as c:
        page = c.get("/")
    assert page.status_code == 200
    assert 'href="/plan?s=examples/lcr-2010/appendix3.yaml"' in page.text
    assert 'href="/plan?s=examples/lcr-2010/board-options.yaml"' in page.text
    assert "three-years.yaml" not in page.text  # a horizon scenario is for `establishment years`
    assert 'name="workbook"' in page.text and 'name="model"' in page.text


def test_every_response_forbids_other_origins_and_inline_script(tmp_path):
    with client(tmp_path) as c:
        for path in ("/", f"/plan?s={APPENDIX3}", "/static/app/app.js", "/nowhere"):
            csp = c.get(path).headers["content-security-policy"]
            assert "default-src 'self'" in csp and "script-src 'self'" in csp
            assert "unsafe-inline" not in csp and "http" not in csp


def test_every_asset_the_page_names_is_served_by_the_page_itself(tmp_path):
    """No script, style, icon or image comes from another site (NHS networks, offline laptops)."""
    with client(tmp_path) as c:
        page = c.get(f"/plan?s={APPENDIX3}").text
        named = re.findall(r'(?:src|href)="([^"]+)"', page)
        assets = [n for n in named if n.startswith("/static/") or "://" in n or n.startswith("//")]
        assert assets, "the page names no asset"
        assert all(a.startswith("/static/") for a in assets), assets
        for asset in assets:
            assert c.get(asset).status_code == 200, asset
        css = c.get("/static/vendor/nhsuk-frontend/nhsuk-frontend.min.css").text
        for url in re.findall(r"url\(([^)]+)\)", css):
            assert url.startswith("/static/") or url.startswith("data:"), url
            if url.startswith("/static/"):
                assert c.get(url).status_code == 200, url
        assert "<script>" not in page and " on" + "click=" not in page


def test_an_options_file_opens_on_its_first_option_with_every_option_to_choose(tmp_path):
    with client(tmp_path, BOARD) as c:
        first = c.get("/", follow_redirects=False)
        assert first.status_code == 303
        assert first.headers["location"] == "/plan?s=examples/lcr-2010/metric-450.yaml"
        page = c.get(first.headers["location"]).text
    for label in ("A: hold 450", "B: cap 400", "C: cap 250"):
        assert label in page


def test_the_table_is_each_locality_at_its_caseload_over_the_cap(tmp_path):
    """min-cost with one grade and no bounds plans x = W / C (DESIGN.md): computed here."""
    with client(tmp_path) as c:
        page = c.get(f"/plan?s={APPENDIX3}&cap=350").text
    rows = by_name(table_rows(page, "establishment"))
    for name, caseload in CASELOAD.items():
        wte = caseload / 350
        assert _column(rows[name], "Establishment") == f"{wte:.1f}"
        assert _column(rows[name], "Change") == f"{wte - IN_POST[name]:+.1f}"
        assert _column(rows[name], "Cost of") == f"+£{(wte - IN_POST[name]) * COST:,.0f}"
    total = sum(CASELOAD.values()) / 350
    assert _column(rows["Total"], "Establishment") == f"{total:.1f}"
    assert f"needs an establishment of {total:.1f} WTE" in page


def test_an_htmx_request_gets_the_results_only_and_the_address_to_show(tmp_path):
    with client(tmp_path) as c:
        answer = c.get(f"/plan?s={APPENDIX3}&cap=350&cost=40000", headers={"HX-Request": "true"})
    assert answer.text.lstrip().startswith('<div id="results"')
    assert "<html" not in answer.text
    pushed = answer.headers["HX-Push-Url"]
    assert parse_qs(urlsplit(pushed).query) == {"s": [APPENDIX3], "cap": ["350"], "cost": ["40000"]}
    assert f"{sum(CASELOAD.values()) / 350 * 40000:,.0f}" in answer.text


def test_keeping_options_puts_them_in_the_address_and_side_by_side(tmp_path):
    with client(tmp_path) as c:
        first = c.get(f"/plan?s={APPENDIX3}&action=pin", headers={"HX-Request": "true"})
        address = first.headers["HX-Push-Url"]
        second = c.get(address + "&cap=350&action=pin", headers={"HX-Request": "true"})
        address = second.headers["HX-Push-Url"]
        assert "action" not in address
        assert parse_qs(urlsplit(address).query)["pin"] == [f"s:{APPENDIX3}", f"s:{APPENDIX3};cap:350"]
        compared = table_rows(second.text, "comparison")
        assert compared[0][1:] == ["Today (in post), against cap 400", "Option A", "Option B"]
        measures = {r[0]: r[1:] for r in compared[1:]}
        total = next(v for k, v in measures.items() if k.startswith("Total establishment"))
        assert total == [
            "75.17",
            f"{sum(CASELOAD.values()) / 400:.1f}",
            f"{sum(CASELOAD.values()) / 350:.1f}",
        ]
        removed = c.get(address + "&action=unpin:0", headers={"HX-Request": "true"})
        assert parse_qs(urlsplit(removed.headers["HX-Push-Url"]).query)["pin"] == [f"s:{APPENDIX3};cap:350"]


def test_a_shared_link_reproduces_the_view(tmp_path):
    """The address alone (another browser, no session) gives the same figures and options."""
    link = f"/plan?s={APPENDIX3}&cap=350&pin=s:{APPENDIX3}&pin=s:{APPENDIX3};cap:350"
    with client(tmp_path) as c:
        shared = c.get(link).text
    with client(tmp_path / "other") as c:
        again = c.get(link).text
    assert table_rows(shared, "comparison") == table_rows(again, "comparison")
    assert table_rows(shared, "establishment") == table_rows(again, "establishment")
    assert 'value="350"' in shared


def test_a_button_without_javascript_redirects_to_the_address_of_the_new_state(tmp_path):
    with client(tmp_path) as c:
        answer = c.get(f"/plan?s={APPENDIX3}&cap=350&action=pin", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/plan?s={APPENDIX3}&cap=350&pin=s:{APPENDIX3};cap:350"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("cap=abc", "cap", "'abc' is not a number; expected a cap above 0"),
        ("cap=-5", "cap", "-5 is out of range"),
        ("budget=lots&budget_unit=pounds", "budget", "'lots' is not a number; expected pounds a year"),
        ("budget=5&budget_unit=euros", "budget_unit", "'euros' is not one of scenario, pounds, percent"),
        ("objective=cheapest", "objective", "'cheapest' is not an objective this scenario can use"),
        ("confidence=0.9", "confidence", "no uncertainty block"),
    ],
)
def test_a_bad_figure_is_named_beside_its_field(tmp_path, query, field, message):
    with client(tmp_path) as c:
        page = unescape(c.get(f"/plan?s={APPENDIX3}&{query}").text)
    assert message in page
    assert "Check the figure you typed" in page
    if field != "confidence":  # this scenario has no confidence field: the message is in the summary
        error_id = "budget" if field == "budget_unit" else field  # the budget's fieldset has one message
        shown = re.search(rf'id="{error_id}-error"[^>]*>(.*?)</p>', page, re.S)
        assert shown and message in shown.group(1)
    assert 'id="establishment"' not in page  # no plan from a figure that was not read


def test_a_budget_that_cannot_meet_the_cap_says_so_with_figures(tmp_path):
    """Least cost chosen on the page is the strict question: no plan, with the shortfall."""
    with client(tmp_path) as c:
        page = c.get(f"/plan?s={APPENDIX3}&budget=2000000&budget_unit=pounds&objective=min-cost").text
    assert "No plan meets these figures" in page
    assert "The budget cannot meet the cap" in page and "£1,182,438 short" in page
    assert "/tmp" not in page and "scenario-" not in page  # the what-if, not the page's own file
    assert "choose “Buy the lowest cap the budget allows, no locality left behind” for that plan" in page
    assert "--objective" not in page


def test_with_no_objective_named_the_budget_asks_for_the_best_cap_it_buys(tmp_path):
    """The scenario names no objective: the page offers the budget's question first and answers it
    as `plan` does (the best cap £2m buys, with what holding the cap would cost more)."""
    with client(tmp_path) as c:
        first = c.get(f"/plan?s={APPENDIX3}").text
        page = c.get(f"/plan?s={APPENDIX3}&budget=2000000&budget_unit=pounds").text
    checked = re.search(r'<input[^>]*name="objective"[^>]*checked', first).group(0)
    assert 'value=""' in checked and 'id="objective-budget"' in checked
    assert "No plan meets these figures" not in page
    assert "cannot hold the cap of 400" in page and "£1,182,438 a year more" in page


def test_a_budget_as_a_change_from_today_is_todays_cost_changed(tmp_path):
    today = sum(IN_POST.values()) * COST
    with client(tmp_path) as c:
        page = c.get(f"/plan?s={APPENDIX3}&budget=10&budget_unit=percent&objective=max-coverage").text
    assert f"The budget is £{today * 1.1:,.0f} a year" in page


@pytest.mark.parametrize(
    "ref", ["/etc/passwd", "../../etc/passwd", "pyproject.toml", "examples/nowhere.yaml", "upload/../x.yaml"]
)
def test_the_address_names_only_scenario_files_inside_the_pages_folders(tmp_path, ref):
    with client(tmp_path) as c:
        for path in ("/plan", "/download/scenario.yaml"):
            answer = c.get(path, params={"s": ref})
            assert answer.status_code == 404, (path, ref)
            assert "root:" not in answer.text


def test_a_scenario_outside_the_pages_folders_is_refused_however_it_is_named(tmp_path):
    import os
    import shutil

    from tests.conftest import ROOT

    outside = tmp_path / "outside.yaml"
    shutil.copy(ROOT / APPENDIX3, outside)  # a good scenario, but not in the page's folders
    text = outside.read_text(encoding="utf-8").replace("../../", str(ROOT) + "/")
    outside.write_text(text, encoding="utf-8")
    climbing = os.path.relpath(outside, ROOT)
    with client(tmp_path) as c:
        assert c.get("/plan", params={"s": str(outside)}).status_code == 404
        assert c.get("/plan", params={"s": climbing}).status_code == 404
        assert c.get("/download/scenario.yaml", params={"s": climbing}).status_code == 404


def test_a_scenario_that_does_not_load_gives_the_clis_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nmodel: nowhere.yaml\nlocalities: none.csv\n", encoding="utf-8")
    with client(tmp_path, str(bad)) as c:
        assert c.get("/plan", params={"s": ""}).status_code == 404
        answer = c.get("/plan", params={"s": "bad.yaml"})
    assert answer.status_code == 400
    assert "nowhere.yaml" in answer.text and "not found" in answer.text


HTMX = {"HX-Request": "true"}


def _bar_titles(page: str, chart_id: str) -> dict[str, str]:
    """Each bar's hover words in the chart with this id: "CHW, this plan" -> "15.2"."""
    svg = re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-t.*?</svg>', page, re.S)
    assert svg, f"no chart {chart_id}"
    titles = re.findall(r"<rect[^>]*><title>([^<]*)</title>", svg.group(0))
    return dict(unescape(t).rsplit(": ", 1) for t in titles)


def test_the_charts_are_drawn_in_the_page_from_the_tables_figures_and_move_with_the_cap(tmp_path):
    """Each locality's planned WTE and load in the charts are the table's, at either cap."""
    with client(tmp_path) as c:
        pages = {cap: c.get(f"/plan?s={APPENDIX3}&cap={cap}", headers=HTMX).text for cap in (400, 350)}
    for cap, page in pages.items():
        rows = by_name(table_rows(page, "establishment"))
        wte, load = _bar_titles(page, "chart-wte"), _bar_titles(page, "chart-load")
        for name in CASELOAD:
            assert wte[f"{name}, this plan"] == _column(rows[name], "Establishment")
            assert abs(float(wte[f"{name}, today"]) - IN_POST[name]) <= 0.05
            assert load[f"{name}, this plan"] == _column(rows[name], "Load perWTE after")
            assert load[f"{name}, today"] == f"{CASELOAD[name] / IN_POST[name]:,.0f}"
        assert f"the cap, {cap}" in page
    assert _bar_titles(pages[400], "chart-wte") != _bar_titles(pages[350], "chart-wte")
    assert "<img" not in pages[350]  # drawn in the page, not fetched after it


def test_an_unknown_download_is_refused(tmp_path):
    with client(tmp_path) as c:
        assert c.get(f"/download/secrets.txt?s={APPENDIX3}").status_code == 404
        assert c.get(f"/download/pack.zip?s={APPENDIX3}").status_code == 404  # nothing kept yet


def test_the_confidence_level_is_offered_where_counts_are_uncertain_and_changes_the_plan(tmp_path):
    """A higher confidence plans for more of each locality's possible caseload: more WTE."""
    scenario = "examples/lcr-2010/appendix3-90-percent.yaml"
    with client(tmp_path) as c:
        page = c.get(f"/plan?s={scenario}").text
        assert 'id="confidence"' in page
        totals = {}
        for level in ("0.6", "0.95"):
            rows = by_name(table_rows(c.get(f"/plan?s={scenario}&confidence={level}").text, "establishment"))
            totals[level] = float(_column(rows["Total"], "Establishment").replace(",", ""))
        saved = c.get(f"/download/scenario.yaml?s={scenario}&confidence=0.95").text
        assert 'id="confidence"' not in c.get(f"/plan?s={APPENDIX3}").text
    assert totals["0.95"] > totals["0.6"] > sum(CASELOAD.values()) / 400
    assert "confidence: 0.95" in saved


def test_the_page_answers_only_to_this_computers_own_names(tmp_path):
    """Another site's page cannot reach the server through a name it controls (DNS rebinding)."""
    with client(tmp_path) as c:
        assert c.get("/start").status_code == 200
        assert c.get("/start", headers={"Host": "localhost:8765"}).status_code == 200
        assert c.get(f"/plan?s={APPENDIX3}", headers={"Host": "attacker.example"}).status_code == 400


def test_the_answer_comes_first_in_plain_words_and_the_limits_wait_in_more_about_this_plan(tmp_path):
    """As `plan` on a terminal: at most five sentences, no constraint names (`coverage[CHW]`); the
    binding limits (in the board paper's words, not row names) and marginal figures are in the
    details below, not lost."""
    with client(tmp_path) as c:
        page = c.get(f"/plan?s={APPENDIX3}&budget=2000000&budget_unit=pounds").text
    headline = page[page.index('id="headline"') : page.index("</ul>", page.index('id="headline"'))]
    sentences = re.findall(r"<li>(.*?)</li>", headline, re.S)
    assert 1 <= len(sentences) <= 5
    assert not any("[" in s or "Binding constraints" in s for s in sentences)
    more = page[page.index('id="more"') : page.index("</details>", page.index('id="more"'))]
    said = " ".join(unescape(re.sub(r"<[^>]+>", " ", more)).split())
    limits = "the lowest load the budget allows in every locality and the budget"
    assert f"What holds this plan where it is: {limits}." in said
    assert "[" not in said and "Binding constraints" not in said


def _problem_box(page: str) -> str:
    box = re.search(r'<div class="nhsuk-error-summary.*?</div>\s*</div>', page, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", box.group(0))).split()) if box else ""


def test_a_figure_that_looks_like_a_slip_is_asked_about_in_the_pages_words_and_planned_once_meant(tmp_path):
    """£8 a year is asked about as `plan` asks (did you mean 8% or -8%?), in words that name no file
    and no command-line option; the page's own answer, "Plan these figures as typed", plans it (the
    address keeps the answer), and a figure changed after it is asked about again."""
    today = sum(IN_POST.values()) * COST
    with client(tmp_path) as c:
        page = c.get(f"/plan?s={APPENDIX3}&budget=8&budget_unit=pounds").text
        box = _problem_box(page)
        assert "A budget of £8 a year: it is below the cost of one WTE (£38,323 a year)." in box
        assert "Did you mean a change of 8% or -8% from today's cost?" in box
        assert "--yes" not in page and "/tmp" not in page and "scenario-" not in page
        link = unescape(re.search(r'id="meant" href="([^"]+)"', page).group(1))
        meant = c.get(link).text
        assert not _problem_box(meant)
        assert "The budget of £8 a year cannot hold the cap of 400" in unescape(meant)
        assert parse_qs(urlsplit(link).query)["meant"] == ["budget £8"]
        again = c.get(link.replace("budget=8&", "budget=9&")).text
        assert "A budget of £9 a year" in _problem_box(again)
        cap = c.get(f"/plan?s={APPENDIX3}&cap=3").text
        assert (
            "A cap of 3 weighted children per WTE is outside the range of any shipped model"
            in _problem_box(cap)
        )
        assert f"under half of today's cost (£{today:,.0f}" in _problem_box(
            c.get(f"/plan?s={APPENDIX3}&budget=1000000&budget_unit=pounds").text
        )


def test_a_problem_with_a_figure_set_on_the_page_names_the_field_not_the_pages_file(tmp_path):
    with client(tmp_path) as c:
        page = c.get(f"/plan?s={APPENDIX3}&objective=max-coverage").text
    box = _problem_box(page)
    assert box.startswith("These figures cannot be planned The budget: objective max-coverage needs a budget")
    assert "/tmp" not in page and "scenario-" not in page
