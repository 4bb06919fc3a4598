"""A timed exam as plain logic: a mixed plan, silent grading, a report at the end. No terminal I/O.

Unlike practice, nothing is revealed until the exam is over: each part gets one answer (an
unreadable one is asked again once, because invalid is not wrong), and the clock keeps running.
An answer may be a derivation (`work`, lines, `done`), taken silently: only a line that cannot be
read is said. Its last line is the answer, and the working earns partial credit (`study.credit`);
working still open when time is up or the exam is handed in is handed in as it stands.
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
from mathquiz.study.credit import FULL, NONE, Credit, credit
from mathquiz.study.derivation import DERIVATION_KINDS, UNREADABLE, Derivation, Outcome
from mathquiz.study.guided import GUIDE, NOT_IN_EXAM
from mathquiz.study.session import DONE, SKIPPED, UNANSWERED, WORK, PartResult, ProblemResult, to_follow

# Replies to send(): the answer was taken (ask the next part), ask the same part again,
# time ran out (the line was not taken), the exam is over (handed in or all answered), or a line
# of working was taken (its message says only what could not be read).
NEXT, AGAIN, TIME_UP, OVER, WORKING = "next", "again", "time-up", "over", "working"
NO_HELP = "no hints or solutions during an exam: answer, or type `skip`"
WORK_STARTED = ("working: type one line at a time (marked after the exam, not now); "
                "done hands in the last line as your answer")
NO_WORKING = "no line of working could be read yet: type a line, then done"
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
        self._working: Derivation | None = None  # the current part's derivation, between work and done
        self.credits: dict[tuple[int, int], Credit] = {}  # (problem, part index): marks of a shown working

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

    @property
    def next_line(self) -> int | None:
        """The number of the next line of working for the current part, or None outside `work`."""
        return None if self._working is None else len(self._working.lines) + 1

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
        if word == GUIDE:
            return Reply(AGAIN, NOT_IN_EXAM)
        if word == "quit":  # handing in early: the rest counts as unanswered
            self.finish()
            return Reply(OVER)
        if word == "skip":
            return self._take(PartResult(part.index + 1, SKIPPED, attempts=0))
        if word == WORK and part.part.kind in DERIVATION_KINDS and part.key is not None:
            self._working = Derivation(part)
            return Reply(WORKING, WORK_STARTED)
        if self._working is not None:
            return self._work(text, word)
        verdict = grade(part, text)
        if verdict.status == INVALID and not self._reasked:
            self._reasked = True
            return Reply(AGAIN, verdict.reason)
        earlier = to_follow(self.results[self._spots[self._at][0]].results)
        verdict, carried = follow_through(part, verdict, text, earlier)
        mistake = verdict.reason if "mistake" in verdict.notes else None
        return self._take(PartResult(part.index + 1, verdict.status, verdict.read_as,
                                     verdict.reason, attempts=1, answer=text, mistake=mistake, carried=carried))

    def _work(self, text: str, word: str) -> Reply:
        """A line of the current part's working, or `done`: its last line handed in as the answer."""
        if word != DONE:
            unread = [ln for ln in self._working.add(text) if ln.verdict == UNREADABLE]
            return Reply(WORKING, "; ".join(f"cannot be read: {ln.reason}" for ln in unread))
        if self._working.answer() is None:
            return Reply(AGAIN, NO_WORKING)
        outcome = self._working.done()
        if outcome.verdict.status == INVALID and not self._reasked:  # the right value, not in the form asked
            self._reasked = True
            return Reply(AGAIN, outcome.verdict.reason)
        return self._take(self._handed_in(outcome))

    def _handed_in(self, outcome: Outcome | None = None) -> PartResult:
        """The current part's working graded as its answer, its marks kept (study.credit)."""
        outcome = outcome or self._working.done()
        i, j = self._spots[self._at]
        last = self._working.answer()
        verdict, carried = outcome.verdict, []
        if last is not None:  # the last line may follow from the student's own earlier answer
            verdict, carried = follow_through(self.results[i].instance.parts[j], verdict, last.text,
                                              to_follow(self.results[i].results))
        self.credits[(i, j)] = credit(verdict.status, self._working)
        reason = f"{verdict.reason}; {outcome.message}" if outcome.message else verdict.reason
        return PartResult(j + 1, verdict.status, verdict.read_as, reason, attempts=1,
                          answer=last.text if last is not None else "",
                          mistake=verdict.reason if "mistake" in verdict.notes else None,
                          derivation=self._working.as_json(), carried=carried)

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
        self._working = None
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
            # working on the screen is handed in as it stands, as a paper is at the end of an exam
            written = shown and self._working is not None and self._working.answer() is not None
            result = self._handed_in() if written else PartResult(j + 1, UNANSWERED, shown=shown)
            result.seconds = max(spent, 0.0)
            self.results[i].results.append(result)
        self._at = len(self._spots)
        self._working = None


