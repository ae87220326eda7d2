"""Reference values for test/core/experiments/power.test.ts (run with Debian's /usr/bin/python3)."""
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import proportion_effectsize

for p1, p2, alpha, power, ratio in [(0.10, 0.12, 0.05, 0.8, 1), (0.05, 0.055, 0.05, 0.9, 1), (0.3, 0.27, 0.01, 0.8, 2),
                                    (0.5, 0.52, 0.1, 0.8, 0.5), (0.02, 0.025, 0.05, 0.8, 1)]:
    h = proportion_effectsize(p2, p1)
    print('prop', p1, p2, alpha, power, ratio, NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=ratio))
for d, alpha, power, ratio in [(0.2, 0.05, 0.8, 1), (0.5, 0.05, 0.9, 1), (0.1, 0.01, 0.8, 2), (0.8, 0.1, 0.8, 0.5), (0.05, 0.05, 0.8, 1)]:
    print('t', d, alpha, power, ratio, TTestIndPower().solve_power(effect_size=d, alpha=alpha, power=power, ratio=ratio))
for d, n, alpha, ratio in [(0.3, 50, 0.05, 1), (0.1, 500, 0.05, 1.5)]:
    print('tpow', d, n, alpha, ratio, TTestIndPower().power(effect_size=d, nobs1=n, alpha=alpha, ratio=ratio))
    print('zpow', d, n, alpha, ratio, NormalIndPower().power(effect_size=d, nobs1=n, alpha=alpha, ratio=ratio))
for n, alpha, power, ratio in [(100, 0.05, 0.8, 1), (1000, 0.05, 0.8, 1)]:
    print('tmde', n, alpha, power, ratio, TTestIndPower().solve_power(nobs1=n, alpha=alpha, power=power, ratio=ratio))
