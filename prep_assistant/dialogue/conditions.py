"""The condition language of ``when``: a small grammar of our own, never eval.

    expr     := or
    or       := and ("or" and)*
    and      := not ("and" not)*
    not      := "not" not | compare
    compare  := operand (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") operand)?
    operand  := STRING | INTEGER | "true" | "false" | NAME | NAME "(" args ")"
              | NAME "[" (STRING | "*") "]"
              | "(" expr ")" | "[" (operand ("," operand)*)? "]"

``name['item']`` is the answer a for_each gave to its body question
``name`` in the round of that item; ``name[*]`` is the list of the answers
of every round (rounds without an answer left out). Both work after the
loop too, which a bare ``name`` does not (it means "this round's answer"
inside the body and is unknown outside it).

Conditions are parsed when a file is loaded; names and functions are checked
against what the flow declares; evaluation walks the tree. Every error carries
the column (from 1) where it was found, so ``check`` can point at it.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator, Protocol, Union

import msgspec

from prep_assistant.errors import UserError

MAX_LENGTH = 2_000
MAX_DEPTH = 40

#: name -> number of arguments. The first argument of each is an answer name.
#: count() also takes several names and adds up their items; count_true()
#: counts the yes answers among its arguments (a readiness score).
VARIADIC = frozenset({"count", "count_true"})
FUNCTIONS: dict[str, int] = {
    "answered": 1,
    "count": 1,
    "count_true": 1,
    "selected": 2,
    "has_pack": 0,
}

_KEYWORDS = {"and", "or", "not", "in", "true", "false"}
_COMPARISONS = {"==", "!=", "<", "<=", ">", ">=", "in", "not in"}


class ConditionError(UserError, ValueError):
    """A condition that cannot be parsed; ``column`` counts from 1."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


# -- the tree ------------------------------------------------------------


class Literal(msgspec.Struct, frozen=True):
    value: Any
    column: int


class Name(msgspec.Struct, frozen=True):
    name: str
    column: int


class Item(msgspec.Struct, frozen=True):
    """``name['item']`` (one round of a for_each) or ``name[*]`` (``item`` None: every round)."""

    name: str
    item: str | None
    column: int


class Call(msgspec.Struct, frozen=True):
    function: str
    args: tuple["Expr", ...]
    column: int


class ListOf(msgspec.Struct, frozen=True):
    items: tuple["Expr", ...]
    column: int


class Not(msgspec.Struct, frozen=True):
    operand: "Expr"
    column: int


class BoolOp(msgspec.Struct, frozen=True):
    op: str  # "and" | "or"
    operands: tuple["Expr", ...]
    column: int


class Compare(msgspec.Struct, frozen=True):
    op: str
    left: "Expr"
    right: "Expr"
    column: int


Expr = Union[Literal, Name, Item, Call, ListOf, Not, BoolOp, Compare]


