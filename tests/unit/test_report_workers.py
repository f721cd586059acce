"""How many processes draw the report's sections: one per core beyond the
run's own, at most four (the processes themselves: tests/integration/test_report_workers.py)."""

import pytest


@pytest.mark.parametrize(("cores", "workers"), [(1, 0), (2, 1), (5, 4), (64, 4)])
def test_one_worker_per_core_beyond_the_runs_own_at_most_four(monkeypatch, cores, workers):
    from pipelines import settings

    monkeypatch.setattr(settings.os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert settings.default_report_workers() == workers
    assert settings.Settings().report_workers == workers


def _children() -> list[str]:
    """Command lines of this process's live children started by multiprocessing (/proc, Linux)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == os.getpid() and "multiprocessing" in cmd:
            out.append(f"{stat.parent.name} {fields[0]} {cmd}")
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("draw", [_square_and_where, _fails_in_a_worker])
def test_no_process_outlives_the_sections(draw):
    # The workers and multiprocessing's resource tracker (which a spawned pool
    # starts) end with the block, whether it ends well or with an error.
    try:
        with Sections(draw, list(range(20)), workers=2, min_jobs=1) as pool:
            assert pool.workers == 2
            pool.results()
    except ValueError:
        pass
    assert _children() == []
