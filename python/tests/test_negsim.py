"""The Python package against the negsim binary: the same tables as the files
the CLI writes, errors with the library's messages, and runs.parquet read
back with pandas (pyarrow) equal to runs.csv.

Run by scripts/test in a virtual environment with the package installed:
    NEGSIM_BIN=target/debug/negsim python -m unittest discover -s python/tests
NEGSIM_BIN is the negsim binary to compare with (built by cargo test).
"""

import io
import os
import pathlib
import subprocess
import tempfile
import unittest

import pandas as pd

import negsim

REPO = pathlib.Path(__file__).resolve().parents[2]
CONFIGS = REPO / "configs"
DEFAULT = (CONFIGS / "default.toml").read_text()


def negsim_bin() -> str:
    path = os.environ.get("NEGSIM_BIN")
    if not path or not os.path.isfile(path):
        raise RuntimeError(
            "set NEGSIM_BIN to the negsim binary (scripts/test sets it to target/debug/negsim)"
        )
    return path


def cli(*args: str, cwd: str) -> subprocess.CompletedProcess:
    """Run the negsim binary; fail the test on a non-zero exit."""
    out = subprocess.run(
        [negsim_bin(), *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    if out.returncode != 0:
        raise AssertionError(f"negsim {' '.join(args)} failed: {out.stderr}")
    return out


def read_table(path: pathlib.Path) -> pd.DataFrame:
    """A CSV file of a results folder, read as the package reads its tables."""
    return negsim._frame(path.stem, path.read_bytes())


class RunMatchesTheCli(unittest.TestCase):
    """negsim.run returns the tables `negsim run` writes, value for value."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cli("run", "--runs", "300", "--seed", "11", "--per-run", "--no-charts",
            "--out", "r", "-q", cwd=cls.tmp.name)
        cls.folder = pathlib.Path(cls.tmp.name) / "r"
        cls.res = negsim.run(runs=300, seed=11, per_run=True, threads=2)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_csv_file_is_a_table_with_equal_values(self):
        files = sorted(p.stem for p in self.folder.glob("*.csv"))
        self.assertEqual(sorted(self.res), files)
        for name in files:
            with self.subTest(table=name):
                pd.testing.assert_frame_equal(
                    self.res[name], read_table(self.folder / f"{name}.csv")
                )

    def test_tables_are_typed_dataframes(self):
        ranking = self.res.ranking
        self.assertIsInstance(ranking, pd.DataFrame)
        self.assertEqual(sorted(ranking["strategy"]), ["guarded", "mirroring", "open", "probing"])
        self.assertEqual(list(ranking["rank"]), [1, 2, 3, 4])
        self.assertTrue(pd.api.types.is_float_dtype(ranking["surplus_mean"]))
        self.assertEqual(len(self.res.runs), 16 * 300)
        # Nobody walked away: an empty text field, as in runs.csv.
        self.assertIn("", set(self.res.runs["walk_away"]))
        self.assertEqual(self.res.info["negotiations"], 16 * 300)
        self.assertEqual(self.res.info["seed"], 11)
        with self.assertRaisesRegex(AttributeError, "no table 'nope'"):
            self.res.nope

    def test_the_result_does_not_depend_on_threads(self):
        one = negsim.run(runs=300, seed=11, threads=1)
        for name, frame in one.items():
            pd.testing.assert_frame_equal(frame, self.res[name], obj=name)

    def test_config_as_path_text_or_pathlike(self):
        text = (CONFIGS / "default.toml").read_text()
        a = negsim.run(str(CONFIGS / "default.toml"), runs=50, seed=3)
        b = negsim.run(text, runs=50, seed=3)
        c = negsim.run(CONFIGS / "default.toml", runs=50, seed=3)
        for name in a:
            pd.testing.assert_frame_equal(a[name], b[name])
            pd.testing.assert_frame_equal(a[name], c[name])


class SweepMatchesTheCli(unittest.TestCase):
    def test_sweep_tables_equal_the_files(self):
        cfg = str(CONFIGS / "bluff-sweep.toml")
        with tempfile.TemporaryDirectory() as tmp:
            cli("sweep", cfg, "--runs", "40", "--no-charts", "--out", "s", "-q", cwd=tmp)
            folder = pathlib.Path(tmp) / "s"
            res = negsim.sweep(cfg, runs=40)
            files = sorted(p.stem for p in folder.glob("*.csv"))
            self.assertEqual(sorted(res), files)
            for name in files:
                pd.testing.assert_frame_equal(res[name], read_table(folder / f"{name}.csv"), obj=name)
        self.assertEqual(res.info["cells"], 5)
        self.assertEqual(res.sweep_ranking.columns[0], "strategy_probing_bluff")


class BadInput(unittest.TestCase):
    """Bad input raises negsim.NegsimError (a ValueError) with the library's
    message: the file, the field, the bad value and what is allowed."""

    def test_validate_returns_the_resolved_config(self):
        text = negsim.validate(CONFIGS / "default.toml")
        self.assertIn('name = "default"', text)
        self.assertIn("[[strategy]]", text)

    def test_a_bad_value_names_file_field_value_and_what_is_allowed(self):
        bad = (CONFIGS / "default.toml").read_text().replace(
            "leak_probability = 0.2", "leak_probability = 1.5"
        )
        self.assertIn("1.5", bad)
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "bad.toml"
            path.write_text(bad)
            for call in (negsim.validate, negsim.run):
                with self.subTest(call=call.__name__):
                    with self.assertRaises(negsim.NegsimError) as e:
                        call(path)
                    msg = str(e.exception)
                    for part in ("bad.toml", "exchange.leak_probability", "1.5"):
                        self.assertIn(part, msg)
                    self.assertIsInstance(e.exception, ValueError)
            # The CLI says the same.
            out = subprocess.run([negsim_bin(), "check", str(path)], capture_output=True,
                                 text=True, timeout=60)
            self.assertEqual(out.returncode, 2)
            self.assertIn(msg, out.stderr)

    def test_other_bad_input(self):
        cases = [
            (lambda: negsim.validate("no/such/file.toml"), "no/such/file.toml"),
            (lambda: negsim.run(DEFAULT.replace('"probing"]', '"probbing"]')),
             "unknown strategy 'probbing' in (config text)"),
            (lambda: negsim.run(runs=0), "runs = 0"),
            (lambda: negsim.run(runs=-1), "runs = -1"),
            (lambda: negsim.run(CONFIGS / "bluff-sweep.toml"), "negsim.sweep"),
            (lambda: negsim.sweep(CONFIGS / "default.toml"), "[sweep]"),
            (lambda: negsim.sweep(None), "[sweep]"),
            (lambda: negsim.run(runs=200_000, per_run=True), "at most 2000000 negotiations"),
        ]
        for call, expected in cases:
            with self.subTest(expected=expected):
                with self.assertRaises(negsim.NegsimError) as e:
                    call()
                self.assertIn(expected, str(e.exception))
        with self.assertRaisesRegex(TypeError, "whole number"):
            negsim.run(runs=1.5)
        with self.assertRaisesRegex(TypeError, "path to a TOML file"):
            negsim.run({"name": "x"})


class ParquetMatchesCsv(unittest.TestCase):
    """`negsim run --per-run --format parquet` read back with pandas
    (pyarrow) equals runs.csv of the same run."""

    def test_runs_parquet_equals_runs_csv(self):
        with tempfile.TemporaryDirectory() as tmp:
            for out, extra in (("c", []), ("p", ["--format", "parquet"])):
                cli("run", "--runs", "500", "--per-run", "--no-charts", "--out", out, "-q",
                    *extra, cwd=tmp)
            csv = read_table(pathlib.Path(tmp) / "c" / "runs.csv")
            pq = pd.read_parquet(pathlib.Path(tmp) / "p" / "runs.parquet")
        self.assertEqual(list(pq.columns), list(csv.columns))
        self.assertEqual(len(pq), 16 * 500)
        # runs.csv rounds to 15 significant digits; Parquet holds the double.
        pd.testing.assert_frame_equal(pq, csv, check_dtype=False, rtol=1e-14, atol=0)
        self.assertEqual(pq["run"].dtype, "int64")
        self.assertEqual(pq["surplus_a"].dtype, "float64")


if __name__ == "__main__":
    unittest.main()
