"""Started as a process by bench.run: show the first screen headless, then exit.

    python -m bench.headless dejiden DRAFT.toml   # until the first question is on screen
    python -m bench.headless floor                # a minimal Textual app: a label and an input
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


async def _first_frame(pilot) -> None:
    await pilot.pause()
    pilot.app.exit()


def main(argv: list[str]) -> int:
    if argv[0] == "floor":
        from textual.app import App, ComposeResult
        from textual.widgets import Input, Label

        class Floor(App):
            def compose(self) -> ComposeResult:
                yield Label("記入日を入力してください。")
                yield Input()

        Floor().run(headless=True, size=(80, 24), auto_pilot=_first_frame)
    else:
        from tui.app import AppConfig, make_app
        from tui.screens import ChatScreen

        app = make_app(AppConfig(path=Path(argv[1]), data_dir=Path(argv[1]).parent))

        async def until_question(pilot) -> None:
            await pilot.pause()
            assert isinstance(pilot.app.screen, ChatScreen) and pilot.app.screen.asked
            pilot.app.exit()

        app.run(headless=True, size=(80, 24), auto_pilot=until_question)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
