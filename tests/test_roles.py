"""A node's ``role``: what its answer is, for the program (``dialogue/roles.py``).

``check`` reports an unknown role (with "did you mean"), a role that does not
fit the node's kind (PA806) and a role the program reads once given twice
(PA807); ``role_of`` reads a role, or a short-form flow's card tag.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant.dialogue.library import find_flow
from prep_assistant.dialogue.loader import load_flow
from prep_assistant.dialogue.roles import ROLE_KINDS, ROLES, UNIQUE_ROLES, on_card, role_of
from prep_assistant.dialogue.schema import NODE_KINDS

ROOT = Path(__file__).resolve().parent.parent

FLOW = '''format = 1
[flow]
id = "t"
title = "T"

[[nodes]]
id = "keuze"
kind = "text"
text = "Welke keuze?"
{keuze}

[[nodes]]
id = "opties"
kind = "text_list"
text = "Welke mogelijkheden?"
{opties}

[[nodes]]
id = "klaar"
kind = "yes_no"
text = "Bent u klaar?"
{klaar}
'''


def diagnostics(tmp_path: Path, **roles: str):
    path = tmp_path / "flow.toml"
    lines = {name: (f'role = "{role}"' if role else "") for name, role in {"keuze": "", "opties": "", "klaar": "", **roles}.items()}
    path.write_text(FLOW.format(**lines), encoding="utf-8")
    return load_flow(path).diagnostics


def test_fitting_roles_pass(tmp_path):
    assert diagnostics(tmp_path, keuze="decision", opties="options", klaar="readiness") == []


def test_an_unknown_role_is_refused_with_did_you_mean(tmp_path):
    [problem] = diagnostics(tmp_path, keuze="desicion")
    assert problem.code == "PA103" and problem.is_error
    assert "'desicion'" in problem.message or '"desicion"' in problem.message
    assert problem.hint == "did you mean 'decision'?"
    assert problem.line == 10  # the role's own line


def test_a_role_that_does_not_fit_the_kind_is_reported_at_its_line(tmp_path):
    [problem] = diagnostics(tmp_path, klaar="options")
    assert (problem.code, problem.is_error, problem.line) == ("PA806", True, 22)
    assert "'klaar' is a yes_no node" in problem.message
    assert "multiple_choice, text_list" in problem.hint


def test_a_unique_role_given_twice_is_reported_on_the_second(tmp_path):
    problems = diagnostics(tmp_path, keuze="decision", opties="decision")
    codes = [p.code for p in problems]
    assert "PA807" in codes and "PA806" in codes  # a text_list cannot be the decision, either
    [twice] = [p for p in problems if p.code == "PA807"]
    assert "'opties'" in twice.message and "'keuze'" in twice.message


def test_roles_that_may_repeat_are_not_reported(tmp_path):
    assert diagnostics(tmp_path, keuze="outcome", opties="outcome", klaar="outcome") == []


def test_a_for_each_has_no_role(tmp_path):
    path = tmp_path / "flow.toml"
    path.write_text(
        FLOW.format(keuze="", opties="", klaar="")
        + '\n[[nodes]]\nid = "per"\nkind = "for_each"\nover = "opties"\nas = "o"\nbody = ["klaar"]\nrole = "options"\n',
        encoding="utf-8",
    )
    assert "PA101" in [d.code for d in load_flow(path).diagnostics]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(role=st.one_of(st.sampled_from(ROLES), st.text(st.characters(whitelist_categories=("L", "N", "Pc", "Pd", "Zs")), min_size=1, max_size=12)), where=st.sampled_from(["keuze", "opties", "klaar"]))
def test_any_role_is_reported_never_raised(tmp_path, role, where):
    role = role.replace("\\", "").replace('"', "")
    if not role:
        return
    problems = diagnostics(tmp_path, **{where: role})
    assert all(p.code.startswith("PA") and p.message for p in problems)
    kind = {"keuze": "text", "opties": "text_list", "klaar": "yes_no"}[where]
    if role not in ROLES:
        assert [p.code for p in problems] == ["PA103"]
    else:
        assert ("PA806" in [p.code for p in problems]) == (kind not in ROLE_KINDS[role])


def test_every_role_has_its_kinds_and_the_kinds_exist():
    assert set(ROLE_KINDS) == set(ROLES)
    assert UNIQUE_ROLES <= set(ROLES)
    for kinds in ROLE_KINDS.values():
        assert kinds and kinds <= set(NODE_KINDS) - {"for_each"}


class _Node:
    def __init__(self, node_id: str = "n", card: str | None = None, role: str | None = None) -> None:
        self.id, self.card, self.role = node_id, card, role


def test_role_of_reads_the_role_first_then_a_tag_that_is_a_role():
    assert role_of(_Node(role="lean")) == "lean"
    assert role_of(_Node(card="options", role="lean")) == "lean"
    assert role_of(_Node(card="options")) == "options"
    assert role_of(_Node(card="worries")) is None  # a place on the card only
    assert role_of(object()) is None


def test_the_shipped_flows_give_roles_where_the_program_reads_them():
    preparation = {n.id: role_of(n) for n in find_flow("voorbereiding").model.nodes}
    assert preparation["beslissing"] == "decision" and preparation["opties"] == "options"
    assert preparation["voorkeur"] == "lean"
    assert {preparation[n] for n in ("zeker", "kennis", "waarden", "steun")} == {"readiness"}
    companion = {n.id: role_of(n) for n in find_flow("voorbereiding_naaste").model.nodes}
    assert (companion["opties"], companion["voorkeur"], companion["belangrijk"]) == ("options", "lean", "goals")
    after = {n.id: role_of(n) for n in find_flow("na_het_gesprek").model.nodes}
    assert {after[n] for n in ("besloten", "wat_besloten", "nog_nodig")} == {"outcome"}


def test_no_shipped_flow_places_answers_by_tags():
    for path in sorted((ROOT / "dialogues").glob("*.toml")):
        assert not re.search(r"^card = ", path.read_text(encoding="utf-8"), re.MULTILINE), path.name


def test_on_card_knows_sections_and_tags():
    flow = find_flow("na_het_gesprek").model
    nodes = {n.id: n for n in flow.nodes}
    assert on_card(flow, nodes["opgenomen"]) and on_card(flow, nodes["terugkijken"])
    assert not on_card(flow, nodes["zeker"])
    assert on_card(None, _Node(card="after")) and not on_card(None, _Node())


def test_the_readme_has_a_row_for_every_role_and_every_role_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| `role` | Fits |"):]
    table = table[: table.index("\n\n")]
    named = set(re.findall(r"^\s*\| `([a-z_]+)`(?:, `([a-z_]+)`)?", table, re.MULTILINE))
    assert {role for pair in named for role in pair if role} - {"role"} == set(ROLES)  # "role": the header
    for code in ("PA806", "PA807"):
        assert code in readme


def test_check_codes_lists_the_role_codes():
    result = subprocess.run([sys.executable, "-m", "prep_assistant", "check", "--codes"], capture_output=True, text=True, check=True)
    assert "PA806" in result.stdout and "PA807" in result.stdout
