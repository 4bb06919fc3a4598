"""The timed exam end to end on real problems, with a fake clock and scripted answers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from mathquiz.expression.printing import to_text
from mathquiz.problem import bank
from mathquiz.problem.bank import Entry
from mathquiz.problem.part_grading import grade
from mathquiz.record.store import Store
from mathquiz.study.exam import (
    AGAIN,
    NEXT,
    NO_HELP,
    OVER,
    TIME_UP,
    UNANSWERED,
    ExamSession,
    attempt_records,
    plan,
    report,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
BAD = ")("  # unreadable in every expression kind


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0  # not 0: the session must measure from its own start

    def __call__(self) -> float:
        return self.t

    def at(self, seconds: float) -> None:
        self.t = 1000.0 + seconds


def problem(pid: str):
    entries = bank.scan().entries
    if pid not in entries:
        pytest.skip(f"problem {pid} is not in the bank")
    return bank.load_problem(entries[pid])


def wrong(part) -> str:
    """A known incorrect answer: the part's first named mistake."""
    text = to_text(part.mistakes[0][0])
    assert grade(part, text).status == "incorrect"
    return text


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def exam(clock: Clock) -> ExamSession:
    probs = [(problem("sigmoid-derivative"), 1), (problem("lstsq-gradient"), 2)]
    return ExamSession(probs, minutes=10, clock=clock, seed=7, started_at=T0)


def part_counts(exam: ExamSession) -> list[int]:
    """The parts of each problem in the exam, read from the drawn problems: adding a part to a
    problem file must not break these tests. The scripts below need 3 parts of the first problem
    and 2 of the second."""
    counts = [len(r.instance.parts) for r in exam.results]
    assert counts[0] >= 3 and counts[1] >= 2
    return counts


def score(correct: int, total: int) -> dict:
    return {"correct": correct, "total": total, "percent": round(100 * correct / total, 1)}


def answer(exam: ExamSession, clock: Clock, seconds: float, line: str) -> str:
    clock.at(seconds)
    return exam.send(line).kind


def answer_rest(exam: ExamSession, clock: Clock, seconds: float, problem_id: str, step: float) -> float:
    """Answer the remaining parts of the current problem correctly, one every `step` seconds.
    Returns the clock reading of the last answer."""
    while (here := exam.current()) is not None and here[0].id == problem_id:
        seconds += step
        answer(exam, clock, seconds, here[1].answer_text)
    return seconds


