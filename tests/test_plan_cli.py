"""`plan`, `review --exam-date`, `practice today` and `review --cram` as a student runs them."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.bank import scan
from mathquiz.record.store import AttemptRecord, Store

runner = CliRunner()
SOON = (date.today() + timedelta(days=6)).isoformat()  # 5 to 7 local days ahead in every zone


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_plan_json_covers_the_chosen_topics(zone):  # in every zone of conftest.ZONES (CI runs in UTC)
    result = run("plan", "--exam-date", SOON, "--minutes-per-day", "45", "--json", "calculus")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"exam_date", "today", "minutes_per_day", "days", "exam_day_recall", "topics"}
    today = date.fromisoformat(data["today"])  # the plan's own today: the suite may run past midnight
    assert data["exam_date"] == SOON and today in (date.today(), date.today() - timedelta(days=1))
    assert data["minutes_per_day"] == 45 and len(data["days"]) == (date.fromisoformat(SOON) - today).days
    calculus = {e.id for e in scan().topics()["calculus"]}
    assert set(data["exam_day_recall"]) == calculus and set(data["topics"]) == {"calculus"}
    assert {i["problem"] for d in data["days"] for i in d["items"]} == calculus
    assert all(d["minutes"] <= 45 for d in data["days"])
    assert all(v == {"now": 0.0, "planned": v["planned"]} for v in data["topics"].values())  # no history


def test_plan_table():
    result = run("plan", "--exam-date", SOON, "-m", "20")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "today" in out and "new" in out and "Predicted recall on exam day" in out
    assert "with the plan" in out and "calculus" in out


@pytest.mark.parametrize("when, message", [
    ("15/02/2027", "YYYY-MM-DD"), ("2027-02-30", "YYYY-MM-DD"), ("tomorrow", "YYYY-MM-DD"),
    ((date.today() - timedelta(days=1)).isoformat(), "in the past"),
    ((date.today() + timedelta(days=999)).isoformat(), "more than 366 days"),
])
def test_plan_refuses_dates_it_cannot_plan_for(when, message):
    result = run("plan", "--exam-date", when)
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("minutes", ["0", "-5", "abc"])
def test_plan_refuses_a_budget_that_is_not_one(minutes):
    result = run("plan", "--exam-date", SOON, "--minutes-per-day", minutes)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_plan_says_what_does_not_fit():
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = run("plan", "--exam-date", tomorrow, "-m", "5", "--json")
    assert result.exit_code == 0
    assert "do not fit" in result.stderr
    data = json.loads(result.stdout)
    assert len(data["exam_day_recall"]) == len(scan().entries)  # a key for every problem all the same


def test_plan_for_an_exam_today_says_so():
    result = run("plan", "--exam-date", date.today().isoformat(), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["days"] == []
    assert "exam is today" in result.stderr
    table = run("plan", "--exam-date", date.today().isoformat())
    assert table.exit_code == 0 and "now" in table.stdout and "with the plan" not in table.stdout


def test_practice_today_needs_a_plan_first():
    result = run("practice", "today")
    assert result.exit_code == 2 and "mathquiz plan --exam-date" in result.stderr


def test_practice_today_and_review_follow_todays_plan(zone):  # in every zone of conftest.ZONES (CI runs in UTC)
    planned = json.loads(run("plan", "--exam-date", SOON, "-m", "6", "--json").stdout)
    today = [i["problem"] for i in planned["days"][0]["items"]]
    assert today
    result = run("practice", "today", input="skip\n" * 20)
    assert "Today's plan" in result.stdout
    with Store.open() as store:
        practised = [r.problem_id for r in store.attempts()]
        assert list(dict.fromkeys(practised)) == today
        assert set(store.cards()) == set(today)  # practice moves the one memory model, as review does
    # What was done today is not planned again today (skipping took no time, so others fill the day).
    again = run("review", "--exam-date", SOON, input="skip\n" * 20)
    assert again.exit_code == 0
    with Store.open() as store:
        reviewed = {r.problem_id for r in store.attempts() if r.mode == "review"}
        assert reviewed and not reviewed & set(today) and reviewed <= set(store.cards())


def test_review_with_an_exam_date_rates_todays_problems():
    planned = json.loads(run("plan", "--exam-date", SOON, "-m", "6", "--json").stdout)
    today = [i["problem"] for i in planned["days"][0]["items"]]
    result = run("review", "--exam-date", SOON, input="skip\n" * 20)
    assert result.exit_code == 0, result.output
    with Store.open() as store:
        assert set(store.cards()) == set(today)


def test_cram_is_recorded_but_moves_no_schedule():
    with Store.open() as store:
        store.record(AttemptRecord("lstsq-gradient", "lstsq", 5, 0, "incorrect", 1, 0, 30.0, "x", mode="review"))
    run("review", "lstsq-gradient", "--limit", "1", input="skip\n" * 5)
    with Store.open() as store:
        cards = {k: c.to_dict() for k, c in store.cards().items()}
        logs = len(store.review_logs())
        rows = len(store.attempts())
    assert cards and logs == 1
    result = run("review", "--cram", "lstsq", "calculus", "--limit", "2", input="skip\n" * 10)
    assert result.exit_code == 0, result.output
    assert "(recorded; the schedule stays as it is)" in result.stdout
    with Store.open() as store:
        assert {k: c.to_dict() for k, c in store.cards().items()} == cards
        assert len(store.review_logs()) == logs
        crammed = [r for r in store.attempts() if r.mode == "cram"]
        assert len(store.attempts()) > rows and crammed
        assert crammed[0].problem_id == "lstsq-gradient"  # the one got wrong comes first
        assert all(r.seed != 5 for r in crammed if r.problem_id == "lstsq-gradient")  # a fresh instance


def test_cram_and_an_exam_date_do_not_go_together():
    result = run("review", "--cram", "--exam-date", SOON)
    assert result.exit_code == 2 and "do not go together" in result.stderr


def test_practice_today_json_is_json_lines_only():
    planned = json.loads(run("plan", "--exam-date", SOON, "-m", "4", "--json").stdout)
    today = [i["problem"] for i in planned["days"][0]["items"]]
    result = run("practice", "today", "--json", "--no-save", input="skip\n" * 10)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == today


@pytest.mark.parametrize("days", [0, -3])
def test_review_with_an_exam_date_today_or_past_reviews_what_is_due(days):
    when = (date.today() + timedelta(days=days)).isoformat()
    result = run("review", "--exam-date", when, "--limit", "1", input="skip\n" * 5)
    assert result.exit_code == 0, result.output
    assert "reviewing what is due" in result.stderr and " due · " in result.stdout


def test_a_history_with_cramming_opens_as_it_is():
    with Store.open() as store:
        store.record(AttemptRecord("lstsq-gradient", "lstsq", 5, 0, "correct", 1, 0, 30.0, "x", mode="cram"))
    with Store.open() as store:
        assert store.recovered_from is None  # a cram row is a readable row, not damage
        assert [r.mode for r in store.attempts()] == ["cram"]


def test_the_repair_reads_every_mode_the_store_writes():
    from mathquiz.record import repair, store

    assert repair._MODES == store.MODES
