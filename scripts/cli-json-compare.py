# usage: python3 scripts/cli-json-compare.py BEFORE AFTER — compares two cli-json-snapshot.sh folders, file by
# file, without timings and stamps (train_ms, created_at, …) and with the snapshot folder written as ROOT.
import json, sys, re
VOLATILE = {'train_ms','created_at','wall_ms','scoring_ms','started_at','finished_at','ms','fit_ms','cpu_ms'}
def norm(v, root):
    if isinstance(v, dict):
        return {k: norm(x, root) for k, x in v.items() if k not in VOLATILE}
    if isinstance(v, list): return [norm(x, root) for x in v]
    if isinstance(v, str): return v.replace(root, 'ROOT')
    return v
def load(path, root):
    txt = open(path).read()
    try:
        return json.dumps(norm(json.loads(txt), root), indent=1, sort_keys=True)
    except Exception:
        # not one JSON document (usage text, an error line before the JSON): compare as text
        return txt.replace(root, 'ROOT')
a, b = sys.argv[1], sys.argv[2]
import os
diff = 0
for f in sorted(os.listdir(a)):
    if not f.endswith('.json'): continue
    x, y = load(os.path.join(a, f), a), load(os.path.join(b, f), b)
    if x != y:
        diff += 1
        import difflib
        d = list(difflib.unified_diff(x.splitlines(), y.splitlines(), lineterm='', n=1))
        print(f'== {f}: {len(d)} diff lines'); print('\n'.join(d[:40]))
print('files differing:', diff)
