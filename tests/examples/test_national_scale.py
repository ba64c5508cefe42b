"""Reports at national scale (153 localities) and with WTE in post not known.

Not known: a blank `in_post_wte` leaves in post, the change, its cost and today's load per WTE NaN
in every row and total; every report says "not known" (JSON null, CSV blank), never "nan" or a dash.
National scale: the terminal and the paper's body show the top and bottom localities by required
WTE with a row counting the rest; the paper's appendix and the machine formats have every one; the
load chart shows the spread across localities instead of 153 groups of bars.
"""

import csv
import io
import json
import re

import pytest

from optimiser.inputs.options_file import read_paper
from optimiser.planning.options import paper_frontier, plan_options
from optimiser.planning.pipeline import plan_scenario
from optimiser.planning.prepare import prepare
from optimiser.render import charts
from optimiser.render.columns import NOT_KNOWN, national_note, plan_cells, summary_sentences
from optimiser.render.console import LiteralConsole
from optimiser.render.machine import plan_csv, plan_dict, to_json
from optimiser.render.paper import build
from optimiser.render.paper.document import Bullets, Paragraph, Table
from optimiser.render.paper.paper_markdown import paper_markdown
from optimiser.render.plan_markdown import plan_markdown
from optimiser.render.terminal import plan_table
from tests.conftest import EXAMPLE, ROOT, run_cli
from tests.england_loads import ROWS
from tests.not_known import blank_in_post, blank_option

