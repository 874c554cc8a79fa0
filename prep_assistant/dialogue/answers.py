"""Answer types: what each kind of question accepts, in plain words.

Two entry points serve both front ends:

- ``normalize(question, value)`` checks a structured value (what a widget
  gives: a list, an int, a bool) and returns the value to store;
- ``parse(question, raw)`` reads one typed line (plain mode, a date field)
  into such a value first.

Both raise ``AnswerError`` with a message a patient can act on. ``None`` is
the stored value of a question skipped on purpose (only when not required).
"""

from __future__ import annotations

import msgspec

from prep_assistant import safe_text
from prep_assistant.errors import UserError

import datetime as dt
import re
import unicodedata
from typing import Any, Sequence

# Light: the catalogs load only when a message is first shown.
from prep_assistant.i18n import _

MAX_ITEM_LENGTH = 2_000




class AnswerError(UserError, ValueError):
    """Input that does not fit the question; ``message`` says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Option(msgspec.Struct, frozen=True):
    """A value the patient can pick, with the label they see."""

    value: str
    label: str


class Question(msgspec.Struct, frozen=True):
    """What validation needs to know of a question, resolved for this moment.

    The engine builds it from a node: choices translated, a ranking's items
    taken from the earlier answer they come from.
    """

    kind: str
    required: bool = False
    options: Sequence[Option] = msgspec.field(default_factory=tuple)
    allow_other: bool = False
    min_selected: int = 0
    max_selected: int | None = None
    keep: int | None = None
    multiline: bool = False
    max_length: int = 20_000
    max_items: int = 30
    not_before_today: bool = False


# -- cleaning text ---------------------------------------------------------


def clean_text(raw: str, *, multiline: bool) -> str:
    """Remove control characters and terminal escape codes; keep every script.

    The rule is ``safe_text.clean``, the one used for text from files too.
    Newlines stay in a multi-line answer and become spaces elsewhere; tabs
    become spaces. Text is NFC-normalised so an accented letter typed two
    ways is stored one way.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = safe_text.clean(text)
    if not multiline:
        text = " ".join(text.split("\n"))
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


# -- structured values -------------------------------------------------------


def normalize(question: Question, value: Any, *, today: dt.date | None = None) -> Any:
    kind = question.kind
    if kind == "info":
        return True
    if _is_empty(value):
        if question.required:
            raise AnswerError(_required_message(kind))
        return None
    checker = _NORMALIZERS.get(kind)
    if checker is None:
        raise AnswerError(_("This question cannot be answered here."))
    if kind == "date":
        return _normalize_date(question, value, today or dt.date.today())
    return checker(question, value)


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not clean_text(value, multiline=True)
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    return False


def _required_message(kind: str) -> str:
    if kind in ("single_choice", "yes_no"):
        return _("Please choose one of the answers.")
    if kind in ("multiple_choice", "ranking", "text_list"):
        return _("Please give at least one answer.")
    return _("Please give an answer. This question cannot be skipped.")


def _normalize_text(question: Question, value: Any) -> str:
    if not isinstance(value, str):
        raise AnswerError(_("Please type your answer as text."))
    text = clean_text(value, multiline=question.multiline)
    if len(text) > question.max_length:
        raise AnswerError(
            _("Your answer has {length} characters. The limit is {limit}. Please make it shorter.").format(
                length=len(text), limit=question.max_length
            )
        )
    return text


