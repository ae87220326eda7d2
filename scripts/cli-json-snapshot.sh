#!/bin/bash
# usage: scripts/cli-json-snapshot.sh REPO OUTDIR — the CLI's --json outputs on both samples (seed 1), refusals
# included; compare two snapshots (before and after a restructuring) with scripts/cli-json-compare.py A B.
REPO=$1; OUT=$2; rm -rf $OUT; mkdir -p $OUT/files
P="node $REPO/bin/pricelab.cjs"
for kind in edtech retail; do
  DB=$OUT/files/$kind.pricelab
  DS=""; [ $kind = retail ] && DS="--dataset retail_sample"
  $P generate --db $DB --kind $kind --seed 1 --json > $OUT/$kind-generate.json 2>$OUT/$kind-generate.err
  $P tables --db $DB --json > $OUT/$kind-tables.json 2>&1
  $P elasticity --db $DB $DS --seed 1 --json > $OUT/$kind-elasticity.json 2>$OUT/$kind-elasticity.err
  $P optimize --db $DB $DS --out $OUT/files/$kind-prices.csv --json > $OUT/$kind-optimize.json 2>&1
  $P optimize --db $DB $DS --objective margin --cost-share 0.4 --out $OUT/files/$kind-prices-m.csv --json > $OUT/$kind-optimize-margin.json 2>&1
  $P scenario --db $DB --change "all:-5%" --json > $OUT/$kind-scenario.json 2>&1
  if [ $kind = edtech ]; then
    $P propensity --db $DB --seed 1 --json > $OUT/$kind-propensity.json 2>&1
    $P abtest --db $DB --treatment change:-10% --seed 42 --out $OUT/files/$kind-plan.csv --json > $OUT/$kind-abtest.json 2>&1
    $P score --db $DB --out $OUT/files/$kind-learners.csv --json > $OUT/$kind-score.json 2>&1
  else
    $P abtest --db $DB --units items --dataset retail_sample --treatment optimized --seed 42 --out $OUT/files/$kind-plan.csv --json > $OUT/$kind-abtest.json 2>&1
  fi
  $P elasticity --db $DB $DS --seed 2 --models ols,gbm --dml off --json > $OUT/$kind-elasticity2.json 2>&1
  $P bogus --db $DB --json > $OUT/$kind-bogus.json 2>&1
  $P optimize --db $DB $DS --max-change abc --out x.csv --json > $OUT/$kind-badflag.json 2>&1
done
echo done
