"""End to end: the installed `mathquiz practice` in a pseudo-terminal, answered like a student."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from mathquiz.problem.bank import load_problem, scan  # noqa: E402
from mathquiz.problem.instances import draw  # noqa: E402


def mathquiz_command() -> str:
    here = os.path.join(os.path.dirname(sys.executable), "mathquiz")
    found = here if os.path.exists(here) else shutil.which("mathquiz")
    if not found:
        pytest.skip("the mathquiz command is not installed")
    return found


def spawn(home, *args: str, cpr: bool = False):
    """The installed command in an 80×40 pseudo-terminal, with its own history folder.

    prompt_toolkit asks the terminal where the cursor is (CPR) and draws its toolbar only once
    it knows; pexpect answers nothing, so without `cpr` the asking is turned off."""
    env = {**os.environ, "MATHQUIZ_HOME": str(home), "COLUMNS": "80", "LINES": "40", "TERM": "xterm"}
    if not cpr:
        env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("NO_COLOR", None)
    return pexpect.spawn(mathquiz_command(), list(args), env=env, encoding="utf-8", timeout=30, dimensions=(40, 80))


def test_practice_in_a_terminal(tmp_path):
    inst = draw(load_problem(scan().entries["lstsq-gradient"]), 21)
    child = spawn(tmp_path, "practice", "lstsq-gradient", "--seed", "21")
    try:
        child.expect(f"Part 1 of {len(inst.parts)}")
        child.expect("part 1 ›")
        child.sendline("2A^T(Ax-b")  # unreadable: re-asked, not an attempt
        child.expect("never closed")
        child.expect("not counted as an attempt")
        child.expect("part 1 ›")
        child.sendline("A^T(Ax-b)")  # a named mistake
        child.expect("factor 2")
        child.expect("1 attempt left")
        child.expect("part 1 ›")
        child.sendline("2A^T(Ax-b)")
        child.expect("correct")
        for part in inst.parts[1:]:
            child.expect(f"part {part.index + 1} ›")
            child.sendline(part.answer_text)
            child.expect("correct")
        child.expect("s shows the worked solution")  # offered, not pushed: the verdict stays in view
        child.send("s")
        child.expect("Worked solution")
        child.expect("Session summary")
        child.expect(f"{len(inst.parts)} of {len(inst.parts)} parts correct")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


def at_prompt(child, prompt: str) -> None:
    """Wait for a prompt, answering its cursor-position request as a terminal does."""
    child.expect_exact("\x1b[6n")
    child.send("\x1b[30;1R")
    child.expect(prompt)


def typed(child, keys: str) -> None:
    """Type without Enter, then Ctrl-L: prompt_toolkit redraws only changed cells, and a full
    redraw puts the toolbar's text in the stream in one piece."""
    child.send(keys)
    child.send("\x0c")
    child.expect_exact("\x1b[6n")  # the redraw asks again where the cursor is
    child.send("\x1b[1;1R")


def test_the_reading_follows_each_keystroke_before_enter(tmp_path):
    child = spawn(tmp_path, "practice", "lstsq-gradient", "--seed", "21", "--no-save", cpr=True)
    try:
        at_prompt(child, "part 1 ›")
        typed(child, "2A^T(Ax-b)")  # no Enter: nothing is graded yet
        child.expect("read as: 2Aᵀ·\\(A·x − b\\)")
        typed(child, "\b")  # now the parenthesis is open
        child.expect(r"cannot read \(column 5\): this `\(` is never closed")
        child.send(")\r")
        child.expect("correct")
        at_prompt(child, "part 2 ›")
        typed(child, "[8, 4")
        child.expect(r"cannot read \(column 1\): this `\[` is never closed")
        child.sendintr()
        child.expect(pexpect.EOF)
        output = child.before
    finally:
        child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in output


