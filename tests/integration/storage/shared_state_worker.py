"""Another bot process on the same PostgreSQL, for test_shared_state.py: opens the database the way
a process does and keeps or reads pick lists, or takes from a user's rate bucket.

    python -m tests.integration.storage.shared_state_worker URL put OWNER QUERY TITLE...
    python -m tests.integration.storage.shared_state_worker URL get TOKEN
    python -m tests.integration.storage.shared_state_worker URL take USER BURST PER_MINUTE N

Each prints one JSON line. `take` prints "ready" once the database is open and waits for a line
on stdin, so two of them can be started and then let go at the same moment; it then takes N times
at once and prints how many were granted.
"""

from __future__ import annotations

import asyncio
import json
import sys

from domain.releases import Candidate, parse
from domain.security.ratelimit import Rate
from storage.database import open_database
from storage.repositories.pick_lists import PostgresPickLists
from storage.repositories.rate_buckets import PostgresRateBuckets
from tests.fakes import release

COMMAND = "search"


async def main(url: str, action: str, args: list[str]) -> None:
    async with open_database(url):
        lists = PostgresPickLists()
        if action == "put":
            owner, query, *titles = args
            candidates = tuple(Candidate(release(t), parse(t), why=("test",)) for t in titles)
            kept = await lists.put(int(owner), query, candidates, show="Frieren")
            print(json.dumps({"token": kept.token}), flush=True)
        elif action == "get":
            found = await lists.get(args[0])
            if found is None:
                print(json.dumps(None), flush=True)
                return
            titles = [c.release.title for c in found.candidates]
            shown = {"owner": found.owner_id, "query": found.query, "show": found.show}
            print(json.dumps({**shown, "titles": titles}), flush=True)
        elif action == "take":
            user, burst, per_minute, count = args
            buckets, rate = PostgresRateBuckets(), Rate(int(burst), float(per_minute))
            print("ready", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            waits = await asyncio.gather(
                *(buckets.spend(int(user), COMMAND, rate) for _ in range(int(count)))
            )
            print(json.dumps({"granted": sum(1 for w in waits if w == 0)}), flush=True)
        else:
            raise SystemExit(f"unknown action {action!r}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
