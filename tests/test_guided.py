"""Guided steps: a part's worked steps asked one by one (right, wrong then right, revealed after two
tries, skipped, remarks shown), then the part again with fresh numbers; never in an exam."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.study.exam import AGAIN, ExamSession
from mathquiz.study.guided import NOT_IN_EXAM, RIGHT, SHOWN, Guide, fresh_instance, guidable, part_steps
from mathquiz.study.practice import Options, run_problem
from mathquiz.study.session import PartSession, Refused

runner = CliRunner()
LSTSQ = "lstsq-gradient"  # part 1 is a matrix expression, ∇ₓ‖Ax − b‖², four checked steps
# the four steps of its part 1: what each is, and a wrong line for each
STEPS = ["(Ax-b)^T(Ax-b)", "x^TA^TAx - 2b^TAx + b^Tb", "2A^TAx - 2A^Tb", "2A^T(Ax-b)"]
WRONG = ["(Ax-b)(Ax-b)^T", "x^TA^TAx - b^TAx + b^Tb", "2A^TAx - A^Tb", "A^T(Ax-b)"]


def problem(pid: str):
    return load_problem(scan().entries[pid])


def test_a_part_has_the_steps_from_the_answer_before_it_to_its_own():
    lstsq = problem(LSTSQ)
    assert part_steps(lstsq, 1) == [0, 1, 2, 3]
    assert part_steps(lstsq, 2) == [4, 5]
    assert part_steps(lstsq, 3) == []  # a wrong-step part: no step answers it
    # linear-layer-gradients: step 2 re-checks part 2's answer (no `begins`): it stays with part 2
    layer = problem("linear-layer-gradients")
    assert part_steps(layer, 2) == [0] and part_steps(layer, 3) == [2]


def test_each_verdict_of_a_step_of_a_matrix_expression_part():
    inst = draw(problem(LSTSQ), 3)
    guide = Guide(inst, inst.parts[0])
    first, second, third, fourth = guide.asked
    assert [s.label for s in guide.asked] == ["f(x)", "f(x)", "∇ₓf(x)", "∇ₓf(x)"]
    assert guide.send(first, STEPS[0]).verdict == RIGHT and first.outcome == "right"
    wrong = guide.send(second, WRONG[1])
    assert wrong.verdict == "wrong" and "this step is" in wrong.reason and second.outcome == ""
    assert guide.send(second, "x^TA^TAx - (").verdict == "cannot be read"  # not counted
    assert guide.send(second, STEPS[1]).verdict == RIGHT and second.outcome == "right"
    assert guide.send(third, WRONG[2]).verdict == "wrong" and third.outcome == ""
    assert guide.send(third, WRONG[2]).verdict == "wrong" and third.outcome == "revealed"
    assert guide.send(fourth, "skip").verdict == "revealed" and fourth.outcome == "revealed"
    data = guide.as_json()
    assert [len(s["tries"]) for s in data["steps"]] == [1, 3, 2, 1]
    assert data["steps"][2]["formula"] == "2*A^T*A*x - 2*A^T*b"


def test_a_step_is_judged_as_a_function_with_shapes_not_as_text():
    inst = draw(problem(LSTSQ), 5)
    guide = Guide(inst, inst.parts[0])
    third = guide.asked[2]
    assert guide.send(third, "2(A'A x - A'b)").verdict == RIGHT  # another form of the same formula
    shape = Guide(inst, inst.parts[0])
    wrong = shape.send(shape.asked[3], "2(Ax-b)^T A")  # a row where the step is a column
    assert wrong.verdict == "wrong" and "yours is" in wrong.reason


def test_a_number_step_is_judged_as_a_value_and_its_reason_said_of_the_step():
    inst = draw(problem("sigmoid-derivative"), 15)
    assert (inst.values["a"], inst.values["t0"]) == (3, -2)  # the seed that draws the numbers below
    guide = Guide(inst, inst.parts[2])  # f'(x₀) = 3σ(−2)(1 − σ(−2)) ≈ 0.3150
    first, second = guide.asked
    assert guide.send(first, "3 sigma(-2)(1-sigma(-2))").verdict == RIGHT
    wrong = guide.send(second, "0.31")
    assert wrong.verdict == "wrong" and wrong.reason == "not the value of this step"
    assert guide.send(second, "0.3150").verdict == RIGHT  # the part's tolerance: 4 significant digits


def test_remarks_are_shown_not_asked():
    inst = draw(problem("softmax-shift"), 2)
    guide = Guide(inst, inst.parts[4])
    remark = guide.steps[0]
    assert remark.math is None and not remark.asked and remark.outcome == SHOWN
    assert [s.asked for s in guide.steps] == [False, True, True]


def test_parts_without_steps_are_not_guided_and_say_why():
    inst = draw(problem(LSTSQ), 3)
    assert guidable(inst, inst.parts[0]) and not guidable(inst, inst.parts[2])
    refused = PartSession(inst, inst.parts[2]).send("guide")
    assert isinstance(refused, Refused) and "no worked steps" in refused.message
    placement = PartSession(inst, inst.parts[0], no_guide="guided steps are for practice and review")
    assert placement.send("guide") == Refused("guided steps are for practice and review")
    assert placement.result is None  # the part is still open


def test_fresh_numbers_are_another_instance_and_replayable():
    inst = draw(problem(LSTSQ), 3)
    other = fresh_instance(inst, 0)
    assert other.seed != inst.seed and other.param_texts() != inst.param_texts()
    assert fresh_instance(inst, 0).seed == other.seed  # --seed replays a session exactly


def _json_session(lines: list[str], seed: int = 3) -> dict:
    from mathquiz.cli.main import app

    result = runner.invoke(app, ["practice", LSTSQ, "--seed", str(seed), "--json", "--no-save"],
                           input="\n".join(lines) + "\n")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout.splitlines()[-1])


def test_a_piped_walk_right_wrong_then_right_revealed_then_fresh_numbers():
    inst = draw(problem(LSTSQ), 3)
    lines = ["guide", STEPS[0], WRONG[1], STEPS[1], WRONG[2], WRONG[2], STEPS[3], "2A^T(Ax-b)"]
    data = _json_session(lines + [p.answer_text for p in inst.parts[1:]])
    part = data["results"][0]
    assert part["verdict"] == "skipped"  # `guide` gives the part up, as `solution` does
    guided = part["guided"]
    assert [s["outcome"] for s in guided["steps"]] == ["right", "right", "revealed", "right"]
    assert [[t["verdict"] for t in s["tries"]] for s in guided["steps"]][1] == ["wrong", "right"]
    again = guided["again"]
    assert again["verdict"] == "correct" and again["part"] == 1
    fresh = draw(problem(LSTSQ), again["seed"])
    assert again["seed"] != 3 and fresh.param_texts() != inst.param_texts()
    assert [r["verdict"] for r in data["results"][1:]] == ["correct", "correct"]  # the rest as drawn


def test_a_piped_walk_prints_each_step_and_reveals_a_skipped_one():
    from mathquiz.cli.main import app

    inst = draw(problem(LSTSQ), 3)
    lines = ["guide", "skip", STEPS[1], "skip", STEPS[3], WRONG[3]] + [p.answer_text for p in inst.parts[1:]]
    out = runner.invoke(app, ["practice", LSTSQ, "--seed", "3", "--no-save"], input="\n".join(lines) + "\n").stdout
    assert "Guided steps for part 1: 4 formulas to type" in out
    assert out.count("skipped: the step is") == 2 and "f(x) = (A·x − b)ᵀ·(A·x − b)" in out  # skip reveals it
    assert "Step 4 of 4 · Factor out 2Aᵀ." in out and "∇ₓf(x) = ?" in out
    assert "Now part 1 again, with fresh numbers" in out
    assert "part 1 with fresh numbers: ✘ incorrect" in out
    assert "Back to the problem as drawn (seed 3)" in out


def test_a_remark_is_printed_in_the_walk():
    from mathquiz.cli.main import app

    inst = draw(problem("softmax-shift"), 2)
    lines = ["skip"] * 4 + ["guide", "skip", "m + log(sum(exp(z - m)))", inst.parts[4].answer_text]
    out = runner.invoke(app, ["practice", "softmax-shift", "--seed", "2", "--no-save"],
                        input="\n".join(lines) + "\n").stdout
    walk = out[out.index("Guided steps for part 5"):]
    assert walk.index("Step 1 of 3 · The sum") < walk.index("Step 2 of 3") < walk.index("?")


class Seen:
    """A view that notes what it shows and answers the offer of guided steps with `offer`."""

    def __init__(self, offer: str):
        self.events, self.offer = [], offer

    def __getattr__(self, name):
        return lambda *args: self.events.append(name)

    def offer_guide(self, inst, part, last):
        self.events.append(("offer", part.index + 1, last))
        return self.offer


def _play(lines: list[str], offer: str, mode: str = "practice"):
    recorded, view, feed = [], Seen(offer), iter(lines)
    result = run_problem(problem(LSTSQ), 3, lambda prompt: next(feed), view, Options(True, mode),
                         record=lambda inst, r, mode: recorded.append((inst.seed, r, mode)))
    return result, view.events, recorded


def test_a_wrong_final_answer_offers_the_walk_and_the_fresh_part_is_practice():
    inst = draw(problem(LSTSQ), 3)
    rest = [p.answer_text for p in inst.parts[1:]]
    result, events, recorded = _play([WRONG[3], WRONG[3], *STEPS, STEPS[3], *rest], "guide", mode="review")
    assert ("offer", 1, False) in events and events.count("guide_step") == 4
    assert [(seed == 3, mode) for seed, _, mode in recorded] == [
        (True, "review"), (False, "practice"), (True, "review"), (True, "review")]
    again = recorded[1][1]
    assert again.verdict == "correct" and again.hints == 1  # after the walk: no unaided first try
    assert result.results[0].verdict == "incorrect" and result.results[0].guided["again"]["verdict"] == "correct"
    assert len(result.practised) == 1 and result.practised[0].instance.seed != 3


def test_a_part_asked_again_while_cramming_stays_cramming():
    inst = draw(problem(LSTSQ), 3)
    rest = [p.answer_text for p in inst.parts[1:]]
    _, _, recorded = _play([WRONG[3], WRONG[3], *STEPS, STEPS[3], *rest], "guide", mode="cram")
    assert [mode for _, _, mode in recorded] == ["cram"] * 4  # cramming never moves the schedule


def test_the_placement_test_refuses_guide_and_keeps_the_part_open():
    inst = draw(problem(LSTSQ), 3)
    answers = [p.answer_text for p in inst.parts]
    result, events, recorded = _play(["guide", *answers], "guide", mode="diagnose")
    assert "refused" in events and "guide_step" not in events
    assert [r.verdict for r in result.results] == ["correct"] * len(answers)
    assert all(mode == "diagnose" for _, _, mode in recorded)


def test_declining_the_offer_goes_on_and_the_exam_refuses_guide():
    inst = draw(problem(LSTSQ), 3)
    rest = [p.answer_text for p in inst.parts[1:]]
    result, events, _ = _play([WRONG[3], WRONG[3], *rest], "")
    assert "guide_step" not in events and not result.practised
    exam = ExamSession([(problem(LSTSQ), 3)], minutes=10)
    reply = exam.send("guide")
    assert reply.kind == AGAIN and reply.message == NOT_IN_EXAM and exam.progress[0] == 0


def test_guide_in_an_exam_is_refused_at_the_terminal():
    from mathquiz.cli.main import app

    result = runner.invoke(app, ["exam", LSTSQ, "--count", "1", "--seed", "3", "--no-save"],
                           input="guide\nquit\n")
    assert NOT_IN_EXAM in result.stdout and "Guided steps" not in result.stdout
    assert result.exit_code != 3


def test_the_walk_is_recorded_with_the_fresh_part_in_the_history(store):
    from mathquiz.cli.main import app

    pid = "linear-layer-gradients"
    inst = draw(problem(pid), 4)
    lines = [inst.parts[0].answer_text, "guide", "X^T G", "X'G", *[p.answer_text for p in inst.parts[2:]]]
    result = runner.invoke(app, ["practice", pid, "--seed", "4"], input="\n".join(lines) + "\n")
    assert result.exit_code in (0, 1)
    rows = [(r.seed, r.part, r.verdict, r.hints, r.mode) for r in store.attempts()]
    fresh = [r for r in rows if r[0] != 4]
    assert fresh and fresh[0][1:] == (2, "correct", 1, "practice")
    assert [r[1:3] for r in rows if r[0] == 4] == [(1, "correct"), (2, "skipped"), (3, "correct"), (4, "correct")]


def test_each_asked_step_takes_its_own_formula_typed_back():
    from mathquiz.expression.printing import to_text

    for pid, seed in (("gd-step", 5), ("softmax-shift", 7), ("linear-layer-gradients", 2)):
        inst = draw(problem(pid), seed)
        for part in inst.parts:
            if not guidable(inst, part):
                continue
            guide = Guide(inst, part)
            assert guide.asked
            for step in guide.asked:
                assert guide.send(step, to_text(step.math)).verdict == RIGHT, (pid, step.number)
