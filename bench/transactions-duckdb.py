"""DuckDB side of `npm run bench -- transactions`: runs the SQL that `pricelab import --print-sql`
printed (as printed, inside CREATE TABLE … AS) on the same log, times it, and compares the panel
row by row with the one PriceLab wrote to its project (SQLite).

    python transactions-duckdb.py SQL_FILE PROJECT.pricelab TABLE OUT.json [--to-parquet CSV PARQUET]

Bench only: DuckDB is never a PriceLab dependency.
"""
import json
import resource
import sqlite3
import sys
import time

import duckdb


def to_parquet(csv: str, parquet: str) -> dict:
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * FROM read_csv('{csv}', header = true)) TO '{parquet}' (FORMAT parquet, COMPRESSION snappy)"
    )
    return {"ms": round((time.perf_counter() - t0) * 1000)}


def main() -> None:
    if sys.argv[1] == "--to-parquet":
        print(json.dumps(to_parquet(sys.argv[2], sys.argv[3])))
        return
    sql_file, project, table, out = sys.argv[1:5]
    sql = open(sql_file, encoding="utf-8").read().strip().rstrip(";")
    con = duckdb.connect()
    t0 = time.perf_counter()
    c0 = time.process_time()
    con.execute(f"CREATE TABLE panel AS {sql}")
    ms = round((time.perf_counter() - t0) * 1000)
    cpu_ms = round((time.process_time() - c0) * 1000)
    peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    cols = [r[0] for r in con.execute("DESCRIBE panel").fetchall()]
    duck = con.execute("SELECT * FROM panel").fetchall()
    lite = sqlite3.connect(project)
    lite_cols = [r[1] for r in lite.execute(f'PRAGMA table_info("{table}")')]
    ours = lite.execute(f'SELECT * FROM "{table}"').fetchall()
    # Key: the item columns and the period, as text (DuckDB gives a date, PriceLab its ISO text).
    period = cols.index("sold_at")
    n_keys = period  # the item key columns (and the joined item) come first in both
    def key(row, p):
        return tuple(str(v) for v in row[:n_keys]) + (str(row[p])[:10],)
    lite_period = lite_cols.index("sold_at")
    mine = {key(r, lite_period): r for r in ours}
    measures = [c for c in cols[period + 1:]]
    worst = {m: 0.0 for m in measures}
    missing = 0
    totals = {m: [0.0, 0.0] for m in measures}
    for r in duck:
        o = mine.get(key(r, period))
        if o is None:
            missing += 1
            continue
        for m in measures:
            a = r[cols.index(m)]
            b = o[lite_cols.index(m)]
            a = float(a) if a is not None else float("nan")
            b = float(b) if b is not None else float("nan")
            totals[m][0] += a
            totals[m][1] += b
            if a != a and b != b:
                continue
            d = abs(a - b) / max(1.0, abs(a))
            worst[m] = max(worst[m], d if d == d else float("inf"))
    result = {
        "duckdb": duckdb.__version__,
        "ms": ms,
        "cpu_ms": cpu_ms,
        "peak_rss_mb": peak_mb,
        "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
        "rows": len(duck),
        "pricelab_rows": len(ours),
        "rows_missing_in_pricelab": missing,
        "max_relative_difference": worst,
        "totals_duckdb_vs_pricelab": totals,
    }
    json.dump(result, open(out, "w"), indent=1)


main()
