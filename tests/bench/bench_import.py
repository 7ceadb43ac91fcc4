"""Benchmark the page parser and the importer (a plain script; pytest does not collect it).

    .venv/bin/python tests/bench/bench_import.py [--pages 1000] [--repeats 5] [--runs 3]

1. Parse throughput on the seeds, in characters per second, against bare jieba
   segmentation (``lcut``) of the same text in the same run. Target: the parser
   costs at most 3× bare segmentation.
2. A full import of a synthetic archive (pages built by recombining seed blocks)
   into a fresh SQLite database, timed as parsing, keywords and database writes,
   with the peak memory of the process. Target: 1,000 pages in under 2 minutes,
   under 500 MB. Then the same import again, which must report every page unchanged.
   Each of ``--runs`` imports is a fresh process and a fresh database; the medians
   are reported (the machines are shared and noisy).
"""

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


def setup_django(database: Path):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed_texts() -> list[str]:
    from articles.parsing.source import decode_page

    return [decode_page(path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]


def parse_throughput(texts: list[str], repeats: int) -> dict:
    """Median seconds over ``repeats`` for parsing and for bare lcut of the same text."""
    from articles.parsing import parse_page
    from articles.tokenize import _jieba  # bare jieba, the baseline; tokenize.py owns jieba

    lcut = _jieba().lcut
    parse_page(texts[0], known_columns=["平城新语"])  # warm up: dictionaries, regexes
    timings = {"parse": [], "lcut": []}
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            parse_page(text, known_columns=["平城新语"])
        timings["parse"].append(time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            lcut(text)
        timings["lcut"].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in timings.items()}


def synthetic_archive(folder: Path, texts: list[str], pages: int, per_issue: int = 4):
    """``pages`` page files of seed-like length, each a run of consecutive seed blocks
    (a headline stays with its body) from a few seeds, and their manifest."""
    blocks = [[b for b in text.split("\n\n") if b.strip()] for text in texts]
    target = sum(len(t) for t in texts) // len(texts)
    manifest = []
    first = datetime.date(2020, 1, 1)
    for n in range(pages):
        rng = random.Random(n)
        parts, size = [], 0
        while size < target:
            seed = rng.choice(blocks)
            start = rng.randrange(len(seed))
            run = seed[start : start + rng.randint(3, 10)]
            parts += run
            size += sum(len(b) for b in run)
        name = f"page_{n:04d}.txt"
        (folder / name).write_text("\n\n".join(parts), "utf-8")
        issue, page = divmod(n, per_issue)
        manifest.append(
            f'["{name}"]\nissue_date = {first + datetime.timedelta(days=issue)}\n'
            f"issue_number = {issue + 1}\npage_number = {page + 1}\n"
        )
    (folder / "manifest.toml").write_text("\n".join(manifest), "utf-8")
    return sum(len(p.read_text("utf-8")) for p in folder.glob("*.txt"))


def cpu_seconds(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def import_archive(folder: Path) -> dict:
    """Wall time, and where it went: parse and keywords (summed over the worker
    processes that run them ahead), database (this process, not waiting for them)."""
    from articles.importer import import_pages

    cpu = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    report = import_pages([folder])
    wall = time.perf_counter() - started
    sums = {key: sum(f.seconds[key] for f in report.files) for key in report.files[0].seconds}
    return {
        "wall": wall,
        "report": report,
        "parse": sums.get("parse", 0),
        "keywords": sums.get("keywords", 0),
        "database": sums["total"] - sums.get("preparing", 0),
        "waiting": sums.get("preparing", 0),
        "cpu_main": cpu_seconds(resource.RUSAGE_SELF) - cpu[0],
        "cpu_workers": cpu_seconds(resource.RUSAGE_CHILDREN) - cpu[1],
    }


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def import_run(archive: Path, database: Path):
    """One import of ``archive`` into a new database, then the same again: JSON on stdout."""
    setup_django(database)
    from articles.models import Article

    first = import_archive(archive)
    report = first.pop("report")
    again = import_archive(archive)
    first.update(
        articles=Article.objects.count(),
        failed=len(report.failed),
        summary=[line.strip() for line in report.lines()[-6:-1]],
        again=again["wall"],
        unchanged=sum(f.action == "unchanged" for f in again["report"].files),
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        load=load(),
    )
    print(json.dumps(first))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5, help="parse throughput repeats")
    parser.add_argument("--runs", type=int, default=3, help="full imports, each fresh")
    parser.add_argument("--import-run", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_run:
        return import_run(*args.import_run)
    with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
        tmp = Path(tmp)
        setup_django(tmp / "bench.sqlite3")
        texts = seed_texts()
        chars = sum(len(t) for t in texts)

        median = parse_throughput(texts, args.repeats)
        ratio = median["parse"] / median["lcut"]
        print(f"Parse throughput on the {len(texts)} seeds ({chars:,} characters), ", end="")
        print(f"median of {args.repeats}:")
        print(f"  parser     {chars / median['parse']:>12,.0f} chars/s")
        print(f"  jieba.lcut {chars / median['lcut']:>12,.0f} chars/s")
        print(f"  parser cost = {ratio:.2f}× bare segmentation (target ≤ 3×)")

        archive = tmp / "archive"
        archive.mkdir()
        size = synthetic_archive(archive, texts, args.pages)
        runs = []
        for n in range(args.runs):
            out = subprocess.run(
                [sys.executable, __file__, "--import-run", archive, tmp / f"run{n}.sqlite3"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
            print(f"  run {n + 1}: wall {runs[-1]['wall']:.1f} s, load average {runs[-1]['load']}")

        def mid(key):
            return statistics.median(run[key] for run in runs)

        last = runs[-1]
        print(
            f"Import of {args.pages:,} synthetic pages ({size:,} characters) into SQLite, ", end=""
        )
        print(f"median of {len(runs)} fresh runs:")
        print(f"  wall {mid('wall'):.1f} s (target < 120 s)")
        print(f"  parsing {mid('parse'):.1f} s + keywords {mid('keywords'):.1f} s ", end="")
        print("(worker processes, ahead of the writer)")
        print(f"  database writes {mid('database'):.1f} s ", end="")
        print(f"(+ {mid('waiting'):.1f} s waiting for parsed pages)")
        print(f"  CPU: writer {mid('cpu_main'):.1f} s, workers {mid('cpu_workers'):.1f} s")
        print(f"  {last['articles']:,} articles; failed files: {last['failed']}")
        for line in last["summary"]:
            print("  " + line)
        print(
            f"  second run: {mid('again'):.1f} s, {last['unchanged']:,} of {args.pages:,} unchanged"
        )
        peak = max(run["peak_mb"] for run in runs)
        print(f"  peak memory {peak:.0f} MB, the highest of the runs (target < 500 MB)")
        missed = []
        if ratio > 3:
            missed.append(f"parser cost {ratio:.2f}×")
        if args.pages >= 1000 and mid("wall") >= 120:
            missed.append(f"import wall {mid('wall'):.0f} s")
        if peak >= 500:
            missed.append(f"peak memory {peak:.0f} MB")
        if last["failed"] or last["unchanged"] != args.pages:
            missed.append("import not clean or not idempotent")
        print(f"  targets: {'all met' if not missed else 'MISSED: ' + '; '.join(missed)}")
        if missed:
            sys.exit(1)


if __name__ == "__main__":
    main()