def test_exam_end_to_end_report_numbers(exam: ExamSession, clock: Clock) -> None:
    n_sig, n_lsq = part_counts(exam)
    total = n_sig + n_lsq
    assert exam.remaining() == 600.0
    inst, part = exam.current()
    assert inst.id == "sigmoid-derivative" and part.index == 0
    assert answer(exam, clock, 20, part.answer_text) == NEXT
    clock.at(25)
    assert exam.remaining() == 575.0

    _, part = exam.current()
    assert part.index == 1
    clock.at(50)
    reply = exam.send(BAD)  # unreadable: asked again with the reason, not counted
    assert reply.kind == AGAIN and "no matching" in reply.message
    assert exam.current()[1] is part
    assert answer(exam, clock, 60, part.answer_text) == NEXT

    _, part3 = exam.current()
    missed_answer = wrong(part3)
    assert answer(exam, clock, 100, missed_answer) == NEXT
    t_sig = answer_rest(exam, clock, 100, "sigmoid-derivative", step=10)  # parts after c), if any
    assert t_sig == 100 + 10 * (n_sig - 3)
    inst2, part = exam.current()
    assert inst2.id == "lstsq-gradient" and part.index == 0
    assert answer(exam, clock, t_sig + 30, "skip") == NEXT
    t_end = answer_rest(exam, clock, t_sig + 30, "lstsq-gradient", step=20)
    assert t_end == t_sig + 30 + 20 * (n_lsq - 1)
    assert exam.current() is None and exam.done and not exam.expired
    clock.at(t_end + 250)
    assert exam.remaining() == 600.0 - t_end  # frozen at hand-in
    assert exam.send("anything").kind == OVER

    rep = report(exam)
    assert rep["score"] == score(total - 2, total)
    assert rep["topics"] == {"lstsq": score(n_lsq - 1, n_lsq), "sigmoid": score(n_sig - 1, n_sig)}
    assert [p["seconds"] for p in rep["problems"]] == [t_sig, t_end - t_sig]
    assert [len(p["parts"]) for p in rep["problems"]] == [n_sig, n_lsq]
    points = [p.part.points for r in exam.results for p in r.instance.parts]
    second = exam.results[0].instance.parts[1].part.points
    assert rep["problems"][0]["parts"][1] == {"part": 2, "verdict": "correct", "shown": True, "carried": [],
                                              "points": second, "marks": second}  # no working: no derivation
    # marks: every part's points but the two missed (no working shown: nothing for them)
    missed_points = exam.results[0].instance.parts[2].part.points + exam.results[1].instance.parts[0].part.points
    assert rep["marks"]["total"] == sum(points)
    assert rep["marks"]["earned"] == sum(points) - missed_points
    assert rep["timed_out"] is False and rep["seed"] == 7 and rep["minutes"] == 10
    assert rep["started"] == T0.isoformat()
    assert rep["finished"] == (T0 + timedelta(seconds=t_end)).isoformat()

    assert [(m["id"], m["part"], m["verdict"]) for m in rep["missed"]] == [
        ("sigmoid-derivative", 3, "incorrect"), ("lstsq-gradient", 1, "skipped")]
    m = rep["missed"][0]
    assert m["answer"] == missed_answer and m["key"] == part3.answer_text
    assert m["feedback"]  # the named mistake's feedback, held back until now
    assert m["solution"] and all(set(s) == {"text", "label", "math"} for s in m["solution"])
    assert any(s["math"] for s in m["solution"])
    assert rep["missed"][1]["answer"] == "" and rep["missed"][1]["key"] == "2*A^T*(A*x - b)"

    # Weakest first; only topics with something missed.
    weakest = sorted([("lstsq", n_lsq), ("sigmoid", n_sig)], key=lambda t: ((t[1] - 1) / t[1], t[0]))
    assert [(p["topic"], p["command"]) for p in rep["practise_next"]] == [
        (t, f"mathquiz practice {t}") for t, _ in weakest]
    assert json.loads(json.dumps(rep)) == rep  # plain JSON, no tuples or datetimes


def test_time_up_ends_the_exam_and_counts_the_rest_unanswered(exam: ExamSession,
                                                              clock: Clock) -> None:
    n_sig, n_lsq = part_counts(exam)
    total = n_sig + n_lsq
    _, part = exam.current()
    assert answer(exam, clock, 10, part.answer_text) == NEXT
    _, part = exam.current()
    # The clock jumps past the 10-minute limit: a late answer is not taken.
    assert answer(exam, clock, 601, part.answer_text) == TIME_UP
    assert exam.expired and exam.current() is None and exam.remaining() == 0.0
    verdicts = [r.verdict for pr in exam.results for r in pr.results]
    assert verdicts == ["correct"] + [UNANSWERED] * (total - 1)

    rep = report(exam)
    assert rep["timed_out"] is True
    assert rep["score"] == score(1, total)
    # The part in progress ran from 10 s to the 600 s deadline; lstsq was never reached.
    assert [p["seconds"] for p in rep["problems"]] == [600.0, 0.0]
    assert rep["finished"] == (T0 + timedelta(minutes=10)).isoformat()
    assert len(rep["missed"]) == total - 1 and {m["verdict"] for m in rep["missed"]} == {UNANSWERED}
    assert rep["practise_next"][0]["topic"] == "lstsq"  # 0 % before sigmoid's 1 of n_sig


def test_current_notices_time_up_without_a_send(exam: ExamSession, clock: Clock) -> None:
    clock.at(599.9)
    assert exam.current() is not None
    clock.at(600)
    assert exam.current() is None and exam.expired


