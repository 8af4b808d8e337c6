"""Small-cell suppression of an indicator's table and its margins, primary and secondary.

A table is a grid of counts of persons: one row per district (or one row for the city), one
column per group (or one column for everyone), with a margin row and a margin column of
totals. Every cell, margins included, is published or suppressed.

Primary suppression (as settle.workflow.disclosure_control): a count of 1 to `threshold` - 1
persons is suppressed; for a proportion, also a cell whose denominator or whose complement
(denominator minus numerator) is that small.

Secondary suppression, so that no suppressed cell can be computed from the published ones:
the published cells and margins give one linear equation per row and per column (the cells
add up to the margin). Draw the grid, margins included, as a bipartite graph — a node per row
and per column, an edge per suppressed cell. A suppressed cell is determined by the equations
exactly when its edge is a *bridge* of that graph (it lies on no cycle): along a cycle, adding
and subtracting the same amount round it keeps every row and column total, so none of its
cells can be told; a bridge has no such freedom. So, while a suppressed cell is a bridge, we
also suppress the published cells of the cheapest cycle through it: the shortest path from its
row to its column over the other cells of the grid, a published cell costing its count, an
already suppressed one nothing (a zero cell costs more than any count: hiding a zero covers
nothing). For a lone small cell this is the familiar rule — hide the next smallest cell of its
row, and the cells of another row that close the rectangle — and it protects chains of
suppressed cells too. Every step suppresses at least one more cell and removes the bridge, and
a grid suppressed whole has no bridge, so this ends.

What this protects against is exact derivation from one table. It does not bound the interval
a suppressed cell lies in (counts are never negative), nor differences between tables of
overlapping periods or of different breakdowns; docs/indicators.md says so.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence

Cell = tuple[int, int]
Grid = list[list[int]]

METHOD = ("primary: counts from 1 to threshold - 1 (and a proportion's small complement); "
          "secondary: no suppressed cell is a bridge of the row-column graph of suppressed cells "
          "(margins included), each closed by the cheapest cycle of published cells")


def with_margins(inner: Sequence[Sequence[int]]) -> Grid:
    """The grid with a margin column (row totals) and a margin row (column totals) added."""
    rows = [[*row, sum(row)] for row in inner]
    width = len(rows[0]) if rows else 1
    rows.append([sum(row[j] for row in rows) for j in range(width)])
    return rows


def primary(grid: Grid, threshold: int) -> set[Cell]:
    """The cells of 1 to threshold - 1 persons."""
    return {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if 0 < v < threshold}


def _neighbours(cells: Iterable[Cell]) -> dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]]:
    graph: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = {}
    for cell in cells:
        r, c = ("r", cell[0]), ("c", cell[1])
        graph.setdefault(r, []).append((c, cell))
        graph.setdefault(c, []).append((r, cell))
    return graph


def _side(graph: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]], start: tuple[str, int],
          without: Cell) -> set[tuple[str, int]]:
    """The nodes reachable from `start` without crossing the edge `without`."""
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for other, cell in graph.get(node, []):
            if cell != without and other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def bridges(cells: set[Cell]) -> list[Cell]:
    """The suppressed cells that the published cells and margins determine, in grid order."""
    graph = _neighbours(cells)
    return [cell for cell in sorted(cells) if ("c", cell[1]) not in _side(graph, ("r", cell[0]), cell)]


def _cheapest_cycle(grid: Grid, out: set[Cell], bridge: Cell) -> list[Cell]:
    """The published cells to suppress so that a cycle runs through `bridge`: the cheapest path
    from its row to its column over the grid's other cells (Dijkstra; a suppressed cell costs
    nothing, a published one its value, a zero more than any count, being no cover at all)."""
    height, width = len(grid), len(grid[0])
    zero = 1 + sum(sum(row) for row in grid)
    start, goal = ("r", bridge[0]), ("c", bridge[1])
    best: dict[tuple[str, int], int] = {start: 0}
    came: dict[tuple[str, int], tuple[tuple[str, int], Cell]] = {}
    queue: list[tuple[int, tuple[str, int]]] = [(0, start)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == goal:
            break
        if cost > best.get(node, cost):
            continue
        side, k = node
        others = [(("c", c), (k, c)) for c in range(width)] if side == "r" else [
            (("r", r), (r, k)) for r in range(height)]
        for other, cell in others:
            if cell == bridge:
                continue
            value = grid[cell[0]][cell[1]]
            step = 0 if cell in out else (value if value > 0 else zero)
            if cost + step < best.get(other, cost + step + 1):
                best[other] = cost + step
                came[other] = (node, cell)
                heapq.heappush(queue, (cost + step, other))
    path, node = [], goal
    while node != start:
        node, cell = came[node]
        path.append(cell)
    return [cell for cell in path if cell not in out]


def secondary(grid: Grid, suppressed: set[Cell]) -> set[Cell]:
    """`suppressed` and the further cells that keep each of them from being derived: while a
    suppressed cell is a bridge, the cells of the cheapest cycle through it."""
    out = set(suppressed)
    while True:
        found = bridges(out)
        if not found:
            return out
        out.update(_cheapest_cycle(grid, out, found[0]))


def protect(grids: Sequence[Grid], threshold: int, *, complement: tuple[int, int] | None = None) -> set[Cell]:
    """The cells to suppress in every one of `grids` (of the same shape, margins included): the
    primary cells of each, and of the complement grid[b] - grid[a] when `complement` = (a, b),
    then the secondary cells, chosen by the last grid's values (the denominator's, for a
    proportion). One pattern for all: a pattern with no bridge protects any table of its shape."""
    cells: set[Cell] = set()
    for grid in grids:
        cells |= primary(grid, threshold)
    if complement is not None:
        low, high = grids[complement[0]], grids[complement[1]]
        rest = [[h - v for v, h in zip(lr, hr, strict=True)] for lr, hr in zip(low, high, strict=True)]
        cells |= primary(rest, threshold)
    return secondary(grids[-1], cells)