def test_the_exam_toolbar_reads_but_never_judges(tmp_path):
    child = spawn(tmp_path, "exam", "lstsq-gradient", "--count", "1", "--seed", "4", "--no-save", cpr=True)
    try:
        at_prompt(child, r"left · 1/\d+\] ›")
        typed(child, "A^T(Ax-b)")  # wrong (the factor 2), and read without a word about it
        index = child.expect(["read as: Aᵀ·\\(A·x − b\\)", "incorrect", "factor 2"])
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert index == 0


def test_plain_keeps_the_line_reader(tmp_path):
    child = spawn(tmp_path, "--plain", "practice", "lstsq-gradient", "--seed", "21", "--no-save")
    try:
        child.expect("part 1 ›")
        child.send("2A^T(Ax-b")
        index = child.expect(["never closed", pexpect.TIMEOUT], timeout=1.5)
        child.sendline("")
        child.expect("never closed")  # read and explained on Enter, as before
        child.expect("part 1 ›")  # asked again; Ctrl-C at the prompt ends the session
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert index == 1


def test_ctrl_c_ends_cleanly_with_summary_and_130(tmp_path):
    child = spawn(tmp_path, "practice", "lstsq-gradient", "--seed", "3")
    try:
        child.expect("part 1 ›")
        child.sendintr()
        child.expect("interrupted")
        child.expect(pexpect.EOF)
        output = child.before
    finally:
        child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in output


def test_ctrl_c_mid_problem_keeps_the_answered_parts(tmp_path):
    from mathquiz.record.store import Store

    inst = draw(load_problem(scan().entries["lstsq-gradient"]), 5)
    child = spawn(tmp_path, "practice", "lstsq-gradient", "--seed", "5")
    try:
        child.expect("part 1 ›")
        child.sendline(inst.parts[0].answer_text)
        child.expect("part 2 ›")
        child.sendintr()
        child.expect("Session summary")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    with Store.open(tmp_path / "history.sqlite3") as store:
        # part 2 was on the screen: unanswered (never a failure); part 3 was never shown: not recorded
        assert [(r.part, r.verdict) for r in store.attempts()] == [(1, "correct"), (2, "unanswered")]
        assert set(store.cards()) == {"lstsq-gradient"}  # the answered part moved the card


def test_ctrl_c_two_seconds_into_an_exam_records_only_the_part_on_screen(tmp_path):
    from mathquiz.record.store import Store

    # this checkout's code (python -m), not whichever copy the `mathquiz` command runs
    env = {**os.environ, "MATHQUIZ_HOME": str(tmp_path), "COLUMNS": "80", "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "mathquiz", "exam", "lstsq", "--count", "3", "--seed", "4"], env=env,
                          encoding="utf-8", timeout=30, dimensions=(40, 80), cwd=str(Path(__file__).parent.parent))
    try:
        child.expect("left · 1/")
        child.sendintr()
        child.expect("Exam over: 0 of")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
    with Store.open(tmp_path / "history.sqlite3") as store:
        rows = store.attempts()
        # the first part was on the screen: unanswered; the parts never shown are not attempts
        assert [(r.part, r.verdict) for r in rows] == [(1, "unanswered")]
        assert store.cards() == {} and len(store.exams()) == 1  # no rating; the report is kept


def test_ctrl_d_ends_cleanly(tmp_path):
    child = spawn(tmp_path, "practice", "lstsq-gradient", "--seed", "5")
    try:
        child.expect("part 1 ›")
        child.sendeof()
        child.expect("Session summary")
        child.expect(pexpect.EOF)
        output = child.before
    finally:
        child.close()
    assert child.exitstatus == 1  # nothing answered correctly: a negative result, not an error
    assert "Traceback" not in output


def test_exam_part_is_in_history_even_if_the_terminal_is_killed(tmp_path):
    import signal

    from mathquiz.record.store import Store

    child = spawn(tmp_path, "exam", "lstsq-gradient", "--count", "1", "--seed", "4")
    try:
        child.expect(r"left · 1/\d+\] ›")
        child.sendline("2A^T(Ax-b)")
        child.expect(r"left · 2/\d+\] ›")
        child.kill(signal.SIGKILL)  # no clean shutdown at all
    finally:
        child.close(force=True)
    with Store.open(tmp_path / "history.sqlite3") as store:
        records = store.attempts()
    assert [(r.part, r.verdict, r.mode) for r in records] == [(1, "correct", "exam")]


