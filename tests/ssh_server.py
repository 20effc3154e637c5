"""A real OpenSSH server on 127.0.0.1 for end-to-end tests, configured from docs/ssh.md.

Made by the tests: a spare port, a host key, a test user in a group standing for the one the docs
name, a client key, and a copy of dejiden the test user can run (built with the system Python, which
that user can read). Everything machine-wide (user, group, runtime folder, port, tmux socket) is named
per run, so two test runs on one machine never share one; ``cleanup`` removes them again, and the
next run removes what a killed run left behind.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from dejiden.model.atomic import pid_alive

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs" / "ssh.md"
RUN_ID = f"{os.getpid()}-{uuid.uuid4().hex[:6]}"
PREFIX = "dje2e"  # user and group names: PREFIX-<pid of the test run>-<random>
USER = f"{PREFIX}-{RUN_ID}"  # at most 32 characters, as useradd wants
GROUP = f"{PREFIX}g-{RUN_ID}"  # stands for the docs' group in this run's sshd config
ADMINS = f"{PREFIX}a-{RUN_ID}"  # the administrators' group of this run's server settings (summary over SSH)
RUNTIME = Path(f"/opt/{PREFIX}-{RUN_ID}")  # readable by the test user (the developer's venv may not be)
DOC_COMMAND = "/opt/dejiden/venv/bin/dejiden"
DOC_SETTINGS = "/etc/dejiden/server.toml"
SYSTEM_PYTHON = "/usr/bin/python3"


def missing() -> str | None:
    """Why the end-to-end tests cannot run here (None when they can)."""
    if os.geteuid() != 0:
        return "needs root to start sshd and create a test user"
    for tool in ("sshd", "ssh", "ssh-keygen", "tmux", "useradd", "groupadd"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            return f"{tool} is not installed (CI installs openssh-server and tmux)"
    if not Path(SYSTEM_PYTHON).exists():
        return "no system Python for the test user"
    version = subprocess.run([SYSTEM_PYTHON, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True)
    if version.stdout.strip() != str(sys.version_info[:2]):
        return "the system Python differs from the test Python, so installed packages cannot be shared"
    return None


def docs_config() -> str:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"<!-- sshd-config:begin -->\s*```\n(.*?)```\s*<!-- sshd-config:end -->", text, re.S)
    assert block, "docs/ssh.md has no sshd-config block"
    return block.group(1)


def docs_group() -> str:
    return re.search(r"Match Group (\S+)", docs_config()).group(1)


def run_config() -> str:
    """The docs' block with this run's group and launcher in place of the documented ones."""
    config = docs_config()
    return (config.replace(f"Match Group {docs_group()}", f"Match Group {GROUP}")
            .replace(DOC_COMMAND, str(RUNTIME / "venv" / "bin" / "dejiden")).replace(DOC_SETTINGS, str(settings_path())))


def settings_path() -> Path:
    return RUNTIME / "etc" / "server.toml"


def write_settings() -> None:
    """This run's server settings (docs/ssh.md section 6): root's, naming this run's administrators' group."""
    path = settings_path()
    path.parent.mkdir(mode=0o755, exist_ok=True)
    path.write_text(f'[summary]\ngroup = "{ADMINS}"\n', encoding="utf-8")
    path.chmod(0o644)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*cmd: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(list(cmd), check=True, capture_output=True, text=True, **kw)


def build_runtime() -> Path:
    """A venv of the system Python with this checkout's packages and dependencies copied in."""
    venv = RUNTIME / "venv"
    if RUNTIME.exists():
        shutil.rmtree(RUNTIME)
    _run(SYSTEM_PYTHON, "-m", "venv", "--without-pip", str(venv))
    target = Path(next((venv / "lib").glob("python3*/site-packages")))
    source = Path(sysconfig.get_paths()["purelib"])
    for item in source.iterdir():
        if item.name.startswith(("_dejiden", "__editable__", "dejiden")) or item.suffix == ".pth":
            continue
        dest = target / item.name
        (shutil.copytree if item.is_dir() else shutil.copy2)(item, dest)
    shutil.copytree(ROOT / "dejiden", target / "dejiden", ignore=shutil.ignore_patterns("__pycache__"))
    for package in ("model", "prompts", "tui"):
        shutil.copytree(ROOT / package, target / "dejiden" / package, ignore=shutil.ignore_patterns("__pycache__"))
    launcher = venv / "bin" / "dejiden"
    launcher.write_text(f"#!{venv}/bin/python\nimport sys\nfrom dejiden.tui.cli import main\nsys.exit(main())\n", encoding="utf-8")
    launcher.chmod(0o755)
    for path in [RUNTIME, *RUNTIME.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o044 | (0o011 if path.is_dir() else 0))
    return launcher


