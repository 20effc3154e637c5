"""End to end over a real OpenSSH server: sign in, land in the form, lose nothing when the line drops."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from dejiden.model import draft
from dejiden.model.example import seed_report

from . import ssh_server
from .ssh_server import Terminal

pytestmark = [pytest.mark.e2e, pytest.mark.writes_files]

ssh_server.require()


put_draft = ssh_server.put_draft


def ssh_client_pid(term: Terminal) -> int:
    out = subprocess.run(["pgrep", "-P", str(term.pane_pid()), "-x", "ssh"], capture_output=True, text=True)
    if not out.stdout.strip():  # `env` may still be the parent
        out = subprocess.run(["pgrep", "-f", f"-p {term.name}"], capture_output=True, text=True)
    return int(out.stdout.split()[0])


def wait_until(predicate, timeout: float = 15) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_sign_in_answer_and_see_it_echoed(server, drafts):
    term = Terminal("answer", server.ssh_command())
    try:
        term.wait_for("新しい報告書")
        term.press("Enter")
        term.wait_for("どの様式（版）")  # a new draft first asks which edition: the newest is picked
        term.press("1", "Enter")
        term.wait_for("記入日を入力してください")
        term.type("2024/6/19")
        term.press("Enter")
        term.wait_for("「2024年6月19日」を記録しました")
        term.type("会津美里")
        term.press("Enter")
        screen = term.wait_for("「会津美里町」を記録しました")
        assert "担当部局名を入力してください" in screen
        term.press("C-q")
        term.wait_for("[session ended]")
    finally:
        term.close()
    saved = [draft.load(p) for p in drafts.glob("*.toml")]
    assert len(saved) == 1 and saved[0].report.header.lg_code == "07447"


def test_killed_client_mid_narrative_resumes_with_the_half_typed_text(server, drafts):
    report = seed_report()
    report.kpis[0].narrative_unachieved = None
    path = put_draft(server, drafts, "aizu.toml", report)
    term = Terminal("drop", server.ssh_command())
    try:
        term.wait_for("前回は aizu.toml")
        term.press("Enter")
        term.wait_for("0/300字")
        term.type("委託先の経営悪化により新規申込を休止した。")
        term.wait_for("委託先の経営悪化により新規申込を休止した。")
        os.kill(ssh_client_pid(term), signal.SIGKILL)  # the line drops mid-narrative
        wait_until(lambda: draft.load(path).session.pending == "委託先の経営悪化により新規申込を休止した。")
    finally:
        term.close()
    saved = draft.load(path)
    expected = seed_report()
    expected.kpis[0].narrative_unachieved = None
    assert saved.report == expected  # every earlier answer intact
    wait_until(lambda: not [p for p in drafts.iterdir() if p.name.endswith(".tmp")])
    again = Terminal("resume", server.ssh_command())
    try:
        screen = again.wait_for("書きかけ 21字")
        assert "前回は aizu.toml（福島県会津美里町）の「KPI①" in screen
        again.press("Enter")
        screen = again.wait_for("入力途中の文章（21字）を復元しました")
        assert "委託先の経営悪化により新規申込を休止した。" in screen
        again.press("Enter")  # send it
        again.wait_for("記述欄を記録しました（21/300字）")
        again.press("C-q")
        again.wait_for("[session ended]")
    finally:
        again.close()
    assert draft.load(path).report.kpis[0].narrative_unachieved == "委託先の経営悪化により新規申込を休止した。"


def test_two_logins_on_one_draft_get_the_lock_message(server, drafts):
    put_draft(server, drafts, "aizu.toml", seed_report(), draft.Session(current="header.department"))
    first = Terminal("first", server.ssh_command())
    second = Terminal("second", server.ssh_command())
    try:
        first.wait_for("前回は aizu.toml")
        first.press("Enter")
        first.wait_for("担当部局名")
        second.wait_for("前回は aizu.toml")
        second.press("Enter")
        screen = second.wait_for("編集中です")
        assert f"{ssh_server.USER} さん" in screen and "読み取り専用" in screen
        first.press("C-q")
        first.wait_for("[session ended]")
    finally:
        first.close()
        second.close()
    # a dead holder never blocks: the lock went with the first session
    third = Terminal("third", server.ssh_command())
    try:
        third.wait_for("前回は aizu.toml")
        third.press("Enter")
        screen = third.wait_for("担当部局名")
        assert "編集中です" not in screen
        third.press("C-q")
    finally:
        third.close()


def test_lang_c_still_shows_and_reads_japanese(server, drafts):
    term = Terminal("langc", server.ssh_command("-o SetEnv=LANG=C", "-o SetEnv=LC_ALL=C"))
    try:
        term.wait_for("新しい報告書")
        term.press("Enter")
        term.wait_for("どの様式（版）")  # a new draft first asks which edition: the newest is picked
        term.press("1", "Enter")
        term.wait_for("記入日を入力してください")
        term.press("Enter")
        term.type("会津美里")
        term.press("Enter")
        term.wait_for("「会津美里町」を記録しました")
        term.press("C-q")
    finally:
        term.close()


@pytest.mark.parametrize("term_name", ["xterm-256color", "screen", "vt100", "linux"])
def test_terminal_types_at_80x24(server, drafts, term_name):
    term = Terminal(f"term-{term_name}", server.ssh_command(term=term_name))
    try:
        screen = term.wait_for("新しい報告書")
        assert "事業実施報告書の下書き" in screen
        term.press("Enter")
        term.wait_for("どの様式（版）")  # a new draft first asks which edition: the newest is picked
        term.press("1", "Enter")
        term.wait_for("記入日を入力してください")
        term.press("F2")  # function keys work in this terminal type
        term.wait_for("内容の確認")
        term.press("Escape")
        term.press("C-q")
        term.wait_for("[session ended]")
    finally:
        term.close()


def test_no_tty_no_command_no_shell(server):
    base = server.ssh_command(tty="-T").split()
    proc = subprocess.run(base, capture_output=True, text=True, timeout=30, env={**os.environ, "TERM": "xterm"},
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 1 and "端末が必要です" in proc.stderr
    for extra in (["/bin/sh", "-c", "id"], ["sftp-server"], ["scp", "-f", ".bashrc"], ["id;", "list"]):
        proc = subprocess.run([*base, *extra], capture_output=True, text=True, timeout=30,
                              env={**os.environ, "TERM": "xterm"}, stdin=subprocess.DEVNULL)
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr.startswith("使い方: ssh ホスト list") and proc.stderr.count("\n") == 1
        assert "uid=" not in proc.stdout


def test_effective_server_config_forbids_forwarding(server):
    sshd = "sshd"
    out = subprocess.run([sshd, "-T", "-f", str(server.config), "-C",
                          f"user={ssh_server.USER},host=localhost,addr=127.0.0.1"],
                         capture_output=True, text=True, check=True).stdout
    settings = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    assert settings["forcecommand"].endswith(f"dejiden --restricted --server-config {ssh_server.settings_path()}")
    for key in ("allowtcpforwarding", "allowstreamlocalforwarding", "allowagentforwarding", "x11forwarding",
                "permittunnel", "gatewayports", "permituserrc"):
        assert settings[key] == "no", key
    assert settings["permittty"] == "yes"
