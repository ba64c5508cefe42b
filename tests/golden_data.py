"""Figures typed in from seed 001 (LCR 2010, Table 1), shared by golden and marginal tests."""

# Seed 001, Table 1 (January 2010): in post (WTE), caseload, average caseload per WTE.
TABLE_1 = {
    "CHW": (14.86, 7240, 487),
    "NWL": (12.00, 5133, 428),
    "HB": (12.98, 5323, 410),
    "MR": (9.81, 5159, 526),
    "SLH": (25.52, 10362, 406),
}
TABLE_1_TOTAL_LOAD = 442
