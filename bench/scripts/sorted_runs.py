#!/usr/bin/env python3
"""Sorted runs of one state over a run with --rocksdb-log DIR, per instance (one per subtask): the runs
after every flush and compaction (L0 files plus the non-empty levels above L0; with universal compaction
each is one sorted run, which every lookup of a new key probes), their time-weighted mean and maximum.
Usage: bench/scripts/sorted_runs.py DIR [state, default order-id-seen]"""
import sys
from rocksdb_log import events as rocksdb_events

log_dir = sys.argv[1]
state = sys.argv[2] if len(sys.argv) > 2 else 'order-id-seen'
changes = (rocksdb_events(log_dir, state, 'flush_finished')
           + rocksdb_events(log_dir, state, 'compaction_finished'))
if not changes:
    sys.exit(f'no flush or compaction of {state} in {log_dir}')
by_instance = {}
for path, _, e in changes:
    by_instance.setdefault(path, []).append((e['time_micros'], e['lsm_state']))
for path, shapes in sorted(by_instance.items()):
    shapes.sort()
    runs = [shape[0] + sum(1 for files in shape[1:] if files) for _, shape in shapes]
    span = shapes[-1][0] - shapes[0][0]
    weighted = sum(runs[i] * (shapes[i + 1][0] - shapes[i][0]) for i in range(len(runs) - 1))
    mean = weighted / span if span else runs[0]
    print(f"{path.rsplit('_op_', 1)[-1][:70]}: mean {mean:.2f}, max {max(runs)}, after each: {runs}")