def _remove(user: str | None, group: str | None, runtime: Path | None, admins: str | None = None) -> None:
    if user:
        subprocess.run(["userdel", "-r", "-f", user], capture_output=True)
    for name in (group, admins):
        if name:
            subprocess.run(["groupdel", name], capture_output=True)
    if runtime and runtime.exists():
        shutil.rmtree(runtime, ignore_errors=True)


def remove_leftovers() -> None:
    """What earlier runs that were killed before cleaning up left (their test process is gone)."""
    pattern = re.compile(rf"{PREFIX}[ga]?-(\d+)-[0-9a-f]{{6}}$")
    stale = lambda name: (m := pattern.match(name)) is not None and not pid_alive(int(m.group(1)))  # noqa: E731
    for entry in pwd.getpwall():
        if stale(entry.pw_name):
            _remove(entry.pw_name, None, None)
    for entry in grp.getgrall():
        if stale(entry.gr_name):
            _remove(None, entry.gr_name, None)
    for folder in Path("/opt").glob(f"{PREFIX}-*"):
        if stale(folder.name):
            _remove(None, None, folder)


def cleanup() -> None:
    """Remove this run's user (with its home), groups and runtime folder."""
    _remove(USER, GROUP, RUNTIME, ADMINS)


def ensure_user() -> pwd.struct_passwd:
    _run("groupadd", GROUP)
    _run("groupadd", ADMINS)
    _run("useradd", "-m", "-s", "/bin/bash", "-G", GROUP, USER)
    _run("usermod", "-p", "*", USER)  # no password, but not locked (sshd refuses locked accounts)
    return pwd.getpwnam(USER)


