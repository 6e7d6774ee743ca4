#!/usr/bin/env python3
"""Summarises JMH JSON results robustly on a shared, noisy machine.

For each benchmark: the median of all measurement iterations over all forks, the interquartile
range (25th to 75th percentile) as the error bar, gc.alloc.rate.norm when -prof gc ran, and the
ratio of every row to the row named by --baseline within the same class (default: soma).

usage: summarize.py result.json [--baseline soma]
"""
import json
import statistics
import sys


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    path = sys.argv[1]
    baseline = sys.argv[sys.argv.index("--baseline") + 1] if "--baseline" in sys.argv else "soma"
    rows = {}
    for result in json.load(open(path)):
        name = result["benchmark"].rsplit(".", 2)
        klass, method = name[-2], name[-1]
        params = result.get("params") or {}
        if params:
            klass += "(" + ",".join(f"{k}={v}" for k, v in params.items()) + ")"
        raw = [v for fork in result["primaryMetric"]["rawData"] for v in fork]
        alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        unit = result["primaryMetric"]["scoreUnit"]
        rows.setdefault(klass, {})[method] = (
            statistics.median(raw), percentile(raw, 0.25), percentile(raw, 0.75), len(raw), alloc, unit)
    print("| benchmark | implementation | median | IQR | n | B/op | time / " + baseline + " |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for klass, methods in rows.items():
        base = methods.get(baseline, (None,))[0]
        for method, (median, q1, q3, n, alloc, unit) in methods.items():
            ratio = f"{median / base:.2f}x" if base else "-"
            b = "-" if alloc is None else (f"{alloc:.0f}" if alloc >= 0.5 else "0")
            print(f"| {klass} | {method} | {median:,.1f} {unit} | {q1:,.1f}-{q3:,.1f} | {n} | {b} | {ratio} |")


if __name__ == "__main__":
    main()