# -- tokens --------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>-?\d+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\*)
  | (?P<string>'|")
    """,
    re.VERBOSE,
)


class _Token(msgspec.Struct, frozen=True):
    kind: str  # number, name, op, string, end
    text: str
    value: Any
    column: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if not match:
            raise ConditionError(f"unexpected character {source[pos]!r}", pos + 1)
        kind = match.lastgroup
        assert kind is not None
        if kind == "space":
            pos = match.end()
            continue
        if kind == "string":
            value, end = _read_string(source, pos)
            tokens.append(_Token("string", source[pos:end], value, pos + 1))
            pos = end
            continue
        text = match.group()
        value: Any = int(text) if kind == "number" else text
        if kind == "number" and len(text) > 18:
            raise ConditionError("number too long", pos + 1)
        tokens.append(_Token(kind, text, value, pos + 1))
        pos = match.end()
    tokens.append(_Token("end", "", None, len(source) + 1))
    return tokens


def _read_string(source: str, start: int) -> tuple[str, int]:
    quote = source[start]
    out: list[str] = []
    pos = start + 1
    while pos < len(source):
        ch = source[pos]
        if ch == "\\" and pos + 1 < len(source):
            out.append(source[pos + 1])
            pos += 2
            continue
        if ch == quote:
            return "".join(out), pos + 1
        out.append(ch)
        pos += 1
    raise ConditionError("text in quotes is not closed", start + 1)


# -- the parser ----------------------------------------------------------


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, text: str) -> bool:
        token = self.token
        return token.kind in ("op", "name") and token.text == text

    def expect(self, text: str, what: str) -> _Token:
        if not self.at(text):
            raise ConditionError(f"expected {what}, found {self.describe()}", self.token.column)
        return self.take()

    def describe(self) -> str:
        token = self.token
        return "the end" if token.kind == "end" else repr(token.text)

    def nest(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(f"nested more than {MAX_DEPTH} levels deep", column)

    def parse(self) -> Expr:
        if self.token.kind == "end":
            raise ConditionError("the condition is empty", 1)
        expr = self.parse_or()
        if self.token.kind != "end":
            raise ConditionError(f"unexpected {self.describe()}", self.token.column)
        return expr

    def parse_or(self) -> Expr:
        return self._bool_chain("or", self.parse_and)

    def parse_and(self) -> Expr:
        return self._bool_chain("and", self.parse_not)

    def _bool_chain(self, op: str, parse_operand: Callable[[], Expr]) -> Expr:
        first = parse_operand()
        operands = [first]
        while self.at(op):
            self.take()
            operands.append(parse_operand())
        if len(operands) == 1:
            return first
        return BoolOp(op, tuple(operands), _column(first))

    def parse_not(self) -> Expr:
        if self.at("not"):
            token = self.take()
            self.nest(token.column)
            operand = self.parse_not()
            self.depth -= 1
            return Not(operand, token.column)
        return self.parse_compare()

    def parse_compare(self) -> Expr:
        left = self.parse_operand()
        op: str | None = None
        column = self.token.column
        if self.token.kind == "op" and self.token.text in _COMPARISONS:
            op = self.take().text
        elif self.at("in"):
            self.take()
            op = "in"
        elif self.at("not") and self.tokens[self.index + 1].text == "in":
            self.take()
            self.take()
            op = "not in"
        if op is None:
            return left
        right = self.parse_operand()
        if self.token.kind == "op" and self.token.text in _COMPARISONS or self.at("in"):
            raise ConditionError(
                "comparisons cannot be chained; join them with 'and'", self.token.column
            )
        return Compare(op, left, right, column)

    def parse_operand(self) -> Expr:
        token = self.token
        if token.kind == "string":
            self.take()
            return Literal(token.value, token.column)
        if token.kind == "number":
            self.take()
            return Literal(token.value, token.column)
        if token.kind == "name":
            if token.text in ("true", "false"):
                self.take()
                return Literal(token.text == "true", token.column)
            if token.text in _KEYWORDS:
                raise ConditionError(f"expected a value, found {token.text!r}", token.column)
            self.take()
            if self.at("("):
                return self.parse_call(token)
            if self.at("["):
                return self.parse_item(token)
            return Name(token.text, token.column)
        if self.at("("):
            self.take()
            self.nest(token.column)
            expr = self.parse_or()
            self.depth -= 1
            self.expect(")", "')'")
            return expr
        if self.at("["):
            return self.parse_list()
        raise ConditionError(f"expected a value, found {self.describe()}", token.column)

    def parse_call(self, name: _Token) -> Expr:
        self.take()  # (
        self.nest(name.column)
        args: list[Expr] = []
        if not self.at(")"):
            args.append(self.parse_or())
            while self.at(","):
                self.take()
                args.append(self.parse_or())
        self.expect(")", "')' or ','")
        self.depth -= 1
        return Call(name.text, tuple(args), name.column)

    def parse_item(self, name: _Token) -> Expr:
        self.take()  # [
        token = self.token
        if self.at("*"):
            self.take()
            item: str | None = None
        elif token.kind == "string":
            self.take()
            item = token.value
        else:
            raise ConditionError(
                f"expected an item in quotes or '*' after {name.text}[, found {self.describe()}",
                token.column,
            )
        self.expect("]", "']'")
        return Item(name.text, item, name.column)

    def parse_list(self) -> Expr:
        start = self.take()  # [
        self.nest(start.column)
        items: list[Expr] = []
        if not self.at("]"):
            items.append(self.parse_operand())
            while self.at(","):
                self.take()
                if self.at("]"):
                    break
                items.append(self.parse_operand())
        self.expect("]", "']' or ','")
        self.depth -= 1
        return ListOf(tuple(items), start.column)


def _column(expr: Expr) -> int:
    return expr.column


def parse(source: str) -> Expr:
    """Parse a condition; raise ConditionError with a column on any mistake."""
    if not isinstance(source, str):
        raise ConditionError("a condition must be text", 1)
    if len(source) > MAX_LENGTH:
        raise ConditionError(f"the condition is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    return _Parser(source).parse()


# -- checking names ------------------------------------------------------


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of the tree, depth first."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Call):
            stack.extend(node.args)
        elif isinstance(node, ListOf):
            stack.extend(node.items)
        elif isinstance(node, Not):
            stack.append(node.operand)
        elif isinstance(node, BoolOp):
            stack.extend(node.operands)
        elif isinstance(node, Compare):
            stack.extend((node.left, node.right))


class NameProblem(msgspec.Struct, frozen=True):
    code: str  # "name" for an unknown name, "function" for a bad call
    message: str
    column: int
    hint: str | None = None


def check_names(
    expr: Expr,
    declared: set[str] | frozenset[str],
    per_item: set[str] | frozenset[str] = frozenset(),
) -> list[NameProblem]:
    """Unknown names and functions, wrong argument counts.

    ``per_item`` are the questions of for_each bodies, which ``name['item']``
    and ``name[*]`` may name."""
    # difflib: about 3 ms (-X importtime) that plain mode never pays; only
    # check (which loads flows with pydantic anyway) gets here.
    import difflib

    problems: list[NameProblem] = []
    for node in walk(expr):
        if isinstance(node, Name) and node.name not in declared:
            close = difflib.get_close_matches(node.name, sorted(declared), n=1)
            problems.append(
                NameProblem(
                    "name",
                    f"unknown name {node.name!r}",
                    node.column,
                    f"did you mean {close[0]!r}?" if close else None,
                )
            )
        elif isinstance(node, Item) and node.name not in per_item:
            close = difflib.get_close_matches(node.name, sorted(per_item), n=1)
            problems.append(
                NameProblem(
                    "name",
                    f"{node.name}[...] names {node.name!r}, which is not a question inside a for_each",
                    node.column,
                    f"did you mean {close[0]!r}?" if close else "only the answers of a for_each body have one per item",
                )
            )
        elif isinstance(node, Call):
            arity = FUNCTIONS.get(node.function)
            if arity is None:
                close = difflib.get_close_matches(node.function, sorted(FUNCTIONS), n=1)
                problems.append(
                    NameProblem(
                        "function",
                        f"unknown function {node.function!r}",
                        node.column,
                        f"did you mean {close[0]}()?" if close else None,
                    )
                )
            elif node.function in VARIADIC and len(node.args) >= arity:
                if not all(isinstance(a, (Name, Item)) for a in node.args):
                    problems.append(
                        NameProblem("function", f"the arguments of {node.function}() must be answer names", node.column)
                    )
            elif len(node.args) != arity:
                problems.append(
                    NameProblem(
                        "function",
                        f"{node.function}() takes {arity} argument(s), not {len(node.args)}",
                        node.column,
                    )
                )
            elif arity and not isinstance(node.args[0], (Name, Item)):
                problems.append(
                    NameProblem(
                        "function",
                        f"the first argument of {node.function}() must be an answer name",
                        node.column,
                    )
                )
    problems.sort(key=lambda p: p.column)
    return problems


def names_used(expr: Expr) -> set[str]:
    return {node.name for node in walk(expr) if isinstance(node, Name)}


def items_used(expr: Expr) -> set[str]:
    """The for_each questions named per item (``name['item']``, ``name[*]``)."""
    return {node.name for node in walk(expr) if isinstance(node, Item)}


# -- evaluation ----------------------------------------------------------


class Environment(Protocol):
    def value(self, name: str) -> Any:
        """The current answer of ``name``; None when not given or skipped."""

    def has_pack(self) -> bool: ...

    def item_value(self, name: str, item: str) -> Any:
        """The answer of the for_each question ``name`` in the round of ``item``."""

    def every_item(self, name: str) -> list[Any]:
        """The answers of ``name`` in every round of its for_each, in order."""


def truthy(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, (list, tuple, str)):
        return len(value) > 0
    return bool(value)


def evaluate(expr: Expr, env: Environment) -> bool:
    return truthy(_value(expr, env))


def value_of(expr: Expr, env: Environment) -> Any:
    """The value of an expression (a count for ``{count_true(a, b)}`` in a text)."""
    return _value(expr, env)


def _value(expr: Expr, env: Environment) -> Any:
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, Name):
        return env.value(expr.name)
    if isinstance(expr, Item):
        if expr.item is None:
            return env.every_item(expr.name)
        return env.item_value(expr.name, expr.item)
    if isinstance(expr, ListOf):
        return [_value(item, env) for item in expr.items]
    if isinstance(expr, Not):
        return not truthy(_value(expr.operand, env))
    if isinstance(expr, BoolOp):
        if expr.op == "and":
            return all(truthy(_value(o, env)) for o in expr.operands)
        return any(truthy(_value(o, env)) for o in expr.operands)
    if isinstance(expr, Compare):
        return _compare(expr.op, _value(expr.left, env), _value(expr.right, env))
    if isinstance(expr, Call):
        return _call(expr, env)
    raise TypeError(f"not a condition node: {expr!r}")  # pragma: no cover


def _call(expr: Call, env: Environment) -> Any:
    if expr.function == "has_pack":
        return env.has_pack()
    target = expr.args[0]
    value = env.value(target.name) if isinstance(target, Name) else _value(target, env)
    if expr.function == "answered":
        return truthy(value) or value is False or value == 0
    if expr.function == "count":
        return sum(_count(env.value(a.name) if isinstance(a, Name) else _value(a, env)) for a in expr.args)
    if expr.function == "count_true":
        return sum(_count_true(_value(a, env)) for a in expr.args)
    if expr.function == "selected":
        wanted = _value(expr.args[1], env)
        if isinstance(value, (list, tuple)):
            return wanted in value
        return value is not None and value == wanted
    raise ValueError(f"unknown function {expr.function}")  # check_names prevents this


def _count_true(value: Any) -> int:
    # Only a real yes counts: a rating of 1 or a text "true" is no yes.
    if isinstance(value, (list, tuple)):
        return sum(1 for item in value if item is True)
    return 1 if value is True else 0


def _count(value: Any) -> int:
    if isinstance(value, (list, tuple, dict)):
        return len(value)
    return 0 if value is None or value == "" else 1


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "==":
        return _same(left, right)
    if op == "!=":
        return not _same(left, right)
    if op in ("in", "not in"):
        found = isinstance(right, (list, tuple, str)) and (
            any(_same(left, item) for item in right)
            if isinstance(right, (list, tuple))
            else isinstance(left, str) and left in right
        )
        return found if op == "in" else not found
    # Ordering only between two numbers or two texts; anything else is false,
    # so an unanswered question never satisfies "rating >= 3".
    if isinstance(left, bool) or isinstance(right, bool):
        return False
    comparable = (isinstance(left, int) and isinstance(right, int)) or (
        isinstance(left, str) and isinstance(right, str)
    )
    if not comparable:
        return False
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right


def _same(left: Any, right: Any) -> bool:
    # true == 1 must not hold: a yes/no answer is not a rating.
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return left == right
