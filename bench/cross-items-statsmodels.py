"""
Issue 24: the independent reference for the item-level cross cells on the EdTech sample (which plants no
course-by-course effect, so every cell is a null cell). PriceLab's regression, per category, in statsmodels:
log1p(enrollments) on the course's own log price (one slope per category), for each ordered pair (i, j) of the
category's 10 best-selling courses j's log price in the same week on i's rows (j's mean log price where j has
no row that week), log_course_age, novelty, course and week dummies. For each variance the share of cells whose
90% interval (raw, before shrinkage) holds 0 and the mean squared z; then the leverage behind each cell: the hat
matrix's diagonal averaged over the rows with the weights that make the cell's estimate.

Write the panel first:  npx tsx bench/cross-items-dump.ts SEED SCALE DIR
then:                   python3 bench/cross-items-statsmodels.py DIR/edtech-SEED-SCALE.csv [covs]
covs (comma-separated, default all): nonrobust, HC0, HC3, hac4 (Newey-West within courses, lag 4), clu_week.
Needs statsmodels and pandas (a venv: python3 -m venv V && V/bin/pip install statsmodels pandas).
"""
import json, sys
import numpy as np, pandas as pd
import statsmodels.api as sm

path = sys.argv[1]
covs = sys.argv[2].split(',') if len(sys.argv) > 2 else ['nonrobust', 'HC0', 'HC3', 'hac4', 'clu_week']
d = pd.read_csv(path)
d['item'] = d['item'].astype(str)
z = {c: [] for c in covs}
weighted_leverage = []


def design(g):
    vol = g.groupby('item')['quantity'].sum()
    vol = vol[vol > 0]
    top = sorted(vol.index, key=lambda i: (-vol[i], i))[:10]
    lp = np.log(g['price'].values)
    g = g.assign(lp=lp)
    piv = g[g['item'].isin(top)].pivot_table(index='period', columns='item', values='lp', aggfunc='mean')
    means = g[g['item'].isin(top)].groupby('item')['lp'].mean()
    X = pd.DataFrame({'own': lp, 'log_course_age': g['log_course_age'], 'novelty': g['novelty']})
    names = []
    for on in top:
        rows = (g['item'] == on).values
        for of in top:
            if on == of:
                continue
            col = np.zeros(len(g))
            v = piv[of].reindex(g.loc[rows, 'period'].values).values
            col[rows] = np.where(np.isnan(v), means[of], v)
            X[f'{on}|{of}'] = col
            names.append(f'{on}|{of}')
    dummies = [pd.get_dummies(g[c], prefix=c, drop_first=True, dtype=float) for c in ('item', 'period')]
    return sm.add_constant(pd.concat([X, *dummies], axis=1)), names


for seg, g in d.groupby('segment'):
    g = g.sort_values(['item', 'period']).reset_index(drop=True)
    X, names = design(g)
    m = sm.OLS(np.log1p(g['quantity'].values), X)
    for c in covs:
        if c == 'nonrobust':
            f = m.fit()
        elif c.startswith('HC'):
            f = m.fit(cov_type=c)
        elif c.startswith('hac'):
            f = m.fit(cov_type='hac-panel', cov_kwds={'groups': pd.factorize(g['item'])[0], 'maxlags': int(c[3:])})
        else:
            f = m.fit(cov_type='cluster', cov_kwds={'groups': g['period'].values})
        z[c] += [f.params[n] / f.bse[n] for n in names]
    # Leverage: h = diag(Q Q'); a cell's weights are its row of (X'X)^-1 X' = R^-1 Q'.
    Q, R = np.linalg.qr(X.values)
    keep = np.abs(np.diag(R)) > 1e-8 * np.abs(np.diag(R)).max()
    Q, R = np.linalg.qr(X.values[:, keep])
    h = (Q ** 2).sum(1)
    A = np.linalg.solve(R, Q.T)
    cols = [k for k, name in enumerate(X.columns[keep]) if name in names]
    for k in cols:
        a2 = A[k] ** 2
        weighted_leverage.append(float((a2 * h).sum() / a2.sum()))

out = {}
for c in covs:
    v = np.array(z[c])
    v = v[np.isfinite(v)]
    out[c] = {'cells': int(len(v)), 'holds_0_at_90': round(float(np.mean(np.abs(v) <= 1.6449)), 3),
              'mean_z2': round(float(np.mean(v ** 2)), 3)}
wl = np.array(weighted_leverage)
out['cell_leverage'] = {'median': round(float(np.median(wl)), 3), 'p10': round(float(np.quantile(wl, 0.1)), 3),
                        'p90': round(float(np.quantile(wl, 0.9)), 3)}
print(json.dumps(out, indent=1))
