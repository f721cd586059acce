"""Every `$ .venv/bin/unpol ...` example in README.md, run as written, prints
what the README shows.

An example is a ``$ `` line in a fenced block, its indented continuation lines,
and the lines up to the next ``$ `` line or the end of the block: the expected
output (stdout and stderr as a terminal shows them; trailing blanks ignored).
In the expected output a line ``...`` stands for any number of lines and ``…``
for any text within a line (times, absolute paths, ages that grow with the
clock); everything else must match exactly.

Examples without ``--warehouse`` run against the warehouse the README's own
``unpol run`` builds from the bundled data (the session's ``command_run``); examples with the README's
real-data warehouse run against the ``real_warehouse`` fixture, whose inbox
must hold exactly the files the README's `unpol fetch` places (checked by
running it against a local mirror of the registry's URLs).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT
from tests.conftest import COMMAND_RUN_ARGS, real_inbox

README = PROJECT_ROOT / "README.md"
REAL_INBOX = "var/real/inbox"
REAL_WAREHOUSE = "var/real/unpol.duckdb"
UNPOL = (".venv/bin/unpol", "unpol")


@dataclass
class Example:
    line: int
    command: str
    expected: list[str]

    @property
    def args(self) -> list[str]:
        argv = shlex.split(self.command)
        assert argv[0] in UNPOL, f"README line {self.line}: not an unpol command: {argv[0]}"
        return argv[1:]

    @property
    def real(self) -> bool:
        return REAL_WAREHOUSE in self.args


def fenced_blocks(text: str) -> list[tuple[int, list[str]]]:
    blocks, current, start = [], None, 0
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            if current is None:
                current, start = [], n + 1
            else:
                blocks.append((start, current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def readme_examples(text: str) -> list[Example]:
    examples = []
    for start, lines in fenced_blocks(text):
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            first, command = start + i, [lines[i][2:]]
            i += 1
            while i < len(lines) and lines[i].startswith((" ", "\t")):
                command.append(lines[i])
                i += 1
            expected = []
            while i < len(lines) and not lines[i].startswith("$ "):
                expected.append(lines[i])
                i += 1
            examples.append(Example(first, "\n".join(command), expected))
    return examples


def matches(expected: list[str], actual: str) -> bool:
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append("…".join(re.escape(p) for p in line.rstrip().split("…")).replace("…", "[^\n]*") + r"\n")
    text = "".join(line.rstrip() + "\n" for line in actual.splitlines())
    return re.fullmatch("".join(parts), text) is not None


EXAMPLES = readme_examples(README.read_text(encoding="utf-8"))


def run_unpol(args: list[str], warehouse: Path | None = None) -> subprocess.CompletedProcess:
    # As on a fresh machine: the README's defaults, not this shell's settings.
    env = {k: v for k, v in os.environ.items() if k not in ("UNPOL_INBOX", "UNPOL_WAREHOUSE")}
    env["PYTHONUNBUFFERED"] = "1"  # stdout and stderr interleaved as a terminal shows them
    if warehouse is not None:
        env["UNPOL_WAREHOUSE"] = str(warehouse)
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=PROJECT_ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)


def test_the_readme_has_examples_of_both_warehouses():
    assert any(e.args[:1] == ["run"] for e in EXAMPLES)
    assert sum(1 for e in EXAMPLES if e.args[0] == "query" and not e.real) >= 1
    assert sum(1 for e in EXAMPLES if e.args[0] == "query" and e.real) >= 4
    for e in EXAMPLES:
        assert e.expected, f"README line {e.line}: an example shows its output"


def test_the_matcher_is_strict():
    assert matches(["a", "...", "c…"], "a\nb\nb\nc 1.0 s  \n")
    assert matches(["a", "..."], "a\n")
    assert not matches(["a", "c"], "a\nb\nc\n")
    assert not matches(["(3 rows)"], "(4 rows)\n")


@pytest.fixture(scope="module")
def readme_bundled(command_run) -> tuple[Path, str]:
    """The bundled warehouse as the README's first command builds it, and what
    `unpol run` printed: the session's ``command_run``, which runs that command."""
    (run,) = [e for e in EXAMPLES if e.args[:1] == ["run"] and not e.real]
    assert run.args == COMMAND_RUN_ARGS, f"README line {run.line}: tests/conftest.py's command_run runs another command"
    return command_run.warehouse, command_run.output


def test_readme_run_output(readme_bundled):
    (run,) = [e for e in EXAMPLES if e.args[:1] == ["run"] and not e.real]
    assert matches(run.expected, readme_bundled[1]), (
        f"README line {run.line}: `unpol run` printed\n{readme_bundled[1][-4000:]}")


def test_readme_fetch_makes_the_tested_real_inbox(tmp_path, shared_real, httpserver):
    """The README's `unpol fetch`, run against a local mirror of the registry's
    URLs (tests/sources_server.py), gives the same inbox as the real_warehouse
    fixture; its `unpol run` builds that inbox."""
    from pipelines.cli import main as unpol
    from pipelines.lib.sources import PROVENANCE_DIR, load_registry
    from tests.conftest import SHARED_REAL
    from tests.sources_server import serve

    (block,) = [lines for _, lines in fenced_blocks(README.read_text(encoding="utf-8"))
                if any("unpol fetch" in line for line in lines)]
    (fetch,) = [shlex.split(line) for line in block if "unpol fetch" in line]
    assert fetch[0] in UNPOL
    base = serve(httpserver, [s for s in load_registry() if s.pinned], SHARED_REAL)
    ours = tmp_path / "readme_inbox"
    args = [str(ours) if a == REAL_INBOX else a for a in fetch[1:]]
    assert unpol([*args, "--base-url", base, "--cache", str(tmp_path / "cache"), "--retries", "0"]) == 0
    fixture = real_inbox(tmp_path / "fixture_inbox")
    listing = lambda root: sorted(  # noqa: E731
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and PROVENANCE_DIR not in p.parts)
    assert listing(ours) == listing(fixture)
    assert any(f"--inbox {REAL_INBOX} --warehouse {REAL_WAREHOUSE}" in line for line in block)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.args[0] != "run"], ids=lambda e: f"line{e.line}")
def test_readme_example(example, request):
    if example.real:
        warehouse = request.getfixturevalue("real_warehouse")
        args = [str(warehouse) if a == REAL_WAREHOUSE else a for a in example.args]
        done = run_unpol(args)
    else:
        warehouse, _ = request.getfixturevalue("readme_bundled")
        done = run_unpol(example.args, warehouse=warehouse)
    assert done.returncode == 0, done.stdout[-3000:]
    assert matches(example.expected, done.stdout), (
        f"README line {example.line}: `{example.command}` printed\n{done.stdout}")


def test_readme_and_docs_links_resolve():
    """Every relative link in README.md and docs/*.md leads to a file or folder of the repository."""
    pages = [README, *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            path = (page.parent / target).resolve()
            if not path.exists() or not path.is_relative_to(PROJECT_ROOT):
                broken.append(f"{page.relative_to(PROJECT_ROOT)}: {target}")
    assert broken == []


def test_readme_lists_every_exit_code():
    """Each exit code the command defines has a row in the README's table."""
    codes = set()
    for source in (PROJECT_ROOT / "pipelines" / "cli").glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for values in re.findall(r"^EXIT_\w+(?:, EXIT_\w+)* = ([\d, ]+)$", text, re.M):
            codes.update(int(v) for v in values.split(","))
    assert codes >= {0, 1}
    text = README.read_text(encoding="utf-8")
    table = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    assert {int(c) for c in re.findall(r"^\| `(\d+)` \|", table, re.M)} == codes
