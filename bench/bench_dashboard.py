"""Benchmark: how fast the dashboard answers. Prints figures; nothing here passes or fails.

1. Bundled corpus, real browser: seconds from server start to the first page
   rendered, with an empty table cache (a first build) and with a warm one
   (a restart), the browser opening the page the moment the server answers;
   and a restart whose first visitor comes a few seconds later (the server's
   start has opened the stored build meanwhile): seconds from that visit.
   Then the restart again, several times (``--restarts``): its median.
2. Bundled corpus, server time of a filter change: an AppTest rerun of each
   page after choosing an era and a theme.
3. UN General Debate corpus (once built; building it takes a while): load
   from the disk cache, then the server work of each selection — applying
   it and building every page's tables and figures, step by step and summed
   over the pages — and an AppTest rerun of each page with the filter
   changed (set, then cleared, so the widest selection is among the reruns).
   A filter change re-runs the page on screen only; target: ≤ 1 s each.
   Resident memory of this process (the dashboard's, as AppTest runs it
   in-process) after the build is opened and after each page. Target: ≤ 1.5 GB.
   A search's first run (DuckDB over the stored text) and the Read page's
   keyword-in-context rows for it.

    .venv/bin/python bench/bench_dashboard.py                 # everything
    .venv/bin/python bench/bench_dashboard.py --skip-browser --skip-un
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
UNGDC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc" / "ungdc_1946_2024.jsonl.gz"  # beside the checkout
PAGES = ["overview", "timeline", "themes", "compare", "read"]
OVERVIEW_CHART = "[data-testid='stVegaLiteChart'] svg"  # the Overview's one chart, drawn
THEMES_CHART = ".main-svg"  # a Plotly chart, drawn
#: A page is drawn when the script has finished, nothing is still loading and its chart is there: tested in
#: the browser every 20 ms, so the figure is the moment the page is complete, not a fixed wait after it.
_DRAWN = """selector => {
  const app = document.querySelector("[data-testid='stApp']");
  return app !== null && app.dataset.testConnectionState === 'CONNECTED'
    && app.dataset.testScriptState === 'notRunning'
    && document.querySelector("[data-testid='stSkeleton']") === null
    && document.querySelector(`[data-testid='stMain'] ${selector}`) !== null;
}"""


def _median(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})"


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far: Linux only. On a shared, busy machine the wall
    time to a first page stretches with everyone's load; the server's own CPU time much less."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _browser_cpu_seconds() -> dict[str, float] | None:
    """CPU time all chromium processes have used so far, by the kind of process (Linux only): the browser's share
    of a first page, which a busy machine stretches as it does the server's. The kinds are chromium's own
    (``--type=`` on its command line): "renderer" runs the page's code, lays it out and paints it, "gpu-process"
    composites the frames (in software here), "browser" is the main process; the rest go under "other"."""
    totals: dict[str, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name = stat.read_text().split("(", 1)[1].split(")", 1)[0]
            if "chrom" not in name.lower():
                continue
            # chromium rewrites its command line into one string: the kind is found by substring
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        kind = command.split("--type=", 1)[1].split(" ", 1)[0] if "--type=" in command else "browser"
        kind = kind if kind in ("renderer", "gpu-process", "browser") else "other"
        totals[kind] = totals.get(kind, 0.0) + (_cpu_seconds(int(stat.parent.name)) or 0.0)
    return totals or None


def _cpu_text(before: dict[str, float] | None, after: dict[str, float] | None) -> str:
    """The browser's CPU seconds between two readings of :func:`_browser_cpu_seconds`, in total and by kind."""
    if before is None or after is None:
        return ""
    spent = {kind: after[kind] - before.get(kind, 0.0) for kind in after}
    parts = ", ".join(f"{kind} {seconds:.2f}" for kind, seconds in sorted(spent.items(), key=lambda kv: -kv[1]))
    return f"; browser CPU {sum(spent.values()):.2f} s ({parts})"


