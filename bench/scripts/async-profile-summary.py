#!/usr/bin/env python3
"""Summarises an async-profiler profile in collapsed form recorded with `threads` (see docs/BENCHMARKS.md,
Reproduce): CPU share per thread (without the benchmark's own main, producer and admin threads), then,
for the threads whose name matches PATTERN, the hottest frames by self and by inclusive samples.
Usage: bench/scripts/async-profile-summary.py profile.collapsed [PATTERN [N]]"""
import collections
import re
import sys

path = sys.argv[1]
pattern = sys.argv[2] if len(sys.argv) > 2 else '.'
n = int(sys.argv[3]) if len(sys.argv) > 3 else 30
benchmark_threads = re.compile(r'^\[(main|kafka-producer|kafka-admin)')
threads, self_samples, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
selected = 0
for line in open(path):
    stack, _, count = line.rstrip().rpartition(' ')
    count = int(count)
    frames = stack.split(';')
    thread = re.sub(r'\s*\(\d+/\d+\)#\d+', '', re.sub(r' tid=\d+\]$', ']', frames[0]))
    if benchmark_threads.match(thread):
        continue
    threads[thread[:70]] += count
    if not re.search(pattern, thread):
        continue
    selected += count
    self_samples[frames[-1]] += count
    for frame in set(frames[1:]):
        inclusive[frame] += count
job = sum(threads.values())
print(f"job samples {job}, selected {selected}")
for thread, count in threads.most_common(14):
    print(f"{100 * count / job:5.1f}% {thread}")
print("== self")
for frame, count in self_samples.most_common(n):
    print(f"{100 * count / selected:5.1f}% {frame[:150]}")
print("== inclusive")
for frame, count in inclusive.most_common(n * 3):
    print(f"{100 * count / selected:5.1f}% {frame[:150]}")
