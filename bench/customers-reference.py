#!/usr/bin/env python3
"""scikit-learn on the exact encoded customer arrays PriceLab trained on (written by
bench/customers.ts as raw float64): LogisticRegression (standardized features, as
PriceLab's) and HistGradientBoostingClassifier, test AUC and fit time. Benchmark only."""
import json
import os
import sys
import time

import numpy as np


def main(d):
    meta = json.load(open(os.path.join(d, "meta.json")))
    F = meta["F"]
    Xtr = np.fromfile(os.path.join(d, "X_train.f64"), dtype="<f8").reshape((-1, F))
    Xte = np.fromfile(os.path.join(d, "X_test.f64"), dtype="<f8").reshape((-1, F))
    ytr = np.fromfile(os.path.join(d, "y_train.f64"), dtype="<f8").astype(int)
    yte = np.fromfile(os.path.join(d, "y_test.f64"), dtype="<f8").astype(int)
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    out = {}
    t, c = time.time(), time.process_time()
    lr = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(Xtr, ytr)
    out["logistic"] = {"auc": float(roc_auc_score(yte, lr.predict_proba(Xte)[:, 1])), "fit_ms": round((time.time() - t) * 1000), "fit_cpu_ms": round((time.process_time() - c) * 1000)}
    t, c = time.time(), time.process_time()
    hgb = HistGradientBoostingClassifier(random_state=0).fit(Xtr, ytr)
    out["hist_gbm"] = {"auc": float(roc_auc_score(yte, hgb.predict_proba(Xte)[:, 1])), "fit_ms": round((time.time() - t) * 1000), "fit_cpu_ms": round((time.process_time() - c) * 1000)}
    # predict_proba on every customer (already encoded: scikit-learn gets no encoding step), beside our scoring.
    Xall = np.fromfile(os.path.join(d, "X_all.f64"), dtype="<f8").reshape((-1, F))
    t, c = time.time(), time.process_time()
    hgb.predict_proba(Xall)
    out["hist_gbm"]["predict_proba_all_ms"] = round((time.time() - t) * 1000)
    out["hist_gbm"]["predict_proba_all_cpu_ms"] = round((time.process_time() - c) * 1000)
    out["hist_gbm"]["rows_scored"] = int(Xall.shape[0])
    out["hist_gbm"]["trees"] = int(hgb.n_iter_)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
