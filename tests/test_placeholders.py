"""Placeholders in every text a problem fills are checked at load: a malformed one (`{expr(x)}`) or
one naming nothing is reported with file, line and field, not shown raw to a student."""

from __future__ import annotations

import pytest

from mathquiz.problem.loading import load
from tests.test_problem_files import GOOD, issues_of, write

POWER_RULE = "    claim: {derivative: f, wrt: x}\n"
WITH_WRONG = GOOD.replace(POWER_RULE, POWER_RULE + '    wrong: [{math: "a*x^k", why: "It is f."}]\n')
FIELDS = {  # what to replace in WITH_WRONG to put TEXT in each filled field, and that field's name
    "feedback": (("feedback: That is f itself, not its derivative.", 'feedback: "TEXT"'),
                 "parts[1].mistakes[1].feedback"),
    "hint": (('hints: ["Use the power rule."]', 'hints: ["TEXT"]'), "parts[1].hints[1]"),
    "prompt": (('prompt: "Differentiate {f}."', 'prompt: "TEXT"'), "parts[1].prompt"),
    "step text": (("text: Simplify.", 'text: "TEXT"'), "solution[3].text"),
    "label": (("label: f(x)", 'label: "TEXT"'), "solution[1].label"),
    "why": (('why: "It is f."', 'why: "TEXT"'), "solution[2].wrong[1].why"),
    "text": (("source: made up", 'source: made up\ntext: "TEXT"'), "text"),
}
MALFORMED = ["Not {expr(a*x)}.", "See { a }.", "It is {a + 1}.", "Use {f'}.", "At {x0[1]}."]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("text", MALFORMED)
def test_a_malformed_placeholder_is_reported_with_its_field_and_line(tmp_path, field, text):
    change, name = FIELDS[field]
    path = write(tmp_path, WITH_WRONG.replace(change[0], change[1].replace("TEXT", text)))
    line = next(k for k, row in enumerate(path.read_text().splitlines(), 1) if text in row)
    issues = issues_of(path)
    hit = [i for i in issues if f":{line}: {name}: " in i and "is not a placeholder" in i]
    assert hit, issues


@pytest.mark.parametrize("field", FIELDS)
def test_a_placeholder_naming_nothing_is_reported_in_every_field(tmp_path, field):
    change, name = FIELDS[field]
    issues = issues_of(write(tmp_path, WITH_WRONG.replace(change[0], change[1].replace("TEXT", "It is {q}."))))
    assert any(f": {name}: placeholder {{q}} names nothing" in i for i in issues), issues


@pytest.mark.parametrize("text", [
    "Labels y ∈ {−1, +1} and t ∈ {0, 1}^{k}.",  # sets in prose, a TeX group holding a placeholder
    "The chain h_{L−1} and x^{n+1}.",  # TeX groups of a subscript and a power
    "Take {a} times {x}: {k}·{a}.",  # placeholders of params and a symbol
    "The set {x : x > 0} and {k | k even}.",
    "An empty {} and a number {3}.",
])  # fmt: skip
def test_braces_that_are_no_placeholder_attempt_load(tmp_path, text):
    for change, _ in FIELDS.values():
        load(write(tmp_path, WITH_WRONG.replace(change[0], change[1].replace("TEXT", text))), remember=False)


def test_a_sample_answer_may_group_with_braces(tmp_path):
    # tests and answers are read in the answer syntax after filling, where { … } groups like ( … )
    text = GOOD.replace('incorrect: ["{a}*x^{k}", "x"]', 'incorrect: ["{a}*x^{k}", "x", "{x + 1}*2"]')
    load(write(tmp_path, text), remember=False)


# ---- TeX arguments are TeX's, and {{name}} is a literal {name}


@pytest.mark.parametrize(("template", "shown"), [
    (r"\frac{k}{a} - {a}", r"\frac{k}{a} - 5"),  # the arguments of \frac stay; the placeholder after is filled
    (r"\sqrt[3]{a} + \hat{x}", r"\sqrt[3]{a} + \hat{x}"),  # an optional argument, then the argument
    (r"\operatorname{softmax}(x)", r"\operatorname{softmax}(x)"),
    (r"\frac{ {a} }{2}", r"\frac{ 5 }{2}"),  # a placeholder inside an argument, spaced, is filled
    ("x^{k} and {a}{k}", "x^2 and 5·2"),  # a power's group and placeholders side by side are filled
    ("the set {{a}} has {a}", "the set {a} has 5"),  # the escape: a literal {a}
    (r"\frac{{a}}{2}", r"\frac{a}{2}"),
])  # fmt: skip
def test_tex_arguments_are_left_alone_and_double_braces_are_literal(tmp_path, template, shown):
    from mathquiz.problem.instances import draw, fill
    from mathquiz.problem.placeholders import PLACEHOLDER

    inst = draw(load(write(tmp_path, GOOD.replace("{int: [2, 9]}", "{choice: [5]}")
                           .replace("{int: [1, 3]}", "{choice: [2]}")), remember=False)[0], 1)
    filled = fill(template, inst)
    assert filled.replace("·", "") == shown.replace("·", ""), filled
    assert "k" not in PLACEHOLDER.findall(r"\frac{k}{a}") and "a" not in PLACEHOLDER.findall("{{a}}")


@pytest.mark.parametrize("field", ["feedback", "hint", "step text", "text"])
def test_tex_in_a_text_or_a_sample_is_no_placeholder_at_load(tmp_path, field):
    # \frac{n}{m}: n and m name nothing, and are no placeholders either
    change, _ = FIELDS[field]
    text = WITH_WRONG.replace(change[0], change[1].replace("TEXT", r"\\frac{n}{m} and \\sqrt{q}, {{q}}"))
    text = text.replace('incorrect: ["{a}*x^{k}", "x"]', r'incorrect: ["{a}*x^{k}", "x", "\\frac{n}{m}*x"]')
    text = text.replace("  x: {domain: real}\n", "  x: {domain: real}\n  n: {}\n  m: {}\n")
    load(write(tmp_path, text), remember=False)
