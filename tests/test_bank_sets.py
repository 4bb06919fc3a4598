"""Every problem of every set of the bank (issues 13 and 25) is shipped under its topic and complete
in the same way; what is particular to a set is in tests/test_bank_<set>.py."""

from __future__ import annotations

import pytest

from tests.bank_sets import (
    SETS,
    SOLVE_SEEDS,
    check_distinct_prompts,
    check_mixes_kinds,
    check_parts_complete,
    check_shipped_under_topics,
    check_solved_keys,
    ids_of,
)

IDS = [pid for name in SETS for pid in ids_of(name)]
SOLVED = [(pid, seed) for name in SETS for pid in ids_of(name) for seed in SOLVE_SEEDS[name]]


@pytest.mark.parametrize("name", SETS)
def test_every_id_is_shipped_under_its_topic(name):
    check_shipped_under_topics(SETS[name])


@pytest.mark.parametrize("pid", IDS)
def test_at_least_20_distinct_prompts_in_seeds_1_to_50(pid):
    check_distinct_prompts(pid)


@pytest.mark.parametrize("pid", IDS)
def test_mixes_a_symbolic_part_with_a_value_part(pid):
    check_mixes_kinds(pid)


@pytest.mark.parametrize("pid", IDS)
def test_every_part_has_hints_mistakes_and_sample_answers(pid):
    check_parts_complete(pid)


@pytest.mark.parametrize(("pid", "seed"), SOLVED)
def test_solved_keys_are_graded_correct_in_practice(pid, seed):
    check_solved_keys(pid, seed)
