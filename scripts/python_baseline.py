"""The Python client whylabs-client 0.4.0 making the benchmark's calls (scripts/python-baseline.sh).

Usage: python_baseline.py BASE_URL get|list1|list100|create CONCURRENCY CALLS
Prints "<calls/s> calls/s". Each call is decoded into the client's models and checked, as the
Rust benchmark checks its own; CONCURRENCY threads share one ApiClient (its urllib3 pool sized
to match), the way a threaded Python program would use it.
"""

import sys
import threading
import time

import whylabs_client
from whylabs_client.api.api_key_api import ApiKeyApi

KEY_ID = "K000000000"
USER = "user-123"


def call(api, workload):
    if workload == "get":
        found = api.get_api_key("org-1", KEY_ID)
        assert found.key.key_id == KEY_ID
    elif workload.startswith("list"):
        n = int(workload[len("list"):])
        listed = api.list_api_keys(f"org-{n}", user_id=USER)
        assert len(listed.items) == n
    elif workload == "create":
        created = api.create_api_key(
            "org-1", USER, alias="nightly-upload", scopes=[":user", ":write_data"]
        )
        assert created.key_id
    else:
        raise SystemExit(f"unknown workload {workload}")


def main():
    base_url, workload, concurrency, calls = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    configuration = whylabs_client.Configuration(host=base_url)
    configuration.api_key["ApiKeyAuth"] = "fh4dUNV3WQ.bench-secret"
    configuration.connection_pool_maxsize = concurrency
    api = ApiKeyApi(whylabs_client.ApiClient(configuration))
    for _ in range(min(calls, 50)):  # warm-up: connections, imports
        call(api, workload)
    remaining = [calls]
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            call(api, workload)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    print(f"{calls / elapsed:.0f} calls/s")


if __name__ == "__main__":
    main()
