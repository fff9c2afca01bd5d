"""``python -m bot archive-consumer``: writes the archive from RabbitMQ when ``ARCHIVE_BROKER_URL`` is set.

Run one or more beside the Rasa servers (docs/operations.md); it is not in the default Procfile
because RabbitMQ is optional. SIGTERM or Ctrl-C stops taking messages, stores the batch in hand if
the database allows and disconnects; whatever is not acknowledged goes back to the queue.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from core.settings import get_settings
from core.storage.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    from bot.archive.consumer import BATCH_SIZE

    parser = subparsers.add_parser("archive-consumer",
                                   help="write archived events from RabbitMQ (ARCHIVE_BROKER_URL) into the database")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                        help=f"events per transaction, and unacknowledged messages RabbitMQ hands over (default {BATCH_SIZE})")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    cfg = get_settings()
    if not cfg.archive_broker_url:
        print("archive-consumer: ARCHIVE_BROKER_URL is not set, so the Rasa servers archive by themselves",
              file=sys.stderr)
        return 2
    if args.batch_size <= 0:
        print("archive-consumer: --batch-size needs a positive number", file=sys.stderr)
        return 2
    from bot.privacy import log_privacy

    log_privacy.install()
    logging.basicConfig(level=cfg.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    database = Database(cfg.database_url)
    try:
        asyncio.run(_consume(database, cfg.archive_broker_url, cfg.archive_queue, args.batch_size))
    finally:
        database.dispose()
    return 0


async def _consume(database: Database, url: str, queue: str, batch_size: int) -> None:
    from bot.archive.consumer import ArchiveConsumer
    from bot.archive.writer import ArchiveWriter

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await ArchiveConsumer(ArchiveWriter(database), url, queue, batch_size=batch_size).run(stop)
