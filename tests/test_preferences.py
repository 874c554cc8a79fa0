"""The small preferences file: kept private, never in the way."""

from __future__ import annotations

import os
import stat

from prep_assistant import preferences


def test_a_choice_is_kept_and_merged(tmp_path):
    assert preferences.load(tmp_path) == {}
    assert preferences.save(tmp_path, theme="prep-high-contrast")
    assert preferences.save(tmp_path, other=1)
    assert preferences.load(tmp_path) == {"theme": "prep-high-contrast", "other": 1}
    mode = stat.S_IMODE((tmp_path / preferences.FILE_NAME).stat().st_mode)
    assert mode == 0o600


def test_guest_mode_reads_and_writes_nothing():
    assert preferences.load(None) == {}
    assert preferences.save(None, theme="x") is False


def test_a_damaged_file_counts_as_no_preferences_and_is_replaced(tmp_path):
    target = tmp_path / preferences.FILE_NAME
    for damage in (b"{not json", b"[1, 2]", b"\xff\xfe", b""):
        target.write_bytes(damage)
        assert preferences.load(tmp_path) == {}
    assert preferences.save(tmp_path, theme="prep-calm")
    assert preferences.load(tmp_path) == {"theme": "prep-calm"}


def test_a_folder_that_cannot_be_written_is_not_an_error(tmp_path):
    if os.geteuid() == 0:
        missing = tmp_path / "no" / "such" / "folder"  # root may write anywhere: use a missing folder
        assert preferences.save(missing, theme="prep-calm") is False
        return
    tmp_path.chmod(0o500)
    try:
        assert preferences.save(tmp_path, theme="prep-calm") is False
    finally:
        tmp_path.chmod(0o700)
