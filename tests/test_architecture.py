"""The core (model, parsing, entities, store, search) never imports Textual."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tuireader"


def test_core_modules_do_not_import_textual():
    offenders = []
    for path in SRC.rglob("*.py"):
        if "ui" in path.relative_to(SRC).parts or path.name == "cli.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("textual",) or name.startswith("tuireader.ui"):
                    offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert offenders == []


def test_cli_imports_textual_only_when_the_app_opens():
    tree = ast.parse((SRC / "cli.py").read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    for node in top_level:
        module = getattr(node, "module", None) or node.names[0].name
        assert not module.startswith(("textual", "tuireader.ui"))
