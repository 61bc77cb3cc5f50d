"""Peak memory of `recoupe analyze` on a 5 MB article and on a 2,000-article JSONL (issue 9).

Target: each run peaks under 1.5 GB. Every phase runs the real command (`recoupe analyze`) in its
own process; its peak RSS is read from that process's own rusage (os.wait4), so phases do not
mix. The baseline, measured in the same run, is the model alone: `build_nlp()` then one seed
article; the ratio says how much more than the loaded model a phase needs.

The inputs are made from the RPM2 corpus (../shared/data/rpm2), in a temporary folder:
- `long.txt`: its articles' paragraphs, one after the other, until the text is 5 MB;
- `feed.jsonl`: 2,000 lines, RPM2's 400 articles five times, each copy with its paragraphs
  rotated and a lead sentence of its own, so that they are 2,000 distinct documents.

A phase that fails (a traceback, or an exit status beyond 1, which only says that some input was
reported) or outlives `--timeout` is shown as such, with the last line it wrote on stderr.
`--mb 0` or `--articles 0` leaves that phase out.

    .venv/bin/python bench/resources.py [--corpus DIR] [--mb 5] [--articles 2000] [--timeout S] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "rpm2"
SEED = ROOT.parent / "shared" / "seeds"
TARGET_MIB = 1.5 * 1024


@dataclass(slots=True)
class Phase:
    name: str
    input: str
    seconds: float
    peak_mib: float
    status: int | str
    documents: int | None = None
    events: int | None = None
    last_error: str = ""


def _articles(corpus: Path) -> list[str]:
    files = sorted(p for p in corpus.glob("*.txt") if not p.name.lower().startswith("readme"))
    if not files:
        raise SystemExit(f"no .txt articles in {corpus}")
    return [p.read_text(encoding="utf-8-sig") for p in files]


def make_long_article(articles: list[str], size: int, path: Path) -> int:
    """One article of `size` bytes (UTF-8): a title, then paragraphs of the corpus in turn."""
    paragraphs = [p.strip() for text in articles for p in text.split("\n")[1:] if p.strip()]
    parts, total, k = ["Un très long article\n"], 0, 0
    while total < size:
        paragraph = paragraphs[k % len(paragraphs)] + "\n"
        parts.append(paragraph)
        total += len(paragraph.encode("utf-8"))
        k += 1
    text = "".join(parts)
    path.write_text(text, encoding="utf-8")
    return len(text)


def make_feed(articles: list[str], count: int, path: Path) -> int:
    """`count` JSON lines, distinct documents made from the corpus's articles."""
    chars = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            title, _, body = articles[n % len(articles)].partition("\n")
            paragraphs = [p for p in body.split("\n") if p.strip()]
            turn = n // len(articles)
            rotated = paragraphs[turn % max(len(paragraphs), 1):] + paragraphs[:turn % max(len(paragraphs), 1)]
            lead = f"Dépêche numéro {n}, mise à jour {turn}."
            text = "\n".join([lead, *rotated])
            chars += len(text)
            out.write(json.dumps({"id": f"a{n:05d}", "title": title.strip(), "text": text,
                                  "outlet": f"Journal {n % 7}", "published": f"2024-0{1 + turn}-{1 + n % 28:02d}"},
                                 ensure_ascii=False) + "\n")
    return chars


def _run(name: str, args: list[str], timeout: float, db: Path | None = None, label: str = "") -> Phase:
    """Run `args` in a child; its peak RSS is its own (wait4), in MiB."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        status: int | str | None = None
        rusage = None
        while status is None:
            pid, raw, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status, rusage = os.waitstatus_to_exitcode(raw), usage
            elif time.perf_counter() - started > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                _, raw, rusage = os.wait4(child.pid, 0)
                status = f"killed after {timeout:.0f}s"
            else:
                time.sleep(0.2)
        child.returncode = 0  # reaped by wait4: keep Popen from waiting again
        err.seek(0)
        lines = [x for x in err.read().decode("utf-8", "replace").splitlines() if x.strip()]
    assert rusage is not None and status is not None
    phase = Phase(name, label, round(time.perf_counter() - started, 1), round(rusage.ru_maxrss / 1024, 1), status)
    if any(x.startswith("Traceback") for x in lines):
        status = f"crash ({status})"  # an uncaught exception also exits with 1
    phase.status = status
    if status not in (0, 1):
        phase.last_error = lines[-1][:200] if lines else ""
    if db is not None and db.exists():
        with sqlite3.connect(db) as conn:
            phase.documents = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            phase.events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    return phase


def baseline(timeout: float) -> Phase:
    seed = next(iter(sorted(SEED.glob("*.txt"))), None)
    text = seed.read_text(encoding="utf-8-sig") if seed else "La France livre des canons à l'Ukraine."
    code = ("import sys; from recoupe.nlp import build_nlp; nlp = build_nlp(); "
            "nlp(sys.argv[1])")
    return _run("baseline: model + one article", [sys.executable, "-c", code, text], timeout,
                label=seed.name if seed else "one sentence")


def analyze(name: str, path: Path, work: Path, timeout: float, label: str) -> Phase:
    db = work / f"{path.stem}.db"
    args = [sys.executable, "-m", "recoupe.cli.main", "analyze", str(path), "--db", str(db), "--quiet"]
    return _run(name, args, timeout, db, label)


def show(phases: list[Phase]) -> None:
    base = phases[0].peak_mib
    print(f"{'phase':<34} {'input':<28} {'status':>8} {'s':>8} {'peak MiB':>9} {'x base':>7} "
          f"{'< 1.5 GB':>8} {'docs':>6} {'events':>7}")
    for p in phases:
        under = "yes" if p.peak_mib < TARGET_MIB else "NO"
        print(f"{p.name:<34} {p.input:<28} {p.status!s:>8} {p.seconds:>8.1f} {p.peak_mib:>9.0f} "
              f"{p.peak_mib / base:>7.2f} {under:>8} {p.documents if p.documents is not None else '-':>6} "
              f"{p.events if p.events is not None else '-':>7}")
        if p.last_error:
            print(f"    last error line: {p.last_error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--mb", type=float, default=5.0, help="size of the long article")
    parser.add_argument("--articles", type=int, default=2000, help="lines of the JSONL")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed per phase")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    args = parser.parse_args(argv)
    articles = _articles(args.corpus)
    with tempfile.TemporaryDirectory(prefix="recoupe-bench-") as tmp:
        work = Path(tmp)
        phases = [baseline(args.timeout)]
        if args.mb > 0:
            long_chars = make_long_article(articles, int(args.mb * 1024 * 1024), work / "long.txt")
            phases.append(analyze("analyze: one long article", work / "long.txt", work, args.timeout,
                                  f"{args.mb:g} MB, {long_chars:,} chars"))
        if args.articles > 0:
            feed_chars = make_feed(articles, args.articles, work / "feed.jsonl")
            phases.append(analyze("analyze: JSONL", work / "feed.jsonl", work, args.timeout,
                                  f"{args.articles:,} articles, {feed_chars / 1e6:.1f}M chars"))
    if args.json:
        print(json.dumps({"target_mib": TARGET_MIB, "phases": [asdict(p) for p in phases]}, ensure_ascii=False))
    else:
        show(phases)
    ok = all(p.status in (0, 1) and p.peak_mib < TARGET_MIB for p in phases[1:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
