#!/usr/bin/env python3
"""Reference fits for `npm run bench -- reference`: scikit-learn, statsmodels (and LightGBM when
installed) on the exact arrays PriceLab trained on (written by bench/reference.ts as raw float64),
with the app's settings. Each result carries the settings it ran with. Used only by the benchmark."""
import json
import os
import sys
import time

import numpy as np


def load(d, name, shape):
    return np.fromfile(os.path.join(d, name), dtype="<f8").reshape(shape)


def r2(y, p):
    return float(1 - ((y - p) ** 2).sum() / ((y - y.mean()) ** 2).sum())


def timed(model, X, y, Xte, yte, settings, **extra):
    # CPU time beside wall time: on a shared, overloaded machine the wall clock mostly measures the others.
    t, c = time.perf_counter(), time.process_time()
    model.fit(X, y)
    ms, cpu = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
    return {"fit_ms": ms, "cpu_ms": cpu, "test_r2": r2(yte, model.predict(Xte)), "settings": settings, **extra}


def main(d):
    meta = json.load(open(os.path.join(d, "meta.json")))
    tr = load(d, "tree_X_train.f64", (meta["n_train"], meta["F"]))
    te = load(d, "tree_X_test.f64", (meta["n_test"], meta["F"]))
    ytr = load(d, "y_train.f64", (meta["n_train"],))
    yte = load(d, "y_test.f64", (meta["n_test"],))
    import sklearn
    from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor

    out = {}
    rf = meta["rf"]
    # A float: max_features=1 (an int) would mean one feature per split; PriceLab's 1 is the share, i.e. all.
    s = dict(n_estimators=rf["nEstimators"], max_depth=rf["maxDepth"], min_samples_leaf=rf["minSamplesLeaf"],
             max_features=float(rf["maxFeatures"]), max_samples=float(rf["maxSamples"]), bootstrap=True,
             n_jobs=1, random_state=1)
    out["sklearn_rf"] = timed(RandomForestRegressor(**s), tr, ytr, te, yte,
                              {**s, "library": "scikit-learn " + sklearn.__version__,
                               "bins": "none (exact splits; PriceLab bins to %d)" % rf["maxBins"]})

    g = meta["gbm"]
    common = dict(learning_rate=g["learningRate"], max_depth=g["maxDepth"], max_leaf_nodes=None,
                  min_samples_leaf=g["minSamplesLeaf"], l2_regularization=g["lambda"], max_bins=g["maxBins"],
                  random_state=1)
    s = dict(common, max_iter=meta["gbm_rounds"], early_stopping=False)
    out["sklearn_hgb_same_trees"] = timed(HistGradientBoostingRegressor(**s), tr, ytr, te, yte,
                                          {**s, "subsample": "none (not in scikit-learn " + sklearn.__version__ + ")"})
    # Its own early stopping on a random validation share of the same size as the app's held-out items.
    s = dict(common, max_iter=g["nEstimators"], early_stopping=True, validation_fraction=meta["valid_fraction"],
             n_iter_no_change=g["earlyStoppingRounds"], tol=1e-12, scoring="loss")
    h = HistGradientBoostingRegressor(**s)
    out["sklearn_hgb_early_stopping"] = timed(h, tr, ytr, te, yte,
                                              {**s, "subsample": "none", "validation": "random rows, not items"})
    out["sklearn_hgb_early_stopping"]["trees"] = int(h.n_iter_)

    try:
        import lightgbm as lgb
        s = dict(n_estimators=meta["gbm_rounds"], learning_rate=g["learningRate"], max_depth=g["maxDepth"],
                 num_leaves=2 ** g["maxDepth"], min_child_samples=g["minSamplesLeaf"], reg_lambda=g["lambda"],
                 max_bin=g["maxBins"], subsample=1.0, n_jobs=1, verbose=-1, random_state=1)
        out["lightgbm_same_trees"] = timed(lgb.LGBMRegressor(**s), tr, ytr, te, yte,
                                           {**s, "library": "lightgbm " + lgb.__version__})
    except ImportError:
        out["lightgbm_same_trees"] = {"skipped": "LightGBM is not installed here (Debian bookworm has no "
                                                 "python3-lightgbm; pip's index is not reachable)"}

    import statsmodels
    import statsmodels.api as sm
    X = load(d, "ols_X.f64", (meta["n_train"], meta["p_ols"]))
    t, c = time.perf_counter(), time.process_time()
    fit = sm.OLS(ytr, X).fit()
    out["statsmodels_ols"] = {"fit_ms": (time.perf_counter() - t) * 1000,
                              "cpu_ms": (time.process_time() - c) * 1000, "params": fit.params.tolist(),
                              "settings": {"library": "statsmodels " + statsmodels.__version__}}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