def test_invalid_twice_is_final_and_not_correct(exam: ExamSession, clock: Clock) -> None:
    assert answer(exam, clock, 5, BAD) == AGAIN
    assert answer(exam, clock, 6, BAD) == NEXT  # the one second chance is used up
    _, part = exam.current()
    assert part.index == 1
    first = exam.results[0].results[0]
    assert (first.verdict, first.answer, first.seconds) == ("invalid", BAD, 6.0)
    # The next part gets its own second chance.
    assert answer(exam, clock, 7, BAD) == AGAIN


def test_hints_are_refused_without_using_the_second_chance(exam: ExamSession,
                                                          clock: Clock) -> None:
    reply = exam.send("hint")
    assert reply.kind == AGAIN and reply.message == NO_HELP
    assert answer(exam, clock, 5, BAD) == AGAIN  # still re-asked once
    assert exam.progress == (0, sum(part_counts(exam)))


def test_quit_hands_in_early(exam: ExamSession, clock: Clock) -> None:
    _, part = exam.current()
    answer(exam, clock, 30, part.answer_text)
    assert answer(exam, clock, 90, "quit") == OVER
    rep = report(exam)
    assert rep["timed_out"] is False and rep["score"]["correct"] == 1
    assert rep["finished"] == (T0 + timedelta(seconds=90)).isoformat()
    assert [p["seconds"] for p in rep["problems"]] == [90.0, 0.0]


def test_report_saved_and_read_back(exam: ExamSession, clock: Clock) -> None:
    while (here := exam.current()) is not None:
        clock.t += 12
        exam.send(here[1].answer_text)
    rep = report(exam)
    assert rep["score"]["percent"] == 100.0 and rep["missed"] == [] and rep["practise_next"] == []
    with Store.open() as store:
        exam_id = store.save_exam(rep, at=T0)
        for rec in attempt_records(exam, "s1"):
            store.record(rec)
        saved = store.exams()
        recs = store.attempts()
    assert [(e["id"], e["at"], e["report"]) for e in saved] == [(exam_id, T0, rep)]
    counts = part_counts(exam)
    assert [(r.problem_id, r.part, r.verdict, r.mode) for r in recs] == [
        (pid, k, "correct", "exam")
        for pid, n in zip(["sigmoid-derivative", "lstsq-gradient"], counts, strict=True)
        for k in range(1, n + 1)]
    assert recs[-1].at == T0 + timedelta(seconds=12 * sum(counts))


# --- plan -------------------------------------------------------------------------------------


def entries(spec: dict[str, int]) -> list[Entry]:
    return [Entry(f"{t}-{i}", "", t, "", 50, Path(f"{t}-{i}.yaml"))
            for t, n in spec.items() for i in range(n)]


def test_plan_round_robin_over_topics() -> None:
    pool = entries({"a": 3, "b": 1, "c": 2})
    picked = plan(pool, 6, np.random.default_rng(0))
    assert sorted(e.id for e in picked) == sorted(e.id for e in pool)  # every one, no repeat
    topics = [e.topic for e in picked]
    assert sorted(topics[:3]) == ["a", "b", "c"]  # first round: one from each topic
    assert sorted(topics[3:5]) == ["a", "c"] and topics[5] == "a"


def test_plan_repeats_only_after_all_are_used() -> None:
    pool = entries({"a": 2, "b": 2})
    picked = plan(pool, 9, np.random.default_rng(3))
    ids = [e.id for e in picked]
    assert len(ids) == 9
    assert sorted(ids[:4]) == sorted(ids[4:8]) == sorted(e.id for e in pool)
    assert all(x != y for x, y in zip(ids, ids[1:], strict=False))  # never the same problem twice in a row


def test_plan_is_reproducible_and_depends_on_the_seed() -> None:
    pool = entries({"a": 4, "b": 4, "c": 4})
    runs = {s: [e.id for e in plan(pool, 12, np.random.default_rng(s))] for s in range(6)}
    assert runs[0] == [e.id for e in plan(list(reversed(pool)), 12, np.random.default_rng(0))]
    assert len({tuple(r) for r in runs.values()}) > 1


def test_plan_edge_cases() -> None:
    assert plan([], 5, np.random.default_rng(0)) == []
    assert plan(entries({"a": 2}), 0, np.random.default_rng(0)) == []
    one = entries({"a": 1})
    assert plan(one, 3, np.random.default_rng(0)) == one * 3