def wait_drawn(page, selector: str, timeout: float = 60_000) -> None:
    """Wait until the page on screen has been drawn with ``selector`` (a chart) in its main part."""
    page.wait_for_function(_DRAWN, arg=selector, timeout=timeout, polling=20)


def open_overview(page, base: str, timeout: float = 600_000) -> None:
    """Open the Overview filtered to one era, as every first-page figure here does, and wait until it is drawn."""
    page.goto(f"{base}/?era=2020s")
    wait_drawn(page, OVERVIEW_CHART, timeout=timeout)


#: Seconds after the server answers that the first visitor of :func:`bench_first_visitor_later` arrives: a
#: person opening the link the server printed, or a hosted app's first visitor after a restart.
LATER_S = 5.0


def bench_first_visitor_later(cache_dir: Path) -> None:
    """A restart whose first visitor arrives :data:`LATER_S` seconds after the server answers: the seconds from
    the visit to the Overview drawn, and the server's CPU in them (the start opened the stored build before)."""
    from dashboard_browser import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        process, base = start_server(cache_dir)
        try:
            time.sleep(LATER_S)
            server, browser_cpu = _cpu_seconds(process.pid), _browser_cpu_seconds()
            t = time.perf_counter()
            open_overview(page, base)
            first = time.perf_counter() - t
            browser_cpu = _cpu_text(browser_cpu, _browser_cpu_seconds())
            server = _cpu_seconds(process.pid) - server if server is not None else None
        finally:
            stop_server(process)
            browser.close()
    cpu_text = f" (server CPU {server:.2f} s{browser_cpu})" if server is not None else ""
    print(f"[browser, bundled, warm disk cache: a restart, first visitor {LATER_S:.0f} s after the server answers] "
          f"first page rendered {first:.2f} s after the visit{cpu_text}")


def bench_restarts(cache_dir: Path, restarts: int) -> None:
    """The restart's first page again, ``restarts`` times: one start is one sample of a figure that moves by a
    few tenths of a second from one start to the next on a busy two-core machine. Each restart is visited by a
    browser context of its own (no cached code), the moment the server answers."""
    from dashboard_browser import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(restarts):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                started = time.perf_counter()
                process, base = start_server(cache_dir)
                try:
                    open_overview(page, base)
                    times.append(time.perf_counter() - started)
                finally:
                    stop_server(process)
                    context.close()
        finally:
            browser.close()
    print(f"[browser, bundled, warm disk cache: {restarts} restarts] first page rendered after start: {_median(times)}; "
          f"each: {', '.join(f'{t:.2f}' for t in times)} (target ≤ 3 s)")


def bench_browser_first_page(cache_dir: Path, label: str) -> None:
    from dashboard_browser import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # The browser is up before the server starts: the figure is the server's, not chromium's start-up.
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        browser_cpu = _browser_cpu_seconds()
        started = time.perf_counter()
        process, base = start_server(cache_dir)
        healthy = time.perf_counter() - started
        try:
            open_overview(page, base)
            first = time.perf_counter() - started
            cpu = _cpu_seconds(process.pid)
            browser_cpu = _cpu_text(browser_cpu, _browser_cpu_seconds())
            t = time.perf_counter()
            page.goto(f"{base}/themes?era=2000s")
            wait_drawn(page, THEMES_CHART)
            second = time.perf_counter() - t
            # A visitor opening a link to a running server: a browser context of its own (no cache, no session).
            visitor = browser.new_context(viewport={"width": 1280, "height": 900})
            visit_server, visit_browser = _cpu_seconds(process.pid), _browser_cpu_seconds()
            t = time.perf_counter()
            other = visitor.new_page()
            open_overview(other, base, timeout=60_000)
            visit = time.perf_counter() - t
            visit_browser = _cpu_text(visit_browser, _browser_cpu_seconds())
            visit_server = _cpu_seconds(process.pid) - visit_server if visit_server is not None else None
            visitor.close()
        finally:
            stop_server(process)
            browser.close()
    cpu_text = f" (server CPU {cpu:.2f} s{browser_cpu})" if cpu is not None else ""
    print(f"[browser, bundled, {label}] server healthy {healthy:.2f} s; first page rendered {first:.2f} s "
          f"after start{cpu_text}; next page (themes, new session) {second:.2f} s; "
          f"a new visitor's Overview on the running server {visit:.2f} s"
          + (f" (server CPU {visit_server:.2f} s{visit_browser})" if visit_server is not None else ""))


