"""Validating many files: in parallel (`--jobs`), and only the files whose content or mathquiz's own
code changed since they last passed (`--all` re-checks everything)."""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mathquiz.validation.validate import Report

_STAMP: str | None = None


def code_stamp() -> str:
    """A hash of mathquiz's own source: a passing result is only reused by the same code."""
    global _STAMP
    if _STAMP is None:
        digest = hashlib.sha256()
        root = Path(__file__).parent.parent
        for path in sorted(root.rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
        _STAMP = digest.hexdigest()[:16]
    return _STAMP


def _store_file() -> Path:
    from mathquiz.problem.cache import cache_dir

    return cache_dir() / "validated.json"


def _read_store() -> dict[str, dict]:
    """The passes recorded by this code, by result key; a damaged store or entry is only a miss."""
    try:
        data = json.loads(_store_file().read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: nested too deep to read
        return {}
    if not isinstance(data, dict) or data.get("code") != code_stamp() or not isinstance(data.get("passed"), dict):
        return {}
    return {k: v for k, v in data["passed"].items() if _well_formed(v)}


_FIELDS = {"id": str, "path": str, "seeds": int, "failures": list, "seconds": (int, float), "draws": int,
           "rejected_draws": int, "steps": int, "checked_steps": int}


def _well_formed(entry) -> bool:
    return isinstance(entry, dict) and all(isinstance(entry.get(k), t) for k, t in _FIELDS.items()) \
        and not entry["failures"]


def _write_store(passed: dict) -> None:
    try:
        path = _store_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"code": code_stamp(), "passed": passed}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # only a cache


def result_key(path: Path, seeds: int) -> str | None:
    try:
        content = path.read_bytes()
    except OSError:
        return None
    return f"{hashlib.sha256(content).hexdigest()[:24]}:{seeds}"


def _one(job: tuple[str, int]) -> dict:
    """Validate one file (in a worker process); the report as a dict, with the loaded problem for
    the problem cache when it was not there (the parent writes the cache once, for all workers)."""
    import dataclasses

    from mathquiz.problem import cache
    from mathquiz.problem.files import ProblemFileError
    from mathquiz.problem.loading import load
    from mathquiz.validation.validate import validate

    path, seeds = job
    key = cache.file_key(Path(path))
    try:
        problem, lines = load(Path(path), remember=False)
    except ProblemFileError as exc:
        return Report(Path(path).stem, path, 0, [str(i) for i in exc.issues]).to_dict()
    try:
        data = validate(problem, path, seeds).to_dict()
    except Exception as exc:  # noqa: BLE001  one file, however it fails, must never stop the bank
        data = Report(problem.id, path, seeds, [f"cannot be validated: {type(exc).__name__}: {exc}"]).to_dict()
    if lines and key is not None:  # read from the file, not the cache
        data["loaded"] = (key, dataclasses.asdict(problem))
    return data


def _report(data: dict, cached: bool = False) -> Report:
    return Report(data["id"], data["path"], data["seeds"], list(data["failures"]), data["seconds"],
                  data["draws"], data["rejected_draws"], data["steps"], data["checked_steps"], cached,
                  {int(k): v for k, v in data.get("generated_slips", {}).items()},
                  {int(k): v for k, v in data.get("slip_redraws", {}).items()}, list(data.get("notes", [])),
                  _causes(data.get("redraw_causes")))


def _causes(data) -> dict[int, dict[str, int]]:
    """redraw_causes as stored (read back from the result cache too: a malformed entry is left out)."""
    if not isinstance(data, dict):
        return {}
    return {int(k): {c: n for c, n in v.items() if isinstance(c, str) and isinstance(n, int)}
            for k, v in data.items() if isinstance(k, str) and k.isdigit() and isinstance(v, dict)}


def run(paths: list[Path], seeds: int, jobs: int | None = None, everything: bool = False,
        step: Callable[[str], None] | None = None) -> list[Report]:
    """Reports for `paths` (in that order), reusing the passes of unchanged files unless `everything`."""
    store = {} if everything else _read_store()
    keys = {p: result_key(p, seeds) for p in paths}
    done: dict[Path, Report] = {}
    todo = []
    for p in paths:
        hit = store.get(keys[p]) if keys[p] else None
        if hit is not None and hit.get("path") == str(p):
            done[p] = _report(hit, cached=True)
            if step:
                step(done[p].id)
        else:
            todo.append(p)
    todo.sort(key=_size, reverse=True)  # the largest first: no long file is left for one core at the end
    loaded = []
    for path, data in zip(todo, _map([(str(p), seeds) for p in todo], jobs, step), strict=True):
        done[path] = _report(data)
        if "loaded" in data:
            loaded.append((path, *data["loaded"]))
    if loaded:
        from mathquiz.problem import cache

        cache.store_problems(loaded)  # the next run (practice, solve, validate) skips YAML and pydantic
    passed = _read_store()
    for p, r in done.items():
        if r.ok and keys[p] and not r.cached:
            passed[keys[p]] = r.to_dict()
    if todo:
        _write_store(passed)
    return [done[p] for p in paths]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size  # a fair guess at how long a file takes to validate
    except OSError:
        return 0


GC_THRESHOLD = (20_000, 20, 100)  # Python's default is (700, 10, 10)


def _roomy_gc() -> None:
    """Validation makes millions of short-lived SymPy and mpmath objects. With Python's default
    thresholds the collector ran 2,200 times for half the bank at 20 seeds, a tenth of the CPU
    (benchmarks/README.md); collecting less often frees the same cycles a little later."""
    gc.set_threshold(*GC_THRESHOLD)


@contextmanager
def _batch_gc() -> Iterator[None]:
    """Roomy collection for one validation run; the modules already loaded are frozen out of it
    (never collected, and not touched again by forked workers). Restored afterwards."""
    old = gc.get_threshold()
    gc.freeze()
    _roomy_gc()
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def _quiet_worker() -> None:
    """Workers leave Ctrl-C and termination to the parent, which stops them: no worker traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _roomy_gc()  # a spawned worker starts with the defaults


def _map(jobs_list: list, jobs: int | None, step) -> Iterable[dict]:
    workers = min(jobs or os.cpu_count() or 1, len(jobs_list))
    with _batch_gc():
        if workers <= 1:
            for job in jobs_list:
                data = _one(job)
                if step:
                    step(data["id"])
                yield data
            return
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with multiprocessing.get_context(method).Pool(workers, initializer=_quiet_worker) as pool:
            # chunks of one keep every core busy to the end
            for data in pool.imap(_one, jobs_list, chunksize=1):
                if step:
                    step(data["id"])
                yield data
