"""Statistics on a small hand-built history whose numbers are worked out by hand."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

import pytest

from mathquiz.record import stats
from mathquiz.record.store import AttemptRecord

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def r(n: int, pid: str, session: str, seed: int, part: int, verdict: str, attempts: int,
      mistake: str | None = None) -> AttemptRecord:
    topic = pid.split(".")[0]
    return AttemptRecord(pid, topic, seed, part, verdict, attempts, hints=0, seconds=20.0,
                         answer="x", mistake=mistake, session=session,
                         at=T0 + timedelta(minutes=n))


# minute, problem, session, seed, part, verdict, attempts, mistake    first try?
HISTORY = [
    r(0, "calc.chain", "s1", 1, 0, "correct", 1),                      # yes
    r(1, "calc.chain", "s1", 1, 1, "wrong", 2, "sign"),                # no
    r(2, "linalg.dot", "s1", 7, 0, "wrong", 1, "transpose"),           # no
    r(3, "linalg.dot", "s1", 7, 1, "wrong", 1, "transpose"),           # no
    r(10, "calc.chain", "s2", 2, 0, "correct", 2, "sign"),             # no
    r(11, "calc.chain", "s2", 2, 1, "correct", 1),                     # yes
    r(12, "linalg.dot", "s2", 7, 0, "correct", 1),                     # yes
    r(13, "linalg.norm", "s2", 4, 0, "correct", 1),                    # yes
    r(14, "linalg.norm", "s2", 4, 1, "correct", 1),                    # yes
    r(20, "prob.bayes", "s3", 9, 0, "correct", 1),                     # yes
    r(21, "prob.bayes", "s3", 9, 1, "skipped", 1),                     # no
]

# key: (attempts, parts, first_try_correct, accuracy, trend, last minute, mistakes)
TOPICS = {
    # trend: last 2 parts (min 10, 11) 1/2 vs the 2 before (min 0, 1) 1/2
    "calc": (2, 4, 2, 0.5, 0.0, 11, {"sign": 2}),
    # instances (s1,dot,7) (s2,dot,7) (s2,norm,4); trend: [13, 14] 2/2 vs [3, 12] 1/2
    "linalg": (3, 5, 3, 0.6, 0.5, 14, {"transpose": 2}),
    "prob": (1, 2, 1, 0.5, -1.0, 21, {}),
}
PROBLEMS = {
    "calc.chain": TOPICS["calc"],
    "linalg.dot": (2, 3, 1, 1 / 3, 1.0, 12, {"transpose": 2}),  # trend: [12] 1 vs [3] 0
    "linalg.norm": (1, 2, 2, 1.0, 0.0, 14, {}),
    "prob.bayes": TOPICS["prob"],
}


def _check(summaries: dict[str, stats.Summary], expected: dict) -> None:
    assert list(summaries) == sorted(expected)
    for key, (attempts, parts, correct, acc, trend, minute, mistakes) in expected.items():
        s = summaries[key]
        assert s.key == key
        assert (s.attempts, s.parts, s.first_try_correct) == (attempts, parts, correct)
        assert s.first_try_accuracy == pytest.approx(acc)
        # a trend is shown from TREND_SESSIONS sessions; before that it is flat (noise, not a trend)
        assert s.sessions == len({rec.session for rec in HISTORY if key in (rec.topic, rec.problem_id)})
        assert s.trend == pytest.approx(trend if s.sessions >= stats.TREND_SESSIONS else 0.0)
        assert s.last_practised == T0 + timedelta(minutes=minute)
        assert s.mistakes == mistakes


def test_by_topic() -> None:
    _check(stats.by_topic(HISTORY), TOPICS)


def test_by_problem() -> None:
    _check(stats.by_problem(HISTORY), PROBLEMS)


def test_a_trend_needs_three_sessions_and_unanswered_parts_are_no_parts() -> None:
    third = [r(30, "calc.chain", "s4", 3, 0, "correct", 1), r(31, "calc.chain", "s4", 3, 1, "correct", 1),
             r(32, "calc.chain", "s4", 3, 2, "unanswered", 0)]
    calc = stats.by_topic(HISTORY + third)["calc"]
    assert calc.sessions == 3 and calc.parts == 6 and calc.first_try_correct == 4
    assert calc.trend == pytest.approx(1.0 - 1 / 3)  # 6 parts: [11, 30, 31] 3/3 against [0, 1, 10] 1/3
    only_left = [r(40, "opt.adam", "s5", 1, 0, "unanswered", 0)]
    assert "opt" not in stats.by_topic(HISTORY + only_left)  # a topic only ever left has no accuracy


def test_input_order_does_not_matter_timestamps_do() -> None:
    shuffled = HISTORY[:]
    random.Random(3).shuffle(shuffled)
    assert shuffled != HISTORY
    assert stats.by_topic(shuffled) == stats.by_topic(HISTORY)


def test_weakest_topics_ties_broken_by_fewer_attempts() -> None:
    # prob and calc both 0.5; prob has 1 attempt, calc 2; linalg is 0.6
    assert [s.key for s in stats.weakest_topics(HISTORY, 3)] == ["prob", "calc", "linalg"]
    assert [s.key for s in stats.weakest_topics(HISTORY, 1)] == ["prob"]
    assert stats.weakest_topics([], 3) == []


def test_top_mistakes_across_topics() -> None:
    assert stats.top_mistakes(HISTORY) == [("sign", 2), ("transpose", 2)]
    assert stats.top_mistakes(HISTORY, 1) == [("sign", 2)]


def test_mistakes_most_frequent_first() -> None:
    recs = [r(i, "a.x", "s", 1, i, "wrong", 1, m) for i, m in enumerate("bcbab")]
    assert list(stats.summarize("a", recs).mistakes.items()) == [("b", 3), ("c", 1), ("a", 1)]


def _seq(pattern: str) -> list[AttemptRecord]:
    """Records in time order; 'T' = correct on first try, 'F' = not."""
    return [r(i, "a.x", "s", 1, i, "correct" if c == "T" else "wrong", 1)
            for i, c in enumerate(pattern)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("", 0.0),
        ("T", 0.0),
        ("FT", 1.0),
        ("TF", -1.0),
        ("TTTFF", -1.0),  # [F, F] vs [T, T]; the oldest T is left out
        ("TTFFFFTTTTTF", 0.6),  # last 5 (TTTTF) 0.8 vs previous 5 (FFFFT) 0.2
        ("TTTTTTTTTTFFFFF", -1.0),  # only the last 10 parts count
    ],
)
def test_trend(pattern: str, expected: float) -> None:
    assert stats.trend(_seq(pattern)) == pytest.approx(expected)


def test_trend_follows_timestamps_not_list_order() -> None:
    seq = _seq("FFTT")
    assert stats.trend(seq[::-1]) == stats.trend(seq) == 1.0


@pytest.mark.parametrize(("delta", "label"), [(0.5, "up"), (-0.5, "down"), (0.05, "flat")])
def test_trend_label(delta: float, label: str) -> None:
    assert stats.trend_label(delta) == label


def test_correct_after_retry_is_not_first_try() -> None:
    s = stats.summarize("a", [r(0, "a.x", "s", 1, 0, "correct", 2)])
    assert (s.first_try_correct, s.first_try_accuracy) == (0, 0.0)


def test_summary_to_dict_is_json_ready() -> None:
    d = stats.by_topic(HISTORY)["calc"].to_dict()
    assert d["last_practised"] == "2025-03-01T09:11:00+00:00"
    assert json.loads(json.dumps(d))["mistakes"] == {"sign": 2}


def test_summarize_needs_records() -> None:
    with pytest.raises(ValueError):
        stats.summarize("empty", [])
