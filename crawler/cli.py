"""``ogi``: crawl government portals into the archive, publish it, export it."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime

DEFAULT_DB = "data/ogi.db"


class UsageError(Exception):
    """A mistake in what the user asked for: reported in one line, exit status 2."""


def _crawl_settings(args: argparse.Namespace) -> dict[str, object]:
    settings: dict[str, object] = {"LOG_LEVEL": args.log_level}
    for assignment in args.set:
        name, sep, value = assignment.partition("=")
        if not sep:
            raise UsageError(f"--set wants NAME=VALUE, got {assignment!r}")
        settings[name] = value
    return settings


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.crawl.registry import parse_registry
    from crawler.crawl.run import run_crawl
    from crawler.demo.server import DemoPortals
    from crawler.publish.serve import serve

    with DemoPortals(args.portals, args.reports, faults=args.faults) as described:
        print(f"demo portals: {len(described)} on 127.0.0.1, {args.reports} reports each", flush=True)
        for p in described:
            print(f"  {p['id']:<10} {p['family']:<7} {p['name']}  {p['base_url']}", flush=True)
        broken = run_crawl(parse_registry(described, "demo portals"), args.db, _crawl_settings(args))
    print(f"archive: {args.db}", flush=True)
    if broken:
        return 1
    if args.no_serve:
        return 0
    return serve(args.db, args.host, args.port)


def _portals(args: argparse.Namespace) -> list:
    from crawler.crawl.registry import RegistryError, load_registry, parse_registry, select

    try:
        portals = select(load_registry(args.registry), args.portal) if args.registry else []
        if args.url:
            family = args.family or _probed_family(args.url[0])
            portals += parse_registry([{"id": args.portal_id, "start_urls": args.url, "family": family}], "--url")
    except RegistryError as e:
        raise UsageError(str(e)) from e
    if not portals and args.registry and not args.url:
        raise UsageError(f"{args.command}: the registry {args.registry} lists no portal")
    if not portals:
        raise UsageError(f"{args.command}: give --registry FILE or --url URL")
    return portals


def cmd_probe(args: argparse.Namespace) -> int:
    from crawler.crawl.one_page import FetchError, fetch_page
    from crawler.crawl.probe import probe

    try:
        page = fetch_page(args.url)
    except FetchError as e:
        print(f"ogi: probe: {e}", file=sys.stderr)
        return 1
    found = probe(page.text, page.url)
    if args.json:
        print(json.dumps(found.as_json(), ensure_ascii=False))
        return 0
    print(f"{found.url}\n  {found.title}\n  family: {found.family} ({found.evidence})")
    print(f"  listing pages: {len(found.pages)}")
    for url in found.pages:
        print(f"    {url}")
    print(f"  report links: {len(found.reports)}")
    for entry in found.reports:
        print(f"    {entry.published or '          '}  {entry.title}  {entry.url}")
    for name, urls in (("annual-report columns", found.columns), ("OGI sections", found.sections)):
        if urls:
            print(f"  {name} linked: {len(urls)}")
            for url in urls:
                print(f"    {url}")
    return 0


def _probed_family(url: str) -> str:
    """The registry family of the column at ``url``, told by probing it (``ogi probe``)."""
    from crawler.crawl.one_page import FetchError, fetch_page
    from crawler.crawl.probe import FAMILIES, probe

    try:
        page = fetch_page(url)
    except FetchError as e:  # the crawl meets the same failure and records it
        print(f"{url}: family unknown, the page could not be had ({e}); crawled as a plain list", flush=True)
        return ""
    found = probe(page.text, page.url)
    print(f"{url}: {found.family} ({found.evidence})", flush=True)
    return FAMILIES[found.family][1]


def cmd_discover(args: argparse.Namespace) -> int:
    import yaml

    from crawler.crawl.run import run_discovery

    columns = run_discovery(args.url, args.max_depth, args.max_pages, _crawl_settings(args))
    if args.json:
        for column in columns:
            print(json.dumps(column, ensure_ascii=False))
        return 0
    if not columns:
        print(f"no annual-report column found from {', '.join(args.url)}", file=sys.stderr)
        return 1
    entries = [{**c["registry_entry"], "id": f"{args.portal_id}-{i}" if len(columns) > 1 else args.portal_id}
               for i, c in enumerate(columns, 1)]
    for column in columns:
        print(f"# {column['url']}: {column['family']} ({column['evidence']}); {column['reports']} report links; "
              f"linked from {column['linked_from'] or 'the start'}")
    print(yaml.safe_dump({"portals": entries}, allow_unicode=True, sort_keys=False), end="")
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.crawl.run import run_crawl

    settings = _crawl_settings(args)
    return 1 if run_crawl(_portals(args), args.db, settings) else 0


def cmd_worker(args: argparse.Namespace) -> int:
    from crawler.crawl.distributed import default_shard, worker_settings
    from crawler.crawl.redis_server import ensure_local
    from crawler.crawl.run import run_crawl

    portals = _portals(args)
    shard = args.db or str(default_shard(args.run))
    try:
        if ensure_local(args.redis, args.redis_dir):
            print(f"started Redis at {args.redis} (data in {args.redis_dir}; stop it with redis-cli shutdown)")
    except RuntimeError as e:
        raise UsageError(f"worker: {e} (start one there with `ogi redis`)") from e
    print(f"worker of run {args.run} on {args.redis}: {len(portals)} portals, shard {shard}", flush=True)
    return 1 if run_crawl(portals, shard, worker_settings(args.redis, args.run) | _crawl_settings(args)) else 0


def cmd_merge(args: argparse.Namespace) -> int:
    from crawler.archive.merge import merge

    merged = merge(args.shards, args.db)
    print(f"merged {merged.shards} shards into {args.db}: {merged.files} new WARC files, {merged.captures} captures,"
          f" {merged.items} items, {merged.runs} runs; {merged.reports} reports in all, {merged.failed} failed")
    return 1 if merged.failed else 0


def cmd_deploy(args: argparse.Namespace) -> int:
    from crawler.crawl.deploy import deploy

    answer = deploy(args.url, args.project)
    print(f"deployed {answer['project']} version {answer['version']} to {args.url}: {answer['spiders']} spiders")
    return 0


def cmd_redis(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from crawler.crawl.redis_server import server_command

    Path(args.dir).mkdir(parents=True, exist_ok=True)
    command = server_command(args.port, args.dir, args.bind)
    print(f"redis: redis://{args.bind}:{args.port}/0 (data in {args.dir})", flush=True)
    os.execv(command[0], command)


def cmd_serve(args: argparse.Namespace) -> int:
    from crawler.publish.serve import serve

    return serve(args.db, args.host, args.port)


def cmd_export(args: argparse.Namespace) -> int:
    from crawler.publish.export import export_snapshot

    folder = export_snapshot(args.db, args.out, wacz=args.wacz)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    print(f"snapshot: {folder} (utf-8/ and excel/, parquet/, manifest.json, README.md"
          + (", archive.wacz)" if args.wacz else ")"))
    for entry in manifest["tables"]:
        print(f"  {entry['name']:<24} {entry['kind']:<6} {entry['rows']:>8} rows")
    return 0


def cmd_reparse(args: argparse.Namespace) -> int:
    import time

    from crawler.archive.reparse import reparse

    started = time.monotonic()
    replayed = reparse(args.db)
    print(f"re-parsed {args.db} from {replayed.files} WARC files in {time.monotonic() - started:.1f}s:"
          f" {replayed.captures} captures, {replayed.items} items, {replayed.reports} reports,"
          f" {replayed.failed} failed")
    return 1 if replayed.failed else 0


def cmd_parse(args: argparse.Namespace) -> int:
    import io
    from collections import Counter
    from pathlib import Path

    from crawler.archive.local_files import file_url, local_item
    from crawler.archive.local_reads import why_not_read
    from crawler.prepare import prepare
    from crawler.report_json import report_document, summary_lines

    if isinstance(sys.stdout, io.TextIOWrapper):  # the console's, not a caller's buffer
        sys.stdout.reconfigure(encoding="utf-8")  # JSON is UTF-8 whatever the locale
    statuses: Counter[str] = Counter()
    failures: list[str] = []
    for name in args.files:
        path = Path(name)
        try:
            item = prepare(local_item(file_url(path), path.name, path.read_bytes()))
        except OSError as e:
            failures.append(f"{name}: not read: {why_not_read(e)}")
            continue
        except Exception as e:  # a reader's bug costs its file, never the others
            failures.append(f"{name}: not read: parser error: {type(e).__name__}: {e}")
            continue
        document = report_document(item, name)
        parse = document["parse"]
        statuses[parse["status"]] += 1
        if parse["status"] in ("failed", "not-a-report"):
            failures.append(f"{name}: {parse['status']}: {'; '.join(parse['reasons'])}")
        print(json.dumps(document, ensure_ascii=False) if args.json else "\n".join(summary_lines(document)),
              flush=True)
    counts = [f"{statuses[status]} {status}" for status in dict.fromkeys(["parsed", "partial", "failed", *statuses])]
    given = len(args.files)
    print(f"ogi parse: {given} file{'s' * (given != 1)}: {', '.join(counts)}, {given - statuses.total()} not read",
          file=sys.stderr)
    for failure in failures:
        print(f"  {failure}", file=sys.stderr)
    return 0 if statuses.total() > statuses["failed"] else 1


def cmd_ingest(args: argparse.Namespace) -> int:
    from crawler.archive.ingest import ingest

    ingested = ingest(args.paths, args.db)
    print(f"ogi ingest: {ingested.read} files read into {args.db}: {ingested.new} new reports, {ingested.duplicates}"
          f" duplicates, {ingested.unchanged} unchanged, {ingested.not_reports} not reports,"
          f" {len(ingested.failures)} failures")
    for failure in ingested.failures:
        print(f"  {failure.path}: {failure.reason}")
    return 0 if ingested.read else 1


def cmd_portals(args: argparse.Namespace) -> int:
    if args.check:
        return _check_portals(args.registry, args.db)
    from crawler.demo.server import main as serve_portals

    faults = ["--faults"] if args.faults else []
    serve_portals(["--portals", str(args.portals), "--reports", str(args.reports), *faults])
    return 0


def _check_portals(registry: str, db_path: str) -> int:
    """List the registry's unverified portals; those the archive has archived a report of are
    named with the date to record."""
    import sqlite3
    from pathlib import Path

    import sqlite_utils

    from crawler.archive.crawls import first_reports
    from crawler.crawl.registry import RegistryError, load_registry

    try:
        portals = load_registry(registry)
    except RegistryError as e:
        raise UsageError(str(e)) from e
    archived = {}
    if Path(db_path).exists():  # read, never written
        archived = first_reports(sqlite_utils.Database(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)))
    unverified = [p for p in portals if not p.verified]
    confirmed = [p for p in unverified if p.id in archived]
    for portal in unverified:
        if portal.id in archived:
            print(f"{portal.id}: a report archived on {archived[portal.id]} ({db_path}): set verified: "
                  f"{archived[portal.id]}")
        else:
            print(f"{portal.id}: unverified  {portal.name}  {' '.join(portal.start_urls)}")
    print(f"{len(portals)} portals: {len(portals) - len(unverified)} verified, {len(confirmed)} confirmed by "
          f"{db_path} and not yet marked, {len(unverified) - len(confirmed)} unverified", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="ogi", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    def db_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=DEFAULT_DB, help=f"archive database (default {DEFAULT_DB})")

    def serve_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default="127.0.0.1", help="Datasette host (default 127.0.0.1)")
        p.add_argument("--port", type=int, default=8001, help="Datasette port (default 8001)")

    def size_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--portals", type=int, default=5, help="number of demo portals (default 5: one per family)")
        p.add_argument("--reports", type=int, default=20, help="reports per demo portal (default 20)")
        p.add_argument("--faults", action=argparse.BooleanOptionalAction, default=True,
                       help="add the two portals whose pages go wrong in every way (timeouts, resets, broken gzip, "
                            "a script that never yields, ...; default: added)")

    def crawl_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--log-level", default="INFO",
                       help="level of Scrapy's log, written to a file under logs/ beside the archive (default INFO)")
        p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                       help="override a Scrapy setting (repeatable)")

    demo = add("demo", "start the demo portals, crawl them into the archive and serve it with Datasette", cmd_demo)
    size_options(demo)
    db_option(demo)
    serve_options(demo)
    crawl_options(demo)
    demo.add_argument("--no-serve", action="store_true", help="stop after building the archive")

    def portal_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--registry", metavar="FILE", help="portal registry, YAML or JSON (see data/portals.yml)")
        p.add_argument("--portal", action="append", default=[], metavar="ID",
                       help="crawl only this portal of the registry (repeatable)")
        p.add_argument("--url", action="append", help="a column URL to crawl (repeatable)")
        p.add_argument("--portal-id", default="cli", help="portal id recorded for --url crawls")
        p.add_argument("--family", default="", help="the --url portal's family (trs, news, mirror, hanweb, js; "
                                                    "default: told by probing the first URL, as `ogi probe` does)")

    crawl = add("crawl", "crawl portals into the archive", cmd_crawl)
    portal_options(crawl)
    db_option(crawl)
    crawl_options(crawl)

    worker = add("worker", "crawl portals as one of several workers sharing a Redis queue, into a shard "
                           "(every worker is given the same portals)", cmd_worker)
    portal_options(worker)
    worker.add_argument("--redis", default="redis://127.0.0.1:6379/0",
                        help="the shared Redis (default %(default)s); one on this machine is started if none answers")
    worker.add_argument("--redis-dir", default="data/redis", help="where a Redis started here keeps its data")
    worker.add_argument("--run", default=datetime.now(UTC).strftime("%Y-%m-%d"),
                        help="name of the distributed crawl: workers of one run share its queue; a run resumed keeps "
                             "its name, a new one takes another (default: today's date, UTC)")
    worker.add_argument("--db", default=None,
                        help="this worker's shard (default data/shards/RUN/HOST-PID/ogi.db)")
    crawl_options(worker)

    merge = add("merge", "merge the shards of a distributed crawl into the archive", cmd_merge)
    merge.add_argument("shards", nargs="+", metavar="SHARD", help="a worker's shard database (warc/ beside it)")
    db_option(merge)

    redis = add("redis", "run the Redis server distributed crawls share (Debian's redis-server)", cmd_redis)
    redis.add_argument("--port", type=int, default=6379, help="port (default 6379)")
    redis.add_argument("--bind", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; a private address for other machines)")
    redis.add_argument("--dir", default="data/redis", help="where Redis keeps its data (default data/redis)")

    deploy = add("deploy", "build the project's egg and add it to a Scrapyd server (addversion.json)", cmd_deploy)
    deploy.add_argument("--url", default="http://127.0.0.1:6800", help="the Scrapyd server (default %(default)s)")
    deploy.add_argument("--project", default="ogi", help="project name on the server (default %(default)s)")

    serve = add("serve", "serve the archive read-only with Datasette", cmd_serve)
    db_option(serve)
    serve_options(serve)

    export = add("export", "write a dated CSV snapshot of every table and view (UTF-8, and UTF-8 with BOM for "
                           "Excel) with a manifest and a README", cmd_export)
    db_option(export)
    export.add_argument("--out", default="data/exports", help="folder for snapshots (default data/exports)")
    export.add_argument("--wacz", action="store_true",
                        help="also pack the WARC files, their CDXJ indexes and the report pages into archive.wacz "
                             "(WACZ 1.1.1, for ReplayWeb.page and pywb)")

    reparse = add("reparse", "rebuild the archive's tables from its WARC files alone (no network)", cmd_reparse)
    db_option(reparse)

    parse = add("parse", "parse local report files (HTML or text in any encoding, DOCX, DOC/WPS, PDF, XLSX, XLS) and "
                         "print what was read; no network, nothing archived", cmd_parse)
    parse.add_argument("files", nargs="+", metavar="FILE", help="a report file")
    parse.add_argument("--json", action="store_true",
                       help="one JSON document per file on stdout (JSON Lines, UTF-8), in the schema "
                            "crawler/schemas/report.v1.schema.json; without it, a short summary per file")

    ingest = add("ingest", "add local report files and folders (recursively; zip archives too) to the archive as "
                           "a crawl adds what it fetches; no network; a file ingested before is not added again",
                 cmd_ingest)
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="a file, a folder or a zip archive")
    db_option(ingest)

    probe = add("probe", "fetch one page (a column or a site's home page) and say what it is: its family, the "
                         "column's pages, the report links it shows, the annual-report columns it links to", cmd_probe)
    probe.add_argument("url", metavar="URL", help="the page")
    probe.add_argument("--json", action="store_true", help="one JSON object (family, pages, reports, columns, "
                                                           "sections, registry_entry)")

    discover = add("discover", "find a site's annual-report columns from its home page (following 政府信息公开, "
                               "法定主动公开内容, 年报 ... links within the site) and print them as registry entries",
                   cmd_discover)
    discover.add_argument("url", nargs="+", metavar="URL", help="a site's home page (or any page of it)")
    discover.add_argument("--max-depth", type=int, default=3, help="links followed from the page (default 3)")
    discover.add_argument("--max-pages", type=int, default=60, help="pages fetched in all (default 60)")
    discover.add_argument("--portal-id", default="discovered", help="id of the registry entries printed")
    discover.add_argument("--json", action="store_true", help="one JSON object per column found")
    crawl_options(discover)

    portals = add("portals", "serve the demo portals alone (prints their registry as a JSON line); with --check, "
                             "list the registry's unverified portals instead", cmd_portals)
    size_options(portals)
    portals.add_argument("--check", action="store_true",
                         help="list the portals of --registry not yet verified by a crawl, and those the archive "
                              "--db has archived a report of (with the date to record as verified)")
    portals.add_argument("--registry", default="data/portals.yml", help="the registry (default %(default)s)")
    db_option(portals)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UsageError as e:
        print(f"ogi: {e}", file=sys.stderr)
        return 2
    except FileNotFoundError as e:
        print(f"ogi: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (`ogi parse --json ... | head`): stop quietly, as a Unix tool does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so flushing at exit raises nothing more
        return 1


if __name__ == "__main__":
    sys.exit(main())
