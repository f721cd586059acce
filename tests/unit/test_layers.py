"""Layer 1 (static): the house plan holds. No import cycle inside ``pipelines/``
or ``schemas/``, and no arrow upward: ``schemas/`` and ``pipelines/lib/`` import
nothing from ``pipelines/defs``, ``settings``, ``cli`` or ``definitions``;
``pipelines/defs`` imports nothing from ``cli`` or ``definitions``.

Every import counts, deferred ones inside functions included: a deferred import
hides a cycle, it does not remove it."""

from __future__ import annotations

import ast
from pathlib import Path

from pipelines.lib.paths import PROJECT_ROOT

PACKAGES = ("pipelines", "schemas")
# (importer prefix, forbidden target prefixes)
FORBIDDEN = (
    ("schemas", ("pipelines",)),
    ("pipelines.lib", ("pipelines.defs", "pipelines.settings", "pipelines.cli", "pipelines.definitions")),
    ("pipelines.settings", ("pipelines.defs", "pipelines.cli", "pipelines.definitions")),
    ("pipelines.defs", ("pipelines.cli", "pipelines.definitions")),
)


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the project modules it imports (``from a import b`` names the
    module ``a.b`` where that is a module, else ``a``)."""
    paths = [p for pkg in PACKAGES for p in (root / pkg).rglob("*.py")]
    modules = {_module_name(root, p): p for p in paths}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in modules else module for a in node.names]
            else:
                continue
            deps.update(t for t in targets if t in modules and t != name)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    def under(module: str, prefix: str) -> bool:
        return module == prefix or module.startswith(prefix + ".")

    return sorted(
        (src, dst)
        for src, deps in graph.items()
        for dst in deps
        for importer, targets in FORBIDDEN
        if under(src, importer) and any(under(dst, t) for t in targets)
    )


def test_no_import_cycle():
    assert cycles(import_graph(PROJECT_ROOT)) == []


def test_no_lower_layer_imports_a_higher_one():
    assert upward_imports(import_graph(PROJECT_ROOT)) == []


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    for pkg in PACKAGES:
        (root / pkg).mkdir(exist_ok=True)
        (root / pkg / "__init__.py").touch()
    return root


def test_the_check_finds_a_deferred_cycle_and_an_upward_import(tmp_path):
    # A test that cannot fail is a defect: show both checks catch what they guard.
    root = _tree(tmp_path, {
        "pipelines/lib/__init__.py": "",
        "pipelines/lib/a.py": "def f():\n    from pipelines.settings import x\n",
        "pipelines/settings.py": "from pipelines.lib import a\nx = 1\n",
        "schemas/s.py": "from pipelines.lib.a import f\n",
    })
    graph = import_graph(root)
    assert cycles(graph) == [["pipelines.lib.a", "pipelines.settings"]]
    assert upward_imports(graph) == [("pipelines.lib.a", "pipelines.settings"), ("schemas.s", "pipelines.lib.a")]
