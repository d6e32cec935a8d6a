"""examples/negsim.ipynb runs: its code cells, in order, as one script in
the notebook's folder (as Jupyter runs them), with matplotlib drawing off
screen; every figure it makes is saved as a PNG to prove it renders."""

import json
import os
import pathlib
import tempfile
import unittest

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "examples" / "negsim.ipynb"


def code_cells(path: pathlib.Path):
    nb = json.loads(path.read_text())
    return [
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
    ]


class NotebookRuns(unittest.TestCase):
    def test_every_code_cell_runs_and_draws_its_charts(self):
        cells = code_cells(NOTEBOOK)
        self.assertGreaterEqual(len(cells), 5)
        namespace = {"__name__": "__main__"}
        figures = 0
        here = os.getcwd()
        os.chdir(NOTEBOOK.parent)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                for i, src in enumerate(cells, 1):
                    try:
                        exec(compile(src, f"{NOTEBOOK.name} code cell {i}", "exec"), namespace)
                    except Exception as e:  # name the cell, keep the traceback
                        raise AssertionError(f"code cell {i} failed: {e!r}\n{src}") from e
                    for num in plt.get_fignums():
                        png = pathlib.Path(tmp) / f"cell{i}-{num}.png"
                        plt.figure(num).savefig(png)
                        self.assertGreater(png.stat().st_size, 5000, png.name)
                        figures += 1
                    plt.close("all")
        finally:
            os.chdir(here)
        self.assertGreaterEqual(
            figures, 4, "the notebook draws the ranking, the matrix, the sweep and the bench")
        self.assertEqual(set(namespace["res"]["ranking"]["strategy"]),
                         {"open", "guarded", "mirroring", "probing"})
        self.assertEqual(namespace["by_bluff"].shape, (5, 4))
        bench = namespace["haggler"].bench
        self.assertEqual(list(bench["opponent"]),
                         ["open", "guarded", "mirroring", "probing", "overall"])
        self.assertEqual(bench["runs"].iloc[-1], 480)
        self.assertEqual(bench["lies_told"].iloc[-1], 0)
        self.assertEqual(bench["forfeits"].iloc[-1], 0)
        self.assertTrue(bench["gap_ci95"].notna().all())


if __name__ == "__main__":
    unittest.main()
