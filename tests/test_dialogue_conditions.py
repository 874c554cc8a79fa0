from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prep_assistant.dialogue import conditions as c


class Env:
    def __init__(self, values, pack=False):
        self.values = values
        self.pack = pack

    def value(self, name):
        return self.values.get(name)

    def has_pack(self):
        return self.pack


def ev(source, **values):
    return c.evaluate(c.parse(source), Env(values))


@pytest.mark.parametrize(
    "source, values, expected",
    [
        ("wie == 'alleen'", {"wie": "alleen"}, True),
        ("wie != 'alleen'", {"wie": "alleen"}, False),
        ('wie == "alleen"', {"wie": "naaste"}, False),
        ("ernst >= 3", {"ernst": 3}, True),
        ("ernst >= 3", {"ernst": None}, False),
        ("ernst < 3", {}, False),
        ("not zeker", {"zeker": False}, True),
        ("not zeker", {}, True),
        ("zeker == true", {"zeker": True}, True),
        ("zeker == 1", {"zeker": True}, False),
        ("'a' in keuzes", {"keuzes": ["a", "b"]}, True),
        ("'c' not in keuzes", {"keuzes": ["a", "b"]}, True),
        ("wie in ['alleen', 'naaste']", {"wie": "naaste"}, True),
        ("answered(x)", {"x": 0}, True),
        ("answered(x)", {"x": False}, True),
        ("answered(x)", {"x": None}, False),
        ("answered(x)", {"x": ""}, False),
        ("count(x) == 2", {"x": ["a", "b"]}, True),
        ("count(x) == 0", {}, True),
        ("selected(x, 'a')", {"x": ["a"]}, True),
        ("selected(x, 'a')", {"x": "a"}, True),
        ("selected(x, 'a')", {"x": "b"}, False),
        ("a and (b or not c)", {"a": True, "b": False, "c": False}, True),
        ("a or b and c", {"a": False, "b": True, "c": False}, False),
        ("(a)", {"a": "x"}, True),
        ("x == -1", {"x": -1}, True),
        ("'it\\'s' == x", {"x": "it's"}, True),
    ],
)
def test_evaluates(source, values, expected):
    assert ev(source, **values) is expected


def test_has_pack():
    assert c.evaluate(c.parse("has_pack()"), Env({}, pack=True)) is True
    assert c.evaluate(c.parse("not has_pack()"), Env({}, pack=False)) is True


@pytest.mark.parametrize(
    "source, column, words",
    [
        ("", 1, "empty"),
        ("wie ==", 7, "expected a value"),
        ("wie == 'alleen", 8, "not closed"),
        ("(a and b", 9, "expected ')'"),
        ("a b", 3, "unexpected"),
        ("a == b == c", 8, "chained"),
        ("a $ b", 3, "unexpected character"),
        ("and a", 1, "expected a value"),
        ("f(a,", 5, "expected a value"),
        ("[1, 2", 6, "expected ']'"),
    ],
)
def test_syntax_errors_point_at_column(source, column, words):
    with pytest.raises(c.ConditionError) as info:
        c.parse(source)
    assert info.value.column == column
    assert words in info.value.message


def test_deep_nesting_is_refused_with_a_column():
    source = "(" * 500 + "a" + ")" * 500
    with pytest.raises(c.ConditionError) as info:
        c.parse(source)
    assert "nested" in info.value.message
    assert 1 <= info.value.column <= len(source)
    with pytest.raises(c.ConditionError):
        c.parse("not " * 200 + "a")


def test_very_long_condition_is_refused():
    source = " or ".join(["a"] * 2000)
    with pytest.raises(c.ConditionError) as info:
        c.parse(source)
    assert "longer than" in info.value.message


def test_long_but_allowed_condition_evaluates():
    source = " or ".join(["a"] * 300)
    assert c.evaluate(c.parse(source), Env({"a": True}))


def test_names_and_functions_are_checked():
    problems = c.check_names(c.parse("wei == 'x' and ansered(b) and selected(a)"), {"wie", "a", "b"})
    messages = [p.message for p in problems]
    assert "unknown name 'wei'" in messages[0]
    assert problems[0].hint == "did you mean 'wie'?"
    assert any("unknown function 'ansered'" in m for m in messages)
    assert any("selected() takes 2" in m for m in messages)


def test_function_argument_must_be_a_name():
    problems = c.check_names(c.parse("answered('x')"), {"x"})
    assert problems and "answer name" in problems[0].message


def test_no_eval_of_python():
    # Things Python would run are not in the grammar at all.
    for source in ("__import__('os')", "a.b", "x[0]", "lambda: 1", "1 + 1"):
        try:
            expr = c.parse(source)
        except c.ConditionError:
            continue
        assert c.check_names(expr, set()), source


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_any_string_parses_or_gives_a_located_error(source):
    try:
        c.parse(source)
    except c.ConditionError as error:
        assert 1 <= error.column <= max(len(source), 1) + 1
        assert error.message


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("ab ()'\"=!<>[],1") + ["and ", "or ", "not ", "in ", "answered("]),
        max_size=25,
    ).map("".join)
)
def test_condition_like_strings_parse_or_give_a_located_error(source):
    try:
        expr = c.parse(source)
    except c.ConditionError as error:
        assert 1 <= error.column <= len(source) + 1
    else:
        # Whatever parses can be evaluated without raising.
        if not c.check_names(expr, {"a", "b"}):
            c.evaluate(expr, Env({"a": "x", "b": ["x"]}))


def test_count_adds_up_several_lists():
    assert ev("count(a, b) == 3", a=["x", "y"], b=["z"])
    assert c.check_names(c.parse("count(a, b)"), {"a", "b"}) == []
    assert c.check_names(c.parse("count(a, 'b')"), {"a"})