@dataclass
class Server:
    port: int
    key: Path
    home: Path
    uid: int
    gid: int
    config: Path
    process: subprocess.Popen
    workdir: Path

    @property
    def data_dir(self) -> Path:
        return self.home / ".local" / "share" / "dejiden"

    def ssh_command(self, *extra: str, term: str = "xterm-256color", tty: str = "-tt") -> str:
        opts = " ".join(extra)
        return (
            f"env TERM={term} ssh {tty} -p {self.port} -i {self.key} -o StrictHostKeyChecking=no "
            f"-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR {opts} {USER}@127.0.0.1"
        )

    def run(self, *command: str, data: bytes = b"", options: tuple[str, ...] = (), timeout: float = 120) -> subprocess.CompletedProcess:
        """``ssh user@host COMMAND…`` from the officer's PC: no terminal, bytes in and out as they are."""
        argv = ["ssh", "-p", str(self.port), "-i", str(self.key), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
                *options, f"{USER}@127.0.0.1", *command]
        return subprocess.run(argv, input=data, capture_output=True, timeout=timeout)

    def give(self, path: Path) -> None:
        """Make a file (and its folders under home) belong to the test user."""
        for p in [path, *path.parents]:
            if p == self.home.parent:
                break
            os.chown(p, self.uid, self.gid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(workdir: Path) -> Server:
    remove_leftovers()
    build_runtime()
    write_settings()
    user = ensure_user()
    home = Path(user.pw_dir)
    ssh_dir = home / ".ssh"
    ssh_dir.mkdir(mode=0o700, exist_ok=True)
    key = workdir / "client_key"
    _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key))
    (ssh_dir / "authorized_keys").write_text(key.with_suffix(".pub").read_text())
    for p in (ssh_dir, ssh_dir / "authorized_keys"):
        os.chown(p, user.pw_uid, user.pw_gid)
    (ssh_dir / "authorized_keys").chmod(0o600)
    data = home / ".local" / "share" / "dejiden"
    if data.exists():
        shutil.rmtree(data)
    host_key = workdir / "host_key"
    _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key))
    port = free_port()
    config = workdir / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {host_key}\nPidFile {workdir}/sshd.pid\n"
        "AuthorizedKeysFile .ssh/authorized_keys\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "UsePAM no\nStrictModes yes\nLogLevel VERBOSE\n"
        + run_config(),
        encoding="utf-8",
    )
    Path("/run/sshd").mkdir(exist_ok=True)
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    _run(sshd, "-t", "-f", str(config))
    log = open(workdir / "sshd.log", "w")
    process = subprocess.Popen([sshd, "-D", "-e", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 10
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("sshd did not start: " + (workdir / "sshd.log").read_text())
    return Server(port, key, home, user.pw_uid, user.pw_gid, config, process, workdir)


@contextmanager
def serving(workdir: Path):
    """A server for one test module; afterwards its sshd, tmux server, user and files are gone."""
    try:
        server = start(workdir)
    except BaseException:
        cleanup()
        raise
    try:
        yield server
    finally:
        subprocess.run(["tmux", "-L", Terminal.SOCKET, "kill-server"], capture_output=True)
        server.stop()
        cleanup()


def empty_data_dir(server: Server) -> Path:
    """The test user's data folder, emptied."""
    folder = server.data_dir
    if folder.exists():
        for p in folder.iterdir():
            p.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    server.give(folder)
    return folder


def put_draft(server: Server, folder: Path, name: str, report, session=None) -> Path:
    """A draft in the test user's folder, owned by them."""
    from dejiden.model import draft

    path = folder / name  # written as plain bytes: dejiden itself (as root) never writes in an officer's folder
    path.write_text(draft.dumps(draft.Draft(report, session or draft.Session())), encoding="utf-8")
    for p in folder.iterdir():
        os.chown(p, server.uid, server.gid)
    return path


class Terminal:
    """A person's terminal: a tmux pane of a given size."""

    SOCKET = f"dejiden-e2e-{RUN_ID}"  # per run: two test runs on one machine never share a tmux server

    def __init__(self, name: str, command: str, *, width: int = 80, height: int = 24) -> None:
        self.name = name
        subprocess.run(["tmux", "-L", self.SOCKET, "kill-session", "-t", name], capture_output=True)
        _run("tmux", "-L", self.SOCKET, "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height),
             f"{command}; echo '[session ended]'; sleep 30")

    def screen(self) -> str:
        out = subprocess.run(["tmux", "-L", self.SOCKET, "capture-pane", "-p", "-t", self.name],
                             capture_output=True, text=True)
        return out.stdout

    def wait_for(self, text: str, timeout: float = 20, settle: float = 0.4) -> str:
        """Wait until ``text`` is on screen, then as long as a person takes to react."""
        deadline = time.time() + timeout
        screen = ""
        while time.time() < deadline:
            screen = self.screen()
            if text in screen:
                time.sleep(settle)
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear on screen:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 10) -> None:
        deadline = time.time() + timeout
        while text in self.screen():
            if time.time() > deadline:
                raise AssertionError(f"{text!r} stayed on screen:\n{self.screen()}")
            time.sleep(0.1)
        time.sleep(0.2)

    def type(self, text: str) -> None:
        _run("tmux", "-L", self.SOCKET, "send-keys", "-t", self.name, "-l", text)

    def press(self, *keys: str) -> None:
        _run("tmux", "-L", self.SOCKET, "send-keys", "-t", self.name, *keys)

    def pane_pid(self) -> int:
        return int(_run("tmux", "-L", self.SOCKET, "display", "-p", "-t", self.name, "#{pane_pid}").stdout.strip())

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.SOCKET, "kill-session", "-t", self.name], capture_output=True)


def require() -> None:
    """At the top of an SSH test module: fail in CI, skip elsewhere, when sshd and friends are missing."""
    reason = missing()
    if reason and os.environ.get("CI"):
        pytest.fail(f"end-to-end SSH tests cannot run in CI: {reason}", pytrace=False)
    if reason:
        pytest.skip(f"end-to-end SSH tests skipped: {reason}", allow_module_level=True)
