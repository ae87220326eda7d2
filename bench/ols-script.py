#!/usr/bin/env python3
"""The reference for `npm run bench -- ols-cost`: what an analyst would script instead of
`pricelab elasticity --models ols`: read the panel (CSV), log-log OLS of log(q + 1) on log price
per segment plus the controls, item fixed effects (within transformation), item-clustered
standard errors (statsmodels), one elasticity with a 90% interval per segment."""
import json
import sys
import time

t0 = time.perf_counter()
import numpy as np
import pandas as pd
import statsmodels.api as sm

df = pd.read_csv(sys.argv[1])
meta = json.loads(sys.argv[2])
y = np.log1p(df["quantity"].to_numpy())
lp = np.log(df["price"].to_numpy())
cols = {}
segs = sorted(df["segment"].unique())
for s in segs:
    cols[f"lp_{s}"] = lp * (df["segment"].to_numpy() == s)
for c in meta["numeric"]:
    cols[c] = df[c].to_numpy(dtype=float)
X = pd.DataFrame(cols)
X = pd.concat([X, pd.get_dummies(df[meta["categorical"]].astype(str), drop_first=True, dtype=float)], axis=1)
# Item fixed effects: deviations from each item's means.
g = df["item"].to_numpy()
Xw = X - X.groupby(g).transform("mean")
yw = y - pd.Series(y).groupby(g).transform("mean").to_numpy()
fit = sm.OLS(yw, Xw).fit(cov_type="cluster", cov_kwds={"groups": g})
ci = fit.conf_int(alpha=0.1)
out = {
    f"{s}": [float(fit.params[f"lp_{s}"]), float(ci.loc[f"lp_{s}", 0]), float(ci.loc[f"lp_{s}", 1])]
    for s in segs
}
print(json.dumps({"rows": int(len(df)), "script_ms": (time.perf_counter() - t0) * 1000, "segments": out}))
