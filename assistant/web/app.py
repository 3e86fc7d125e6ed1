"""Build the Gradio app (build_app) and serve it (launch), kept apart so tests can launch their own."""

import logging
import sys

import gradio as gr
from starlette.middleware import Middleware

from assistant.planning import is_planning_request
from assistant.settings import Settings
from assistant.web.auth import Authenticator, current_user, exposure_warning, is_admin
from assistant.web.chat import ChatHandlers
from assistant.web.chat_tab import ChatTab
from assistant.web.conversations import ConversationStore
from assistant.web.document_page import DocumentPage, build_document_page
from assistant.web.headers import security_middleware
from assistant.web.knowledge_tab import KnowledgeHandlers, build_knowledge_tab
from assistant.web.locking import ReadWriteLock
from assistant.web.planning_tab import PlanningHandlers, PlanningTab, planning_problem
from assistant.web.sources import inert_markdown
from assistant.web.style import CSS, theme
from assistant.web.sessions import SessionGuard, sessions_lifespan
from assistant.web.throttle import SignInGuard, UploadGuard
from assistant.web.uploads import KnowledgeBase
from assistant.web.vendors_tab import VendorHandlers, build_vendors_tab

log = logging.getLogger(__name__)
TITLE = "IT outsourcing assistant"
# Every 10 minutes Gradio deletes what its upload cache holds for over an hour: an upload is read as soon
# as it arrives, so only download links older than that are lost.
UPLOAD_CACHE = (600, 3600)


def queue_size(settings: Settings) -> int:
    """Return how many requests may wait for an answer slot before new ones are turned away."""
    # A full queue answers "busy" at once, which beats an unbounded wait behind minutes of answers.
    return max(32, settings.concurrency_limit * 8)


def _identity(settings: Settings):
    def who(request: gr.Request):
        """Show who is signed in and whether they may change the knowledge base."""
        user = current_user(request)
        if settings.auth_file is None:
            return "Local use: no sign-in", gr.update(visible=False)
        role = "administrator" if is_admin(settings, user) else "user"
        return f"Signed in as **{user}** ({role})", gr.update(visible=True)

    return who


def _show_plan():
    return gr.Tabs(selected="plan")


def _connect_chat_to_planning(chat: ChatTab, plan: PlanningTab | None, tabs: gr.Tabs) -> None:
    """Let the chat's plan button, and "help me define my needs" typed in the chat, open the interview."""
    chat.plan.click(_show_plan, None, tabs, concurrency_limit=None, api_visibility="undocumented")
    if plan is None:
        return
    outputs = [tabs] + plan.view_outputs() + plan.statement_outputs() + [chat.state]
    for event in chat.answer_events:
        event.then(plan.handlers.from_chat, [chat.state, plan.state], outputs, concurrency_limit=None,
                   api_visibility="undocumented")


