"""Train the page-type model on wcxb-dev and measure it on pages it was not trained on.

    PYTHONPATH=. python benchmarks/train_page_type.py [--write] [--c 1.0]

Features come from :func:`cleaners.pagetype.features.page_features`, read exactly as the extractor
reads them (a saved page: bytes and path, no URL given). The model is a multinomial logistic
regression on standardised features (scikit-learn, ``pip install '.[train]'``); it is shipped as
plain numbers in ``cleaners/data/page_type_model.json`` and applied without scikit-learn.
Reported: accuracy trained on the even half and tested on the odd one and the other way round,
and a 5-fold cross-validation grouped by site (a site's pages never in both training and test).
``--write`` fits on all of wcxb-dev and writes the model file; with ``--train-on even --out F`` it
fits on one half only, so extraction can be measured on the other half with a model that never
saw it (``benchmarks/bench_wcxb.py --held-out``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT.parent / "shared" / "bench" / "wcxb-dev").resolve()
MODEL = ROOT / "cleaners" / "data" / "page_type_model.json"


def _features(path: str) -> dict[str, float]:
    from cleaners.html.boilerplate import strip_silent
    from cleaners.html.pipeline import decode_html, parse_html
    from cleaners.metadata import extract_metadata
    from cleaners.pagetype.features import page_features

    html = decode_html(gzip.decompress(Path(path).read_bytes()))
    tree = parse_html(html)
    meta = extract_metadata(tree)
    root = tree.body or tree.root
    if root is None:
        return {}
    strip_silent(root)
    return page_features(html, tree, root, url=meta.canonical_url or meta.url, jsonld_types=meta.jsonld_types, og_type=meta.og_type,
        has_author=bool(meta.authors), has_date=bool(meta.published),
    )


def load() -> tuple[list[str], list[dict[str, float]], list[str], list[str]]:
    pages = json.loads((CORPUS / "pages.json").read_text())["files"]
    ids = sorted(pages)
    paths = [str(CORPUS / "html" / f"{page}.html.gz") for page in ids]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        rows = pool.map(_features, paths, chunksize=8)
    hosts = [pages[page]["url"].split("/")[2].removeprefix("www.") for page in ids]
    return ids, rows, [pages[page]["page_type"] for page in ids], hosts


def main() -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--c", type=float, default=0.1, help="inverse regularisation strength")
    parser.add_argument("--write", action="store_true", help="fit on --train-on and write the model to --out")
    parser.add_argument("--train-on", choices=("all", "even", "odd"), default="all",
                        help="the pages the written model is fitted on (a half: to measure extraction held out)")
    parser.add_argument("--out", type=Path, default=MODEL, help="where --write puts the model")
    args = parser.parse_args()
    ids, rows, labels, hosts = load()
    names = sorted({name for row in rows for name in row})
    x = np.array([[row.get(name, 0.0) for name in names] for row in rows])
    y = np.array(labels)
    even = np.array([int(page) % 2 == 0 for page in ids])

    def fit(train: Any) -> tuple[StandardScaler, LogisticRegression]:
        scaler = StandardScaler().fit(x[train])
        model = LogisticRegression(C=args.c, max_iter=5000).fit(scaler.transform(x[train]), y[train])
        return scaler, model

    for name, train, test in (("train even, test odd", even, ~even), ("train odd, test even", ~even, even)):
        scaler, model = fit(train)
        predicted = model.predict(scaler.transform(x[test]))
        print(f"{name}: accuracy {np.mean(predicted == y[test]):.3f}")
    predicted_all = np.empty(len(y), dtype=object)
    for train, test in GroupKFold(n_splits=5).split(x, y, groups=hosts):
        scaler, model = fit(train)
        predicted_all[test] = model.predict(scaler.transform(x[test]))
    print(f"5-fold grouped by site: accuracy {np.mean(predicted_all == y):.3f}")
    confusion = Counter(zip(y, predicted_all, strict=True))
    kinds = sorted(set(labels))
    print("truth \\ predicted: " + " ".join(f"{kind[:6]:>6}" for kind in kinds))
    for kind in kinds:
        print(f"{kind:>18}: " + " ".join(f"{confusion[(kind, guess)]:>6}" for guess in kinds))
    if args.write:
        chosen = {"all": np.ones(len(y), dtype=bool), "even": even, "odd": ~even}[args.train_on]
        scaler, model = fit(chosen)
        args.out.write_text(json.dumps({
            "about": "page-type model: multinomial logistic regression on wcxb-dev; benchmarks/train_page_type.py",
            "classes": [str(kind) for kind in model.classes_],
            "features": names,
            "mean": [round(float(v), 6) for v in scaler.mean_],
            "scale": [round(float(v), 6) for v in scaler.scale_],
            "coef": [[round(float(v), 6) for v in row] for row in model.coef_],
            "intercept": [round(float(v), 6) for v in model.intercept_],
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
