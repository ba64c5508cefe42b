"""`app`: the what-if page, served on this computer (the web stack loads only for this command)."""

from pathlib import Path

import click

from optimiser.cli.shared import handled, message, stderr


@click.command(short_help="Open the what-if page: try caps and budgets in a browser.")
@click.argument("scenario", required=False, type=click.Path(path_type=Path, dir_okay=True))
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (others can reach any but this computer's own).",
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser; print the address only.")
@handled
def app(scenario: Path | None, port: int, host: str, no_browser: bool) -> None:
    """Serve the what-if page for SCENARIO (a scenario or options file) on this computer, or a start
    page listing the examples; Ctrl-C stops it (exit 130) and removes its temporary files.

    \b
    Examples:
      establishment app examples/lcr-2010/board-options.yaml
      establishment app --no-browser
    """
    from optimiser.app.server import LOCAL_HOSTS, serve

    if host not in LOCAL_HOSTS:
        stderr().print(
            message(
                "warning:", "bold yellow", f"listening on {host}: others on the network can reach the page."
            )
        )
    serve(scenario, host, port, not no_browser, lambda line: click.echo(line))
