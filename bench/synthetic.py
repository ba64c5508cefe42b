"""Seeded synthetic scenarios of N localities, for benchmarks and scale checks.

Each locality gets a caseload drawn uniformly from 1,000-12,000 children and WTE in post
at 80-110% of caseload / 440 (roughly the LCR 2010 spread); no floors or ceilings. The same
seed and N always give the same files.
"""

import random
from pathlib import Path

MODEL = "name: Synthetic, unweighted\ncase_unit: children\nstaff_title: health visitor\n"


def write_synthetic(folder: Path, localities: int, seed: int = 2010, cap: int = 400) -> Path:
    """Write model.yaml, localities.csv and scenario.yaml into `folder`; return the scenario path."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["# Synthetic data (illustrative, seeded), not real localities", "locality,in_post_wte,caseload"]
    for i in range(localities):
        caseload = rng.randint(1_000, 12_000)
        in_post = round(caseload / 440 * rng.uniform(0.8, 1.1), 2)
        lines.append(f"L{i:06d},{in_post},{caseload}")
    (folder / "localities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "model.yaml").write_text(MODEL, encoding="utf-8")
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        f"name: Synthetic scenario, {localities:,} localities (seed {seed})\n"
        f"model: model.yaml\nlocalities: localities.csv\ncap: {cap}\ncost_per_wte: 38323\n",
        encoding="utf-8",
    )
    return scenario
