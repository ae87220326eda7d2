#!/usr/bin/env python3
"""Reference fits for `npm run bench`: scikit-learn and statsmodels on the exact
arrays PriceLab trained on (written by bench/elasticity.ts as raw float64).
Used only by the benchmark, never by the app."""
import json
import os
import sys
import time

import numpy as np


def load(d, name, shape):
    return np.fromfile(os.path.join(d, name), dtype="<f8").reshape(shape)


def r2(y, p):
    return float(1 - ((y - p) ** 2).sum() / ((y - y.mean()) ** 2).sum())


def main(d):
    meta = json.load(open(os.path.join(d, "meta.json")))
    out = {}
    tr = load(d, "tree_X_train.f64", (meta["n_train"], meta["F"]))
    te = load(d, "tree_X_test.f64", (meta["n_test"], meta["F"]))
    ytr = load(d, "y_train.f64", (meta["n_train"],))
    yte = load(d, "y_test.f64", (meta["n_test"],))
    from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor

    rf = meta["rf"]
    m = RandomForestRegressor(n_estimators=rf["nEstimators"], max_depth=rf["maxDepth"], min_samples_leaf=rf["minSamplesLeaf"],
                              max_features=rf["maxFeatures"], max_samples=rf["maxSamples"], bootstrap=True, n_jobs=1, random_state=1)
    t = time.perf_counter(); m.fit(tr, ytr); out["rf_fit_ms"] = (time.perf_counter() - t) * 1000
    out["rf_test_r2"] = r2(yte, m.predict(te))
    g = meta["gbm"]
    h = HistGradientBoostingRegressor(max_iter=g["nEstimators"], learning_rate=g["learningRate"], max_depth=g["maxDepth"], max_leaf_nodes=None,
                                      min_samples_leaf=g["minSamplesLeaf"], l2_regularization=g["lambda"], max_bins=255, early_stopping=False, random_state=1)
    t = time.perf_counter(); h.fit(tr, ytr); out["gbm_fit_ms"] = (time.perf_counter() - t) * 1000
    out["gbm_test_r2"] = r2(yte, h.predict(te))

    import statsmodels.api as sm
    X = load(d, "ols_X.f64", (meta["n_ols"], meta["p_ols"]))
    y = load(d, "ols_y.f64", (meta["n_ols"],))
    fit = sm.OLS(y, X).fit()
    out["ols_params"] = fit.params.tolist()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
