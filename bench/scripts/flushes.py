#!/usr/bin/env python3
"""Memtable flushes of one state in RocksDB's logs (a run with --rocksdb-log DIR), by reason: how
many, how long each ran (flush_started to flush_finished: the flush thread logs the start when it
picks the flush up, so time queued behind other instances' flushes is not in it) and MB of memtable
data. "Get Live Files" flushes are the ones a checkpoint's synchronous part waits for. Last, on how
many threads they ran: RocksDB's background threads are shared by every instance in the process.
Usage: bench/scripts/flushes.py DIR [state, default order-id-seen]"""
import collections, sys
from rocksdb_log import events

log_dir = sys.argv[1]
state = sys.argv[2] if len(sys.argv) > 2 else 'order-id-seen'
by_reason = collections.defaultdict(list)
threads = set()
started = {}
for path, thread, e in events(log_dir, state, 'flush_'):
    if e['event'] == 'flush_started':
        started[(path, e['job'])] = e
        threads.add(thread)
    elif e['event'] == 'flush_finished' and (path, e['job']) in started:
        s = started.pop((path, e['job']))
        by_reason[s['flush_reason']].append(((e['time_micros'] - s['time_micros']) / 1000, s['total_data_size'] / 1e6))
if not by_reason:
    sys.exit(f'no flush of {state} in {log_dir}')
print('reason                 flushes  ms_p50  ms_p99  ms_max  mb_p50  mb_max')
for reason, fl in sorted(by_reason.items()):
    ms = sorted(f[0] for f in fl)
    mb = sorted(f[1] for f in fl)
    q = lambda v, p: v[min(len(v) - 1, int(p * len(v)))]
    print(f'{reason:22s} {len(fl):7d} {q(ms, .5):7.0f} {q(ms, .99):7.0f} {ms[-1]:7.0f} {q(mb, .5):7.1f} {mb[-1]:7.1f}')
print('flush threads:', len(threads))
