"""Latency of every page and API list of `recoupe serve` with 10,000 documents in the store.

The store: the RPM2 corpus (../shared/data/rpm2.jsonl, 400 French articles) is analysed once by
the real pipeline (NLP, stories, claims), each article given one of 20 outlets and a URL; then
it is repeated with new ids until the store holds --docs documents, each pass published five
weeks after the previous one (so the same topics make new stories). RPM2 is general news and
gives under one event per article, so SYNTHETIC events are added, written directly through the
store API (not by the NLP), until each document has --events-per-doc: random PLOVER types,
actors from a pool of 40 codes, factualities and speakers, spans on the document's sentences.
Claims are then merged per story by recoupe's own `merge_claims`, as `analyze` does.

The server runs in its own process (`recoupe serve`) and is measured on loopback with a bounded
number of sequential requests per endpoint (--requests, varied ids, filters and pages). It
prints p50/p95/max per endpoint, the p95 as a ratio to the p95 of a static file served in the
same run (the baseline), and whether the p95 is under the 200 ms target.

    .venv/bin/python bench/web.py [--docs 10000] [--events-per-doc 8] [--requests 40]
                                  [--store PATH|postgresql://... (reuse or keep the built store)]
                                  [--template PATH (the analysed RPM2 store, reused)] [--json]

With a postgresql:// URL as --store, the store is built in PostgreSQL (the same store: the RPM2
template is a SQLite file, the synthetic events are seeded) and `recoupe serve` reads it there.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx2
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from recoupe.claims.merge import merge_claims
from recoupe.errors import StoreError
from recoupe.records import EVENT_TYPES, Document, Event
from recoupe.store import Store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "rpm2.jsonl"
TARGET_MS = 200.0
OUTLETS = ("Le Monde", "Libération", "Le Figaro", "L'Humanité", "Ouest-France", "La Croix", "Les Échos",
           "20 Minutes", "Le Parisien", "Mediapart", "France 24", "RFI", "AFP", "L'Express", "Le Point",
           "Marianne", "La Dépêche du Midi", "Sud Ouest", "Le Temps", "Courrier international")
CODES = ("RUS", "UKR", "USA", "FRA", "CHN", "PRK", "IRN", "ISR", "PSE", "DEU", "GBR", "JPN", "KOR", "TUR", "SYR",
         "IRQ", "SAU", "EGY", "IND", "PAK", "AFG", "MLI", "NER", "BFA", "SDN", "COD", "RWA", "VEN", "COL", "BRA",
         "UN", "UNSC", "EU", "NATO", "IAEA", "HAMAS", "HEZBOLLAH", "HOUTHIS", "M23", "WAGNER")
SPEAKERS = ("John Kirby", "le Kremlin", "le ministre des Affaires étrangères", "les services de renseignement",
            "un porte-parole de l'armée", "l'ONU", "des diplomates occidentaux", "Emmanuel Macron", "l'AFP",
            "un responsable américain")
OBJECTS = {"AID": ("obus d'artillerie", "drones", "missiles", "munitions", "aide humanitaire"),
           "COERCE": ("sanctions", "embargo"), "REQUEST": ("munitions", "aide", "cessez-le-feu")}
FACTUALITY_WEIGHTS = {"asserted": 40, "reported": 30, "alleged": 10, "possible": 8, "denied": 6, "intended": 6}
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


# -- the store -------------------------------------------------------------------------------------

def _template(path: Path, console: Console) -> None:
    """Analyse RPM2 (given outlets and URLs) into `path` with the real pipeline."""
    from recoupe.pipeline import Options, analyze

    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:  # T01_C1_01: topic, cluster, document -> one of 20 outlets per topic
        _, cluster, number = row["id"].split("_")
        row["outlet"] = OUTLETS[(int(cluster[1:]) - 1) * 10 + int(number) - 1]
        row["url"] = f"https://news.example/{row['outlet'].lower().replace(' ', '-')}/{row['id']}"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "rpm2.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        with Store(path) as store, Progress(console=console, transient=True) as bar:
            task = bar.add_task("analyse RPM2 (real NLP)", total=len(rows))
            analyze([source], store, options=Options(), notify=lambda kind, problem: bar.advance(task))


def _synthetic(doc: Document, have: int, want: int, rng: random.Random) -> list[Event]:
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(doc.text) if len(m.group().strip()) > 30]
    out: list[Event] = []
    for k in range(max(0, want - have)):
        if not sentences:
            break
        start, end = sentences[(k * 7 + rng.randrange(len(sentences))) % len(sentences)]
        etype = rng.choice(EVENT_TYPES)
        source = rng.sample(CODES[:16], 1) if rng.random() < 0.8 else rng.sample(CODES, 1)
        target = [c for c in rng.sample(CODES, 2 if rng.random() < 0.15 else 1) if c not in source]
        factuality = rng.choices(list(FACTUALITY_WEIGHTS), weights=list(FACTUALITY_WEIGHTS.values()))[0]
        speaker = rng.choice(SPEAKERS) if factuality in ("reported", "alleged", "denied") else None
        obj = rng.choice(OBJECTS[etype]) if etype in OBJECTS else None
        out.append(Event(doc=doc.id, start=start, end=end, type=etype, source=source, target=target, object=obj,
                         factuality=factuality, speaker=speaker, trigger="synthetic", trigger_start=start + k,
                         evidence=doc.text[start:end].strip()))
    return out


def build_store(path: str, template: Path, docs: int, events_per_doc: int, console: Console) -> dict[str, int]:
    if not template.exists():
        _template(template, console)
    rng = random.Random(11)
    with Store(template) as t:
        base_docs = list(t.documents())
        base_events: dict[str, list[Event]] = {}
        for e in t.events():
            base_events.setdefault(e.doc, []).append(e)
        base_actors = {d.id: t.actor_mentions(d.id) for d in base_docs}
        base_story = {doc: story for story, ids in t.stories() for doc in ids}
        base_dups = t.duplicates()
    passes = -(-docs // len(base_docs))
    start_day = date(2024, 1, 8)
    with Store(path) as store, Progress(console=console, transient=True) as bar:
        task = bar.add_task("write the store", total=docs)
        members: dict[str, list[Document]] = {}
        written = 0
        for k in range(passes):
            day = start_day + timedelta(days=35 * k)
            with store.batch():
                for d in base_docs:
                    if written >= docs:
                        break
                    new_id = f"{d.id}~{k:02d}"
                    published = (day + timedelta(days=int(d.id[-2:]) % 5)).isoformat()
                    doc = Document.make(new_id, d.text, title=d.title, outlet=d.outlet,
                                        url=f"{d.url}-{k:02d}" if d.url else None, published=published)
                    real = [replace(e, doc=new_id, claim=None, story=None) for e in base_events.get(d.id, [])]
                    events = real + _synthetic(doc, len(real), events_per_doc, rng)
                    store.save_document(doc, events, base_actors[d.id])
                    members.setdefault(f"{base_story[d.id]}~{k:02d}", []).append(doc)
                    written += 1
                    bar.advance(task)
        assignment = {doc.id: story for story, ds in members.items() for doc in ds}
        store.set_stories(assignment)
        store.set_duplicates({f"{doc}~{k:02d}": f"{orig}~{k:02d}" for k in range(passes)
                              for doc, orig in base_dups.items() if f"{doc}~{k:02d}" in assignment})
        claims = bar.add_task("merge claims per story", total=len(members))
        for story, ds in members.items():
            events = [e for d in ds for e in store.events(doc=d.id)]
            store.replace_claims(story, merge_claims(story, events, {d.id: d for d in ds}) if events else [])
            bar.advance(claims)
        return store.stats()


# -- the measure -----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: str, port: int) -> subprocess.Popen[bytes]:
    recoupe = Path(sys.executable).with_name("recoupe")
    proc = subprocess.Popen([str(recoupe), "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"http://127.0.0.1:{port}/static/app.css", timeout=2).status_code == 200:
                return proc
        except httpx2.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("recoupe serve did not answer within 60 s")


def _urls(client: httpx2.Client) -> dict[str, Callable[[int], str]]:
    """Endpoint -> a function giving its k-th URL (ids, filters and pages vary with k)."""
    stories = client.get("/api/stories", params={"limit": 200}).json()["items"]
    multi = [s["story"] for s in stories if s["outlets"] > 1] or [s["story"] for s in stories]
    claims, docs = [], []
    for story in multi[:20]:
        body = client.get(f"/api/stories/{story}").json()
        claims += [c["id"] for c in body["claim_items"][:5]]
        docs += [d["id"] for d in body["documents"][:5]]
    total_stories = client.get("/api/stories", params={"limit": 1}).json()["total"]
    total_events = client.get("/api/events", params={"limit": 1}).json()["total"]
    actors = ["RUS", "USA", "FRA", "PRK", "UN", "HAMAS", "Corée du Nord"]
    types = list(EVENT_TYPES)
    words = ["Sarkozy", "Tibet", "otages", "grève", "élection", "Chine", "football"]

    def pick(items: list[str], k: int) -> str:
        return items[k % len(items)]

    def page(total: int, k: int, size: int = 50) -> int:
        return (k * 7919 % max(1, total // size)) * size

    return {
        "static file (baseline)": lambda k: "/static/app.css",
        "page: stories": lambda k: f"/?offset={page(total_stories, k)}",
        "page: stories, search": lambda k: f"/?q={pick(words, k)}&actor={pick(actors, k)}",
        "page: story": lambda k: f"/stories/{pick(multi, k)}",
        "page: claim": lambda k: f"/claims/{pick(claims, k)}",
        "page: document": lambda k: f"/documents/{pick(docs, k)}",
        "page: actor": lambda k: f"/actors/{pick(actors[:6], k)}?type={pick(types, k) if k % 2 else ''}",
        "page: events": lambda k: f"/events?offset={page(total_events, k)}",
        "page: events, filtered": lambda k: (f"/events?type={pick(types, k)}&factuality=reported"
                                             f"&outlet=Le%20Monde&date_from=2024-03-01"),
        "api: stories": lambda k: f"/api/stories?offset={page(total_stories, k)}&limit=50",
        "api: stories, filtered": lambda k: f"/api/stories?type={pick(types, k)}&multi=true&date_from=2024-06-01",
        "api: story": lambda k: f"/api/stories/{pick(multi, k)}",
        "api: claim": lambda k: f"/api/claims/{pick(claims, k)}",
        "api: document": lambda k: f"/api/documents/{pick(docs, k)}",
        "api: events": lambda k: f"/api/events?offset={page(total_events, k)}&limit=50",
        "api: events, filtered": lambda k: f"/api/events?actor={pick(actors, k)}&speaker=Kirby&limit=50",
        "api: actor": lambda k: f"/api/actors/{pick(actors[:6], k)}",
        "api: actor graph": lambda k: f"/api/actors/{pick(actors[:6], k)}/graph",
        "api: outlets": lambda k: "/api/outlets",
    }


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def measure(db: str, requests: int, console: Console) -> list[dict[str, Any]]:
    port = _free_port()
    proc = _serve(db, port)
    try:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            urls = _urls(client)
            for make in urls.values():  # one warm-up request per endpoint (template compilation, caches)
                client.get(make(0))
            results = []
            for name, make in urls.items():
                times = []
                for k in range(requests):
                    url = make(k)
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - t0) * 1000)
                    if response.status_code != 200:
                        raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
                results.append({"endpoint": name, "requests": requests, "p50_ms": _percentile(times, 0.5),
                                "p95_ms": _percentile(times, 0.95), "max_ms": max(times)})
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return results


def _label(db: str) -> str:
    return Path(db).name if "://" not in db else db.rsplit("@", 1)[-1]


def _stats(db: str) -> dict[str, int] | None:
    """The counts of the store at `db`, or None when there is none yet."""
    try:
        with Store(db, readonly=True, create=False) as s:
            return s.stats()
    except StoreError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--events-per-doc", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40, help="requests per endpoint (bounded, sequential)")
    parser.add_argument("--store", help="store file or postgresql:// URL: reused if it holds a store, kept afterwards")
    parser.add_argument("--template", type=Path, help="the RPM2 store analysed by the real pipeline: reused if it "
                                                      "exists (default: beside a --store file, else temporary)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.store or str(Path(tmp) / "bench-web.db")
        template = args.template or (Path(db).with_suffix(".rpm2.db") if "://" not in db else Path(tmp) / "rpm2.db")
        stats = _stats(db)
        if stats is None:
            t0 = time.perf_counter()
            stats = build_store(db, template, args.docs, args.events_per_doc, console)
            console.print(f"built {_label(db)} in {time.perf_counter() - t0:.0f} s: {stats['documents']} documents, "
                          f"{stats['events']} events, {stats['stories']} stories")
        else:
            console.print(f"reusing {_label(db)}: {stats['documents']} documents, {stats['events']} events")
        results = measure(db, args.requests, console)
    baseline = results[0]["p95_ms"]
    backend = "PostgreSQL" if "://" in db else "SQLite"
    table = Table(title=f"recoupe serve on {backend}, {stats['documents']} documents, {stats['events']} events, "
                        f"{args.requests} requests per endpoint (p95 target {TARGET_MS:.0f} ms)", title_justify="left")
    for col in ("endpoint", "p50 ms", "p95 ms", "max ms", "p95 / static", "p95 < 200 ms"):
        table.add_column(col, justify="left" if col == "endpoint" else "right")
    worst = 0.0
    for r in results:
        ok = r["p95_ms"] < TARGET_MS
        if r is not results[0]:
            worst = max(worst, r["p95_ms"])
        table.add_row(r["endpoint"], f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}", f"{r['max_ms']:.1f}",
                      f"{r['p95_ms'] / baseline:.1f}x", "yes" if ok else "[red]NO[/red]")
    Console(width=None if sys.stdout.isatty() else 120).print(table)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load} (1, 5, 15 min) after the run")
    print(f"worst p95: {worst:.1f} ms ({'within' if worst < TARGET_MS else 'over'} the {TARGET_MS:.0f} ms target)")
    if args.json:
        print(json.dumps({"backend": backend, "documents": stats["documents"], "events": stats["events"],
                          "results": results}))
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
