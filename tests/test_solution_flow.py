"""`solution` shows the worked solution and goes on; `skip` shows the part's answer; after the last
part the worked solution is offered, not pushed (a key, --solutions, MATHQUIZ_SOLUTIONS)."""

from __future__ import annotations

from typer.testing import CliRunner

from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.render.solutions import key_reading
from mathquiz.study.practice import Options, run_problem

PID = "lstsq-gradient"
runner = CliRunner()


def instance(pid: str, seed: int):
    return draw(load_problem(scan().entries[pid]), seed)


class Seen:
    """A view that notes what it was asked to show, with the answers to `key` it is given."""

    def __init__(self, keys=()):
        self.events, self.keys, self.reader = [], list(keys), self
        self.always = False

    def __getattr__(self, name):
        return lambda *args: self.events.append(name)

    def finished(self, inst, seen):
        self.events.append(("finished", seen))


def play(pid: str, seed: int, lines: list[str]):
    problem = load_problem(scan().entries[pid])
    recorded, view, feed = [], Seen(), iter(lines)
    result = run_problem(problem, seed, lambda prompt: next(feed), view, Options(interactive=True),
                         record=lambda inst, r, mode: recorded.append(r))
    return result, view.events, recorded


def test_solution_at_a_part_goes_on_with_the_rest_which_are_no_first_tries():
    inst = instance(PID, 21)
    answers = [p.answer_text for p in inst.parts]
    result, events, recorded = play(PID, 21, ["solution", *answers[1:]])
    assert events.count("solution") == 1 and ("finished", True) in events
    assert [r.verdict for r in result.results] == ["skipped"] + ["correct"] * (len(answers) - 1)
    assert all(r.hints == 1 and r.attempts == 1 for r in recorded[1:])  # right, but after the solution


def test_skip_shows_the_answer_and_goes_on():
    inst = instance(PID, 21)
    answers = [p.answer_text for p in inst.parts]
    result, events, _ = play(PID, 21, ["skip", *answers[1:]])
    assert events.count("skipped") == 1 and ("finished", False) in events
    assert [r.verdict for r in result.results][1:] == ["correct"] * (len(answers) - 1)
    assert result.results[1].hints == 0  # a skip is no solution: the next part is still a first try


def test_piped_skip_prints_the_answer_and_solution_shows_the_rest(monkeypatch, tmp_path):
    monkeypatch.setenv("MATHQUIZ_HOME", str(tmp_path))
    from mathquiz.cli.main import app

    inst = instance(PID, 21)
    result = runner.invoke(app, ["practice", PID, "--seed", "21", "--no-save"],
                           input="skip\nsolution\n" + inst.parts[2].answer_text + "\n")
    out = result.stdout
    assert f"skipped · the answer: {key_reading(inst.parts[0])}" in out
    assert out.index("Worked solution") < out.index("Part 3 of 3")  # the rest is asked after it
    assert out.count("Worked solution") == 1 and "Session summary" in out


def test_a_choice_answer_shows_its_text_as_shown():
    from mathquiz.problem.instances import fill

    for seed in range(1, 6):
        inst = instance("norm-zero-proof", seed)
        part = next(p for p in inst.parts if p.part.kind == "choice")
        number, text = key_reading(part).split(". ", 1)
        shown = [fill(c, inst) for c in part.shown_choices()]  # what the student saw, in order
        assert shown[int(number) - 1] == text and number == part.answer_text


def test_the_exam_report_shows_a_choice_with_its_words_and_solutions_as_practice(monkeypatch, tmp_path):
    monkeypatch.setenv("MATHQUIZ_HOME", str(tmp_path))
    from mathquiz.cli.main import app

    result = runner.invoke(app, ["exam", "norm-zero-proof", "--count", "1", "--seed", "3", "--no-save"],
                           input="skip\n" * 8)
    inst = instance("norm-zero-proof", 3)
    choice = next(p for p in inst.parts if p.part.kind == "choice")
    flowing = " ".join(result.stdout.split())  # a long choice wraps at 80 columns
    assert " ".join(f"the answer: {key_reading(choice)}".split()) in flowing  # `3. …`, not a bare number
    assert "Worked solution  (✓ = checked" in result.stdout  # as practice shows it
