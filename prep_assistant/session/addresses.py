"""Where an answer belongs (its address) and what a stored value may be.

An address is a node id (``goals``), or ``node_id[item]`` for an answer given
inside a ``for_each`` loop, once per item (``pros[Operation]``). The item is
whatever the patient typed, brackets included, so an address is split at the
*first* ``[`` and must end in ``]``. A later round of a repeated question
(``repeat_while``) is ``node_id#2``, ``node_id#3`` ...

A value is JSON: a string, an int, a bool, a list of strings, or ``None``.
``None`` means "skipped on purpose", which is not the same as "not answered"
(no stored answer at all).
"""

from __future__ import annotations

import re
NODE_ID = re.compile(r"[a-z][a-z0-9_]*")
#: A node id, or a node id with the round of a repeated question.
NODE_ID_OR_ROUND = re.compile(r"[a-z][a-z0-9_]*(#[1-9][0-9]{0,2})?")
MAX_ADDRESS_LENGTH = 4_096


def make_address(node_id: str, item: str | None = None) -> str:
    """The address of a node's answer, or of its answer for one loop item."""
    address = node_id if item is None else f"{node_id}[{item}]"
    check_address(address)
    return address


def split_address(address: str) -> tuple[str, str | None]:
    """``"pros[Operation [new]]"`` -> ``("pros", "Operation [new]")``."""
    check_address(address)
    node_id, bracket, rest = address.partition("[")
    return (node_id, rest[:-1]) if bracket else (node_id, None)


def check_address(address: object) -> None:
    """Raise ValueError unless ``address`` is a well-formed address."""
    if not isinstance(address, str):
        raise ValueError(f"an address is a string, not {type(address).__name__}")
    if len(address) > MAX_ADDRESS_LENGTH:
        raise ValueError("an address is at most 4096 characters")
    node_id, bracket, rest = address.partition("[")
    if not (NODE_ID.fullmatch(node_id) or (not bracket and NODE_ID_OR_ROUND.fullmatch(node_id))):
        raise ValueError(f"not a node id: {node_id!r} (lower-case letters, digits, _)")
    if bracket and (not rest.endswith("]") or len(rest) < 2):
        raise ValueError(f"an item address looks like node[item], not {address!r}")
    _check_text(address, "address")


def check_value(value: object) -> None:
    """Raise ValueError unless ``value`` is a storable answer value."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > 2**53:  # beyond this JSON readers lose precision
            raise ValueError("a number answer is at most 2**53")
        return
    if isinstance(value, str):
        _check_text(value, "answer")
        return
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, str):
                raise ValueError(f"a list answer holds only strings, not {type(item).__name__}")
            _check_text(item, "answer")
        return
    if isinstance(value, dict):
        # A weight per item ("ratings"): item text -> 0..5.
        for key, weight in value.items():
            if not isinstance(key, str) or isinstance(weight, bool) or not isinstance(weight, int):
                raise ValueError("a ratings answer maps item texts to whole numbers")
            _check_text(key, "answer")
        return
    raise ValueError(
        "an answer is a string, int, bool, list of strings, a mapping of strings to "
        f"whole numbers, or None, not {type(value).__name__}"
    )


def _check_text(text: str, what: str) -> None:
    # A lone surrogate (undecodable terminal input) cannot be stored as UTF-8;
    # refuse it here rather than half-way through a transaction.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"the {what} contains characters that are not valid text") from None