# -- answers per for_each item, after the loop; counting yes answers --------------


class LoopEnv(Env):
    """Answers of a for_each question per item, as the engine keeps them."""

    def __init__(self, values, per_item=None, pack=False):
        super().__init__(values, pack)
        self.per_item = per_item or {}

    def item_value(self, name, item):
        return self.per_item.get(name, {}).get(item)

    def every_item(self, name):
        return [v for v in self.per_item.get(name, {}).values() if v is not None]


DRUK = {"druk": {"Partner": True, "Dochter": False, "Buurman": None}}


@pytest.mark.parametrize(
    "source, expected",
    [
        ("druk['Partner'] == true", True),
        ("druk['Dochter'] == true", False),
        ("druk['Buurman'] == false", False),  # no answer is neither yes nor no
        ("druk['Niemand'] == true", False),
        ("answered(druk['Buurman'])", False),
        ("true in druk[*]", True),
        ("false in druk[*]", True),
        ("count(druk[*]) == 2", True),
        ("count_true(druk[*]) == 1", True),
        ("count_true(druk[*], a, b) == 2", True),
        ("count_true(a, b, c) >= 2", False),
        ('druk["Partner"] and not druk[\'Dochter\']', True),
    ],
)
def test_items_of_a_loop_and_count_true(source, expected):
    env = LoopEnv({"a": True, "b": False, "c": 1}, DRUK)
    assert c.evaluate(c.parse(source), env) is expected


def test_count_true_counts_only_real_yes_answers():
    env = LoopEnv({"a": True, "b": 1, "c": "true", "d": [True, "x", True]})
    assert c._value(c.parse("count_true(a, b, c, d)"), env) == 3


@pytest.mark.parametrize(
    "source, column, words",
    [
        ("druk[", 6, "expected an item in quotes or '*'"),
        ("druk[1]", 6, "expected an item in quotes or '*'"),
        ("druk['a'", 9, "expected ']'"),
        ("druk[*", 7, "expected ']'"),
        ("druk[a]", 6, "expected an item"),
        ("* == 1", 1, "expected a value"),
    ],
)
def test_item_syntax_errors_point_at_column(source, column, words):
    with pytest.raises(c.ConditionError) as info:
        c.parse(source)
    assert info.value.column == column
    assert words in info.value.message


def test_item_names_are_checked_against_the_loop_questions():
    problems = c.check_names(c.parse("drukk['x'] == true"), {"klaar"}, {"druk"})
    assert problems[0].message.startswith("drukk[...] names 'drukk'")
    assert problems[0].hint == "did you mean 'druk'?"
    assert c.check_names(c.parse("klaar['x']"), {"klaar"}, set())[0].hint.startswith("only the answers of a for_each")
    assert c.check_names(c.parse("count_true(klaar, druk[*]) >= 1 and answered(druk['x'])"), {"klaar"}, {"druk"}) == []
    assert c.check_names(c.parse("count_true(klaar, 'ja')"), {"klaar"})[0].message == "the arguments of count_true() must be answer names"
    assert c.items_used(c.parse("druk['x'] or count_true(zorg[*])")) == {"druk", "zorg"}


# A reference for the new syntax: expressions built from parts whose value
# Python computes directly; the parsed condition must agree.
_ITEMS = st.sampled_from(["Partner", "Dochter", "it's", 'zeg "ja"', "[x]", ""])


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@st.composite
def _item_conditions(draw):
    per_item = draw(st.dictionaries(_ITEMS, st.one_of(st.none(), st.booleans()), max_size=5))
    answers = draw(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.one_of(st.none(), st.booleans(), st.integers(0, 5))))
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 3))
        if choice == 0:
            item = draw(_ITEMS)
            wanted = draw(st.booleans())
            parts.append((f"druk[{_quoted(item)}] == {'true' if wanted else 'false'}", per_item.get(item) is wanted))
        elif choice == 1:
            wanted = draw(st.booleans())
            parts.append((f"{'true' if wanted else 'false'} in druk[*]", wanted in [v for v in per_item.values() if v is not None]))
        elif choice == 2:
            names = draw(st.lists(st.sampled_from(["a", "b", "c", "druk[*]"]), min_size=1, max_size=4))
            bound = draw(st.integers(0, 6))
            total = sum(
                sum(1 for v in per_item.values() if v is True) if n == "druk[*]" else int(answers.get(n) is True)
                for n in names
            )
            parts.append((f"count_true({', '.join(names)}) >= {bound}", total >= bound))
        else:
            parts.append((f"count(druk[*]) == {len([v for v in per_item.values() if v is not None])}", True))
    joiner = draw(st.sampled_from(["and", "or"]))
    source = f" {joiner} ".join(f"({s})" for s, _ in parts)
    expected = all(v for _, v in parts) if joiner == "and" else any(v for _, v in parts)
    return source, answers, per_item, expected


@settings(max_examples=300, deadline=None)
@given(_item_conditions())
def test_item_and_count_true_conditions_agree_with_a_reference(case):
    source, answers, per_item, expected = case
    expr = c.parse(source)
    assert c.check_names(expr, {"a", "b", "c"}, {"druk"}) == []
    assert c.evaluate(expr, LoopEnv(answers, {"druk": per_item})) is expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["druk", "[", "]", "*", "'P'", "count_true(", ")", ",", " ", "==", "true", " in ", "a"]),
        max_size=20,
    ).map("".join)
)
def test_item_like_strings_parse_or_give_a_located_error(source):
    try:
        expr = c.parse(source)
    except c.ConditionError as error:
        assert 1 <= error.column <= len(source) + 1
    else:
        if not c.check_names(expr, {"a"}, {"druk"}):
            c.evaluate(expr, LoopEnv({"a": True}, DRUK))