def _apptest_rerun(page: str, params: dict[str, list[str]], change: dict[str, list[str]], repeats: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    times = []
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    for i in range(repeats):
        key, values = next(iter(change.items()))
        widget = at.sidebar.multiselect(key=key)
        target = values if i % 2 == 0 else []
        t = time.perf_counter()
        widget.set_value(target).run()
        times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
    return times


def bench_apptest(label: str, params: dict[str, list[str]], change: dict[str, list[str]], repeats: int = 4) -> None:
    for page in PAGES:
        times = _apptest_rerun(page, params, change, repeats)
        print(f"[apptest, {label}] {page:9s} filter change re-rendered: {_median(times)}; "
              f"resident memory after the page {resident_gb():.2f} GB", flush=True)


def stored_un_tables(choice):
    """The UN tables: the stored build when there is one for the current key, else a build (minutes, once)."""
    from alliance_dashboard import store

    key = store.cache_key(choice)
    t = time.perf_counter()
    tables, from_disk = store.load_or_build(choice, progress=lambda f, m: None)
    note = "loaded from disk" if from_disk else "built"
    return tables, key, note, time.perf_counter() - t


def resident_gb() -> float:
    """This process's resident memory now (Linux), in GB: what holding the opened tables costs."""
    with open("/proc/self/status", encoding="ascii") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
    return kib / 1024**2


def bench_un_server_work(tables, note: str, seconds: float, repeats: int = 3) -> None:
    from alliance_dashboard.figures import (
        plot_document_timeline, plot_passage_map, plot_theme_intensity, plot_theme_shares, theme_mix_chart,
    )
    from alliance_dashboard.loaders import TERMS_SAMPLE_PER_ERA, TermCounts
    from alliance_dashboard.selection import Selection
    from alliance_data.shifts import (
        aligned_membership, distinctive_terms_by_era, era_theme_shares, theme_counts, theme_shares_over_time,
    )
    from alliance_data.search import count_hits, kwic
    from alliance_dashboard.views import theme_names, timeline_documents, timeline_mentions

    import gc

    gc.collect()
    print(f"[un] dashboard process resident memory with the tables open: {resident_gb():.2f} GB (target ≤ 1.5 GB)")
    t = time.perf_counter()
    model = tables.themes.model
    gc.collect()
    print(f"[un] theme model read in {time.perf_counter() - t:.1f} s; resident memory {resident_gb():.2f} GB")
    counts = TermCounts(tables, model)  # as the Themes page keeps it per build
    searched: dict[str, object] = {}

    def search(query: str):  # as the dashboard: one search of the whole corpus per search text, kept
        if query not in searched:
            t0 = time.perf_counter()
            searched[query] = tables.search(query)
            print(f"[un] first search for {query!r} (DuckDB over the stored text): {time.perf_counter() - t0:.3f} s, "
                  f"{int(searched[query].sum()):,} passages", flush=True)
        return searched[query]
    print(f"[un] tables {note} in {seconds:.1f} s: "
          f"{len(tables.corpus.documents):,} documents, {len(tables.view):,} passages, "
          f"{len(tables.options.themes)} themes, {len(tables.options.eras)} eras")
    eras = list(tables.options.eras)
    theme = tables.options.themes[0]
    selections = {
        "no filter": Selection(),
        f"era {eras[-1]}": Selection(eras=(eras[-1],)),
        f"eras {eras[0]}+{eras[-1]}, theme {theme}": Selection(eras=(eras[0], eras[-1]), themes=(theme,)),
        "years 1990–2000": Selection(date_range=(1990, 2000)),
        "search 'nuclear'": Selection(query="nuclear"),
    }
    order = eras
    named = tables.membership[theme_names(tables.themes.themes, "named", tables.membership.columns)]
    for label, selection in selections.items():
        steps: dict[str, list[float]] = {}
        for _ in range(repeats):
            def timed(name, fn):
                t0 = time.perf_counter()
                out = fn()
                steps.setdefault(name, []).append(time.perf_counter() - t0)
                return out

            hits = search(selection.query) if selection.query else None
            view = timed("apply", lambda: selection.apply(tables.view, membership=tables.membership, query_hits=hits))
            timed("overview", lambda: theme_mix_chart(theme_counts(view, tables.membership), tables.colors))
            def timeline():
                plot_document_timeline(timeline_documents(tables.corpus.documents, view, limit=150),
                                       timeline_mentions(tables.corpus.mentions, view, limit=400,
                                                         with_text=tables.with_text, mention_rows=tables.mention_rows))
                shares = theme_shares_over_time(view, aligned_membership(view, tables.membership))
                plot_theme_intensity(shares, tables.colors)

            timed("timeline", timeline)
            timed("themes", lambda: (plot_passage_map(view, tables.colors, background=tables.view,
                                                      with_text=tables.with_text),
                                     plot_theme_shares(era_theme_shares(view, aligned_membership(view, named), order=order),
                                                       tables.colors, order)))
            timed("terms", lambda: distinctive_terms_by_era(view, model, per_era=TERMS_SAMPLE_PER_ERA,
                                                            count_terms=counts))
            if selection.query:
                timed("kwic", lambda: (kwic(view, selection.query, limit=500, with_text=tables.with_text),
                                       count_hits(view, selection.query, with_text=tables.with_text)))
        total = [sum(s[i] for s in steps.values()) for i in range(repeats)]
        detail = ", ".join(f"{k} {statistics.median(v):.3f}" for k, v in steps.items())
        # A filter change re-runs the page on screen only: its own step (and "apply") is what it costs.
        print(f"[un] {label:42s} {len(view):>9,} passages; the pages' server work together {_median(total)}  ({detail}); "
              f"resident memory {resident_gb():.2f} GB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-un", action="store_true")
    parser.add_argument("--restarts", type=int, default=5, help="restarts timed for the first page's median")
    args = parser.parse_args()

    os.chdir(ROOT)
    cache_dir = os.environ.get("ALLIANCE_CACHE_DIR", "").strip()
    if not args.skip_browser:
        # A restarted server finds the package's modules compiled by its earlier run, as on a user's machine;
        # an environment that forbids writing bytecode (PYTHONDONTWRITEBYTECODE) would compile them at every start.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        with tempfile.TemporaryDirectory() as cold:
            bench_browser_first_page(Path(cold), "empty cache: includes the build")
            bench_browser_first_page(Path(cold), "warm disk cache: a restart")
            bench_first_visitor_later(Path(cold))
            if args.restarts > 0:
                bench_restarts(Path(cold), args.restarts)

    with tempfile.TemporaryDirectory() as cache:
        os.environ["ALLIANCE_CACHE_DIR"] = cache
        os.environ.pop("ALLIANCE_CORPORA", None)
        bench_apptest("bundled", {}, {"era": ["2020s"]})

    if not args.skip_un:
        if not UNGDC.exists():
            print(f"[un] {UNGDC} not found: skipped")
            return
        from alliance_dashboard.corpora import CorpusChoice

        if cache_dir:  # the UN build is kept across runs: in ALLIANCE_CACHE_DIR when set, else the user's cache
            os.environ["ALLIANCE_CACHE_DIR"] = cache_dir
        else:
            os.environ.pop("ALLIANCE_CACHE_DIR", None)
        choice = CorpusChoice("ungdc", (str(UNGDC),))
        tables, key, note, seconds = stored_un_tables(choice)
        bench_un_server_work(tables, note, seconds)
        os.environ["ALLIANCE_CORPORA"] = f"ungdc={UNGDC}"
        bench_apptest("un", {"corpus": ["ungdc"]}, {"era": [tables.options.eras[-1]]}, repeats=3)

if __name__ == "__main__":
    main()
