"""The ``ogi`` command line: one help for everything, clear errors."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import ogi


def test_help_lists_every_command() -> None:
    result = ogi("--help")
    assert result.returncode == 0
    for command in ("demo", "crawl", "serve", "export", "portals"):
        assert command in result.stdout


def test_serve_and_export_without_an_archive_fail_clearly(tmp_path: Path) -> None:
    for command in ("serve", "export"):
        result = ogi(command, "--db", str(tmp_path / "missing.db"))
        assert result.returncode == 1
        assert result.stderr.startswith("ogi: no archive at")
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_crawl_usage_errors(tmp_path: Path) -> None:
    assert ogi("crawl").stderr == "ogi: crawl: give --registry FILE or --url URL\n"
    bad = tmp_path / "portals.yml"
    bad.write_text("portals:\n- id: x\n", encoding="utf-8")
    result = ogi("crawl", "--registry", str(bad))
    assert result.returncode == 2 and "start_urls must be a list of http(s) URLs" in result.stderr
    good = tmp_path / "good.yml"
    good.write_text("- id: a\n  start_urls: [http://127.0.0.1:1/]\n", encoding="utf-8")
    result = ogi("crawl", "--registry", str(good), "--portal", "b")
    assert result.returncode == 2 and result.stderr == "ogi: no portal b in the registry (it has a)\n"
    result = ogi("crawl", "--url", "http://127.0.0.1:1/", "-s", "NOEQUALS")
    assert result.returncode == 2 and "NAME=VALUE" in result.stderr


def test_an_empty_registry_is_named_as_such(tmp_path: Path) -> None:
    empty = tmp_path / "portals.json"
    empty.write_text("[]", encoding="utf-8")
    result = ogi("crawl", "--registry", str(empty))
    assert result.returncode == 2
    assert result.stderr == f"ogi: crawl: the registry {empty} lists no portal\n"


def test_a_reader_that_goes_away_stops_the_output_quietly() -> None:
    """``ogi parse --json ... | head -1``: the pipe closes after one line; no traceback follows."""
    seeds = sorted(str(path) for path in (Path(__file__).resolve().parents[1] / "data" / "seeds").iterdir())
    parse = subprocess.Popen([sys.executable, "-m", "crawler", "parse", "--json", *seeds],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert parse.stdout is not None and parse.stderr is not None
    first = parse.stdout.readline()
    parse.stdout.close()  # as head does once it has its line
    errors = parse.stderr.read().decode()
    assert parse.wait(timeout=120) == 1
    assert json.loads(first)["form"] == "text"
    assert "Traceback" not in errors and "BrokenPipe" not in errors


def test_the_demo_console_is_quiet_and_names_its_log(tmp_path: Path) -> None:
    """A whole demo run (every fault portal included): progress, the summary and where the full log
    is; no traceback, no warning, one line at most per failed request (here: only counted)."""
    db = tmp_path / "ogi.db"
    result = ogi("demo", "--no-serve", "--portals", "5", "--reports", "6", "--db", str(db), timeout=600)
    assert result.returncode == 0, result.stderr
    console = result.stdout + result.stderr
    for noise in ("Traceback", "Warning", "WARNING", "ERROR", "Exception occurred"):
        assert noise not in console, noise
    assert "crawl finished" in console and "errors: " in console
    (log_line,) = [line for line in console.splitlines() if line.strip().startswith("log: ")]
    log = Path(log_line.split("log: ", 1)[1])
    assert log.parent == tmp_path / "logs" and "Spider closed" in log.read_text(encoding="utf-8")
    assert len(console.splitlines()) < 60
