"""Started as a process by bench.run.

    python -m bench.headless dejiden DRAFT.toml   # `dejiden DRAFT.toml` until it can take an answer
    python -m bench.headless floor                # a minimal Textual app: a label and an input
    python -m bench.headless floor pydantic       # the same after ``from pydantic import BaseModel`` (a bound)

Both print a JSON line of wall-clock times (``time.time()``) of the first paint showing the question
(or the label and input) and, for dejiden, of the moment an answer typed at once (queued before the
app could take it) has been handled, then the peak RSS in KiB. The parent subtracts its own time of the spawn.
    python -m bench.headless session DIR          # answer the seed report's header, print round trips
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path


async def _first_frame(pilot) -> None:
    await pilot.pause()
    pilot.app.exit()


async def timed_answers(app, answers: list[str], pace: float = 0.0, before_each=None) -> list[float]:
    """Send each answer as the terminal would (text, then Enter) and time Enter → next question painted.

    The clock stops at the first screen repaint after the answer was validated, saved and the next
    question set up. ``before_each(screen)`` may move to the question to answer.
    """
    import asyncio
    import time

    from textual import events
    from textual.widgets import Input

    screen = app.screen
    painted: list[float] = []
    # Textual has no public "frame painted" hook: the benchmark (never the app) wraps the screen's
    # private compositor refresh; if an upgrade renames it, this raises AttributeError at once.
    original = screen._compositor_refresh

    def recording_refresh(*args, **kwargs):
        result = original(*args, **kwargs)
        painted.append(time.perf_counter())
        return result

    screen._compositor_refresh = recording_refresh
    times = []
    for answer in answers:
        if before_each is not None:
            before_each(screen)
            await asyncio.sleep(0.01)
        before = screen.asked
        screen.query_one("#line", Input).value = answer
        await asyncio.sleep(pace or 0.01)
        event = events.Key("enter", "\r")
        start = time.perf_counter()
        app.post_message(event)  # as the terminal driver hands on a key
        while screen.asked == before:
            await asyncio.sleep(0)
        asked_at = time.perf_counter()
        while not painted or painted[-1] < asked_at:
            await asyncio.sleep(0.0005)
        times.append(painted[-1] - start)
    return times


async def answer_header(folder: Path, pace: float = 0.0) -> list[float]:
    """One officer's session: a new draft, the seed report's header typed answer by answer.

    It signals ``ready`` once its first question is on screen and waits for ``go`` in the parent
    folder, so the timings measure answering under load, not twenty start-ups at once.
    """
    import asyncio

    from dejiden.tui.app import AppConfig, make_app
    from tests.seed_answers import seed_answers

    app = make_app(AppConfig(path=folder / "r.toml", data_dir=folder, blink=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = [a for a in seed_answers()[:10] if a != "1"]  # line answers (the choice is a key press)
        (folder / "ready").touch()
        while not (folder.parent / "go").exists():
            await asyncio.sleep(0.05)
        if pace:
            import random

            await asyncio.sleep(random.uniform(0, pace))  # officers do not type in step with each other
        return await timed_answers(app, header, pace)


def _record_first_paint(shows_question) -> dict[str, float]:
    """Note the wall time of the first screen update where ``shows_question(screen)`` holds."""
    from textual.screen import Screen

    marks: dict[str, float] = {}
    original = Screen._compositor_refresh

    def recording(screen, *args, **kwargs):
        result = original(screen, *args, **kwargs)
        if "first" not in marks and shows_question(screen):
            marks["first"] = time.time()
        return result

    Screen._compositor_refresh = recording  # type: ignore[method-assign]
    return marks


ANSWER = "0242551111\r"  # the phone number the benchmark's draft asks for


def main(argv: list[str]) -> int:
    if argv[0] == "session":
        import asyncio
        import json

        pace = float(argv[2]) if len(argv) > 2 else 0.0
        times = asyncio.run(answer_header(Path(argv[1]), pace))
        print(json.dumps(times))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        return 0
    import json

    if argv[0] == "floor":
        if argv[1:] == ["pydantic"]:  # what any app built on pydantic models pays before it defines one
            from pydantic import BaseModel  # noqa: F401
        from textual.app import App, ComposeResult
        from textual.widgets import Input, Label

        marks = _record_first_paint(lambda screen: bool(screen.query(Input)))

        class Floor(App):
            def compose(self) -> ComposeResult:
                yield Label("記入日を入力してください。")
                yield Input()

        Floor().run(headless=True, size=(80, 24), auto_pilot=_first_frame)
    else:
        from dejiden.prompts.session import DraftSession
        from dejiden.tui import cli

        marks = _record_first_paint(lambda screen: bool(getattr(screen, "asked", None)))
        handle = DraftSession.handle

        def timed_handle(session: DraftSession, text: str):
            reply = handle(session, text)
            marks.setdefault("answered", time.time())
            return reply

        DraftSession.handle = timed_handle  # type: ignore[method-assign]

        async def answer_at_once(pilot) -> None:
            from textual import events

            for c in ANSWER:  # typed before the app could take it: waits in the queue, as in a terminal
                pilot.app.post_message(events.Key("enter", "\r") if c == "\r" else events.Key(c, c))
            while "answered" not in marks:
                await pilot.pause()
            pilot.app.exit()

        cli.main([argv[1]], headless=True, size=(80, 24), auto_pilot=answer_at_once)  # the `dejiden PATH` entry point
    print(json.dumps(marks))
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
