"""
Issue 25, item 5: the within-brand fixed-effects reference for test/fixtures/many-segments.ts,
in statsmodels. Per brand: OLS of log(max(0.5, units)) on log price, feature, display, item and
week dummies, standard errors clustered by item; printed beside the generator's truth.

Write the panels first (seeds 1-5, CSV and truth side by side in DIR, default /tmp/s824), e.g. with
  npx tsx -e "const {manySegmentPanel}=require('./test/fixtures/many-segments');const fs=require('fs');
    for (const seed of [1,2,3,4,5]) { const p=manySegmentPanel({seed});
      fs.writeFileSync('/tmp/s824/juice11-'+seed+'.csv',[p.header.join(','),...p.lines].join('\\n')+'\\n');
      fs.writeFileSync('/tmp/s824/juice11-'+seed+'-truth.json',JSON.stringify(p.truth.brands)) }"
then: /usr/bin/python3 bench/many-segments-statsmodels.py [DIR]
Needs python3-statsmodels and python3-pandas (Debian packages).
"""
import json, sys
DIR = sys.argv[1] if len(sys.argv) > 1 else '/tmp/s824'
import numpy as np, pandas as pd
import statsmodels.formula.api as smf
out = {}
for seed in [1,2,3,4,5]:
    df = pd.read_csv(f'{DIR}/juice11-{seed}.csv')
    truth = {b['name']: b['elasticity'] for b in json.load(open(f'{DIR}/juice11-{seed}-truth.json'))}
    df['ly'] = np.log(np.maximum(0.5, df['units']))
    df['lp'] = np.log(df['price'])
    rows = []
    for brand, g in df.groupby('brand'):
        # within-brand two-way fixed effects: item and week dummies, feature/display, clustered by item
        m = smf.ols('ly ~ lp + feature + display + C(item) + C(week)', data=g).fit(cov_type='cluster', cov_kwds={'groups': pd.factorize(g['item'])[0]})
        b = m.params['lp']; se = m.bse['lp']
        rows.append((brand, b, se, truth[brand]))
    out[seed] = rows
    worst = max(abs(b - t) for _, b, _, t in rows)
    print(f'seed {seed}: within-brand FE (statsmodels) worst |slope - truth| = {worst:.3f}')
    for brand, b, se, t in rows:
        print(f'   {brand}: {b:.3f} (se {se:.3f}) truth {t:.3f} diff {b - t:+.3f}')
json.dump({str(k): v for k, v in out.items()}, open(f'{DIR}/many5-statsmodels.json', 'w'))
