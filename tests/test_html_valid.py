"""Every public page type, in every language, is valid HTML for the Nu HTML Checker (issue 10).

The pages are saved to files and checked by one run of vnu.jar (npm `vnu-jar`, on Java), so
the whole check costs one JVM start. Without Java or `npm ci` the test is skipped locally and
fails in CI.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.public_pages import load_demo_site, public_pages

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command():
    java = shutil.which("java")
    missing = []
    if not java:
        missing.append("Java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR} (npm ci)")
    if missing:
        message = "The Nu HTML Checker needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # -Xss: the checker's regular expressions recurse deeply on long pages.
    return [java, "-Xss16m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def check_files(paths):
    """The checker's errors for the files, as "file:line.column: message «extract»"."""
    result = subprocess.run(
        [*vnu_command(), *map(str, paths)], capture_output=True, text=True, timeout=300
    )
    report = json.loads(result.stderr or result.stdout)
    return [
        f"{Path(message['url']).name}:{message.get('lastLine', '?')}."
        f"{message.get('firstColumn', '?')}: {message['message']} "
        f"«{message.get('extract', '').strip()}»"
        for message in report["messages"]
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]


@pytest.mark.django_db
def test_checker_reports_invalid_html(tmp_path):
    """The check itself works: a page with a stray end tag is an error."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html lang="uk"><head><title>x</title></head>'
        "<body><p>текст</div></body></html>",
        encoding="utf-8",
    )
    errors = check_files([page])
    assert len(errors) == 1 and errors[0].startswith("broken.html:1.")


@pytest.mark.django_db
def test_every_public_page_is_valid_html(client, tmp_path):
    """Browsers and screen readers get markup they need not guess at, on every page type."""
    load_demo_site()
    pages = public_pages()
    files = []
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == page.status, f"{page.id}: {page.url}"
        path = tmp_path / f"{page.id}.html"
        path.write_bytes(response.content)
        files.append(path)
    assert check_files(files) == []
