"""Events of RocksDB's logs (a benchmark run with --rocksdb-log DIR), shared by compactions.py and flushes.py."""
import glob, json


def events(log_dir, state, name_prefix):
    """(log path, thread id, event) of every EVENT_LOG_v1 event whose name starts with name_prefix, in the
    logs of the instances that hold `state`. An event names no column family; an instance (one per
    operator and subtask) that holds the state names it in its log, and dedup's instance holds no
    other large state."""
    found = []
    for path in sorted(glob.glob(log_dir + '/*LOG')):
        text = open(path, errors='ignore').read()
        if f'[{state}]' not in text:
            continue
        for line in text.splitlines():
            if f'"event": "{name_prefix}' in line:
                found.append((path, line.split()[1], json.loads(line[line.index('{'):])))
    return found
