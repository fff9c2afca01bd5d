"""``python -m bot transcripts list|show|export``: the archive of redacted conversations, for staff."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from core.languages import SUPPORTED_LANGUAGES
from core.settings import get_settings
from core.storage.database import Database
from bot.archive.access_log import AccessLog, cli_actor
from bot.archive.store import ConversationFilter, TranscriptArchive
from bot.cli.leads import _write_private

YES_NO = {"yes": True, "no": False}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("transcripts", help="list, show or export archived (redacted) conversations")
    actions = parser.add_subparsers(dest="transcripts_command", metavar="ACTION")
    actions.required = True
    listing = actions.add_parser("list", help="conversations, newest first")
    listing.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD")
    listing.add_argument("--until", type=date.fromisoformat, metavar="YYYY-MM-DD")
    listing.add_argument("--language", choices=SUPPORTED_LANGUAGES)
    listing.add_argument("--intent")
    listing.add_argument("--lead", choices=tuple(YES_NO), help="only with (yes) or without (no) a lead")
    listing.add_argument("--flagged", choices=tuple(YES_NO), help="only flagged (yes) or unflagged (no)")
    listing.add_argument("--page", type=int, default=1)
    show = actions.add_parser("show", help="print one transcript")
    show.add_argument("conversation_id")
    export = actions.add_parser("export", help="one transcript as JSON")
    export.add_argument("conversation_id")
    export.add_argument("--output", metavar="FILE", help="write to FILE (mode 0600) instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    database = Database(get_settings().database_url)
    try:
        archive, log = TranscriptArchive(database), AccessLog(database)
        if args.transcripts_command == "list":
            chosen = ConversationFilter(args.since, args.until, args.language, args.intent,
                                        YES_NO.get(args.lead), YES_NO.get(args.flagged))
            rows, total = archive.conversations(chosen, args.page)
            log.record(cli_actor(), "view conversation list", f"page {args.page}")
            for row in rows:
                print(f"{row['started_at'][:16]}  {row['conversation_id']}  {row['language'] or '-':2}  "
                      f"lead={'yes' if row['lead_created'] else 'no'}  flagged={'yes' if row['flagged'] else 'no'}")
            print(f"{len(rows)} of {total} conversation(s)", file=sys.stderr)
            return 0
        found = archive.transcript(args.conversation_id)
        if found is None:
            print("error: no such conversation in the archive", file=sys.stderr)
            return 1
        if args.transcripts_command == "show":
            log.record(cli_actor(), "view transcript", args.conversation_id)
            sys.stdout.write(render_transcript(found))
            return 0
        log.record(cli_actor(), "export transcript", args.conversation_id)
        text = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
        if args.output:
            _write_private(args.output, text)
        else:
            sys.stdout.write(text)
        return 0
    finally:
        database.dispose()


def render_transcript(conversation: dict) -> str:
    lines = [f"conversation {conversation['conversation_id']}  language={conversation['language'] or '-'}  "
             f"lead={'yes' if conversation['lead_created'] else 'no'}"]
    for event in conversation["events"]:
        when = event["timestamp"][11:19]
        if event["event"] == "user":
            confidence = "" if event["confidence"] is None else f" {event['confidence']:.2f}"
            lines.append(f"{when} visitor: {event['text']}   [{event['intent']}{confidence}]")
        elif event["event"] == "bot":
            lines.append(f"{when} bot:     {event['text']}")
        else:
            detail = f" {event['name']}" if event["name"] else ""
            lines.append(f"{when} ({event['event']}{detail}{' = ' + event['value'] if event['value'] else ''})")
    return "\n".join(lines) + "\n"