NAN = re.compile(r"\bnan\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def national(working_copy):
    return plan_scenario(prepare(working_copy / "ihv-250-imd2025.yaml"))


@pytest.fixture(scope="module")
def not_known(national):
    return blank_in_post(national)


def _terminal(plan) -> str:
    console = LiteralConsole(record=True, width=200, file=io.StringIO())
    console.print(plan_table(plan))
    return console.export_text()


def test_cells_say_not_known_where_in_post_is_not_known(not_known):
    headers, body, total = plan_cells(not_known)
    assert len(body) == 153
    column = {h.replace("\n", " "): i for i, h in enumerate(headers)}
    for header in ("In post (WTE)", "Load per WTE now", "Change (WTE)", "Cost of change (£ a year)"):
        assert all(row[column[header]] == NOT_KNOWN for row in body), header
        assert total[column[header]] == NOT_KNOWN, header
    assert total[column["Weighted caseload (children)"]] == "3,064,637"
    assert total[column["Establishment for cap 250 (WTE)"]] == "12,258.5"


def test_sentences_say_not_known_and_give_the_comparison(not_known):
    text = " ".join(summary_sentences(not_known))
    assert "an establishment of 12,258.5 WTE; WTE in post is not known for any locality" in text
    assert "the cost of the change is not known" in text
    assert "For comparison, health visitors in post in England, April 2023: 6,688 FTE (" in text
    assert "this plan needs 12,258.5 WTE, 5,570.5 more." in text
    assert not NAN.search(text) and "\u2013" not in text


def test_terminal_and_markdown_never_show_nan(not_known):
    for text in (_terminal(not_known), plan_markdown(not_known)):
        assert NOT_KNOWN in text
        assert not NAN.search(text)


def test_json_null_and_csv_blank_where_not_known(not_known):
    data = json.loads(to_json(plan_dict(not_known)))
    for key in ("in_post_wte", "change_wte", "cost_change", "load_per_wte_before"):
        assert all(row[key] is None for row in data["localities"]), key
        assert data["totals"][key] is None, key
    rows = list(csv.DictReader(io.StringIO(plan_csv(not_known))))
    assert len(rows) == 154
    assert all(r["in_post_wte"] == "" and r["change_wte"] == "" and r["cost_change"] == "" for r in rows)
    assert all(r["planned_wte"] != "" for r in rows)


def test_terminal_shows_top_and_bottom_by_required_wte(national):
    text = _terminal(national)
    rows = [line for line in text.splitlines() if line.startswith("│")]
    assert len(rows) == 22
    assert "… 133 more" in rows[10]
    required = {name: v for name, v in national.localities["required_wte"].items()}
    ranked = sorted(required, key=required.get, reverse=True)
    names = [row.split("│")[1].strip() for row in rows]
    assert names[:10] == ranked[:10] and names[11:21] == ranked[-10:]
    assert "133 more are not shown: --format csv or --format json" in " ".join(text.split())
    assert national_note(national) is not None


def test_small_tables_are_whole_and_in_file_order():
    plan = plan_scenario(prepare(EXAMPLE))
    _, body, _ = plan_cells(plan, many=40)
    assert [row[0] for row in body] == ["CHW", "NWL", "HB", "MR", "SLH"]
    assert national_note(plan) is None
    assert "more" not in _terminal(plan).split("Total")[0]


def test_binding_constraints_are_counted_not_listed_at_national_scale(national):
    text = " ".join(summary_sentences(national))
    assert (
        "Binding constraints (held exactly by the plan): cap cover in 153 localities (every locality)."
        in text
    )
    assert "cap cover[Kent]" not in text


@pytest.fixture(scope="module")
def paper_options(working_copy):
    listing = working_copy / "options-imd2025.yaml"
    paper = read_paper([listing])
    options = plan_options(paper.paths)
    return paper, options, paper_frontier(options)


def _document(paper, options, frontier):
    figures = build.figures(paper, options, frontier)
    pngs = {name: charts.to_png(figure) for name, figure in figures.items()}
    return build.document(paper, options, frontier, pngs), figures


def test_paper_body_shows_top_and_bottom_and_the_appendix_every_locality(paper_options):
    paper, options, frontier = paper_options
    document, _ = _document(paper, [blank_option(o) for o in options], frontier)
    tables = [b for b in document.blocks if isinstance(b, Table)]
    body = tables[0]
    assert body.caption.startswith("Table 1") and "top and bottom 10" in body.caption
    names = [row[0] for row in body.rows]
    assert names[10].startswith("… 133 more") and "appendix A" in names[10]
    assert all(row[1] == NOT_KNOWN for row in body.rows[:10])
    total = next(row for row in body.rows if row[0] == "Total establishment (WTE)")
    assert total[1] == NOT_KNOWN and total[2] == "12,258.5"
    change = next(row for row in body.rows if row[0] == "Change from today (WTE)")
    assert change[2:] == (NOT_KNOWN,) * 3
    assert "For comparison, health visitors in post in England, April 2023: 6,688 FTE" in body.note
    appendix = [t for t in tables if t.caption.startswith("Table A")]
    assert len(appendix) == 3 and all(len(t.rows) == 153 + 1 for t in appendix)


def test_paper_words_say_not_known_and_never_nan(paper_options):
    paper, options, frontier = paper_options
    document, _ = _document(paper, [blank_option(o) for o in options], frontier)
    text = paper_markdown(document)
    assert not NAN.search(text)
    words = [b for b in document.blocks if isinstance(b, Bullets | Paragraph)]
    joined = " ".join(" ".join(b.items) if isinstance(b, Bullets) else b.text for b in words)
    assert "in post by locality are not known" in joined
    assert "5,570.5 WTE more than the 6,688 FTE health visitors in post in England, April 2023" in joined
    assert "no locality changes" not in joined  # an unknown change is not "no change"


def test_paper_load_chart_is_a_distribution_at_national_scale(paper_options):
    paper, options, frontier = paper_options
    for chosen in (options, [blank_option(o) for o in options]):
        _, figures = _document(paper, chosen, frontier)
        axes = figures["load"].axes[0]
        labels = [t.get_text() for t in axes.get_xticklabels()]
        assert labels == ["Today", *paper.labels]  # one box per group, not 153 bars
        assert charts.to_png(figures["load"]).startswith(b"\x89PNG")
        assert charts.to_png(figures["frontier"]).startswith(b"\x89PNG")


def test_paper_with_in_post_known_at_national_scale(paper_options):
    paper, options, frontier = paper_options
    document, _ = _document(paper, options, frontier)
    body = next(b for b in document.blocks if isinstance(b, Table))
    assert body.rows[0][1] == "0.00" and NOT_KNOWN not in body.rows[0]


def test_the_board_options_paper_is_unchanged_in_shape(tmp_path):
    """Five localities: every locality in Table 1, bars by locality in Chart 2."""
    listing = EXAMPLE.parent / "board-options.yaml"
    paper = read_paper([listing])
    options = plan_options(paper.paths)
    document, figures = _document(paper, options, paper_frontier(options))
    body = next(b for b in document.blocks if isinstance(b, Table))
    assert [row[0] for row in body.rows[:5]] == ["CHW", "NWL", "HB", "MR", "SLH"]
    labels = [t.get_text() for t in figures["load"].axes[0].get_xticklabels()]
    assert labels == ["CHW", "NWL", "HB", "MR", "SLH"]


def test_examples_folder_has_no_copy_of_the_england_file():
    """The examples read the one England file; the working copy lives only in the tests."""
    assert not any(p.suffix == ".csv" for p in (ROOT / "examples" / "england").iterdir())
    assert len(ROWS) == 153


def test_explain_shows_the_ends_at_national_scale(working_copy):
    result = run_cli("explain", working_copy / "ihv-250-imd2025.yaml")
    assert result.exit_code == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if "Birmingham" in line)
    assert "… 143 more" in header and "Isles of Scilly" in header and "Leeds" not in header
    assert "--format csv or --format json has every locality" in result.stdout
    every = run_cli("explain", working_copy / "ihv-250-imd2025.yaml", "--format", "csv")
    assert len(every.stdout.splitlines()) == 1 + 153