def test_output_is_complete_when_the_process_ends_without_teardown(tmp_path):
    """main() flushes and calls os._exit; every line must still arrive, with the right exit code."""
    import json
    import subprocess

    env = {**os.environ, "MATHQUIZ_HOME": str(tmp_path)}
    out = subprocess.run([mathquiz_command(), "solve", "lstsq", "--seed", "2", "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    sheets = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.returncode == 0 and len(sheets) == 4
    wrong = subprocess.run([mathquiz_command(), "compare", "x", "y"], capture_output=True, text=True, env=env)
    assert wrong.returncode == 1 and "different" in wrong.stdout


def test_a_wrong_final_answer_offers_guided_steps_on_one_key(tmp_path):
    child = spawn(tmp_path, "practice", "lstsq-gradient", "--seed", "21", "--no-save")
    try:
        for _ in range(2):  # the part's two attempts, both wrong
            child.expect("part 1 ›")
            child.sendline("A^T(Ax-b)")
        child.expect("g walks through part 1 step by step")
        child.send("g")  # one key, no Enter
        child.expect("Step 1 of 4")
        child.expect("step 1 ›")
        child.sendline("(Ax-b)^T(Ax-b)")
        child.expect("right")
        for k in (2, 3, 4):
            child.expect(f"step {k} ›")
            child.sendline("skip")
            child.expect("skipped: the step is")
        child.expect("Now part 1 again, with fresh numbers")
        child.expect("part 1 ›")
        child.sendline("2A^T(Ax-b)")
        child.expect("part 1 with fresh numbers")  # then the verdict, in its own colour
        child.expect("correct")
        child.expect("part 2 ›")
        child.sendeof()
        child.expect("after guided steps, 1 of 1 part right with fresh numbers")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 1
    assert "Traceback" not in (child.before or "")


def test_an_exam_takes_working_at_a_terminal_and_marks_it_only_at_the_end(tmp_path):
    child = spawn(tmp_path, "--no-pager", "exam", "lstsq-gradient", "--count", "1", "--seed", "1", "--no-save")
    try:
        child.expect(r"left · 1/\d+\] ›")
        child.sendline("work")
        for k, line in enumerate(["2 A^T (A x - b)", "2 A^T A x - 2 A^T b", "2 A A x - 2 A^T b"], 1):
            child.expect(rf"left · 1/\d+ · line {k}\] ›")  # the line count is all a line gets
            child.sendline(line)
        child.expect(r"· line 4\] ›")
        child.sendline("done")
        child.expect(r"left · 2/\d+\] ›")
        child.sendline("quit")
        child.expect("Exam over")
        during = child.before
        child.expect(r"marks [\d.]+ of \d+: one known slip, in line 3")
        after = child.before
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert "does not follow" not in during and "follows" not in during
    assert "your working:" in after and "does not follow" in after and "transpose is missing" in after


@pytest.mark.parametrize("command", [["practice", "sigmoid-derivative", "--seed", "3"],
                                     ["exam", "sigmoid-derivative", "--count", "1", "--seed", "3"]])
def test_ctrl_d_at_a_plain_prompt_starts_what_follows_on_a_line_of_its_own(tmp_path, command):
    child = spawn(tmp_path, "--plain", "--no-pager", *command, "--no-save")
    try:
        child.expect("›")
        child.sendeof()  # a plain terminal echoes nothing for Ctrl-D
        child.expect(pexpect.EOF)
    finally:
        child.close()
    after = child.before.split("›", 1)[-1]
    assert after.lstrip(" ").startswith("\r\n"), after[:80]
    assert "Traceback" not in child.before
