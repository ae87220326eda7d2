#!/usr/bin/env python3
"""LightGBM and scikit-learn's HistGradientBoosting on the design bench/boost-cores.ts dumped, the same trees as
PriceLab's (no subsampling, no early stopping), with THREADS threads; each fitted twice in this fresh process
(first fit, later fit): wall and CPU time, test R2. Benchmark only."""
import json
import os
import sys
import time

import numpy as np


def load(d, name, shape):
    return np.fromfile(os.path.join(d, name), dtype="<f8").reshape(shape)


def r2(y, p):
    return float(1 - ((y - p) ** 2).sum() / ((y - y.mean()) ** 2).sum())


def twice(make, Xtr, ytr, Xte, yte):
    out = {}
    for k in ("first", "later"):
        m = make()
        t, c = time.perf_counter(), time.process_time()
        m.fit(Xtr, ytr)
        out[k] = {"wall_ms": round((time.perf_counter() - t) * 1000), "cpu_ms": round((time.process_time() - c) * 1000)}
    out["test_r2"] = r2(yte, m.predict(Xte))
    return out


def main(d, threads):
    meta = json.load(open(os.path.join(d, "meta.json")))
    F = meta["F"]
    Xtr = load(d, "tree_X_train.f64", (meta["n_train"], F))
    Xte = load(d, "tree_X_test.f64", (meta["n_test"], F))
    ytr = load(d, "y_train.f64", (meta["n_train"],))
    yte = load(d, "y_test.f64", (meta["n_test"],))
    g = meta["gbm"]
    import lightgbm as lgb
    import sklearn
    from sklearn.ensemble import HistGradientBoostingRegressor

    out = {"threads": threads, "lightgbm": lgb.__version__, "sklearn": sklearn.__version__}
    out["lightgbm_same_trees"] = twice(lambda: lgb.LGBMRegressor(
        n_estimators=g["nEstimators"], learning_rate=g["learningRate"], max_depth=g["maxDepth"],
        num_leaves=2 ** g["maxDepth"], min_child_samples=g["minSamplesLeaf"], reg_lambda=g["lambda"],
        max_bin=g["maxBins"], min_child_weight=0, min_split_gain=0, subsample=1.0, colsample_bytree=1.0,
        num_threads=threads, verbose=-1, random_state=1), Xtr, ytr, Xte, yte)
    out["sklearn_hgb_same_trees"] = twice(lambda: HistGradientBoostingRegressor(
        max_iter=g["nEstimators"], learning_rate=g["learningRate"], max_depth=g["maxDepth"], max_leaf_nodes=None,
        min_samples_leaf=g["minSamplesLeaf"], l2_regularization=g["lambda"], max_bins=g["maxBins"],
        early_stopping=False, random_state=1), Xtr, ytr, Xte, yte)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
