#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ExecutionSample`: the hottest top frames and the hottest
frames of io.orderstream / Flink operator code anywhere in the stack (inclusive).
Usage: jfr print --events jdk.ExecutionSample rec.jfr | bench/scripts/jfr-top.py [N]"""
import re, sys, collections
n = int(sys.argv[1]) if len(sys.argv) > 1 else 25
top, incl, threads, total = collections.Counter(), collections.Counter(), collections.Counter(), 0
frames, thread = [], None
def flush():
    global total
    if not frames: return
    total += 1
    top[frames[0]] += 1
    threads[re.sub(r'\s*\(\d+/\d+\)#\d+', '', thread or '?')] += 1
    for f in set(frames):
        if f.startswith('io.orderstream'): incl[f] += 1
for line in sys.stdin:
    line = line.strip()
    if line.startswith('jdk.ExecutionSample'):
        flush(); frames, thread = [], None
    elif line.startswith('sampledThread'):
        m = re.search(r'"(.*)"', line); thread = m.group(1) if m else line
    else:
        m = re.match(r'([\w$.<>]+)\(', line)
        if m and 'line:' in line: frames.append(m.group(1))
flush()
print(f"{total} samples")
print("\n== threads (share of samples)")
for t, c in threads.most_common(12): print(f"{100*c/total:5.1f}%  {t}")
print("\n== top frames (self)")
for f, c in top.most_common(n): print(f"{100*c/total:5.1f}%  {f}")
print("\n== io.orderstream frames (inclusive)")
for f, c in incl.most_common(n): print(f"{100*c/total:5.1f}%  {f}")
