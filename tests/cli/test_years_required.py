"""The years' required WTE with grade capacity (issue 20, class 7), against a calculation written here.

One WTE of the main grade holds cap x capacity factor x (1 - non-clinical share) / (1 + headroom)
weighted cases; required WTE = weighted caseload / that. A min-cost horizon with one grade plans
exactly the required WTE each year, so the planned WTE is checked against the same figure, and the
load per WTE against weighted caseload / planned WTE (as `plan` shows it).
"""

from pathlib import Path

import pytest

from optimiser.planning.years_pipeline import plan_years

CAP, FACTOR, NON_CLINICAL, HEADROOM, GROWTH = 250.0, 0.9, 0.15, 0.22, 0.04
CASELOADS = {"North": 3_100.0, "South": 1_450.0}


def _scenario(folder: Path) -> Path:
    (folder / "model.yaml").write_text(
        "name: capacity\ncase_unit: children\nstaff_title: health visitor\n"
        f"non_clinical_percent: {NON_CLINICAL * 100:g}\nheadroom_percent: {HEADROOM * 100:g}\n"
        f"grades:\n  - {{name: health visitor, cost_per_wte: 40000, capacity: {FACTOR}}}\n"
    )
    (folder / "localities.csv").write_text(
        "locality,in_post_wte,caseload\n" + "".join(f"{k},5,{v:g}\n" for k, v in CASELOADS.items())
    )
    scenario = folder / "s.yaml"
    scenario.write_text(
        f"name: capacity\nmodel: model.yaml\nlocalities: localities.csv\ncap: {CAP:g}\ncost_per_wte: 40000\n"
        f"horizon:\n  years: [Y1, Y2, Y3]\n  caseload_growth: {GROWTH}\n"
    )
    return scenario


def test_required_wte_with_grade_capacity(tmp_path):
    result = plan_years(_scenario(tmp_path))
    per_wte = (
        CAP * FACTOR * (1 - NON_CLINICAL) / (1 + HEADROOM)
    )  # 250 x 0.9 x 0.85 / 1.22 = 156.76 cases per WTE
    assert per_wte == pytest.approx(191.25 / 1.22)
    for i, year in enumerate(("Y1", "Y2", "Y3")):
        for name, caseload in CASELOADS.items():
            weighted = caseload * (1 + GROWTH) ** i
            row = result.localities.loc[(name, year)]
            assert row["weighted_caseload"] == pytest.approx(weighted, rel=1e-12)
            assert row["required_wte"] == pytest.approx(weighted / per_wte, rel=1e-12)
            assert row["planned_wte"] == pytest.approx(weighted / per_wte, rel=1e-9)
            assert row["load_per_wte"] == pytest.approx(per_wte, rel=1e-9)
        total = sum(CASELOADS.values()) * (1 + GROWTH) ** i / per_wte
        assert result.by_year.loc[year, "required_wte"] == pytest.approx(total, rel=1e-12)
    # North in Y3: 3,100 x 1.04^2 = 3,352.96 children need 3,352.96 / 156.762 = 21.3888 WTE
    assert result.localities.loc[("North", "Y3"), "required_wte"] == pytest.approx(21.388817, rel=1e-6)
    assert "The cap of 250 is met in every year, Y1 to Y3." in " ".join(_sentences(result))


def _sentences(result) -> list[str]:
    from optimiser.render.years_words import year_sentences

    return year_sentences(result)
