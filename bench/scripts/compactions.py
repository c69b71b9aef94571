#!/usr/bin/env python3
"""Compactions of one state in RocksDB's logs (a run with --rocksdb-log DIR), per 2 minutes since the
first of them: CPU seconds (and cores), wall seconds, MB written, count; then totals and, per instance
(one per subtask), the LSM shape after its last compaction (files per level).
Usage: bench/scripts/compactions.py DIR [state, default order-id-seen]"""
import collections, sys
from rocksdb_log import events as rocksdb_events

log_dir = sys.argv[1]
state = sys.argv[2] if len(sys.argv) > 2 else 'order-id-seen'
events = [(path, e) for path, _, e in rocksdb_events(log_dir, state, 'compaction_finished')]
shapes = {}
if not events:
    sys.exit(f'no compaction of {state} in {log_dir}')
t0 = min(e['time_micros'] for _, e in events)
buckets = collections.defaultdict(lambda: [0.0, 0.0, 0.0, 0])
for path, e in events:
    b = buckets[int((e['time_micros'] - t0) / 1e6 // 120)]
    b[0] += e['compaction_time_cpu_micros'] / 1e6
    b[1] += e['compaction_time_micros'] / 1e6
    b[2] += e['total_output_size'] / 1e6
    b[3] += 1
    shapes[path] = e['lsm_state']
print('minutes  cpu_s  cores  wall_s  written_mb  compactions')
for k in sorted(buckets):
    cpu, wall, mb, n = buckets[k]
    print(f'{2 * k:3d}-{2 * k + 2:<3d} {cpu:6.1f} {cpu / 120:6.2f} {wall:7.1f} {mb:11.0f} {n:12d}')
print(f"total    {sum(b[0] for b in buckets.values()):6.1f}        {sum(b[1] for b in buckets.values()):7.1f}"
      f" {sum(b[2] for b in buckets.values()):11.0f} {sum(b[3] for b in buckets.values()):12d}")
for path, shape in sorted(shapes.items()):
    print('files per level after the last compaction:', shape)
