"""Export and import: the full history travels, and bad files import nothing."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep_assistant.session import Store, StoreError, export_session, import_session, make_address
from prep_assistant.session.export import FORMAT_NAME, FORMAT_VERSION, export_json_schema, read_export


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "data") as opened:
        yield opened


def _session_with_history(store: Store):
    info = store.create_session(
        flow_id="preparation", flow_version=2, flow_kind="preparation", language="nl",
        pack_id="knee_arthrosis", pack_path="/packs/knee.toml",
    )
    store.save_answer(info.id, "goals", "walk")
    store.save_answer(info.id, "worries", ["pain", "أريد", "🐕"])
    store.save_answer(info.id, "goals", "walk the dog")
    store.save_answer(info.id, make_address("pros", "Operation [new]"), ["less pain"])
    store.save_answer(info.id, "support", None)
    store.save_answer(info.id, "weight", 4)
    store.save_answer(info.id, "ready", True)
    store.save_answer(info.id, "long", "x" * 100_000 + "\x00\x1b[31m")
    store.update_meta(info.id, decision="Knee: operate or wait", progress=(7, 40))
    return store.get(info.id)


def _count(store: Store) -> tuple[int, int]:
    db = store._conn
    return (
        db.execute("SELECT count(*) FROM sessions").fetchone()[0],
        db.execute("SELECT count(*) FROM answers").fetchone()[0],
    )


def test_round_trip_keeps_full_history(store: Store, tmp_path: Path) -> None:
    info = _session_with_history(store)
    target = export_session(store, info.id, tmp_path / "session.json")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT_NAME and data["version"] == FORMAT_VERSION
    assert len(data["answers"]) == 8

    with Store.open(tmp_path / "elsewhere") as other:
        result = import_session(other, target)
        assert not result.renamed and result.session.id == info.id
        # Every field, times included, except the pack's path: a path from
        # another computer is never trusted (issue 17); the pack id stays.
        assert result.session == msgspec.structs.replace(info, pack_path=None) and result.pack_dropped
        assert other.answers(info.id) == store.answers(info.id)
        old = [(r.address, r.value, r.given_at) for r in store.history(info.id)]
        new = [(r.address, r.value, r.given_at) for r in other.history(info.id)]
        assert old == new


def test_import_of_an_existing_id_gets_a_new_one(store: Store, tmp_path: Path) -> None:
    info = _session_with_history(store)
    export_session(store, info.id, tmp_path / "s.json")
    result = import_session(store, tmp_path / "s.json")
    assert result.renamed and result.original_id == info.id and result.session.id != info.id
    assert store.answers(result.session.id) == store.answers(info.id)
    assert len(store.history(result.session.id)) == len(store.history(info.id))


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_export_is_private_and_atomic(store: Store, tmp_path: Path) -> None:
    info = _session_with_history(store)
    target = tmp_path / "s.json"
    target.write_text("old export")
    os.chmod(target, 0o644)
    export_session(store, info.id, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "s.json"]  # no temp file left


def test_export_to_a_missing_folder_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    info = _session_with_history(store)
    with pytest.raises(StoreError, match="Cannot write the export"):
        export_session(store, info.id, tmp_path / "no" / "such" / "s.json")


def test_export_of_unknown_session(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="sessions list"):
        export_session(store, "nope", tmp_path / "s.json")
    assert not (tmp_path / "s.json").exists()


# -- bad files import nothing ---------------------------------------------------------------


def _good_export(store: Store, tmp_path: Path) -> dict:
    info = _session_with_history(store)
    export_session(store, info.id, tmp_path / "good.json")
    store.delete(info.id)
    return json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))


def _mutations(good: dict):
    def change(fn):
        data = json.loads(json.dumps(good))
        fn(data)
        return json.dumps(data)

    yield "float value", change(lambda d: d["answers"][0].__setitem__("value", 1.5)), "answers.0.value"
    yield "dict value", change(lambda d: d["answers"][0].__setitem__("value", {"a": "not a number"})), "answers.0.value"
    yield "list of ints", change(lambda d: d["answers"][0].__setitem__("value", [1, 2])), "answers.0.value"
    yield "progress as text", change(lambda d: d["session"].__setitem__("progress_done", "7")), "progress_done"
    yield "finished as 1", change(lambda d: d["session"].__setitem__("finished", 1)), "finished"
    yield "bad address", change(lambda d: d["answers"][0].__setitem__("address", "Goals!")), "address"
    yield "bad kind", change(lambda d: d["session"].__setitem__("flow_kind", "other")), "flow_kind"
    yield "missing field", change(lambda d: d["session"].pop("language")), "language"
    yield "extra field", change(lambda d: d.__setitem__("extra", 1)), "extra"
    yield "naive time", change(lambda d: d["answers"][1].__setitem__("given_at", "2026-01-01T10:00:00")), "given_at"
    yield "not a time", change(lambda d: d["answers"][1].__setitem__("given_at", "yesterday")), "given_at"
    yield "answers not a list", change(lambda d: d.__setitem__("answers", {})), "answers"
    yield "path in id", change(lambda d: d["session"].__setitem__("id", "../../etc/x")), "id"
    yield "version as text", change(lambda d: d.__setitem__("version", "1")), "version"


def test_bad_files_import_nothing(store: Store, tmp_path: Path) -> None:
    good = _good_export(store, tmp_path)
    text = json.dumps(good)
    before = _count(store)
    cases = [
        ("not json", "hello, this is a letter", "not a prep-assistant session export"),
        ("binary", os.urandom(500), "not a prep-assistant session export"),
        ("empty", "", "empty"),
        ("json list", "[1, 2]", "not a prep-assistant session export"),
        ("other format", json.dumps({"format": "something-else", "version": 1}), "not a prep-assistant"),
        ("no format", json.dumps({"session": good["session"]}), "not a prep-assistant"),
        ("newer", json.dumps({**good, "version": FORMAT_VERSION + 1}), "newer version"),
        ("truncated early", text[:40], "incomplete"),
        ("truncated late", text[: len(text) - 3], "incomplete"),
        ("truncated half", text[: len(text) // 2], "incomplete"),
    ]
    cases += [(name, bad, where) for name, bad, where in _mutations(good)]
    for name, content, expected in cases:
        path = tmp_path / "bad.json"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        with pytest.raises(StoreError) as caught:
            import_session(store, path)
        message = str(caught.value)
        assert expected in message, (name, message)
        assert "Traceback" not in message
        assert _count(store) == before, name


def test_import_of_a_folder_or_missing_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        import_session(store, tmp_path)
    with pytest.raises(StoreError, match="Cannot read"):
        import_session(store, tmp_path / "missing.json")


def test_import_is_one_transaction(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _good_export(store, tmp_path)
    before = _count(store)
    # A failure half-way through the insert (e.g. disk full) leaves nothing behind.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(StoreError, match="disk is full"):
        import_session(store, tmp_path / "good.json")
    store._conn.execute("PRAGMA max_page_count=1073741823")
    assert _count(store) == before
    assert good["session"]["id"] not in {s.id for s in store.list_sessions()}


def test_read_export_and_schema(store: Store, tmp_path: Path) -> None:
    _good_export(store, tmp_path)
    export = read_export(tmp_path / "good.json")
    assert export.session.flow_id == "preparation"
    schema = export_json_schema()
    assert schema["properties"]["format"]["const"] == FORMAT_NAME


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",))),
    st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",))), max_size=5),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.tuples(st.sampled_from(["a", "b", "c[x]", "c[[y]]"]), values), max_size=12))
def test_any_history_round_trips(tmp_path: Path, answers) -> None:
    with Store.guest() as source, Store.guest() as target:
        info = source.create_session(flow_id="f", flow_version=1, flow_kind="after", language="en")
        for address, value in answers:
            source.save_answer(info.id, address, value)
        path = tmp_path / "h.json"
        export_session(source, info.id, path)
        result = import_session(target, path)
        assert [(r.address, r.value) for r in target.history(result.session.id)] == answers
        assert target.answers(result.session.id) == source.answers(info.id)
