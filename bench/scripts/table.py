#!/usr/bin/env python3
"""Prints the Markdown tables of docs/BENCHMARKS.md from the benchmark's JSON results.
Usage: bench/scripts/table.py [bench-results.json] [jmh-results.json]"""
import json, sys
e2e = json.load(open(sys.argv[1] if len(sys.argv) > 1 else 'bench/results/bench-results.json'))
jmh_path = sys.argv[2] if len(sys.argv) > 2 else 'bench/results/jmh-results.json'
def g(d, *path, default='–'):
    for p in path:
        if not isinstance(d, dict) or p not in d: return default
        d = d[p]
    return d
print(f"Commit `{e2e.get('commit')}`, started {e2e.get('started')}, machine: {e2e['machine']}")
print(f"Settings: {e2e['settings']}\n")
for r in e2e['results']:
    if 'dedup_keys' in r and r.get('checkpoint_after_drain'):
        ck = r['checkpoint_after_drain']
        print(f"- {r['variant']}: {r['dedup_keys']:,} dedup keys; checkpoint after drain {ck['duration_ms']} ms, "
              f"full state {ck['state_size_mb']} MB, uploaded {ck['checkpointed_size_mb']} MB")
for r in e2e['results']:
    failed = g(r, 'checkpoints', 'last_failed', default=None)
    if failed:
        print(f"- {r['variant']}: last failed checkpoint {failed['id']}: {failed['failure_message']}")
print()
print("| variant | orders | orders/s sustained (10%→90%) | orders/s first→last | CPU-s (this JVM) per 1M orders | "
      "p50 / p99 / max latency ms (live, rate) | checkpoint after drain: ms, state MB (checkpointed MB) | "
      "checkpoints: median / max ms, failed | peak heap MB | GC s | live: heap after GC MB first→last (slope per 10 min); RSS MB first→last | load avg start→end |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
def growth(live):
    gr = g(live or {}, 'growth', default=None)
    if not gr: return '–'
    h, rss = gr['heap_after_gc_mb'], gr['rss_mb']
    return f"{h['first']}→{h['last']} ({h['slope_per_10_min']}); {rss['first']}→{rss['last']}"
for r in e2e['results']:
    cpu = g(r, 'process_cpu_seconds_drain')
    cpu_per_m = round(cpu / r['orders'] * 1e6, 1) if isinstance(cpu, (int, float)) else '–'
    live = r.get('live')
    lat = (f"{live['latency_ms_p50']} / {live['latency_ms_p99']} / {live['latency_ms_max']} "
           f"({live['rate_orders_per_s']}/s, {live['seconds']} s)") if live else '–'
    ck = r.get('checkpoint_after_drain')
    ckt = f"{ck['duration_ms']} ms, {ck['state_size_mb']} MB ({ck['checkpointed_size_mb']} MB)" if ck else '–'
    cks = r.get('checkpoints', {})
    print(f"| {r['variant']} | {r['orders']:,} | {r.get('orders_per_s_sustained', '–'):,} | "
          f"{r.get('orders_per_s_first_to_last', '–'):,} | {cpu_per_m} | {lat} | {ckt} | "
          f"{cks.get('duration_ms_median', '–')} / {cks.get('duration_ms_max', '–')}, {cks.get('failed', '–')} | "
          f"{r.get('peak_heap_used_mb', '–')} | {r.get('gc_seconds', '–')} | "
          f"{growth(live)} | "
          f"{round(r.get('load_average_at_start', 0), 1)}→{round(r.get('load_average_at_end', 0), 1)} |")
try:
    jmh = json.load(open(jmh_path))
    print("\n| JMH benchmark | params | ops/s (1 thread = per core) | ± 99.9% CI |")
    print("|---|---|---|---|")
    for b in jmh:
        m = b['primaryMetric']
        print(f"| {b['benchmark'].replace('io.orderstream.bench.jmh.', '')} | {b.get('params', '') or ''} | "
              f"{m['score']:,.0f} | {m['scoreError']:,.0f} |")
except FileNotFoundError:
    pass
# Per stage, over the checkpoints in Flink's history: what stops a task (synchronous part) or delays a barrier.
for r in e2e['results']:
    stages = g(r, 'checkpoints', 'by_stage_in_history', default=None)
    if stages:
        print(f"\n{r['variant']}: longest synchronous part / alignment / barrier start delay of any subtask, ms")
        for stage, m in sorted(stages.items(), key=lambda kv: -kv[1]['sync_ms_max']):
            print(f"- {stage}: {m['sync_ms_max']} / {m['alignment_ms_max']} / {m['start_delay_ms_max']}")
