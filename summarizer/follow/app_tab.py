"""The app's side of `brief follow` (`python app.py --store news.db`): a Following tab and /feed.atom.

The app only reads the store (SQLiteStore.reader: no lock, no write), a fresh connection a request,
each read one snapshot, so a `brief follow` writing at the same time never shows it half a story.
A store that is missing or damaged is said in the tab (and by /feed.atom as a 503), never repaired.
"""
from __future__ import annotations

import html
from pathlib import Path

from ..errors import BriefError
from .atom import atom_feed, digest_of
from .store import SQLiteStore

SHOWN = 200  # stories in the tab, newest first


def _read(store_path: str, read):
    store = SQLiteStore.reader(store_path)
    try:
        return read(store)
    finally:
        store.close()


def following_page(store_path: str) -> str:
    """The stored stories as the digest's page (by category, newest first, English beside the Arabic, each
    story's sources), framed so its styles stay its own; or what is wrong with the store."""
    try:
        digest = _read(store_path, lambda s: digest_of(s, since=0.0, english_wanted=False, limit=SHOWN))
    except BriefError as error:
        return f'<p class="brief-empty" role="alert">{html.escape(str(error))}</p>'
    digest.title = f"Following: {Path(store_path).name}"
    return (f'<iframe class="digest-frame" title="following" sandbox="allow-popups" '
            f'srcdoc="{html.escape(digest.to_html(), quote=True)}"></iframe>')


def following_tab(store_path: str) -> None:
    """The Following tab; call it inside the app's gr.Blocks."""
    import gradio as gr
    with gr.Tab("Following", id="following"):
        gr.Markdown(f"The stories `brief follow` keeps in **{html.escape(Path(store_path).name)}**, newest first, "
                    "by category. Subscribe to them in a feed reader: [/feed.atom](/feed.atom) on this server.")
        page = gr.HTML(lambda: following_page(store_path), elem_id="following-page")
        refresh = gr.Button("Refresh", elem_id="following-refresh")
        refresh.click(lambda: following_page(store_path), outputs=[page], api_name="following",
                      api_description="The followed stories as an HTML page (in an iframe).")


def feed_route(store_path: str):
    """GET /feed.atom: the latest stories as Atom, its self link this very URL."""
    from starlette.responses import Response
    from starlette.routing import Route

    def feed(request):
        try:
            body = _read(store_path, lambda s: atom_feed(s, self_url=str(request.url)))
        except BriefError as error:
            return Response(f"{error}\n", status_code=503, media_type="text/plain; charset=utf-8")
        return Response(body, media_type="application/atom+xml; charset=utf-8")
    return Route("/feed.atom", feed, methods=["GET"])


def launch_options(store_path: str) -> dict:
    """What `demo.launch` needs for /feed.atom: the route, given to the FastAPI app Gradio makes."""
    return {"app_kwargs": {"routes": [feed_route(store_path)]}}