def _normalize_text_list(question: Question, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise AnswerError(_("Please give a list of items."))
    items: list[str] = []
    seen: set[str] = set()
    for raw in value:
        if not isinstance(raw, str):
            raise AnswerError(_("Please type each item as text."))
        item = clean_text(raw, multiline=False)
        if not item:
            continue
        if len(item) > MAX_ITEM_LENGTH:
            raise AnswerError(
                _("One item is longer than {limit} characters. Please make it shorter.").format(
                    limit=MAX_ITEM_LENGTH
                )
            )
        key = item.casefold()
        if key in seen:
            raise AnswerError(_("\u201c{item}\u201d is already on the list.").format(item=item))
        seen.add(key)
        items.append(item)
    if len(items) > question.max_items:
        raise AnswerError(
            _("The list has room for {limit} items. Please choose the most important ones.").format(
                limit=question.max_items
            )
        )
    if not items and question.required:
        raise AnswerError(_required_message("text_list"))
    return items


def _normalize_single(question: Question, value: Any) -> str:
    allowed = {o.value for o in question.options}
    if not isinstance(value, str) or value not in allowed:
        raise AnswerError(_("Please choose one of the answers shown."))
    return value


def _normalize_multiple(question: Question, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise AnswerError(_("Please choose from the answers shown."))
    allowed = {o.value for o in question.options}
    chosen: list[str] = []
    for raw in value:
        if not isinstance(raw, str):
            raise AnswerError(_("Please choose from the answers shown."))
        item = raw if raw in allowed else clean_text(raw, multiline=False)
        if not item or item in chosen:
            continue
        if item not in allowed and not question.allow_other:
            raise AnswerError(_("Please choose from the answers shown."))
        if len(item) > MAX_ITEM_LENGTH:
            raise AnswerError(
                _("One item is longer than {limit} characters. Please make it shorter.").format(
                    limit=MAX_ITEM_LENGTH
                )
            )
        chosen.append(item)
    if len(chosen) < question.min_selected:
        raise AnswerError(_("Please choose at least {n}.").format(n=question.min_selected))
    if question.max_selected is not None and len(chosen) > question.max_selected:
        raise AnswerError(_("Please choose at most {n}.").format(n=question.max_selected))
    if not chosen and question.required:
        raise AnswerError(_required_message("multiple_choice"))
    return chosen


def _normalize_ranking(question: Question, value: Any) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise AnswerError(_("Please put the items in order."))
    allowed = [o.value for o in question.options]
    if len(set(value)) != len(value):
        raise AnswerError(_("Each item can have only one place."))
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise AnswerError(_("Please use only the items shown."))
    wanted = min(question.keep, len(allowed)) if question.keep else len(allowed)
    if len(value) != wanted:
        raise AnswerError(_("Please put {n} items in order.").format(n=wanted))
    return list(value)


def _normalize_rating(question: Question, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
        raise AnswerError(_("Please choose a number from 0 to 5."))
    return value


def _normalize_ratings(question: Question, value: Any) -> dict[str, int]:
    if not isinstance(value, dict):
        raise AnswerError(_("Please give a number from 0 to 5 for each item."))
    allowed = [o.value for o in question.options]
    weights: dict[str, int] = {}
    for item in allowed:  # keep the order of the items
        if item not in value or value[item] is None:
            continue
        weight = value[item]
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 5:
            raise AnswerError(_("Please choose a number from 0 to 5."))
        weights[item] = weight
    if any(key not in allowed for key in value):
        raise AnswerError(_("Please use only the items shown."))
    if question.required and len(weights) < len(allowed):
        raise AnswerError(_("Please give a number from 0 to 5 for each item."))
    return weights


def _normalize_yes_no(question: Question, value: Any) -> bool:
    if not isinstance(value, bool):
        raise AnswerError(_("Please answer yes or no."))
    return value


def _normalize_date(question: Question, value: Any, today: dt.date) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        value = parse_date(value)
    if not isinstance(value, dt.date):
        raise AnswerError(_("Please type a date, for example 24-12-2026."))
    if question.not_before_today and value < today:
        raise AnswerError(_("This date has passed. Please type a date from today on."))
    if not dt.date(1900, 1, 1) <= value <= dt.date(2200, 12, 31):
        raise AnswerError(_("Please check the year of this date."))
    return value.isoformat()


_NORMALIZERS = {
    "text": _normalize_text,
    "text_list": _normalize_text_list,
    "single_choice": _normalize_single,
    "multiple_choice": _normalize_multiple,
    "ranking": _normalize_ranking,
    "rating": _normalize_rating,
    "ratings": _normalize_ratings,
    "yes_no": _normalize_yes_no,
    "date": _normalize_date,
}


# -- typed input ------------------------------------------------------------

_YES = {"ja", "j", "yes", "y", "1"}
_NO = {"nee", "n", "no", "0", "2"}
_DATE_DMY = re.compile(r"^\s*(\d{1,2})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{4})\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(raw: str) -> dt.date:
    """Day-month-year as Dutch and English patients write it, or ISO."""
    match = _DATE_DMY.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _DATE_ISO.match(raw)
        if not match:
            raise AnswerError(_("Please type a date as day-month-year, for example 24-12-2026."))
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise AnswerError(_("This date does not exist. Please check the day and the month.")) from None


#: Words that join numbers the way people write them: "1, 2, 8 en 11".
_AND_WORDS = {"en", "and", "&", "+"}


def parse_numbers(raw: str, count: int) -> list[int]:
    """Numbers 1..count as positions (0-based), in the order typed.

    Separated by spaces, commas or semicolons, and "en"/"and" as people
    write them: "1 3", "1,3", "1, 2, 8 en 11". A part that is not a number,
    or a number that is not on the list, is named in the message.
    """
    parts = [p for p in re.split(r"[\s,;]+", raw.strip()) if p and p.casefold() not in _AND_WORDS]
    positions: list[int] = []
    for part in parts:
        if not (part.isascii() and part.isdigit()):  # "²" is a digit to isdigit, not to int
            raise AnswerError(
                _('"{part}" is not a number. Type numbers from 1 to {n}, for example: 1, 3 and 5.').format(
                    part=part, n=count
                )
            )
        if not 1 <= int(part) <= count:
            raise AnswerError(_("There is no number {number}. Type numbers from 1 to {n}.").format(number=int(part), n=count))
        positions.append(int(part) - 1)
    return positions


def parse(question: Question, raw: str | list[str], *, today: dt.date | None = None) -> Any:
    """Read typed input into a stored value; blank means skip."""
    kind = question.kind
    if kind == "text_list":
        items = raw if isinstance(raw, list) else [raw]
        return normalize(question, items, today=today)
    if isinstance(raw, list):
        raise AnswerError(_("Please type one answer on one line."))
    text = raw.strip()
    if not text or kind == "info":
        return normalize(question, None if kind != "text" else text, today=today)
    if kind == "text":
        return normalize(question, raw, today=today)
    if kind == "single_choice":
        return normalize(question, _pick_one(question.options, text), today=today)
    if kind == "multiple_choice":
        positions = parse_numbers(text, len(question.options))
        return normalize(question, [question.options[p].value for p in positions], today=today)
    if kind == "ranking":
        positions = parse_numbers(text, len(question.options))
        return normalize(question, [question.options[p].value for p in positions], today=today)
    if kind == "ratings":
        numbers = text.replace(",", " ").split()
        if len(numbers) != len(question.options) or not all(re.fullmatch(r"\d", n) for n in numbers):
            raise AnswerError(
                _("Please type {n} numbers from 0 to 5, one for each item, in order.").format(n=len(question.options))
            )
        return normalize(question, {o.value: int(n) for o, n in zip(question.options, numbers)}, today=today)
    if kind == "rating":
        if not re.fullmatch(r"\d{1,2}", text):
            raise AnswerError(_("Please type a number from 0 to 5."))
        return normalize(question, int(text), today=today)
    if kind == "yes_no":
        word = text.casefold().rstrip(".!")
        if word in _YES or word == _("yes").casefold():
            return True
        if word in _NO or word == _("no").casefold():
            return False
        raise AnswerError(_("Please type yes or no (or 1 for yes, 2 for no)."))
    if kind == "date":
        return normalize(question, parse_date(text), today=today)
    raise AnswerError(_("This question cannot be answered here."))


def _pick_one(options: Sequence[Option], text: str) -> str:
    if text.isascii() and text.isdigit():  # "²" is a digit to isdigit, not to int
        number = int(text)
        if 1 <= number <= len(options):
            return options[number - 1].value
        raise AnswerError(_("Please type a number from 1 to {n}.").format(n=len(options)))
    wanted = text.casefold()
    for option in options:
        if wanted in (option.label.casefold(), option.value.casefold()):
            return option.value
    raise AnswerError(_("Please type the number of your answer, from 1 to {n}.").format(n=len(options)))