def _score(correct: int, total: int) -> dict:
    return {"correct": correct, "total": total,
            "percent": round(100.0 * correct / total, 1) if total else 0.0}


def _marks(earned: float, total: int) -> dict:
    return {"earned": earned, "total": total, "percent": round(100.0 * earned / total, 1) if total else 0.0}


def part_marks(session: ExamSession, i: int, r: PartResult) -> dict:
    """A part's points and the marks it earned (study.credit), with its working when it was shown."""
    points = session.results[i].instance.parts[r.part - 1].part.points
    given = session.credits.get((i, r.part - 1))
    fraction = given.fraction if given is not None else FULL if r.verdict in SCORED else NONE
    out = {"points": points, "marks": round(points * fraction, 2)}
    if r.derivation is not None:
        out |= {"credit": given.why if given is not None else "", "derivation": r.derivation}
    return out


def _steps(inst: Instance) -> list[dict]:
    return [{"text": s.text, "label": s.label,
             "math": to_text(s.math) if s.math is not None else None} for s in worked(inst)]


def report(session: ExamSession) -> dict:
    """The exam's outcome as JSON data: scores, times, missed parts with solutions, what next."""
    problems, missed = [], []
    by_topic: dict[str, list[int]] = {}
    earned = 0.0
    for i, pr in enumerate(session.results):
        inst = pr.instance
        topic = inst.problem.topic
        correct = sum(r.verdict in SCORED for r in pr.results)
        tally = by_topic.setdefault(topic, [0, 0])
        tally[0] += correct
        tally[1] += len(pr.results)
        marks = {r.part: part_marks(session, i, r) for r in pr.results}
        earned += sum(m["marks"] for m in marks.values())
        problems.append({"id": inst.id, "topic": topic, "seed": inst.seed,
                         "seconds": round(sum(r.seconds for r in pr.results), 2),
                         **_score(correct, len(pr.results)),
                         "marks": _marks(round(sum(m["marks"] for m in marks.values()), 2),
                                         sum(p.part.points for p in inst.parts)),
                         "parts": [{"part": r.part, "verdict": r.verdict, "shown": r.shown, "carried": r.carried,
                                    **marks[r.part]}
                                   for r in pr.results]})
        wrong = [r for r in pr.results if r.verdict != CORRECT]
        steps = _steps(inst) if wrong else []  # worked() checks every step: only when needed
        for r in wrong:
            part = inst.parts[r.part - 1]
            missed.append({"id": inst.id, "topic": topic, "seed": inst.seed, "part": r.part,
                           "prompt": fill(part.part.prompt, inst).strip(), "verdict": r.verdict,
                           "answer": r.answer, "read_as": r.read_as, "feedback": r.feedback,
                           "key": part.answer_text, "key_shown": key_shown(part), "solution": steps,
                           "carried": r.carried, **marks[r.part]})
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
        "marks": _marks(round(earned, 2), sum(p.part.points for r in session.results for p in r.instance.parts)),
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
                                     at=session.started_at + timedelta(seconds=offset),
                                     derivation=tuple(r.derivation["lines"]) if r.derivation else ()))
    return out
