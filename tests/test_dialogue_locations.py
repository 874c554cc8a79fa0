from __future__ import annotations

from prep_assistant.dialogue.locations import scan


def test_keys_strings_tables_and_inline_values(fixtures):
    spots = scan((fixtures / "other" / "locations.toml").read_text(encoding="utf-8")).spots
    assert spots[("a",)] == (1, 1)
    assert spots[("t", "q k")] == (3, 1)
    # a multi-line string with quotes inside does not confuse the scanner
    assert spots[("t", "b")] == (5, 1)
    assert spots[("t", "m")] == (6, 1)
    assert spots[("arr", 0, "c", "e")] == (9, 14)
    assert spots[("arr", 0, "c", "e", 1)] == (10, 3)
    assert spots[("arr", 1, "c")] == (12, 1)


def test_unknown_paths_fall_back_to_the_nearest_known():
    locations = scan('[flow]\nid = "x"\n')
    assert locations.find(("flow", "id", "deeper")) == (2, 1)
    assert locations.find(("nothing",)) == (1, 1)


def test_broken_text_never_raises():
    for text in ['a = """never closed', "[[", "= = =", "'", "a = [1, {", "\x00"]:
        scan(text)
