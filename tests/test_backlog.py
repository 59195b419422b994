"""The process's backlog: downloads wait while ``limit`` items wait for the workers."""

from __future__ import annotations

import asyncio

from crawler.crawl.backlog import Backlog


def test_room_waits_while_the_backlog_is_full_and_opens_when_an_item_is_back() -> None:
    async def scenario() -> list[str]:
        events: list[str] = []
        backlog = Backlog(limit=2)
        await backlog.room()  # empty: no wait
        backlog.add()
        await backlog.room()  # one of two: no wait
        backlog.add()

        async def download() -> None:
            await backlog.room()
            events.append("download")

        waiting = asyncio.create_task(download())
        await asyncio.sleep(0.01)
        events.append("item back")
        backlog.done()
        await asyncio.wait_for(waiting, 1)
        return events

    assert asyncio.run(scenario()) == ["item back", "download"]


def test_every_waiting_download_goes_on_once_there_is_room() -> None:
    async def scenario() -> int:
        backlog = Backlog(limit=1)
        backlog.add()
        waiting = [asyncio.create_task(backlog.room()) for _ in range(5)]
        await asyncio.sleep(0.01)
        assert not any(task.done() for task in waiting)
        backlog.done()
        await asyncio.wait_for(asyncio.gather(*waiting), 1)
        return backlog.count

    assert asyncio.run(scenario()) == 0
