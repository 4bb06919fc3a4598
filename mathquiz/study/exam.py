"""A timed exam as plain logic: a mixed plan, silent grading, a report at the end. No terminal I/O.

Unlike practice, nothing is revealed until the exam is over: each part gets one answer (an
unreadable one is asked again once, because invalid is not wrong), and the clock keeps running.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np

from mathquiz.documents.sheets import key_shown
from mathquiz.expression.printing import to_text
from mathquiz.judging.equivalence import CORRECT, INVALID
from mathquiz.problem.bank import Entry
from mathquiz.problem.format import Problem
from mathquiz.problem.instances import Instance, PartInstance, draw, fill
from mathquiz.problem.part_grading import grade
from mathquiz.proof.follows import CARRIED, follow_through
from mathquiz.proof.worked import worked
from mathquiz.record.store import AttemptRecord
from mathquiz.study.session import SKIPPED, UNANSWERED, PartResult, ProblemResult, to_follow

# Replies to send(): the answer was taken (ask the next part), ask the same part again,
# time ran out (the line was not taken), or the exam is over (handed in or all answered).
NEXT, AGAIN, TIME_UP, OVER = "next", "again", "time-up", "over"
NO_HELP = "no hints or solutions during an exam: answer, or type `skip`"
# what scores a part: its key, or the value that follows from the student's own wrong earlier answer
# (an error is marked once, where it was made); the carried part is still listed with the key
SCORED = (CORRECT, CARRIED)


def plan(bank_entries: Sequence[Entry], count: int, rng: np.random.Generator) -> list[Entry]:
    """`count` problems mixed across topics (round-robin), no repeats until all are used."""
    pool = list(bank_entries)
    out: list[Entry] = []
    while pool and len(out) < count:
        cycle = _one_cycle(pool, rng)
        # A new cycle may start with the problem the last one ended on: not twice in a row.
        if out and len(cycle) > 1 and cycle[0].id == out[-1].id:
            cycle[0], cycle[1] = cycle[1], cycle[0]
        out.extend(cycle[: count - len(out)])
    return out


def _one_cycle(entries: list[Entry], rng: np.random.Generator) -> list[Entry]:
    """Every entry once: one problem per topic per round, topics and problems in random order."""
    by_topic: dict[str, list[Entry]] = {}
    # Sorted first so that the seed alone decides the order, not the order of the bank.
    for e in sorted(entries, key=lambda e: e.id):
        by_topic.setdefault(e.topic, []).append(e)
    names = sorted(by_topic)
    topics = [names[i] for i in rng.permutation(len(names))]
    queues = [[by_topic[t][i] for i in rng.permutation(len(by_topic[t]))] for t in topics]
    out: list[Entry] = []
    while any(queues):
        out.extend(q.pop(0) for q in queues if q)
    return out


@dataclass(frozen=True)
class Reply:
    """What send() did with a line: NEXT, AGAIN (with the message to show), TIME_UP or OVER."""

    kind: str
    message: str = ""


class ExamSession:
    """A timed exam: parts asked in order, graded silently, scored at the end."""

    def __init__(self, problems: Sequence[tuple[Problem, int]], minutes: float,
                 clock: Callable[[], float] = time.monotonic, *, seed: int | None = None,
                 started_at: datetime | None = None) -> None:
        # Draw everything before the clock starts: drawing is not the student's time.
        self.results = [ProblemResult(draw(problem, s)) for problem, s in problems]
        self.minutes = minutes
        self.seed = seed
        self.clock = clock
        self.started_at = started_at or datetime.now(timezone.utc)
        self.started = clock()
        self.ended: float | None = None  # clock reading when the exam ended
        self.expired = False
        self._spots = [(i, j) for i, r in enumerate(self.results)
                       for j in range(len(r.instance.parts))]
        self._at = 0  # index into _spots of the part being asked
        self._asked = -1  # the last index current() handed out: that part is on the screen
        self._part_started = self.started
        self._reasked = False  # the current part already had its one unreadable answer

    @property
    def limit(self) -> float:
        return self.minutes * 60.0

    @property
    def done(self) -> bool:
        return self.ended is not None

    @property
    def progress(self) -> tuple[int, int]:
        """(parts answered or skipped, parts in the exam)."""
        return min(self._at, len(self._spots)), len(self._spots)

    def elapsed(self) -> float:
        end = self.ended if self.ended is not None else self.clock()
        return min(end - self.started, self.limit)

    def remaining(self) -> float:
        """Seconds left (0 once time is up or the exam is over early)."""
        end = self.ended if self.ended is not None else self.clock()  # frozen once over
        return max(0.0, self.limit - (end - self.started))

    def current(self) -> tuple[Instance, PartInstance] | None:
        """The part to ask now, or None when the exam is over (time up included)."""
        if self._check_time() or self._at >= len(self._spots):
            return None
        i, j = self._spots[self._at]
        inst = self.results[i].instance
        self._asked = self._at
        return inst, inst.parts[j]

    def send(self, line: str) -> Reply:
        """Take one typed line as the current part's answer; nothing about correctness is told."""
        here = self.current()
        if here is None:
            return Reply(TIME_UP if self.expired else OVER)
        _, part = here
        text = line.strip()
        word = text.lower()
        if word in ("hint", "solution", "help"):
            return Reply(AGAIN, NO_HELP)
        if word == "quit":  # handing in early: the rest counts as unanswered
            self.finish()
            return Reply(OVER)
        if word == "skip":
            return self._take(PartResult(part.index + 1, SKIPPED, attempts=0))
        verdict = grade(part, text)
        if verdict.status == INVALID and not self._reasked:
            self._reasked = True
            return Reply(AGAIN, verdict.reason)
        earlier = to_follow(self.results[self._spots[self._at][0]].results)
        verdict, carried = follow_through(part, verdict, text, earlier)
        mistake = verdict.reason if "mistake" in verdict.notes else None
        return self._take(PartResult(part.index + 1, verdict.status, verdict.read_as,
                                     verdict.reason, attempts=1, answer=text, mistake=mistake, carried=carried))

    def finish(self) -> None:
        """End the exam now (handed in); parts not answered count as unanswered."""
        if not self.done:
            self._end(self.clock())

    def _take(self, result: PartResult) -> Reply:
        now = self.clock()
        result.seconds = round(now - self._part_started, 2)
        i, _ = self._spots[self._at]
        self.results[i].results.append(result)
        self._at += 1
        self._part_started = now
        self._reasked = False
        if self._at >= len(self._spots):
            self._end(now)
            return Reply(OVER)
        return Reply(NEXT)

    def _check_time(self) -> bool:
        """True if the exam is over; ends it when time has run out."""
        if not self.done and self.clock() - self.started >= self.limit:
            self.expired = True
            self._end(self.started + self.limit)
        return self.done

    def _end(self, at: float) -> None:
        self.ended = at
        for k in range(self._at, len(self._spots)):
            i, j = self._spots[k]
            # The part on the screen gets the time spent on it; the rest were never seen: scored as
            # unanswered in this exam's report, but not recorded as attempts (attempt_records).
            shown = k == self._at == self._asked
            spent = round(at - self._part_started, 2) if shown else 0.0
            self.results[i].results.append(PartResult(j + 1, UNANSWERED, seconds=max(spent, 0.0), shown=shown))
        self._at = len(self._spots)


