"""`settle demo`: the README's main job on the embedded examples."""

from __future__ import annotations

import typer

from settle.cli.common import LangOption, console, lang_of, pack_of, read_facts
from settle.cli.score import print_result
from settle.paths import examples_dir
from settle.rules.engine import evaluate


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(lang: LangOption = "en") -> None:
        """Score and explain the example applicants in examples/ (each names its pack)."""
        language = lang_of(lang)
        for path in sorted(examples_dir().glob("*.json")):
            pack_id = path.name.split("__")[0]
            console.rule(f"[bold]{path.name}[/]")
            pack = pack_of(pack_id)
            result = evaluate(pack, read_facts(str(path)))
            print_result(result, language)
