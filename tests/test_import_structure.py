"""The import structure of dialogue, i18n and translations, read from the source.

- i18n never imports dialogue or translations (dialogue uses i18n at run
  time; the tooling that knows both lives in translations), and the rest
  of the core never imports translations either;
- no two modules inside dialogue, i18n or translations import each other,
  not even from inside a function;
- every import left inside a function says why, in a comment just above it
  (a measured start-up cost or an optional dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "prep_assistant"
CHECKED = ("dialogue", "i18n", "translations")


def _modules(package: str) -> dict[str, Path]:
    return {
        f"prep_assistant.{package}" + ("" if p.stem == "__init__" else f".{p.stem}"): p
        for p in sorted((PACKAGE / package).glob("*.py"))
    }


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(path: Path) -> list[tuple[ast.stmt, str, bool]]:
    """(node, imported module, inside a function) for every import in ``path``.

    ``from package import name`` counts as importing ``package.name`` when
    that is a module, else ``package`` (our code uses absolute imports only).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_function.update(id(n) for n in ast.walk(fn) if n is not fn)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}:{node.lineno}: a relative import"
            base = node.module or ""
            names = [
                f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            found.append((node, name, id(node) in in_function))
    return found


def _graph(package: str) -> dict[str, set[str]]:
    modules = _modules(package)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = {name for _node, name, _inner in _imports(path) if name in modules}
        graph[module] = targets - {module}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle in ``graph``, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_i18n_imports_neither_dialogue_nor_the_tooling() -> None:
    wrong = [
        f"{path.name}:{node.lineno} imports {name}"
        for module, path in _modules("i18n").items()
        for node, name, _inner in _imports(path)
        if name.startswith(("prep_assistant.dialogue", "prep_assistant.translations"))
    ]
    assert wrong == []


@pytest.mark.parametrize("package", ["dialogue", "i18n", "session", "summary"])
def test_the_core_never_imports_the_translation_tooling(package: str) -> None:
    wrong = [
        f"{path.name}:{node.lineno}"
        for module, path in _modules(package).items()
        for node, name, _inner in _imports(path)
        if name.startswith("prep_assistant.translations")
    ]
    assert wrong == []


@pytest.mark.parametrize("package", CHECKED)
def test_no_import_cycles_inside_the_package(package: str) -> None:
    assert _cycle(_graph(package)) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("package", CHECKED)
def test_every_import_inside_a_function_says_why(package: str) -> None:
    silent = []
    for module, path in _modules(package).items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, _name, inner in _imports(path):
            if not inner:
                continue
            above = node.lineno - 2
            # A run of imports shares the comment above the first of them.
            while above >= 0 and lines[above].strip().startswith(("import ", "from ")):
                above -= 1
            if above < 0 or not lines[above].strip().startswith("#"):
                silent.append(f"{path.name}:{node.lineno}")
    assert sorted(set(silent)) == []
