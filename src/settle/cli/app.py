"""The `settle` application: one Typer app, one module per group of commands."""

from __future__ import annotations

import typer

from settle.cli import (
    accounts,
    agreements,
    bulk,
    demo,
    distribution,
    indicators,
    packs,
    reforms,
    rounds,
    score,
    server,
    services,
    sweeps,
)
from settle.cli.common import PoliciesOption, add_policies
from settle.cli.population import population_app

app = typer.Typer(
    name="settle",
    help="Points-based residence permits and settlement: policy packs, scoring, explanations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def settle(policies: PoliciesOption = None) -> None:
    """Points-based residence permits and settlement: policy packs, scoring, explanations."""
    add_policies(policies, replace=True)


packs.register(app)
score.register(app)
demo.register(app)
bulk.register(app)
rounds.register(app)
distribution.register(app)
app.add_typer(population_app, name="population")
server.register(app)
accounts.register(app)
services.register(app)
reforms.register(app)
sweeps.register(app)
agreements.register(app)
indicators.register(app)


def main() -> None:
    app()
if __name__ == "__main__":
    main()