def _score(correct: int, total: int) -> dict:
    return {"correct": correct, "total": total,
            "percent": round(100.0 * correct / total, 1) if total else 0.0}


def _steps(inst: Instance) -> list[dict]:
    return [{"text": s.text, "label": s.label,
             "math": to_text(s.math) if s.math is not None else None} for s in worked(inst)]


def report(session: ExamSession) -> dict:
    """The exam's outcome as JSON data: scores, times, missed parts with solutions, what next."""
    problems, missed = [], []
    by_topic: dict[str, list[int]] = {}
    for pr in session.results:
        inst = pr.instance
        topic = inst.problem.topic
        correct = sum(r.verdict in SCORED for r in pr.results)
        tally = by_topic.setdefault(topic, [0, 0])
        tally[0] += correct
        tally[1] += len(pr.results)
        problems.append({"id": inst.id, "topic": topic, "seed": inst.seed,
                         "seconds": round(sum(r.seconds for r in pr.results), 2),
                         **_score(correct, len(pr.results)),
                         "parts": [{"part": r.part, "verdict": r.verdict, "shown": r.shown, "carried": r.carried}
                                   for r in pr.results]})
        wrong = [r for r in pr.results if r.verdict != CORRECT]
        steps = _steps(inst) if wrong else []  # worked() checks every step: only when needed
        for r in wrong:
            part = inst.parts[r.part - 1]
            missed.append({"id": inst.id, "topic": topic, "seed": inst.seed, "part": r.part,
                           "prompt": fill(part.part.prompt, inst).strip(), "verdict": r.verdict,
                           "answer": r.answer, "read_as": r.read_as, "feedback": r.feedback,
                           "key": part.answer_text, "key_shown": key_shown(part), "solution": steps,
                           "carried": r.carried})
    topics = {t: _score(c, n) for t, (c, n) in sorted(by_topic.items())}
    weak = sorted((t for t, s in topics.items() if s["correct"] < s["total"]),
                  key=lambda t: (topics[t]["correct"] / topics[t]["total"],
                                 topics[t]["correct"] - topics[t]["total"], t))
    total = sum(n for _, n in by_topic.values())
    elapsed = session.elapsed()
    return {
        "seed": session.seed,
        "started": session.started_at.isoformat(),
        "finished": (session.started_at + timedelta(seconds=elapsed)).isoformat(),
        "minutes": session.minutes,
        "seconds": round(elapsed, 2),
        "timed_out": session.expired,
        "score": _score(sum(c for c, _ in by_topic.values()), total),
        "topics": topics,
        "problems": problems,
        "missed": missed,
        "practise_next": [{"topic": t, **topics[t], "command": f"mathquiz practice {t}"}
                          for t in weak],
    }


def attempt_records(session: ExamSession, session_id: str | None = None) -> list[AttemptRecord]:
    """Every part of the exam the student saw as history records (mode "exam"), stamped when
    answered; parts never shown are not attempts."""
    out, offset = [], 0.0
    for pr in session.results:
        inst = pr.instance
        for r in pr.results:
            offset += r.seconds  # each part stamped when it was answered, so history stays in order
            if not r.shown:
                continue
            out.append(AttemptRecord(inst.id, inst.problem.topic, inst.seed, r.part, r.verdict,
                                     r.attempts, r.hints, r.seconds, r.answer, r.mistake,
                                     mode="exam", session=session_id,
                                     at=session.started_at + timedelta(seconds=offset)))
    return out
