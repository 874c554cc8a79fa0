"""The small part of FHIRPath the importer reads, turned into our conditions.

Read: ``true``/``false``; ``and``, ``or``, ``not()`` and brackets; an item's
answers (``%resource.repeat(item).where(linkId='x').answer.value``, also
with ``item`` instead of ``repeat(item)``, ``%context`` for the same round
of a repeating group, and ``.code`` after a Coding); on them ``exists()``,
``empty()``, ``count()`` (added up with ``+``), ``exists(<tests of $this>)``
and comparisons with a literal. The answers of a for_each question read
from the whole response through its loop's groups become ``name[*]``, or
``name['item']`` when the group is chosen by its item
(``.where(item.where(linkId='<loop>.item').answer.value = 'item')``);
``.where($this = true).count()`` becomes ``count_true()``. That covers what
``export`` writes and the usual hand-written forms; anything else is refused
with the column where reading stopped (``FhirPathError``), never guessed.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import msgspec

from prep_assistant.errors import UserError

MAX_LENGTH = 4_000
MAX_DEPTH = 40


class FhirPathError(UserError, ValueError):
    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


# -- tokens and tree -----------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<number>\d+(?:\.\d+)?)
      | (?P<date>@\d{4}(?:-\d{2}(?:-\d{2})?)?)
      | (?P<var>[%$][A-Za-z_][A-Za-z0-9_]*)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>!=|<=|>=|=|<|>|\+|\(|\)|\.|,|\{|\})
      | (?P<string>')""",
    re.VERBOSE,
)
_ESCAPES = {"'": "'", '"': '"', "`": "`", "\\": "\\", "/": "/", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class Tok(msgspec.Struct, frozen=True):
    kind: str
    value: Any
    column: int


class Lit(msgspec.Struct, frozen=True):
    value: Any
    column: int


class Var(msgspec.Struct, frozen=True):
    name: str  # %resource, %context, $this, or a bare member name
    column: int


class Call(msgspec.Struct, frozen=True):
    target: Any  # None for a function without a target
    name: str
    args: tuple[Any, ...] | None  # None: a member, not a function
    column: int


class Op(msgspec.Struct, frozen=True):
    op: str
    left: Any
    right: Any
    column: int


class Empty(msgspec.Struct, frozen=True):
    column: int


def _tokens(source: str) -> list[Tok]:
    out: list[Tok] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise FhirPathError(f"unexpected character {source[pos]!r}", pos + 1)
        kind = match.lastgroup or ""
        if kind == "string":
            value, end = _string(source, pos)
            out.append(Tok("string", value, pos + 1))
            pos = end
            continue
        text = match.group()
        if kind == "number":
            out.append(Tok("number", float(text) if "." in text else int(text), pos + 1))
        elif kind == "date":
            out.append(Tok("string", text[1:], pos + 1))
        elif kind != "space":
            out.append(Tok(kind, text, pos + 1))
        pos = match.end()
    out.append(Tok("end", "", len(source) + 1))
    return out


def _string(source: str, start: int) -> tuple[str, int]:
    out: list[str] = []
    pos = start + 1
    while pos < len(source):
        char = source[pos]
        if char == "\\" and pos + 1 < len(source):
            code = source[pos + 1]
            if code == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", source[pos + 2 : pos + 6]):
                out.append(chr(int(source[pos + 2 : pos + 6], 16)))
                pos += 6
                continue
            if code not in _ESCAPES:
                raise FhirPathError(f"unknown escape \\{code}", pos + 1)
            out.append(_ESCAPES[code])
            pos += 2
            continue
        if char == "'":
            return "".join(out), pos + 1
        out.append(char)
        pos += 1
    raise FhirPathError("text in quotes is not closed", start + 1)


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokens(source)
        self.index = 0
        self.depth = 0

    @property
    def tok(self) -> Tok:
        return self.tokens[self.index]

    def take(self) -> Tok:
        tok = self.tokens[self.index]
        if tok.kind != "end":
            self.index += 1
        return tok

    def at(self, *values: str) -> bool:
        return self.tok.kind in ("op", "name") and self.tok.value in values

    def expect(self, value: str) -> None:
        if not self.at(value):
            raise FhirPathError(f"expected {value!r}, found {self._describe()}", self.tok.column)
        self.take()

    def _describe(self) -> str:
        return "the end" if self.tok.kind == "end" else repr(str(self.tok.value))

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FhirPathError(f"nested more than {MAX_DEPTH} levels deep", self.tok.column)

    def parse(self) -> Any:
        tree = self.binary(0)
        if self.tok.kind != "end":
            raise FhirPathError(f"unexpected {self._describe()}", self.tok.column)
        return tree

    _LEVELS: tuple[tuple[str, ...], ...] = (("or",), ("and",), ("=", "!="), ("<", "<=", ">", ">="), ("+",))

    def binary(self, level: int) -> Any:
        if level == len(self._LEVELS):
            return self.postfix()
        left = self.binary(level + 1)
        while self.at(*self._LEVELS[level]):
            tok = self.take()
            self.nest()
            right = self.binary(level + 1)
            self.depth -= 1
            left = Op(tok.value, left, right, tok.column)
        return left

    def postfix(self) -> Any:
        node = self.primary()
        while self.at("."):
            self.take()
            tok = self.take()
            if tok.kind != "name":
                raise FhirPathError(f"expected a name after '.', found {tok.value!r}", tok.column)
            node = Call(node, tok.value, self.arguments(), tok.column)
        return node

    def arguments(self) -> tuple[Any, ...] | None:
        if not self.at("("):
            return None
        self.take()
        self.nest()
        args: list[Any] = []
        if not self.at(")"):
            args.append(self.binary(0))
            while self.at(","):
                self.take()
                args.append(self.binary(0))
        self.expect(")")
        self.depth -= 1
        return tuple(args)

    def primary(self) -> Any:
        tok = self.tok
        if tok.kind in ("string", "number"):
            self.take()
            return Lit(tok.value, tok.column)
        if tok.kind == "name" and tok.value in ("true", "false"):
            self.take()
            return Lit(tok.value == "true", tok.column)
        if tok.kind == "var":
            self.take()
            return Var(tok.value, tok.column)
        if tok.kind == "name":
            self.take()
            args = self.arguments()
            return Var(tok.value, tok.column) if args is None else Call(None, tok.value, args, tok.column)
        if self.at("("):
            self.take()
            self.nest()
            node = self.binary(0)
            self.depth -= 1
            self.expect(")")
            return node
        if self.at("{"):
            self.take()
            self.expect("}")
            return Empty(tok.column)
        raise FhirPathError(f"expected a value, found {self._describe()}", tok.column)


def parse(source: str) -> Any:
    if len(source) > MAX_LENGTH:
        raise FhirPathError(f"the expression is longer than {MAX_LENGTH} characters", 1)
    return _Parser(source).parse()


# -- into our conditions ------------------------------------------------------------------

#: linkId -> (node id, node kind, choice id for a code); None for an unknown linkId.
Resolve = Callable[[str], "tuple[str, str] | None"]
ChoiceId = Callable[[str, Any], "str | None"]


class Answers(msgspec.Struct, frozen=True):
    """An item's answers in the tree: which node, and whether ``.code`` was read."""

    name: str
    kind: str
    column: int
    #: ``name[*]``: every round's answers, a list (membership, not equality).
    every: bool = False


def to_condition(source: str, resolve: Resolve, choice_id: ChoiceId, loop_name: str | None = None, loop_link: str | None = None) -> str:
    """``source`` as one of our conditions, or FhirPathError."""
    return _Translator(resolve, choice_id, loop_name, loop_link).condition(parse(source))


def answer_sources(source: str, resolve: Resolve) -> list[str]:
    """The questions whose answers an ``answerExpression`` lists (joined with combine/|)."""
    translator = _Translator(resolve, lambda _n, _v: None, None, None)
    return translator.sources(parse(source))


class _Translator:
    def __init__(self, resolve: Resolve, choice_id: ChoiceId, loop_name: str | None, loop_link: str | None) -> None:
        self.resolve = resolve
        self.choice_id = choice_id
        self.loop_name = loop_name
        self.loop_link = loop_link

    def refuse(self, node: Any, what: str = "this part") -> FhirPathError:
        return FhirPathError(f"{what} is not in the part of FHIRPath the importer reads", getattr(node, "column", 1))

    def condition(self, node: Any) -> str:
        if isinstance(node, Lit) and isinstance(node.value, bool):
            return "true" if node.value else "false"
        if isinstance(node, Op) and node.op in ("and", "or"):
            return f"({self.condition(node.left)} {node.op} {self.condition(node.right)})"
        if isinstance(node, Call) and node.name == "not" and node.args == () and node.target is not None:
            return f"not ({self.condition(node.target)})"
        if isinstance(node, Call) and node.target is not None and node.args is not None:
            answers = self.answers(node.target)
            if answers is not None:
                return self.test(answers, node)
        if isinstance(node, Op) and node.op in ("=", "!=", "<", "<=", ">", ">="):
            return self.comparison(node)
        raise self.refuse(node)

    def test(self, answers: Answers, node: Call) -> str:
        name, args = answers.name, node.args or ()
        if answers.every and node.name == "exists" and len(args) == 1:
            return self.every_test(answers, args[0])
        if node.name == "exists" and not args:
            return f"answered({name})"
        if node.name == "empty" and not args:
            return f"not answered({name})"
        if node.name == "exists" and len(args) == 1:
            return self.this_test(answers, args[0])
        raise self.refuse(node, f"{node.name}()")

    def this_test(self, answers: Answers, node: Any) -> str:
        """A test of ``$this`` (one answer) inside ``exists(...)``."""
        if isinstance(node, Op) and node.op in ("and", "or"):
            left, right = self.this_test(answers, node.left), self.this_test(answers, node.right)
            # export writes "$this.code = 'x' or $this = 'x'" (a Coding or a string): one test
            return left if left == right else f"({left} {node.op} {right})"
        if isinstance(node, Op) and node.op in ("=", "!=", "<", "<=", ">", ">="):
            this, literal = node.left, node.right
            if not _is_this(this) or not isinstance(literal, Lit):
                raise self.refuse(node)
            return self.compare(answers, node.op, literal, within_exists=True)
        if isinstance(node, Call) and node.name == "contains" and _is_this(node.target) and node.args and isinstance(node.args[0], Lit) and isinstance(node.args[0].value, str):
            return f"{_quote(node.args[0].value)} in {answers.name}"
        raise self.refuse(node)

    def every_test(self, answers: Answers, node: Any) -> str:
        """``name[*].exists($this = v)``: v is one of the answers (``v in name[*]``)."""
        if isinstance(node, Op) and node.op == "or":
            left, right = self.every_test(answers, node.left), self.every_test(answers, node.right)
            return left if left == right else f"({left} or {right})"
        if isinstance(node, Op) and node.op == "=" and _is_this(node.left) and isinstance(node.right, Lit):
            value = node.right.value
            if isinstance(value, float):
                raise self.refuse(node.right, "a decimal number")
            if isinstance(value, str) and answers.kind in ("single_choice", "multiple_choice", "ranking"):
                base = answers.name.partition("[")[0]
                value = self.choice_id(base, value) or value
            return f"{_literal(value)} in {answers.name}"
        raise self.refuse(node)

    def comparison(self, node: Op) -> str:
        left, right = node.left, node.right
        counted = self.counts(left)
        if counted is not None and isinstance(right, Lit) and isinstance(right.value, int) and not isinstance(right.value, bool):
            op = "==" if node.op == "=" else node.op
            functions = {function for function, _ in counted}
            if len(functions) != 1:
                raise self.refuse(node, "a sum of count() and counts of yes answers")
            return f"{functions.pop()}({', '.join(name for _, name in counted)}) {op} {right.value}"
        answers = self.answers(left)
        if answers is not None and isinstance(right, Lit):
            return self.compare(answers, node.op, right, within_exists=False)
        raise self.refuse(node)

    def compare(self, answers: Answers, op: str, literal: Lit, *, within_exists: bool) -> str:
        name, value = answers.name, literal.value
        if isinstance(value, float):
            raise self.refuse(literal, "a decimal number")
        if op in ("=", "!="):
            if isinstance(value, str) and answers.kind in ("single_choice", "multiple_choice", "ranking"):
                choice = self.choice_id(name, value)
                test = f"selected({name}, {_quote(choice if choice is not None else value)})"
            elif answers.kind in ("text_list", "multiple_choice", "ranking"):
                test = f"selected({name}, {_literal(value)})"
            else:
                test = f"{name} == {_literal(value)}"
            if op == "=":
                return test
            # "!=" inside exists() holds for an answered question only.
            return f"(answered({name}) and not {test})" if within_exists else f"not {test}"
        return f"{name} {op} {_literal(value)}"

    def counts(self, node: Any) -> list[tuple[str, str]] | None:
        """The (function, name) of each count added up: ``count`` or ``count_true``."""
        if isinstance(node, Op) and node.op == "+":
            left, right = self.counts(node.left), self.counts(node.right)
            return None if left is None or right is None else left + right
        if isinstance(node, Call) and node.name == "count" and node.args == ():
            target = node.target
            if _yes_only(target):
                answers = self.answers(target.target)
                return None if answers is None else [("count_true", answers.name)]
            answers = self.answers(target, groups=True)
            return None if answers is None else [("count", answers.name)]
        return None

    def sources(self, node: Any) -> list[str]:
        if isinstance(node, Call) and node.name in ("combine", "union") and node.args and len(node.args) == 1:
            return self.sources(node.target) + self.sources(node.args[0])
        if isinstance(node, Op) and node.op == "|":  # pragma: no cover - '|' is not tokenised
            return self.sources(node.left) + self.sources(node.right)
        answers = self.answers(node)
        if answers is None:
            raise self.refuse(node)
        return [answers.name]

    def answers(self, node: Any, *, groups: bool = False) -> Answers | None:
        """``node`` as the answers of one item, or None."""
        steps: list[Call] = []
        while isinstance(node, Call) and node.target is not None:
            steps.append(node)
            node = node.target
        steps.reverse()
        if not isinstance(node, Var) or node.name not in ("%resource", "%context"):
            return None
        names = [(s.name, s.args) for s in steps]
        # One or more "item.where(linkId='x')" (or "repeat(item).where(...)")
        # steps down the tree; the last one names the answered item. A
        # for_each's groups on the way mean every round ("[*]"), or the
        # round of one item when a second where() chooses it by its label.
        link: str | None = None
        position = 0
        through_loop = False
        chosen: str | None = None
        while position + 1 < len(names) and _item_step(names[position]) and names[position + 1][0] == "where":
            args = names[position + 1][1]
            found = _link_test(args[0]) if args and len(args) == 1 else None
            if found is None:
                return None
            if link is not None:
                passed = self.resolve(link)
                through_loop = through_loop or (passed is not None and passed[1] == "for_each")
            link = found
            position += 2
            if position < len(names) and names[position][0] == "where":
                args = names[position][1]
                item = _round_test(args[0], link) if args and len(args) == 1 else None
                if item is None or chosen is not None:
                    return None
                chosen = item
                position += 1
        if link is None:
            return None
        rest = [name for name, args in names[position:] if args is None]
        if len(rest) != len(names) - position:
            return None
        if rest not in (["answer", "value"], ["answer", "value", "code"]) and not (groups and rest == []):
            return None
        if self.loop_link is not None and link == self.loop_link and self.loop_name:
            return Answers(self.loop_name, "text", steps[0].column)
        resolved = self.resolve(link)
        if resolved is None:
            raise FhirPathError(f"no item has the linkId {link!r}", steps[1].column)
        if chosen is not None:
            return Answers(f"{resolved[0]}[{_quote(chosen)}]", resolved[1], steps[0].column)
        if through_loop:
            return Answers(f"{resolved[0]}[*]", resolved[1], steps[0].column, every=True)
        return Answers(resolved[0], resolved[1], steps[0].column)


def _item_step(step: tuple[str, Any]) -> bool:
    name, args = step
    if name == "item" and args is None:
        return True
    return name == "repeat" and bool(args) and len(args) == 1 and isinstance(args[0], Var) and args[0].name == "item"


def _round_test(node: Any, loop_link: str) -> str | None:
    """``item.where(linkId='<loop>.item').answer.value = 'x'``: the round of item x."""
    if not (isinstance(node, Op) and node.op == "=" and isinstance(node.right, Lit) and isinstance(node.right.value, str)):
        return None
    steps: list[Call] = []
    target = node.left
    while isinstance(target, Call) and target.target is not None:
        steps.append(target)
        target = target.target
    steps.reverse()
    if not (isinstance(target, Var) and target.name == "item") or len(steps) != 3:
        return None
    where, answer, value = steps
    label = _link_test(where.args[0]) if where.name == "where" and where.args and len(where.args) == 1 else None
    if label != f"{loop_link}.item" or (answer.name, answer.args, value.name, value.args) != ("answer", None, "value", None):
        return None
    return node.right.value


def _yes_only(node: Any) -> bool:
    """``<answers>.where($this = true)``: the yes answers only."""
    return (
        isinstance(node, Call)
        and node.name == "where"
        and bool(node.args)
        and len(node.args) == 1
        and isinstance(node.args[0], Op)
        and node.args[0].op == "="
        and _is_this(node.args[0].left)
        and isinstance(node.args[0].right, Lit)
        and node.args[0].right.value is True
    )


def _link_test(node: Any) -> str | None:
    if isinstance(node, Op) and node.op == "=" and isinstance(node.left, Var) and node.left.name == "linkId" and isinstance(node.right, Lit) and isinstance(node.right.value, str):
        return node.right.value
    return None


def _is_this(node: Any) -> bool:
    if isinstance(node, Var) and node.name == "$this":
        return True
    if isinstance(node, Var) and node.name == "code":
        return True
    if isinstance(node, Call) and node.name in ("code", "toString") and isinstance(node.target, Var) and node.target.name == "$this":
        return True
    return False


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _quote(str(value))


def _quote(text: str) -> str:
    """A string in our condition language (``'``-quoted, backslash escapes)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
