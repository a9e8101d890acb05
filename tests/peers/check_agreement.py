"""Computes the agreement figures of Avow's exported reliability matrices with the reference
implementations: scikit-learn (Cohen's kappa), statsmodels (Fleiss' kappa), krippendorff
(nominal alpha) and irrCAC (Gwet's AC1). Prints them as JSON; the Rust test
(src/core/agreement/reference.rs) compares them with Avow's report.

Usage: check_agreement.py DIR, where DIR holds <text>.<what>.csv files (what: labels, or an
attribute's name), each a row per annotator and a column per aligned unit, empty when missing.
"""
import csv
import json
import math
import sys
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
from irrCAC.raw import CAC
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    names = [r[0] for r in rows[1:]]
    matrix = [[v if v != "" else None for v in r[1:]] for r in rows[1:]]
    return names, matrix


def finite(x):
    x = float(x)
    return None if math.isnan(x) else x


def figures(names, matrix):
    units = list(zip(*matrix)) if matrix and matrix[0] else []
    categories = sorted({v for row in matrix for v in row if v is not None})
    code = {c: i for i, c in enumerate(categories)}
    out = {}
    numeric = np.array(
        [[np.nan if v is None else code[v] for v in row] for row in matrix], dtype=float
    )
    pairable = sum(1 for u in units if sum(v is not None for v in u) >= 2)
    out["alpha"] = (
        finite(krippendorff.alpha(reliability_data=numeric, level_of_measurement="nominal"))
        if pairable and len(categories) > 1
        else None
    )
    out["cohen"] = {}
    for i, j in combinations(range(len(names)), 2):
        both = [(u[i], u[j]) for u in units if u[i] is not None and u[j] is not None]
        if both and len({v for p in both for v in p}) > 1:
            k = cohen_kappa_score([a for a, _ in both], [b for _, b in both])
            out["cohen"][f"{names[i]}|{names[j]}"] = finite(k)
    full = [[code[v] for v in u] for u in units if all(v is not None for v in u)]
    if full:
        table, _ = aggregate_raters(np.array(full))
        out["fleiss"] = finite(fleiss_kappa(table, method="fleiss"))
    coded = [u for u in units if any(v is not None for v in u)]
    if coded and len(categories) > 1:
        frame = pd.DataFrame([list(u) for u in coded], columns=names)
        out["ac1"] = CAC(frame).gwet()["est"]["coefficient_value"]
    return out


def main():
    directory = Path(sys.argv[1])
    result = {}
    pooled = {}
    for path in sorted(directory.glob("*.csv")):
        text, what, _ = path.name.split(".")
        names, matrix = read(path)
        result.setdefault(text, {})[what] = figures(names, matrix)
        if text != "corpus":
            pooled.setdefault(what, (names, [[] for _ in names]))
            for row, more in zip(pooled[what][1], matrix):
                row.extend(more)
    result["pooled"] = {what: figures(n, m) for what, (n, m) in pooled.items()}
    json.dump(result, sys.stdout)


main()
