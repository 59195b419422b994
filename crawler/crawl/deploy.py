"""Deploy the project to a Scrapyd server: the project as an egg, uploaded through ``addversion.json``.

The egg is built by setuptools from ``pyproject.toml`` (its ``scrapy`` entry point names the settings
module Scrapyd's runner loads) in a temporary copy of the project, so the working tree gains no build
files. Its spiders then run through Scrapyd's HTTP API (``schedule.json``) like any Scrapy project's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_SOURCES = ("pyproject.toml", "README.md", "scrapy.cfg", "crawler", "spiders", "pipelines")


def build_egg(out: Path, root: Path = ROOT) -> Path:
    """Build the project's egg into the folder ``out``; its path."""
    with tempfile.TemporaryDirectory() as tmp:
        for name in _SOURCES:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, Path(tmp) / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, Path(tmp) / name)
        built = subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()", "bdist_egg",
                                "--dist-dir", str(out)], cwd=tmp, capture_output=True, text=True)
        if built.returncode != 0:
            raise RuntimeError(f"building the egg failed:\n{built.stderr[-2000:]}")
    (egg,) = Path(out).glob("*.egg")
    return egg


def _multipart(fields: dict[str, str], egg: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="{egg.name}"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n".encode() + egg.read_bytes() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def deploy(url: str, project: str = "ogi", version: str | None = None) -> dict[str, object]:
    """Build the egg and add it to the Scrapyd at ``url`` as ``project`` (version: the time); Scrapyd's answer."""
    with tempfile.TemporaryDirectory() as out:
        egg = build_egg(Path(out))
        body, content_type = _multipart({"project": project, "version": version or str(int(time.time()))}, egg)
        request = urllib.request.Request(url.rstrip("/") + "/addversion.json", data=body,
                                         headers={"Content-Type": content_type})
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.load(response)
    if answer.get("status") != "ok":
        raise RuntimeError(f"Scrapyd refused the egg: {answer.get('message', answer)}")
    return answer