def build_app(settings: Settings, assistant=None) -> gr.Blocks:
    """Return the app's Blocks, sharing one Assistant (built from settings unless given) across sessions."""
    if assistant is None:
        from assistant.answering import Assistant

        assistant = Assistant(settings)
    lock = ReadWriteLock()
    conversations = ConversationStore(settings.database_path)
    knowledge = KnowledgeBase(settings, assistant, lock)
    unavailable = planning_problem(settings)
    if unavailable:
        log.error("planning is unavailable: %s", unavailable)
    chat_handlers = ChatHandlers(settings, assistant, conversations, lock,
                                 None if unavailable else is_planning_request)
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=UPLOAD_CACHE) as demo:
        gr.Navbar(visible=False)  # the document page is opened from citations, not from a menu
        with gr.Row(elem_id="header", equal_height=True):
            gr.Markdown(f"# {TITLE}\nGrounded answers from the company knowledge base, with sources.",
                        elem_id="title")
            whoami = gr.Markdown(elem_id="whoami")
            sign_out = gr.Button("Sign out", link="/logout", size="sm", visible=False, scale=0, min_width=100)
        with gr.Tabs(elem_id="tabs") as tabs:
            with gr.Tab("Chat", id="chat", elem_id="tab-chat"):
                chat = ChatTab(chat_handlers, demo, settings.concurrency_limit)
            with gr.Tab("Plan an outsourcing", id="plan", elem_id="tab-plan"):
                if unavailable:
                    gr.Markdown(f"**Planning is unavailable:** {inert_markdown(unavailable)}")
                    plan = None
                else:
                    plan = PlanningTab(PlanningHandlers(settings), demo)
            with gr.Tab("Knowledge", id="knowledge", elem_id="tab-knowledge"):
                build_knowledge_tab(KnowledgeHandlers(settings, knowledge), demo)
            with gr.Tab("Vendors", id="vendors", elem_id="tab-vendors"):
                build_vendors_tab(VendorHandlers(settings), demo)
        _connect_chat_to_planning(chat, plan, tabs)
        demo.load(_identity(settings), None, [whoami, sign_out], api_visibility="undocumented", concurrency_limit=None)
        gr.api(chat_handlers.api_conversations, api_name="my_conversations", concurrency_limit=None)
        gr.api(chat_handlers.api_messages, api_name="conversation_messages", concurrency_limit=None)
    build_document_page(demo, DocumentPage(settings, lambda: knowledge.store))
    demo.queue(default_concurrency_limit=settings.concurrency_limit, max_size=queue_size(settings))
    from assistant.api.app import api_routes  # here: the API imports the web app's auth and conversations

    # The OpenAI-compatible API shares the pipeline, the conversations and the index lock; launch mounts it.
    demo.api_routes = api_routes(settings, assistant, conversations, lock)
    return demo


def launch_options(settings: Settings) -> dict:
    """Return the keyword arguments of Blocks.launch for these settings (tests reuse them on other ports)."""
    blocked = [settings.data_dir, settings.knowledge_dir, settings.prompts_dir]
    middleware = security_middleware() + [Middleware(UploadGuard)]
    app_kwargs = {}
    authenticator = None
    if settings.auth_file is not None:
        blocked.append(settings.auth_file)
        authenticator = Authenticator(settings.auth_file)
        middleware += [Middleware(SessionGuard), Middleware(SignInGuard, authenticator=authenticator)]
        app_kwargs["lifespan"] = sessions_lifespan(settings.auth_file, settings.session_ttl_s)
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        # A coroutine, so Gradio awaits it: the scrypt check runs in a worker thread, off the event loop.
        "auth": authenticator.login if authenticator else None,
        "auth_message": "Sign in with the account your administrator created for you. After five wrong "
                        "passwords, sign-in for that name pauses for 15 minutes.",
        # Serve only Gradio's own upload cache: never the data dir, the knowledge base or the prompts.
        "allowed_paths": [],
        "blocked_paths": [str(path.resolve()) for path in blocked],
        # Gradio refuses far larger files before they are written; the upload handler explains smaller ones.
        "max_file_size": int(settings.max_upload_mb * 2 * 1_000_000),
        "show_error": False,
        "ssr_mode": False,
        "mcp_server": False,
        "pwa": False,
        "footer_links": ["api", "settings"],
        "theme": theme(),
        "css": CSS,
        "app_kwargs": app_kwargs | {"middleware": middleware},
    }


def launch(settings: Settings, assistant=None, **overrides) -> gr.Blocks:
    """Build the app with the API at /v1 and serve it until interrupted (or, with prevent_thread_lock, return it)."""
    warning = exposure_warning(settings)
    if warning:
        print(warning, file=sys.stderr)
    demo = build_app(settings, assistant)
    options = launch_options(settings) | overrides
    options["app_kwargs"] = options["app_kwargs"] | {"routes": demo.api_routes}
    demo.launch(**options)
    return demo
