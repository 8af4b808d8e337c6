"""Secondary suppression of an indicator's table: whatever the counts, no published cell is
small, and no suppressed cell can be computed from the published cells and margins (checked by
linear algebra, independently of the bridge rule the module uses)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from settle.simulate.indicators.suppression import Cell, Grid, bridges, protect, with_margins

THRESHOLD = 10


def determined(grid: Grid, hidden: set[Cell]) -> list[Cell]:
    """The hidden cells the row and column equations (cells add up to their margins) fix."""
    height, width = len(grid), len(grid[0])
    unknowns = sorted(hidden)
    index = {cell: k for k, cell in enumerate(unknowns)}
    equations = []
    for r in range(height):  # row r: its cells minus its margin
        equations.append({(r, c): (1 if c < width - 1 else -1) for c in range(width)})
    for c in range(width):
        equations.append({(r, c): (1 if r < height - 1 else -1) for r in range(height)})
    matrix = np.zeros((len(equations), len(unknowns)))
    for e, equation in enumerate(equations):
        for cell, sign in equation.items():
            if cell in index:
                matrix[e, index[cell]] = sign
    rank = np.linalg.matrix_rank(matrix) if unknowns else 0
    found = []
    for cell in unknowns:
        unit = np.zeros((1, len(unknowns)))
        unit[0, index[cell]] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found


grids = st.integers(1, 5).flatmap(lambda rows: st.integers(1, 5).flatmap(
    lambda cols: st.lists(st.lists(st.one_of(st.integers(0, 12), st.integers(0, 60)), min_size=cols,
                                   max_size=cols), min_size=rows, max_size=rows)))


@given(grids)
@settings(max_examples=300, deadline=None)
def test_no_published_cell_is_small_and_no_suppressed_cell_can_be_derived(inner: list[list[int]]) -> None:
    grid = with_margins(inner)
    hidden = protect([grid], THRESHOLD)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if (r, c) not in hidden:
                assert value == 0 or value >= THRESHOLD
    assert determined(grid, hidden) == []
    assert bridges(hidden) == []


@given(grids, st.data())
@settings(max_examples=200, deadline=None)
def test_a_proportion_hides_small_complements_too(inner: list[list[int]], data: st.DataObject) -> None:
    numerator_inner = [[data.draw(st.integers(0, v)) for v in row] for row in inner]
    numerator, denominator = with_margins(numerator_inner), with_margins(inner)
    hidden = protect([numerator, denominator], THRESHOLD, complement=(0, 1))
    for r, row in enumerate(denominator):
        for c, value in enumerate(row):
            if (r, c) not in hidden:
                rest = value - numerator[r][c]
                assert rest == 0 or rest >= THRESHOLD
                assert numerator[r][c] == 0 or numerator[r][c] >= THRESHOLD
    assert determined(numerator, hidden) == [] and determined(denominator, hidden) == []


def test_one_small_cell_in_a_row_hides_the_next_smallest_of_its_row_and_a_cycle_through_them() -> None:
    grid = with_margins([[3, 40, 50], [20, 30, 60]])
    hidden = protect([grid], THRESHOLD)
    assert (0, 0) in hidden and (0, 1) in hidden  # 3 and the next smallest of its row, 40
    assert (1, 0) in hidden and (1, 1) in hidden  # and the row below closes the cycle
    assert (0, 3) not in hidden  # the margins stay published
    assert determined(grid, hidden) == []


def test_a_table_with_no_small_cell_is_published_whole() -> None:
    assert protect([with_margins([[10, 20], [30, 0]])], THRESHOLD) == set()
