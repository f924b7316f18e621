"""A Dask LocalCluster in a process of its own, for the tests: ``python -m
tests.archive.cluster_process N [--daemonic]`` starts N worker processes on 127.0.0.1, prints
one JSON line (the scheduler's address and the workers' process ids), and stops the cluster
when its standard input closes.

The tests' own processes stay free of Dask's threads, heap and environment, which other tests
in the same xdist worker would otherwise inherit.
"""

from __future__ import annotations

import json
import os
import sys

import dask
import distributed


def main() -> None:
    workers = int(sys.argv[1])
    daemonic = "--daemonic" in sys.argv[2:]
    with dask.config.set({"distributed.worker.daemon": daemonic}), \
            distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        pids = sorted(client.run(os.getpid).values())
        print(json.dumps({"address": cluster.scheduler_address, "pids": pids}), flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
